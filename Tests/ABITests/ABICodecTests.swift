import EthPrimitives
import Testing

@testable import ABI

/// The dynamic codec's checks and modes, beyond what the vectors cover.
@Suite struct ABICodecTests {
    @Test(arguments: [
        ([ABIValue.string("x")], "uint8", ABIError.typeMismatch(path: "0", expected: .uint(8), actual: "a string")),
        ([.uint(256, bits: 256)], "uint8", .valueOutOfRange(path: "0", type: .uint(8), value: "256")),
        ([.int(128, bits: 256)], "int8", .valueOutOfRange(path: "0", type: .int(8), value: "128")),
        ([.int(-129, bits: 256)], "int8", .valueOutOfRange(path: "0", type: .int(8), value: "-129")),
        ([.uint(1, bits: 8)], "int8", .typeMismatch(path: "0", expected: .int(8), actual: "a uint8")),
        ([.fixedBytes([1, 2, 3])], "bytes4", .valueOutOfRange(path: "0", type: .fixedBytes(4), value: "3 bytes")),
        (
            [.array([.uint(1, bits: 8), .string("2")])], "uint8[]",
            .typeMismatch(path: "0[1]", expected: .uint(8), actual: "a string")
        ),
        ([.array([.uint(1, bits: 8)])], "uint8[2]", .wrongCount(path: "0", expected: 2, actual: 1)),
        ([.tuple([.bool(true)])], "(bool,address)", .wrongCount(path: "0", expected: 2, actual: 1)),
        (
            [.tuple([.bool(true), .array([.array([.bool(false)])])])], "(bool,uint8[][])",
            .typeMismatch(path: "0.1[0][0]", expected: .uint(8), actual: "a bool")
        ),
        (
            [.fixed(1, bits: 128, decimals: 17)], "fixed128x18",
            .typeMismatch(path: "0", expected: .fixed(bits: 128, decimals: 18), actual: "a fixed128x17")
        ),
    ])
    func refusesValuesThatDoNotFit(values: [ABIValue], type: String, error: ABIError) throws {
        let types = [try ABIType(parsing: type)]
        #expect(throws: error) { try ABIEncoder.encode(values, as: types) }
        #expect(!values[0].conforms(to: types[0]))
    }

