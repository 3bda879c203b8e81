import EthPrimitives
import Foundation
import RLP
import Testing

/// The rows of vectors/rlp.json (made by tools/vectors/gen_rlp.py from pyrlp), run in both directions.
@Suite struct VectorTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        var name: String
        var item: RLPItem
        var encoded: [UInt8]
        var testDescription: String { name }
    }

    struct Integer: Sendable, CustomTestStringConvertible {
        var value: String
        var bytes: [UInt8]
        var encoded: [UInt8]
        var testDescription: String { value }
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var name: String
        var encoded: [UInt8]
        var readAs: String
        var rule: String
        var offset: Int
        var maxDepth: Int?
        var testDescription: String { name }
    }

    struct Vectors: Sendable {
        var valid: [Valid] = []
        var integers: [Integer] = []
        var invalid: [Invalid] = []
    }

    static let vectors: Vectors = {
        do {
            return try load()
        } catch {
            // An unreadable file leaves the tables empty, and `theFileHasEveryTable` fails.
            return Vectors()
        }
    }()

    static func load() throws -> Vectors {
        let url = Fixtures.packageRoot.appendingPathComponent("vectors/rlp.json")
        guard let root = try Fixtures.json(url) as? [String: Any] else { throw FixtureError("rlp.json: not an object") }
        var vectors = Vectors()
        for row in root["valid"] as? [[String: Any]] ?? [] {
            vectors.valid.append(
                Valid(
                    name: row["name"] as! String, item: try RLPItem(json: row["item"]!),
                    encoded: try [UInt8](hex: row["encoded"] as! String)))
        }
        for row in root["integers"] as? [[String: Any]] ?? [] {
            vectors.integers.append(
                Integer(
                    value: row["value"] as! String, bytes: try [UInt8](hex: row["bytes"] as! String),
                    encoded: try [UInt8](hex: row["encoded"] as! String)))
        }
        for row in root["invalid"] as? [[String: Any]] ?? [] {
            vectors.invalid.append(
                Invalid(
                    name: row["name"] as! String, encoded: try [UInt8](hex: row["encoded"] as! String),
                    readAs: row["as"] as! String, rule: row["rule"] as! String, offset: row["offset"] as! Int,
                    maxDepth: row["maxDepth"] as? Int))
        }
        return vectors
    }

    @Test func theFileHasEveryTable() {
        #expect(Self.vectors.valid.count >= 60)
        #expect(Self.vectors.integers.count >= 60)
        #expect(Self.vectors.invalid.count >= 35)
        let rules = Set(Self.vectors.invalid.map(\.rule))
        for rule in [
            "truncated", "lengthPastEnd", "lengthOverflow", "leadingZeroInLength", "nonCanonicalSize",
            "nonCanonicalSingleByte", "leadingZeroInInteger", "integerOverflow", "trailingBytes", "listLengthMismatch",
            "expectedList", "expectedBytes", "wrongByteCount", "invalidBool", "invalidUTF8", "depthLimitExceeded",
        ] {
            #expect(rules.contains(rule), "no invalid vector for \(rule)")
        }
    }

    @Test(arguments: vectors.valid)
    func validEncodes(row: Valid) {
        #expect(row.item.encodedLength == row.encoded.count)
        #expect(RLPEncoder.encode(row.item) == row.encoded)
    }

    @Test(arguments: vectors.valid)
    func validDecodes(row: Valid) throws {
        #expect(try RLPDecoder.decode(RLPItem.self, from: row.encoded) == row.item)
    }

    @Test(arguments: vectors.integers)
    func integerAsBytes(row: Integer) throws {
        #expect(RLPEncoder.encode(RLPItem(row.bytes)) == row.encoded)
        #expect(try RLPDecoder.decode([UInt8].self, from: row.encoded) == row.bytes)
    }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    @Test(arguments: vectors.integers)
    func integerInEveryWidth(row: Integer) throws {
        try check(UInt8.self, row)
        try check(UInt16.self, row)
        try check(UInt32.self, row)
        try check(UInt64.self, row)
        try check(UInt.self, row)
        try check(UInt128.self, row)
    }

    /// A value that fits `T` encodes to the row's bytes and decodes back; one that does not fails to decode with
    /// integerOverflow.
    func check<T: FixedWidthInteger & UnsignedInteger & RLPEncodable & RLPDecodable>(_ type: T.Type, _ row: Integer)
        throws
    {
        if row.bytes.count <= T.bitWidth / 8 {
            let value = try #require(T(row.value), "\(row.value) as \(T.self)")
            #expect(RLPEncoder.encode(value) == row.encoded)
            #expect(value.encodedLength == row.encoded.count)
            #expect(try RLPDecoder.decode(T.self, from: row.encoded) == value)
        } else {
            #expect(T(row.value) == nil)
            #expect(throws: RLPError.integerOverflow(type: "\(T.self)", byteCount: row.bytes.count, offset: 0)) {
                try RLPDecoder.decode(T.self, from: row.encoded)
            }
        }
    }

    /// Three integer fields, for the list-length rows.
    struct ThreeFields: RLPDecodable {
        init(from decoder: inout RLPDecoder) throws(RLPError) {
            var fields = try decoder.readList(expectedCount: 3)
            for _ in 0..<3 { _ = try fields.readInteger(UInt64.self) }
        }
    }

    @Test(arguments: vectors.invalid)
    func invalidIsRefusedWithItsRule(row: Invalid) throws {
        let input = row.encoded
        let depth = row.maxDepth ?? RLPDecoder.defaultMaxDepth
        var caught: RLPError?
        do {
            switch row.readAs {
            case "item": _ = try RLPDecoder.decode(RLPItem.self, from: input, maxDepth: depth)
            case "uint64": _ = try RLPDecoder.decode(UInt64.self, from: input, maxDepth: depth)
            case "uint8": _ = try RLPDecoder.decode(UInt8.self, from: input, maxDepth: depth)
            case "bool": _ = try RLPDecoder.decode(Bool.self, from: input, maxDepth: depth)
            case "string": _ = try RLPDecoder.decode(String.self, from: input, maxDepth: depth)
            case "bytes": _ = try RLPDecoder.decode([UInt8].self, from: input, maxDepth: depth)
            case "list": _ = try RLPDecoder.decode([UInt64].self, from: input, maxDepth: depth)
            case "fields3": _ = try RLPDecoder.decode(ThreeFields.self, from: input, maxDepth: depth)
            case "bytes20":
                var decoder = RLPDecoder(input, maxDepth: depth)
                _ = try decoder.readBytes(count: 20)
                try decoder.finish()
            default: Issue.record("unknown \"as\": \(row.readAs)")
            }
        } catch {
            caught = error
        }
        let error = try #require(caught, "\(row.name) was accepted")
        #expect(error.rule == row.rule)
        #expect(error.offset == row.offset)
    }
}
