import ABI
import EthPrimitives
import Testing

/// A struct that encodes as `(uint256,address,string,uint64[])`.
struct Session: ABIStruct, Equatable {
    var id: UInt256
    var tutor: Address
    var topic: String
    var minutes: [UInt64]

    var abiFields: ABITuple<UInt256, Address, String, [UInt64]> { ABITuple(id, tutor, topic, minutes) }

    init(id: UInt256, tutor: Address, topic: String, minutes: [UInt64]) {
        (self.id, self.tutor, self.topic, self.minutes) = (id, tutor, topic, minutes)
    }

    init(abiFields fields: ABITuple<UInt256, Address, String, [UInt64]>) {
        (id, tutor, topic, minutes) = fields.elements
    }
}

/// The static path (`ABIEncodable`/`ABIDecodable` conformances) gives the dynamic path's bytes.
@Suite struct StaticCodableTests {
    let tutor = address("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826")

    @Test func elementaryTypesMatchTheDynamicPath() throws {
        let encoded = ABIEncoder.encode(
            UInt8(255), UInt16(65535), UInt32(7), UInt64.max, Int8(-128), Int16(-2), Int32(-3), Int64.min,
            UInt256.max, Int256(-1), true, tutor, Hash.zero, try Selector(hex: "0xa9059cbb"))
        let values: [ABIValue] = [
            .uint(255, bits: 8), .uint(65535, bits: 16), .uint(7, bits: 32), .uint(UInt256(UInt64.max), bits: 64),
            .int(-128, bits: 8), .int(-2, bits: 16), .int(-3, bits: 32), .int(Int256(Int64.min), bits: 64),
            .uint(.max, bits: 256), .int(-1, bits: 256), .bool(true), .address(tutor),
            .fixedBytes([UInt8](repeating: 0, count: 32)), .fixedBytes([0xa9, 0x05, 0x9c, 0xbb]),
        ]
        let types = types(
            "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "uint256", "int256", "bool",
            "address", "bytes32", "bytes4")
        #expect(encoded == (try ABIEncoder.encode(values, as: types)))
        let decoded = try ABIDecoder.decode(
            UInt8.self, UInt16.self, UInt32.self, UInt64.self, Int8.self, Int16.self, Int32.self, Int64.self,
            UInt256.self, Int256.self, Bool.self, Address.self, Hash.self, Selector.self, from: encoded)
        #expect(decoded.0 == 255 && decoded.3 == .max && decoded.4 == -128 && decoded.7 == .min)
        #expect(decoded.9 == -1 && decoded.10 && decoded.11 == tutor && decoded.13.description == "0xa9059cbb")
    }

    @Test func dynamicTypesMatchTheDynamicPath() throws {
        let session = Session(id: 7, tutor: tutor, topic: "Spanish, B2", minutes: [30, 45])
        let staticBytes = ABIEncoder.encode(
            "héllo", ABIBytes([1, 2, 3]), [session, session], [["a"], [], ["b", "c"]], ABITuple(UInt8(1), ["x"]))
        let sessionValue = ABIValue.tuple([
            .uint256(7), .address(tutor), .string("Spanish, B2"), .array([.uint(30, bits: 64), .uint(45, bits: 64)]),
        ])
        let dynamicBytes = try ABIEncoder.encode(
            [
                .string("héllo"), .bytes([1, 2, 3]), .array([sessionValue, sessionValue]),
                .array([.array([.string("a")]), .array([]), .array([.string("b"), .string("c")])]),
                .tuple([.uint(1, bits: 8), .array([.string("x")])]),
            ],
            as: types("string", "bytes", "(uint256,address,string,uint64[])[]", "string[][]", "(uint8,string[])"))
        #expect(staticBytes == dynamicBytes)
        let (text, bytes, sessions, nested, tuple) = try ABIDecoder.decode(
            String.self, ABIBytes.self, [Session].self, [[String]].self, ABITuple<UInt8, [String]>.self,
            from: staticBytes)
        #expect(text == "héllo")
        #expect(bytes == [1, 2, 3])
        #expect(sessions == [session, session])
        #expect(nested == [["a"], [], ["b", "c"]])
        #expect(tuple == ABITuple(UInt8(1), ["x"]))
        #expect(Session.abiType.description == "(uint256,address,string,uint64[])")
        #expect(session.abiValue == sessionValue)
        #expect(ABITuple<UInt8, [String]>.isABIDynamic)
        #expect(!ABITuple<UInt8, Address>.isABIDynamic)
        #expect(ABITuple<UInt8, Address>.abiHeadSize == 64)
    }

