import EthPrimitives
import Foundation
import RLP
import Testing

/// Ethereum's own RLP tests (github.com/ethereum/tests, RLPTests), read from ../shared/vectors/ethereum-tests when
/// that folder is present.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.ethereumTests.path)))
struct EthereumTests {
    /// The item an `in` value of rlptest.json stands for: a string is its bytes, a number or a "#…" decimal string
    /// is an integer (big-endian, no leading zeros), an array is a list.
    static func item(_ json: Any) throws -> RLPItem {
        switch json {
        case let text as String where text.hasPrefix("#"):
            return RLPItem(try minimalBigEndian(decimal: text.dropFirst()))
        case let text as String:
            return RLPItem(Array(text.utf8))
        case let number as NSNumber:
            return RLPItem(try minimalBigEndian(decimal: number.stringValue[...]))
        case let array as [Any]:
            return .list(try array.map(item))
        default:
            throw FixtureError("unexpected input \(json)")
        }
    }

    /// The big-endian bytes without leading zeros of a decimal number of any size (empty for zero).
    static func minimalBigEndian(decimal: Substring) throws -> [UInt8] {
        var bytes: [UInt8] = []  // little-endian while building
        for character in decimal {
            guard let digit = character.wholeNumberValue, character.isASCII else {
                throw FixtureError("not a decimal digit: \(character)")
            }
            var carry = digit
            for i in bytes.indices {
                let product = Int(bytes[i]) * 10 + carry
                bytes[i] = UInt8(product & 0xff)
                carry = product >> 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return bytes.reversed()
    }

    @Test func minimalBigEndianOfDecimals() throws {
        #expect(try Self.minimalBigEndian(decimal: "0") == [])
        #expect(try Self.minimalBigEndian(decimal: "1024") == [0x04, 0x00])
        #expect(try Self.minimalBigEndian(decimal: "18446744073709551616") == [1, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func rlptestEncodesAndDecodesEveryCase() throws {
        let tests = try #require(try Fixtures.ethereumTest("RLPTests/rlptest.json") as? [String: [String: Any]])
        #expect(tests.count >= 25)
        for (name, test) in tests.sorted(by: { $0.key < $1.key }) {
            let item = try Self.item(test["in"]!)
            let out = try [UInt8](hex: test["out"] as! String)
            #expect(RLPEncoder.encode(item) == out, "\(name): encode")
            #expect(item.encodedLength == out.count, "\(name): encodedLength")
            #expect(try RLPDecoder.decode(RLPItem.self, from: out) == item, "\(name): decode")
        }
    }

    @Test func rlptestIntegersDecodeAsIntegers() throws {
        let tests = try #require(try Fixtures.ethereumTest("RLPTests/rlptest.json") as? [String: [String: Any]])
        var checked = 0
        for (name, test) in tests {
            guard let number = test["in"] as? NSNumber, !(test["in"] is String) else { continue }
            let out = try [UInt8](hex: test["out"] as! String)
            #expect(try RLPDecoder.decode(UInt64.self, from: out) == number.uint64Value, "\(name)")
            #expect(RLPEncoder.encode(number.uint64Value) == out, "\(name)")
            checked += 1
        }
        #expect(checked >= 8)
    }

    /// The rule each case of invalidRLPTest.json breaks, as Metered names it.
    static let invalidRules: [String: String] = [
        "int32Overflow": "lengthPastEnd",
        "int32Overflow2": "lengthPastEnd",
        "wrongSizeList": "nonCanonicalSize",
        "wrongSizeList2": "nonCanonicalSize",
        "incorrectLengthInArray": "leadingZeroInLength",
        "randomRLP": "leadingZeroInLength",
        "bytesShouldBeSingleByte00": "nonCanonicalSingleByte",
        "bytesShouldBeSingleByte01": "nonCanonicalSingleByte",
        "bytesShouldBeSingleByte7F": "nonCanonicalSingleByte",
        "leadingZerosInLongLengthArray1": "leadingZeroInLength",
        "leadingZerosInLongLengthArray2": "leadingZeroInLength",
        "leadingZerosInLongLengthList1": "leadingZeroInLength",
        "leadingZerosInLongLengthList2": "leadingZeroInLength",
        "nonOptimalLongLengthArray1": "nonCanonicalSize",
        "nonOptimalLongLengthArray2": "nonCanonicalSize",
        "nonOptimalLongLengthList1": "nonCanonicalSize",
        "nonOptimalLongLengthList2": "nonCanonicalSize",
        "emptyEncoding": "truncated",
        "lessThanShortLengthArray1": "lengthPastEnd",
        "lessThanShortLengthArray2": "lengthPastEnd",
        "lessThanShortLengthList1": "lengthPastEnd",
        "lessThanShortLengthList2": "lengthPastEnd",
        "lessThanLongLengthArray1": "lengthPastEnd",
        "lessThanLongLengthArray2": "lengthPastEnd",
        "lessThanLongLengthList1": "lengthPastEnd",
        "lessThanLongLengthList2": "lengthOverflow",
    ]

    @Test func invalidRLPTestIsRefusedWithTheRightRule() throws {
        let tests = try #require(
            try Fixtures.ethereumTest("RLPTests/invalidRLPTest.json") as? [String: [String: Any]])
        #expect(tests.count == Self.invalidRules.count)
        for (name, test) in tests.sorted(by: { $0.key < $1.key }) {
            let input = try [UInt8](hex: test["out"] as! String)
            do {
                let item = try RLPDecoder.decode(RLPItem.self, from: input)
                Issue.record("\(name): accepted as \(item)")
            } catch {
                #expect(error.rule == Self.invalidRules[name], "\(name): \(error)")
            }
        }
    }

    @Test func randomRLPTestsRoundTrip() throws {
        let tests = try #require(
            try Fixtures.ethereumTest("RLPTests/RandomRLPTests/example.json") as? [String: [String: Any]])
        #expect(!tests.isEmpty)
        for (name, test) in tests {
            let input = try [UInt8](hex: test["out"] as! String)
            let item = try RLPDecoder.decode(RLPItem.self, from: input)
            #expect(RLPEncoder.encode(item) == input, "\(name)")
        }
    }
}
