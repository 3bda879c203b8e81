import ABI
import EthPrimitives
import Testing

/// The worked examples of the Solidity ABI specification ("Examples", "Use of Dynamic Types", "Non-standard Packed
/// Mode", "Events", "Errors"), byte for byte.
@Suite struct SpecExamplesTests {
    @Test func bazEncodesUint32AndBool() throws {
        let baz = try ABIFunction(parsing: "function baz(uint32 x, bool y) returns (bool r)")
        #expect(baz.selector == (try Selector(hex: "0xcdcd77c0")))
        let calldata = try baz.encodeCall([.uint(69, bits: 32), .bool(true)])
        #expect(
            calldata
                == words(
                    """
                    cdcd77c0
                    0000000000000000000000000000000000000000000000000000000000000045
                    0000000000000000000000000000000000000000000000000000000000000001
                    """))
        #expect(ABIEncoder.encodeCall(selector: baz.selector, UInt32(69), true) == calldata)
        #expect(try baz.decodeCall(calldata) == [.uint(69, bits: 32), .bool(true)])
        let result = words("0000000000000000000000000000000000000000000000000000000000000001")
        #expect(try baz.decodeOutput(result) == [.bool(true)])
    }

    @Test func barEncodesFixedArrayOfBytes3() throws {
        let bar = try ABIFunction(parsing: "bar(bytes3[2])")
        #expect(bar.selector == (try Selector(hex: "0xfce353f6")))
        let calldata = try bar.encodeCall([
            .fixedArray([.fixedBytes(Array("abc".utf8)), .fixedBytes(Array("def".utf8))])
        ])
        #expect(
            calldata
                == words(
                    """
                    fce353f6
                    6162630000000000000000000000000000000000000000000000000000000000
                    6465660000000000000000000000000000000000000000000000000000000000
                    """))
    }

    @Test func samEncodesBytesBoolAndArray() throws {
        let sam = try ABIFunction(parsing: "sam(bytes,bool,uint256[])")
        #expect(sam.selector == (try Selector(hex: "0xa5643bf2")))
        let arguments: [ABIValue] = [
            .bytes(Array("dave".utf8)), .bool(true), .array([.uint256(1), .uint256(2), .uint256(3)]),
        ]
        let calldata = try sam.encodeCall(arguments)
        #expect(
            calldata
                == words(
                    """
                    a5643bf2
                    0000000000000000000000000000000000000000000000000000000000000060
                    0000000000000000000000000000000000000000000000000000000000000001
                    00000000000000000000000000000000000000000000000000000000000000a0
                    0000000000000000000000000000000000000000000000000000000000000004
                    6461766500000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000003
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000003
                    """))
        #expect(try sam.decodeCall(calldata) == arguments)
    }

    @Test func fEncodesDynamicTypes() throws {
        let f = try ABIFunction(parsing: "f(uint256,uint32[],bytes10,bytes)")
        #expect(f.selector == (try Selector(hex: "0x8be65246")))
        let arguments: [ABIValue] = [
            .uint256(0x123), .array([.uint(0x456, bits: 32), .uint(0x789, bits: 32)]),
            .fixedBytes(Array("1234567890".utf8)), .bytes(Array("Hello, world!".utf8)),
        ]
        let calldata = try f.encodeCall(arguments)
        #expect(
            calldata
                == words(
                    """
                    8be65246
                    0000000000000000000000000000000000000000000000000000000000000123
                    0000000000000000000000000000000000000000000000000000000000000080
                    3132333435363738393000000000000000000000000000000000000000000000
                    00000000000000000000000000000000000000000000000000000000000000e0
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000456
                    0000000000000000000000000000000000000000000000000000000000000789
                    000000000000000000000000000000000000000000000000000000000000000d
                    48656c6c6f2c20776f726c642100000000000000000000000000000000000000
                    """))
        #expect(try f.decodeCall(calldata) == arguments)
    }

    @Test func gEncodesNestedDynamicArrays() throws {
        let g = try ABIFunction(parsing: "g(uint[][],string[])")
        #expect(g.signature == "g(uint256[][],string[])")
        #expect(g.selector == (try Selector(hex: "0x2289b18c")))
        let arguments: [ABIValue] = [
            .array([.array([.uint256(1), .uint256(2)]), .array([.uint256(3)])]),
            .array([.string("one"), .string("two"), .string("three")]),
        ]
        let calldata = try g.encodeCall(arguments)
        #expect(
            calldata
                == words(
                    """
                    2289b18c
                    0000000000000000000000000000000000000000000000000000000000000040
                    0000000000000000000000000000000000000000000000000000000000000140
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000040
                    00000000000000000000000000000000000000000000000000000000000000a0
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000003
                    0000000000000000000000000000000000000000000000000000000000000003
                    0000000000000000000000000000000000000000000000000000000000000060
                    00000000000000000000000000000000000000000000000000000000000000a0
                    00000000000000000000000000000000000000000000000000000000000000e0
                    0000000000000000000000000000000000000000000000000000000000000003
                    6f6e650000000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000003
                    74776f0000000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000005
                    7468726565000000000000000000000000000000000000000000000000000000
                    """))
        #expect(try g.decodeCall(calldata) == arguments)
        #expect(
            ABIEncoder.encodeCall(selector: g.selector, [[UInt256(1), 2], [3]], ["one", "two", "three"]) == calldata)
    }

    @Test func packedModeExample() throws {
        // abi.encodePacked(int16(-1), bytes1(0x42), uint16(0x03), string("Hello, world!"))
        let packed = try ABIEncoder.encodePacked(
            [.int(-1, bits: 16), .fixedBytes([0x42]), .uint(3, bits: 16), .string("Hello, world!")],
            as: types("int16", "bytes1", "uint16", "string"))
        #expect(packed == words("ffff42 0003 48656c6c6f2c20776f726c6421"))
    }

    @Test func errorSelectorExample() throws {
        let error = try ABICustomError(parsing: "error InsufficientBalance(uint256 available, uint256 required)")
        #expect(error.signature == "InsufficientBalance(uint256,uint256)")
        #expect(error.selector == (try Selector(hex: "0xcf479181")))
    }
}
