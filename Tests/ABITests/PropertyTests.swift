import ABI
import EthPrimitives
import PropertyBased
import Testing

/// Reads choices from a byte "program", so that shrinking the program shrinks the type and value it describes.
struct Choices {
    var program: [UInt8]
    var index = 0

    init(_ program: [UInt8]) { self.program = program }

    mutating func next() -> UInt8 {
        defer { index += 1 }
        return index < program.count ? program[index] : 0
    }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in next() } }

    /// A type, nested at most three levels.
    mutating func type(depth: Int = 0) -> ABIType {
        let op = next()
        switch depth < 3 ? op % 12 : op % 8 {
        case 0: return .uint(8 * (1 + Int(next() % 32)))
        case 1: return .int(8 * (1 + Int(next() % 32)))
        case 2: return .address
        case 3: return .bool
        case 4: return .fixedBytes(1 + Int(next() % 32))
        case 5: return .bytes
        case 6: return .string
        case 7:
            return next() % 2 == 0
                ? .function : .fixed(bits: 8 * (1 + Int(next() % 32)), decimals: 1 + Int(next() % 80))
        case 8, 9: return .array(type(depth: depth + 1))
        case 10: return .fixedArray(type(depth: depth + 1), 1 + Int(next() % 3))
        default: return .tuple((0...Int(next() % 3)).map { _ in type(depth: depth + 1) })
        }
    }

    /// A value of `type`: extremes, small numbers and arbitrary bits for integers; sizes around word boundaries
    /// for byte strings.
    mutating func value(_ type: ABIType) -> ABIValue {
        switch type {
        case .uint(let bits): return .uint(unsigned(bits: bits), bits: bits)
        case .int(let bits): return .int(signed(bits: bits), bits: bits)
        case .fixed(let bits, let decimals): return .fixed(signed(bits: bits), bits: bits, decimals: decimals)
        case .ufixed(let bits, let decimals): return .ufixed(unsigned(bits: bits), bits: bits, decimals: decimals)
        case .address: return .address(try! Address(bytes(20)))
        case .bool: return .bool(next() % 2 == 1)
        case .fixedBytes(let size): return .fixedBytes(bytes(size))
        case .function: return .function(try! Address(bytes(20)), try! Selector(bytes(4)))
        case .bytes: return .bytes(bytes(Self.sizes[Int(next()) % Self.sizes.count]))
        case .string: return .string(Self.strings[Int(next()) % Self.strings.count])
        case .array(let element): return .array((0..<Int(next() % 4)).map { _ in value(element) })
        case .fixedArray(let element, let count): return .fixedArray((0..<count).map { _ in value(element) })
        case .tuple(let types): return .tuple(types.map { value($0) })
        }
    }

    static let sizes = [0, 1, 2, 31, 32, 33, 64, 65, 100]
    static let strings = ["", "a", "héllo", "日本語", "😀 emoji", String(repeating: "x", count: 32), "quote \" \\"]

    private mutating func unsigned(bits: Int) -> UInt256 {
        let word = try! UInt256(bigEndianBytes: bytes(32))
        switch next() % 4 {
        case 0: return 0
        case 1: return UInt256.max >> (256 - bits)
        case 2: return UInt256(next())
        default: return word >> (256 - bits)
        }
    }

    private mutating func signed(bits: Int) -> Int256 {
        let magnitude = unsigned(bits: bits - 1)
        return next() % 2 == 0 ? Int256(bitPattern: magnitude) : Int256(bitPattern: UInt256.zero &- magnitude) &- 1
    }
}

/// Round trips and the decoder's safety over generated types, values and mutated encodings.
@Suite struct PropertyTests {
    @Test func valuesRoundTrip() async {
        await propertyCheck(count: 400, input: Gen.uint8().array(of: 0...80)) { program in
            var choices = Choices(program)
            let types = (0...Int(choices.next() % 3)).map { _ in choices.type() }
            let values = types.map { choices.value($0) }
            let encoded = try ABIEncoder.encode(values, as: types)
            #expect(encoded.count % 32 == 0)
            #expect(try ABIDecoder.decode(types, from: encoded) == values)
            #expect(try ABIDecoder.decode(types, from: encoded, mode: .lenient) == values)
            for (value, type) in zip(values, types) {
                #expect(value.conforms(to: type))
                #expect(try ABIValue(json: value.json, as: type) == value)
            }
        }
    }

    @Test func decodedBytesReencodeToThemselves() async {
        // The fuzz target's property in miniature: whatever strict decoding accepts is the canonical encoding of
        // what it returns; anything else is refused with an error, never a crash.
        await propertyCheck(count: 600, input: Gen.uint8().array(of: 0...60), Gen.uint8().array(of: 1...8)) {
            program, mutations in
            var choices = Choices(program)
            let types = (0...Int(choices.next() % 3)).map { _ in choices.type() }
            let values = types.map { choices.value($0) }
            var data = try ABIEncoder.encode(values, as: types)
            var edits = Choices(mutations)
            for _ in 0..<mutations.count / 2 {
                let position = data.isEmpty ? 0 : Int(edits.next()) * 7 % data.count
                switch edits.next() % 5 {
                case 0 where !data.isEmpty: data[position] ^= 1 << (edits.next() % 8)
                case 1 where !data.isEmpty: data[position] = edits.next()
                case 2: data.removeLast(min(data.count, Int(edits.next() % 40)))
                case 3: data += [UInt8](repeating: edits.next(), count: Int(edits.next() % 40))
                default: if data.count >= 32 { data[min(position / 32 * 32 + 31, data.count - 1)] = edits.next() }
                }
            }
            if let decoded = try? ABIDecoder.decode(types, from: data) {
                #expect(try ABIEncoder.encode(decoded, as: types) == data)
            }
            _ = try? ABIDecoder.decode(types, from: data, mode: .lenient)
        }
    }

    @Test func packedEncodingIsTheStandardWordsWithoutPadding() async {
        await propertyCheck(count: 400, input: Gen.uint8().array(of: 0...40)) { program in
            var choices = Choices(program)
            let type = choices.type(depth: 2)
            let value = choices.value(type)
            switch (type, value) {
            case (_, .bytes(let bytes)):
                #expect(try ABIEncoder.encodePacked([value], as: [type]) == bytes)
            case (_, .string(let string)):
                #expect(try ABIEncoder.encodePacked([value], as: [type]) == Array(string.utf8))
            case (.array(let element), .array(let elements)) where element.isElementary,
                (.fixedArray(let element, _), .fixedArray(let elements)) where element.isElementary:
                // Array elements keep their padding, and the array has no length.
                let words = try elements.flatMap { try ABIEncoder.encode([$0], as: [element]) }
                #expect(try ABIEncoder.encodePacked([value], as: [type]) == words)
            case (_, _) where type.isElementary:
                let word = try ABIEncoder.encode([value], as: [type])
                let packed = try ABIEncoder.encodePacked([value], as: [type])
                switch type {
                case .fixedBytes, .function: #expect(packed == Array(word.prefix(packed.count)))
                default: #expect(packed == Array(word.suffix(packed.count)))
                }
                #expect((1...32).contains(packed.count))
            default:
                #expect(throws: ABIError.notPackable(type)) { try ABIEncoder.encodePacked([value], as: [type]) }
            }
        }
    }
}