    @Test func countsArguments() {
        #expect(throws: ABIError.wrongCount(path: "list", expected: 2, actual: 1)) {
            try ABIEncoder.encode([.bool(true)], as: [.bool, .bool])
        }
        #expect(
            ABIError.wrongCount(path: "list", expected: 2, actual: 1).description
                == "abi: argument list needs 2 values, got 1")
        #expect(
            ABIError.typeMismatch(path: "1[2].0", expected: .uint(8), actual: "a string").description
                == "abi: argument 1[2].0 must be a uint8 value, not a string")
    }

    @Test func acceptsIntegersOfAnyLabelThatFit() throws {
        // The width a value carries is a label; the type decides.
        let encoded = try ABIEncoder.encode([.uint(200, bits: 256), .int(-2, bits: 256)], as: [.uint(8), .int(8)])
        #expect(try ABIDecoder.decode([.uint(8), .int(8)], from: encoded) == [.uint(200, bits: 8), .int(-2, bits: 8)])
        // A fixed array accepts its elements as an array value too.
        #expect(ABIValue.array([.bool(true), .bool(false)]).conforms(to: .fixedArray(.bool, 2)))
        #expect(!ABIValue.array([.bool(true)]).conforms(to: .fixedArray(.bool, 2)))
    }

    @Test func decodesCalldataWithOffsetsFromItsStart() throws {
        let function = try ABIFunction(parsing: "f(uint8,bool)")
        var calldata = try function.encodeCall([.uint(1, bits: 8), .bool(true)])
        calldata[4 + 63] = 2
        #expect(throws: ABIError.invalidBool(offset: 36)) { try function.decodeCall(calldata) }
        #expect(throws: ABIError.inputTooShort(offset: 0, needed: 4, available: 3)) {
            try function.decodeCall([0xaa, 0xbb, 0xcc])
        }
        #expect(throws: ABIError.selectorMismatch(expected: function.selector, actual: try Selector(hex: "0xaabbccdd")))
        {
            try function.decodeCall([0xaa, 0xbb, 0xcc, 0xdd] + [UInt8](repeating: 0, count: 64))
        }
        #expect(throws: ABIError.trailingBytes(offset: 68, count: 1)) {
            try function.decodeCall(try function.encodeCall([.uint(1, bits: 8), .bool(true)]) + [0])
        }
    }

    @Test func decodesFromAnyCollection() throws {
        let encoded = try ABIEncoder.encode([.string("hi")], as: [.string])
        let padded = [0xff] + encoded + [0xff]
        #expect(try ABIDecoder.decode([.string], from: padded[1..<padded.count - 1]) == [.string("hi")])
        #expect(try ABIDecoder.decode([.string], from: AnyCollection(encoded)) == [.string("hi")])
        #expect(try ABIDecoder.decode([.string], from: encoded.lazy.map { $0 }) == [.string("hi")])
    }

    @Test func emptyListsEncodeToNothing() throws {
        #expect(try ABIEncoder.encode([], as: []) == [])
        #expect(try ABIDecoder.decode([], from: []) == [])
        #expect(throws: ABIError.trailingBytes(offset: 0, count: 1)) { try ABIDecoder.decode([], from: [0]) }
    }

    @Test func encodesLargeArraysOnce() throws {
        // 20 000 strings in a dynamic array: the sizes are computed first and every byte written once.
        let strings = (0..<20_000).map { ABIValue.string("element \($0)") }
        let type = ABIType.array(.string)
        let encoded = try ABIEncoder.encode([.array(strings)], as: [type])
        #expect(encoded.count == 32 + 32 + 20_000 * (32 + 32 + 32))
        #expect(try ABIDecoder.decode([type], from: encoded) == [.array(strings)])
        let nested = ABIValue.array((0..<200).map { i in .array((0..<100).map { .uint(UInt256($0 + i), bits: 64) }) })
        let nestedEncoded = try ABIEncoder.encode([nested], as: [.array(.array(.uint(64)))])
        #expect(try ABIDecoder.decode([.array(.array(.uint(64)))], from: nestedEncoded) == [nested])
    }

    @Test func lengthsCannotPromiseMoreThanTheInput() throws {
        // A length of 2^30 elements behind a 96-byte input is refused before anything is reserved.
        let data = words(
            """
            0000000000000000000000000000000000000000000000000000000000000020
            0000000000000000000000000000000000000000000000000000000040000000
            0000000000000000000000000000000000000000000000000000000000000000
            """)
        for type in ["uint256[]", "bool[]", "string[]", "(uint8,uint8)[]", "uint8[2][]"] {
            #expect(throws: ABIError.lengthOutOfBounds(offset: 32, length: "1073741824", available: 32)) {
                try ABIDecoder.decode([try ABIType(parsing: type)], from: data)
            }
        }
        // A static array longer than the input is refused before reading.
        #expect(throws: ABIError.inputTooShort(offset: 0, needed: 32 << 20, available: 96)) {
            try ABIDecoder.decode([.fixedArray(.uint(256), 1 << 20)], from: data)
        }
    }

    @Test func strictModeRejectsWhatLenientAccepts() throws {
        // The tail of a string placed one word later than a canonical encoder puts it.
        let data = words(
            """
            0000000000000000000000000000000000000000000000000000000000000040
            0000000000000000000000000000000000000000000000000000000000000000
            0000000000000000000000000000000000000000000000000000000000000002
            6869000000000000000000000000000000000000000000000000000000000000
            """)
        #expect(throws: ABIError.nonCanonicalOffset(offset: 0, expected: 32, actual: "64")) {
            try ABIDecoder.decode([.string], from: data)
        }
        #expect(try ABIDecoder.decode([.string], from: data, mode: .lenient) == [.string("hi")])
    }

    @Test func lenientModeBoundsInflation() throws {
        // 200 offsets all pointing at one array of 200 words: 13 KB of input that would decode to 1.3 MB.
        var data = words("0000000000000000000000000000000000000000000000000000000000000020")
        data += word(200)
        let inner = 32 * 200
        for _ in 0..<200 { data += word(UInt64(inner)) }
        data += word(200)
        for i in 0..<200 { data += word(UInt64(i)) }
        let type = ABIType.array(.array(.uint(256)))
        do {
            _ = try ABIDecoder.decode([type], from: data, mode: .lenient)
            Issue.record("lenient decoding inflated the input")
        } catch {
            // It stops inside the shared inner array (which starts at byte 6496), partway through its reuse.
            guard case .inflationLimitExceeded(let offset) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(offset >= 6496 && offset < data.count)
        }
        #expect(throws: ABIError.self) { try ABIDecoder.decode([type], from: data) }
    }

    @Test func errorsNameTheirRule() {
        let errors: [ABIError] = [
            .inputTooShort(offset: 32, needed: 32, available: 40),
            .offsetOutOfBounds(offset: 0, value: "4096"),
            .nonCanonicalOffset(offset: 0, expected: 32, actual: "64"),
            .lengthOutOfBounds(offset: 32, length: "1000", available: 0),
            .dirtyHighBits(offset: 0, type: .uint(8)),
            .badSignExtension(offset: 0, type: .int(8)),
            .invalidBool(offset: 0),
            .dirtyPadding(offset: 0, type: .bytes),
            .invalidUTF8(offset: 32),
            .trailingBytes(offset: 64, count: 1),
            .inflationLimitExceeded(offset: 64),
            .notPackable(.tuple([.bool])),
            .topicCountMismatch(expected: 3, actual: 2),
            .invalidJSONABI(reason: "missing \"type\"", item: 2),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("abi: "))
            #expect(!error.description.contains("\n"))
        }
        #expect(
            ABIError.dirtyHighBits(offset: 32, type: .address).description
                == "abi: the address word at byte 32 has non-zero bits above its width")
    }
}

/// A 32-byte word holding `value`.
func word(_ value: UInt64) -> [UInt8] {
    [UInt8](repeating: 0, count: 24) + withUnsafeBytes(of: value.bigEndian) { Array($0) }
}