    @Test func callsCarryTheSelector() throws {
        let transfer = try ABIFunction(parsing: "transfer(address,uint256)")
        let calldata = ABIEncoder.encodeCall(selector: transfer.selector, tutor, UInt256(1000))
        #expect(calldata == (try transfer.encodeCall([.address(tutor), .uint256(1000)])))
        let (to, amount) = try ABIDecoder.decodeCall(
            selector: transfer.selector, Address.self, UInt256.self, from: calldata)
        #expect(to == tutor && amount == 1000)
        #expect(throws: ABIError.self) {
            try ABIDecoder.decodeCall(selector: Selector.zero, Address.self, UInt256.self, from: calldata)
        }
    }

    @Test func staticDecodingIsStrict() throws {
        let dirty = words("0000000000000000000000000000000000000000000000000000000000000100")
        #expect(throws: ABIError.dirtyHighBits(offset: 0, type: .uint(8))) {
            try ABIDecoder.decode(UInt8.self, from: dirty)
        }
        #expect(throws: ABIError.badSignExtension(offset: 0, type: .int(8))) {
            try ABIDecoder.decode(Int8.self, from: dirty)
        }
        #expect(throws: ABIError.invalidBool(offset: 0)) { try ABIDecoder.decode(Bool.self, from: dirty) }
        #expect(throws: ABIError.trailingBytes(offset: 32, count: 32)) {
            try ABIDecoder.decode(UInt256.self, from: dirty + dirty)
        }
        #expect(try ABIDecoder.decode(UInt256.self, from: dirty + dirty, mode: .lenient) == 256)
        let negative = words("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80")
        #expect(try ABIDecoder.decode(Int8.self, from: negative) == -128)
        #expect(throws: ABIError.badSignExtension(offset: 0, type: .int(16))) {
            try ABIDecoder.decode(
                Int16.self, from: words("00000000000000000000000000000000000000000000000000000000ffff8000"))
        }
        let hugeLength = words(
            """
            0000000000000000000000000000000000000000000000000000000000000020
            00000000000000000000000000000000000000000000000000000000ffffffff
            """)
        #expect(throws: ABIError.lengthOutOfBounds(offset: 32, length: "4294967295", available: 0)) {
            try ABIDecoder.decode([String].self, from: hugeLength)
        }
        #expect(throws: ABIError.lengthOutOfBounds(offset: 32, length: "4294967295", available: 0)) {
            try ABIDecoder.decode(ABIBytes.self, from: hugeLength)
        }
    }

    @Test func genericWidthTypes() throws {
        #if compiler(>=6.2)
            if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *) {
                let amounts: InlineArray<3, UInt64> = [1, 2, 3]
                let names: InlineArray<2, String> = ["a", "bc"]
                let selector = try ABIFixedBytes<4>([0xa9, 0x05, 0x9c, 0xbb])
                let small = try ABIUnsigned<96>(UInt256(1) << 95)
                let signed = try ABISigned<24>(-8_388_608)
                let encoded = ABIEncoder.encode(amounts, names, selector, small, signed)
                #expect(
                    encoded
                        == (try ABIEncoder.encode(
                            [
                                .fixedArray([.uint(1, bits: 64), .uint(2, bits: 64), .uint(3, bits: 64)]),
                                .fixedArray([.string("a"), .string("bc")]), .fixedBytes([0xa9, 0x05, 0x9c, 0xbb]),
                                .uint(UInt256(1) << 95, bits: 96), .int(-8_388_608, bits: 24),
                            ], as: types("uint64[3]", "string[2]", "bytes4", "uint96", "int24"))))
                let decoded = try ABIDecoder.decode(
                    InlineArray<3, UInt64>.self, InlineArray<2, String>.self, ABIFixedBytes<4>.self,
                    ABIUnsigned<96>.self, ABISigned<24>.self, from: encoded)
                #expect(decoded.0[2] == 3 && decoded.1[1] == "bc" && decoded.2 == selector)
                #expect(decoded.3 == small && decoded.4 == signed)
                #expect(InlineArray<2, String>.abiType.description == "string[2]")
                #expect(throws: ABIError.self) { try ABIUnsigned<8>(256) }
                #expect(throws: ABIError.self) { try ABISigned<8>(128) }
                #expect(throws: ABIError.self) { try ABIUnsigned<7>(1) }
                #expect(throws: ABIError.self) { try ABIFixedBytes<4>([1, 2, 3]) }
                #expect(throws: ABIError.dirtyHighBits(offset: 0, type: .uint(96))) {
                    try ABIDecoder.decode(
                        ABIUnsigned<96>.self,
                        from: words("0000000100000000000000000000000000000000000000000000000000000000"))
                }
            }
        #endif
    }
}
