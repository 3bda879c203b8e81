import EthPrimitives
import Testing

@testable import ABI

/// The command-line value syntax (`ABIValue(parsing:as:)`) and the JSON form (`json`, `ABIValue(json:as:)`).
@Suite struct ABIValueTextTests {
    static let checksummed = "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"

    @Test(arguments: [
        ("0", "uint8", ABIValue.uint(0, bits: 8)),
        ("255", "uint8", .uint(255, bits: 8)),
        ("0xff", "uint8", .uint(255, bits: 8)),
        ("0xFF", "uint8", .uint(255, bits: 8)),
        (
            "115792089237316195423570985008687907853269984665640564039457584007913129639935", "uint256",
            .uint(UInt256.max, bits: 256)
        ),
        ("-5", "int8", .int(-5, bits: 8)),
        ("-128", "int8", .int(-128, bits: 8)),
        ("127", "int8", .int(127, bits: 8)),
        ("-0x80", "int8", .int(-128, bits: 8)),
        ("1.25", "fixed128x18", .fixed(1_250_000_000_000_000_000, bits: 128, decimals: 18)),
        ("-1.5", "fixed8x1", .fixed(-15, bits: 8, decimals: 1)),
        ("7", "ufixed16x2", .ufixed(700, bits: 16, decimals: 2)),
        ("true", "bool", .bool(true)),
        ("false", "bool", .bool(false)),
        (checksummed, "address", .address(try! Address(hex: checksummed))),
        (checksummed.lowercased(), "address", .address(try! Address(hex: checksummed))),
        ("0x", "bytes", .bytes([])),
        ("0xDEADbeef", "bytes", .bytes([0xde, 0xad, 0xbe, 0xef])),
        ("0x0102", "bytes2", .fixedBytes([1, 2])),
        ("hello, world", "string", .string("hello, world")),
        ("", "string", .string("")),
        ("  spaced \"quotes\" ", "string", .string("  spaced \"quotes\" ")),
        ("[]", "uint8[]", .array([])),
        ("[1,2,3]", "uint8[]", .array([.uint(1, bits: 8), .uint(2, bits: 8), .uint(3, bits: 8)])),
        ("[1, 2, 3]", "uint8[3]", .fixedArray([.uint(1, bits: 8), .uint(2, bits: 8), .uint(3, bits: 8)])),
        (" [ 1 , 2 ] ", "uint8[]", .array([.uint(1, bits: 8), .uint(2, bits: 8)])),
        (
            "[[1],[],[2,3]]", "uint8[][]",
            .array([
                .array([.uint(1, bits: 8)]), .array([]), .array([.uint(2, bits: 8), .uint(3, bits: 8)]),
            ])
        ),
        ("(1,true)", "(uint8,bool)", .tuple([.uint(1, bits: 8), .bool(true)])),
        ("[a,b c, d]", "string[]", .array([.string("a"), .string("b c"), .string("d")])),
        (
            #"["a,b", "", "x\"y\\z", "\u00e9\ud83d\ude00\n"]"#, "string[]",
            .array([
                .string("a,b"), .string(""), .string("x\"y\\z"), .string("é😀\n"),
            ])
        ),
        (
            "[(1, [a, \"b)\"]), (2, [])]", "(uint8,string[])[]",
            .array([
                .tuple([.uint(1, bits: 8), .array([.string("a"), .string("b)")])]),
                .tuple([.uint(2, bits: 8), .array([])]),
            ])
        ),
        ("[f(x),g]", "string[]", .array([.string("f(x)"), .string("g")])),
    ])
    func parsesCommandLineValues(text: String, type: String, value: ABIValue) throws {
        #expect(try ABIValue(parsing: text, as: ABIType(parsing: type)) == value)
    }

