import ABI
import Testing

@Suite struct ABITypeTests {
    @Test(arguments: [
        ("uint256", ABIType.uint(256), "uint256"),
        ("uint", .uint(256), "uint256"),
        ("int", .int(256), "int256"),
        ("uint8", .uint(8), "uint8"),
        ("int136", .int(136), "int136"),
        ("address", .address, "address"),
        ("bool", .bool, "bool"),
        ("bytes1", .fixedBytes(1), "bytes1"),
        ("byte", .fixedBytes(1), "bytes1"),
        ("bytes32", .fixedBytes(32), "bytes32"),
        ("bytes", .bytes, "bytes"),
        ("string", .string, "string"),
        ("function", .function, "function"),
        ("fixed", .fixed(bits: 128, decimals: 18), "fixed128x18"),
        ("ufixed", .ufixed(bits: 128, decimals: 18), "ufixed128x18"),
        ("fixed168x10", .fixed(bits: 168, decimals: 10), "fixed168x10"),
        ("uint8[]", .array(.uint(8)), "uint8[]"),
        ("uint8[3]", .fixedArray(.uint(8), 3), "uint8[3]"),
        ("uint[][2]", .fixedArray(.array(.uint(256)), 2), "uint256[][2]"),
        ("(uint8,bytes)[2][]", .array(.fixedArray(.tuple([.uint(8), .bytes]), 2)), "(uint8,bytes)[2][]"),
        ("tuple(address,uint)", .tuple([.address, .uint(256)]), "(address,uint256)"),
        ("( address , uint )", .tuple([.address, .uint(256)]), "(address,uint256)"),
        ("(address to, uint256 amount)[]", .array(.tuple([.address, .uint(256)])), "(address,uint256)[]"),
        (
            "((bool),(string[],bytes4))", .tuple([.tuple([.bool]), .tuple([.array(.string), .fixedBytes(4)])]),
            "((bool),(string[],bytes4))"
        ),
        ("  bool  ", .bool, "bool"),
    ])
    func parses(text: String, type: ABIType, canonical: String) throws {
        let parsed = try ABIType(parsing: text)
        #expect(parsed == type)
        #expect(parsed.description == canonical)
        #expect(try ABIType(parsing: canonical) == type)
    }

    @Test(arguments: [
        ("uint7", ABIError.unknownType("uint7", offset: 0)),
        ("uint264", .unknownType("uint264", offset: 0)),
        ("uint08", .unknownType("uint08", offset: 0)),
        ("int0", .unknownType("int0", offset: 0)),
        ("bytes0", .unknownType("bytes0", offset: 0)),
        ("bytes33", .unknownType("bytes33", offset: 0)),
        ("fixed128x81", .unknownType("fixed128x81", offset: 0)),
        ("fixed7x1", .unknownType("fixed7x1", offset: 0)),
        ("strings", .unknownType("strings", offset: 0)),
        ("(uint8,foo)", .unknownType("foo", offset: 7)),
        ("uint8[0]", .zeroSizedType("uint8[0]")),
        ("()", .zeroSizedType("()")),
        ("", .invalidSyntax(text: "", offset: 0, expected: "a type")),
        (
            "uint8[",
            .invalidSyntax(
                text: "uint8[", offset: 6, expected: "an array length (a number without leading zeros) or ']'")
        ),
        (
            "uint8[01]",
            .invalidSyntax(
                text: "uint8[01]", offset: 6, expected: "an array length (a number without leading zeros) or ']'")
        ),
        ("uint8[2", .invalidSyntax(text: "uint8[2", offset: 7, expected: "']'")),
        ("(uint8", .invalidSyntax(text: "(uint8", offset: 6, expected: "',' or ')'")),
        ("(uint8,)", .invalidSyntax(text: "(uint8,)", offset: 7, expected: "a type")),
        ("uint8 x", .invalidSyntax(text: "uint8 x", offset: 6, expected: "the end")),
        ("uint8]", .invalidSyntax(text: "uint8]", offset: 5, expected: "the end")),
        (
            "uint8[99999999999]",
            .invalidSyntax(
                text: "uint8[99999999999]", offset: 6,
                expected: "an array length (a number without leading zeros) or ']'")
        ),
        ("uint256[4000000][4000000]", .typeTooLarge("uint256[4000000][4000000]")),
    ])
    func refuses(text: String, error: ABIError) {
        #expect(throws: error) { try ABIType(parsing: text) }
        #expect(error.description.hasPrefix("abi: "))
    }

