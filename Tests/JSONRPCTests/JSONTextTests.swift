import Foundation
import PropertyBased
import Testing

@testable import JSONRPC

/// `JSONValue.parse` and `jsonBytes` read and write JSON themselves; Foundation's `JSONDecoder`/`JSONEncoder`, which
/// they replaced, are the reference for what they accept and the bytes they write.
@Suite struct JSONTextTests {
    /// Characters that stress escaping: quotes, backslashes, slashes, every kind of control character, non-ASCII.
    static let alphabet: [String] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\u{08}", "\u{0C}", "\n", "\r", "\t", "\u{00}", "\u{01}", "\u{1F}",
        "\u{7F}", "é", "€", "\u{2028}", "😀", "0x", "{", "]", ",", ":",
    ]

    /// A JSON value built from a list of choices (doubles aside: Foundation spells them, both ways).
    static func value(_ choices: inout ArraySlice<Int>, depth: Int = 0) -> JSONValue {
        guard let choice = choices.popFirst() else { return .null }
        switch choice % 7 {
        case 0: return .null
        case 1: return .bool(choice % 2 == 0)
        case 2: return .integer(Int64(choice) * (choice % 3 == 0 ? -1 : 1) * 1_000_003)
        case 3:
            let count = (choices.popFirst() ?? 0) % 6
            return .string((0..<count).map { _ in alphabet[(choices.popFirst() ?? 0) % alphabet.count] }.joined())
        case 4 where depth < 4:
            let count = (choices.popFirst() ?? 0) % 4
            return .array((0..<count).map { _ in value(&choices, depth: depth + 1) })
        case 5 where depth < 4:
            let count = (choices.popFirst() ?? 0) % 4
            var members: [String: JSONValue] = [:]
            for index in 0..<count {
                members[alphabet[(choices.popFirst() ?? index) % alphabet.count] + "\(index)"] = value(
                    &choices, depth: depth + 1)
            }
            return .object(members)
        default: return .string("0x\(String(choice, radix: 16))")
        }
    }

    static func hasObjectWithTwoMembers(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let elements): elements.contains(where: hasObjectWithTwoMembers)
        case .object(let members): members.count > 1 || members.values.contains(where: hasObjectWithTwoMembers)
        default: false
        }
    }

    @Test func writesFoundationsBytesAndReadsThemBack() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0..<1_000_000).array(of: 0...40)) { choices in
            var slice = choices[...]
            let value = Self.value(&slice)
            let bytes = value.jsonBytes
            let foundationBytes = try [UInt8](JSONCoding.encoder.encode(value))
            let parsed = try JSONValue.parse(bytes)
            let foundationParsed = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            // Members are written in the dictionary's order and Foundation's encoder keeps its own: compare
            // bytes where no object has two members, the values everywhere.
            if !Self.hasObjectWithTwoMembers(value) { #expect(bytes == foundationBytes) }
            let parsedFoundationBytes = try JSONValue.parse(foundationBytes)
            #expect(parsedFoundationBytes == value)
            #expect(parsed == value)
            #expect(foundationParsed == value)
        }
    }

    @Test(arguments: [
        (
            #" {"a" : [1, -2, 3.5, 1e2, true, false, null, "x\/y\u00e9\ud83d\ude00"]} "#,
            JSONValue.object([
                "a": .array([
                    .integer(1), .integer(-2), .number(3.5), .number(100), .bool(true), .bool(false), .null,
                    .string("x/yé😀"),
                ])
            ])
        ),
        ("\u{FEFF}7", .integer(7)),
        (#""\b\f\n\r\t\"\\""#, .string("\u{08}\u{0C}\n\r\t\"\\")),
        ("-0", .integer(0)),
        ("9223372036854775807", .integer(.max)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)),
        (#"{"k":1,"k":2}"#, .object(["k": .integer(2)])),
        ("[]", .array([])),
        (" [1 , ] ", .array([.integer(1)])),
        (#"{"a":[1,],}"#, .object(["a": .array([.integer(1)])])),
        ("{}", .object([:])),
    ])
    func parses(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(Array(text.utf8)) == expected)
    }

    /// Texts that are not JSON; Foundation refuses each of them too.
    @Test(arguments: [
        "", " ", "nul", "tru", "[1,,]", "[,]", "{,}", "[1 2]", "{\"a\"}", "{\"a\":}", "{a:1}", "{\"a\":1,,}", "01", "-",
        "1.", ".5",
        "1e", "1e+", "+1", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"a\u{01}b\"", "[", "{", "1 2", "[1]]", "1e999", "NaN",
    ])
    func refuses(text: String) {
        #expect(throws: DecodingError.self) { try JSONValue.parse(Array(text.utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    @Test func refusesInvalidUTF8InAString() {
        #expect(throws: DecodingError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func errorsNameTheOffset() throws {
        let error = try #require(throws: DecodingError.self) { try JSONValue.parse(Array("[1, x]".utf8)) }
        #expect(describeDecodingError(error) == "jsonrpc: not JSON at offset 4: unexpected character")
    }

    @Test func refusesNestingDeeperThan512() throws {
        let deep = { (depth: Int) in
            Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        }
        _ = try JSONValue.parse(deep(512))
        #expect(throws: DecodingError.self) { try JSONValue.parse(deep(513)) }
    }

    /// Scalars decode in place exactly as through Foundation, failures included.
    @Test(arguments: [
        JSONValue.string("0x2a"), .string("0x"), .string("latest"), .string("0x01"), .integer(7), .integer(-1),
        .number(1.5), .number(100), .number(-0.0), .integer(300), .bool(true), .null,
    ])
    func scalarsDecodeAsThroughFoundation(value: JSONValue) {
        func outcome<T: Decodable>(_ decode: () throws -> T) -> String {
            do { return "value \(String(reflecting: try decode()))" } catch { return describeDecodingError(error) }
        }
        func foundation<T: Decodable>(_ type: T.Type) -> String {
            outcome { try JSONDecoder().decode(T.self, from: Data(value.jsonBytes)) }
        }
        func inPlace<T: Decodable>(_ type: T.Type) -> String { outcome { try value.decode(T.self) } }
        #expect(inPlace(Quantity<UInt64>.self) == foundation(Quantity<UInt64>.self))
        #expect(inPlace(BlockTag.self) == foundation(BlockTag.self))
        #expect(inPlace(String.self) == foundation(String.self))
        #expect(inPlace(Int.self) == foundation(Int.self))
        #expect(inPlace(UInt8.self) == foundation(UInt8.self))
        #expect(inPlace(Double.self) == foundation(Double.self))
        #expect(inPlace(Bool?.self) == foundation(Bool?.self))
        #expect(inPlace(JSONValue.self) == foundation(JSONValue.self))
    }
}