    @Test(arguments: [
        ("-1", "uint8", "it is negative"),
        ("256", "uint8", "larger than 2^8 - 1"),
        ("-129", "int8", "outside -2^7"),
        ("0x100", "uint8", "larger than 2^8 - 1"),
        (
            "115792089237316195423570985008687907853269984665640564039457584007913129639936", "uint256",
            "does not fit"
        ),
        ("1e18", "uint256", "not a valid uint256"),
        ("", "uint256", "write a decimal number or 0x hex"),
        (" 1", "uint256", "write a decimal number or 0x hex"),
        ("0x", "uint256", "not a valid uint256"),
        ("1.255", "fixed128x2", "more than 2 decimals"),
        ("1.", "fixed128x2", "write a decimal number"),
        ("12.8", "fixed8x1", "does not fit in 8 bits"),
        ("TRUE", "bool", "write true or false"),
        ("0x01", "bytes2", "exactly 2 bytes, got 1"),
        ("0102", "bytes", "0x"),
        ("0x0g", "bytes", "invalid character"),
        ("0x1234", "address", "not a valid address"),
        ("0x1234", "function", "24 bytes"),
    ])
    func refusesBadValues(text: String, type: String, reason: String) throws {
        let abiType = try ABIType(parsing: type)
        do {
            let value = try ABIValue(parsing: text, as: abiType)
            Issue.record("accepted \(text) as \(value)")
        } catch {
            guard case .invalidValue(_, let errorType, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(errorType == abiType)
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test(arguments: [
        ("[1,2", "uint8[]", ABIError.invalidSyntax(text: "[1,2", offset: 4, expected: "',' or ']'")),
        ("[1,,2]", "uint8[]", .invalidSyntax(text: "[1,,2]", offset: 3, expected: "a uint8 value")),
        ("1,2]", "uint8[]", .invalidSyntax(text: "1,2]", offset: 0, expected: "'['")),
        ("[1,2] x", "uint8[]", .invalidSyntax(text: "[1,2] x", offset: 6, expected: "the end")),
        ("[1,2,3]", "uint8[2]", .wrongCount(path: "", expected: 2, actual: 3)),
        ("[1]", "uint8[2]", .wrongCount(path: "", expected: 2, actual: 1)),
        ("(1)", "(uint8,bool)", .wrongCount(path: "", expected: 2, actual: 1)),
        (#"["abc]"#, "string[]", .invalidSyntax(text: #"["abc]"#, offset: 6, expected: "a closing '\"'")),
        (
            #"["\q"]"#, "string[]",
            .invalidSyntax(text: #"["\q"]"#, offset: 3, expected: #"one of the escapes \" \\ \/ \b \f \n \r \t \u"#)
        ),
        (
            #"["\ud800"]"#, "string[]",
            .invalidSyntax(text: #"["\ud800"]"#, offset: 8, expected: "the second half of a surrogate pair")
        ),
    ])
    func refusesMalformedBrackets(text: String, type: String, error: ABIError) throws {
        let abiType = try ABIType(parsing: type)
        #expect(throws: error) { try ABIValue(parsing: text, as: abiType) }
    }

    @Test(arguments: [
        (ABIValue.uint(1000, bits: 256), #""1000""#),
        (.int(-1, bits: 8), #""-1""#),
        (.fixed(-1_250, bits: 128, decimals: 3), #""-1.25""#),
        (.fixed(-5, bits: 128, decimals: 3), #""-0.005""#),
        (.ufixed(0, bits: 128, decimals: 3), #""0""#),
        (.ufixed(1_000, bits: 128, decimals: 3), #""1""#),
        (.bool(false), "false"),
        (.address(try! Address(hex: checksummed.lowercased())), "\"\(checksummed)\""),
        (.fixedBytes([0xAB, 0x01]), #""0xab01""#),
        (.bytes([]), #""0x""#),
        (
            .function(try! Address(hex: checksummed), try! Selector(hex: "0xa9059cbb")),
            "\"\(checksummed.lowercased())a9059cbb\""
        ),
        (.string("a\"b\\c\n\u{1}é😀"), #""a\"b\\c\n\u0001é😀""#),
        (.array([]), "[]"),
        (.tuple([.array([.bool(true)]), .string("x")]), #"[[true],"x"]"#),
    ])
    func writesJSON(value: ABIValue, json: String) throws {
        #expect(value.json == json)
        if let type = value.type {
            #expect(try ABIValue(json: json, as: type) == value)
        }
    }

    @Test func readsJSONNumbersExactly() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(try ABIValue(json: max, as: .uint(256)) == .uint(.max, bits: 256))
        #expect(
            try ABIValue(json: "[1, \"0x02\", -3]", as: .array(.int(16)))
                == .array([
                    .int(1, bits: 16), .int(2, bits: 16), .int(-3, bits: 16),
                ]))
        #expect(throws: ABIError.self) { try ABIValue(json: "1e3", as: .uint(256)) }
        #expect(throws: ABIError.self) { try ABIValue(json: "01", as: .uint(256)) }
        #expect(throws: ABIError.self) { try ABIValue(json: "true", as: .uint(256)) }
        #expect(throws: ABIError.self) { try ABIValue(json: "[1,2]", as: .fixedArray(.uint(8), 3)) }
        #expect(throws: ABIError.self) { try ABIValue(json: "[1,2", as: .array(.uint(8))) }
        #expect(try ABIValue.json([.bool(true), .uint(5, bits: 8)]) == #"[true,"5"]"#)
    }

    @Test func decimalTextOfFixedPoint() {
        #expect(ABIValue.decimalText("0", 18) == "0")
        #expect(ABIValue.decimalText("1", 18) == "0.000000000000000001")
        #expect(ABIValue.decimalText("-1500", 3) == "-1.5")
        #expect(ABIValue.decimalText("123000", 3) == "123")
    }
}