    @Test func boundsNesting() throws {
        let deep = String(repeating: "(", count: 40) + "bool" + String(repeating: ")", count: 40)
        #expect(throws: ABIError.nestingTooDeep(limit: ABIType.maximumDepth)) { try ABIType(parsing: deep) }
        let arrays = "bool" + String(repeating: "[]", count: 40)
        #expect(throws: ABIError.nestingTooDeep(limit: ABIType.maximumDepth)) { try ABIType(parsing: arrays) }
        // A hostile nesting depth ends in an error, not a stack overflow.
        let hostile = String(repeating: "(", count: 100_000)
        #expect(throws: ABIError.nestingTooDeep(limit: ABIType.maximumDepth)) { try ABIType(parsing: hostile) }
        let ok = String(repeating: "(", count: 31) + "bool" + String(repeating: ")", count: 31)
        #expect(try ABIType(parsing: ok).depth == 31)
    }

    @Test(arguments: [
        ("uint256", false, 32),
        ("bytes", true, 32),
        ("string", true, 32),
        ("uint8[]", true, 32),
        ("uint8[3]", false, 96),
        ("string[3]", true, 32),
        ("(uint8,address)", false, 64),
        ("(uint8,bytes)", true, 32),
        ("(uint8,(bool,bytes32)[2])[3]", false, 3 * (32 + 2 * 64)),
        ("(uint8,(bool,bytes)[2])[3]", true, 32),
    ])
    func layout(text: String, dynamic: Bool, headSize: Int) throws {
        let type = try ABIType(parsing: text)
        #expect(type.isDynamic == dynamic)
        #expect(type.headSize == headSize)
    }

    @Test(arguments: [
        (ABIType.uint(7), ABIError.unknownType("uint7", offset: 0)),
        (.int(0), .unknownType("int0", offset: 0)),
        (.fixedBytes(33), .unknownType("bytes33", offset: 0)),
        (.fixed(bits: 8, decimals: 0), .unknownType("fixed8x0", offset: 0)),
        (.fixedArray(.bool, 0), .zeroSizedType("bool[0]")),
        (.tuple([]), .zeroSizedType("()")),
        (.array(.tuple([.bool, .tuple([])])), .zeroSizedType("()")),
        (.fixedArray(.fixedArray(.uint(256), 1 << 20), 1 << 20), .typeTooLarge("uint256[1048576][1048576]")),
    ])
    func validatesTypesBuiltInCode(type: ABIType, error: ABIError) {
        #expect(throws: error) { try type.validate() }
        #expect(throws: error) { try ABIEncoder.encode([.bool(true)], as: [type]) }
        #expect(throws: error) { try ABIDecoder.decode([type], from: [UInt8](repeating: 0, count: 64)) }
    }

    @Test func deepTypesBuiltInCodeAreRefused() {
        var type = ABIType.bool
        for _ in 0..<40 { type = .array(type) }
        #expect(throws: ABIError.nestingTooDeep(limit: ABIType.maximumDepth)) { try type.validate() }
    }

    @Test func parameterNamesAndComponents() throws {
        let parameter = ABIParameter(name: "sessions", type: try ABIType(parsing: "(uint256,address)[]"))
        #expect(parameter.components.map(\.type) == [.uint(256), .address])
        #expect(parameter.humanReadable == "(uint256, address)[] sessions")
        #expect(try ABIType(parsing: "(uint8,bytes)[2][]").innermostElement == .tuple([.uint(8), .bytes]))
    }
}
