import EthPrimitives
import Foundation
import Testing

/// Replays vectors/uint256.json (tools/vectors/gen_uint256.py: Python integers, EVM semantics) row by row.
@Suite struct UInt256VectorTests {
    struct Vectors: Decodable {
        struct Binary: Decodable {
            let op: String
            let a: UInt256
            let b: UInt256
            let result: UInt256
            let overflow: Bool?
            let high: UInt256?
        }
        struct Ternary: Decodable {
            let op: String
            let a: UInt256
            let b: UInt256
            let m: UInt256
            let result: UInt256
        }
        struct Value: Decodable {
            let value: UInt256
            let decimal: String
            let bytes: String
            let minimal: String
            let signedDecimal: String
            let signedHex: String
            let signedMinimal: String
            let leadingZeroBitCount: Int
            let trailingZeroBitCount: Int
            let nonzeroBitCount: Int
            let byteSwapped: UInt256
            let doubleBits: UInt256
        }
        struct Parse: Decodable {
            let type: String
            let text: String
            let value: UInt256
            let decimal: String
        }
        struct ParseFailure: Decodable {
            let type: String
            let mode: String
            let text: String
            let error: String
            let offset: Int?
        }
        let binary: [Binary]
        let ternary: [Ternary]
        let values: [Value]
        let parses: [Parse]
        let parseFailures: [ParseFailure]
    }

    static let vectors: Vectors = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try! Data(contentsOf: root.appendingPathComponent("vectors/uint256.json"))
        return try! JSONDecoder().decode(Vectors.self, from: data)
    }()

    @Test func fileHasEveryKindOfRow() {
        let ops = Set(Self.vectors.binary.map(\.op))
        #expect(
            ops == [
                "add", "sub", "mul", "div", "mod", "sdiv", "smod", "exp", "shl", "shr", "sar", "and", "or", "xor",
                "lt", "gt", "slt", "sgt", "eq",
            ])
        #expect(Set(Self.vectors.ternary.map(\.op)) == ["addmod", "mulmod"])
        #expect(Self.vectors.binary.count > 1000)
        #expect(Self.vectors.values.count > 100)
        #expect(Self.vectors.parseFailures.count > 40)
    }

    /// The EVM's reading of a signed operation's operands and result.
    static func signed(_ x: UInt256) -> Int256 { Int256(bitPattern: x) }
    static func bool(_ b: Bool) -> UInt256 { b ? 1 : 0 }

    @Test func binaryOperations() {
        for row in Self.vectors.binary {
            let (a, b) = (row.a, row.b)
            let actual: UInt256
            switch row.op {
            case "add":
                let (sum, overflow) = a.addingReportingOverflow(b)
                #expect(overflow == row.overflow, "add overflow \(row.a) \(row.b)")
                #expect(a &+ b == sum)
                actual = sum
            case "sub":
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                #expect(overflow == row.overflow, "sub overflow \(row.a) \(row.b)")
                #expect(a &- b == difference)
                actual = difference
            case "mul":
                let (product, overflow) = a.multipliedReportingOverflow(by: b)
                #expect(overflow == row.overflow, "mul overflow \(row.a) \(row.b)")
                let (high, low) = a.multipliedFullWidth(by: b)
                #expect(high == row.high && low == product, "mul full width \(row.a) \(row.b)")
                #expect(a &* b == product)
                actual = product
            case "div":
                let (quotient, overflow) = a.dividedReportingOverflow(by: b)
                #expect(overflow == b.isZero)
                actual = b.isZero ? 0 : quotient
                if !b.isZero {
                    #expect(a / b == quotient && a.quotientAndRemainder(dividingBy: b).quotient == quotient)
                }
            case "mod":
                let (remainder, overflow) = a.remainderReportingOverflow(dividingBy: b)
                #expect(overflow == b.isZero)
                actual = b.isZero ? 0 : remainder
                if !b.isZero {
                    #expect(a % b == remainder && a.quotientAndRemainder(dividingBy: b).remainder == remainder)
                }
            case "sdiv":
                // Swift reports min / −1 as overflow with partial value min, which is the EVM's answer.
                actual =
                    b.isZero
                    ? 0
                    : UInt256(
                        bitPattern: Self.signed(a).dividedReportingOverflow(by: Self.signed(b)).partialValue)
            case "smod":
                actual =
                    b.isZero
                    ? 0
                    : UInt256(
                        bitPattern: Self.signed(a).remainderReportingOverflow(dividingBy: Self.signed(b)).partialValue)
            case "exp":
                let (power, overflow) = a.powerReportingOverflow(b)
                #expect(overflow == row.overflow, "exp overflow \(row.a) \(row.b)")
                #expect(a.power(b) == power)
                actual = power
            case "shl": actual = a << b
            case "shr": actual = a >> b
            case "sar": actual = UInt256(bitPattern: Self.signed(a) >> b)
            case "and": actual = a & b
            case "or": actual = a | b
            case "xor": actual = a ^ b
            case "lt": actual = Self.bool(a < b)
            case "gt": actual = Self.bool(a > b)
            case "slt": actual = Self.bool(Self.signed(a) < Self.signed(b))
            case "sgt": actual = Self.bool(Self.signed(a) > Self.signed(b))
            case "eq": actual = Self.bool(a == b)
            default:
                Issue.record("unknown op \(row.op)")
                continue
            }
            #expect(actual == row.result, "\(row.op)(\(row.a.hexQuantity), \(row.b.hexQuantity))")
        }
    }

    @Test func signedDivisionMatchesSwiftOperatorsWhereDefined() {
        for row in Self.vectors.binary where row.op == "sdiv" || row.op == "smod" {
            let (a, b) = (Self.signed(row.a), Self.signed(row.b))
            guard !b.isZero, !(a == .min && b == -1) else { continue }
            let expected = Self.signed(row.result)
            #expect((row.op == "sdiv" ? a / b : a % b) == expected, "\(row.op)(\(a), \(b))")
        }
    }

    @Test func ternaryOperations() {
        for row in Self.vectors.ternary {
            let actual =
                row.op == "addmod" ? UInt256.addmod(row.a, row.b, row.m) : UInt256.mulmod(row.a, row.b, row.m)
            #expect(actual == row.result, "\(row.op)(\(row.a.hexQuantity), \(row.b.hexQuantity), \(row.m.hexQuantity))")
        }
    }

    @Test func valuesAsTextBytesAndBits() throws {
        for row in Self.vectors.values {
            let x = row.value
            #expect(x.description == row.decimal)
            #expect(try UInt256(parsing: row.decimal) == x)
            #expect(x.bigEndianBytes.hexString == row.bytes)
            #expect(x.minimalBigEndianBytes.hexString == row.minimal)
            #expect(try UInt256(bigEndianBytes: [UInt8](hex: row.minimal)) == x)
            #expect(try UInt256(bigEndianBytes: [UInt8](hex: row.bytes)) == x)
            #expect(x.leadingZeroBitCount == row.leadingZeroBitCount)
            #expect(x.trailingZeroBitCount == row.trailingZeroBitCount)
            #expect(x.nonzeroBitCount == row.nonzeroBitCount)
            #expect(x.byteSwapped == row.byteSwapped)
            #expect(UInt64(Double(x).bitPattern) == UInt64(row.doubleBits), "Double(\(x))")

            let s = Int256(bitPattern: x)
            #expect(s.description == row.signedDecimal)
            #expect(s.hexQuantity == row.signedHex)
            #expect(try Int256(parsing: row.signedDecimal) == s)
            #expect(try Int256(parsing: row.signedHex) == s)
            #expect(s.bigEndianBytes.hexString == row.bytes)
            #expect(s.minimalBigEndianBytes.hexString == row.signedMinimal)
            #expect(try Int256(bigEndianBytes: [UInt8](hex: row.signedMinimal)) == s)
            #expect(try Int256(bigEndianBytes: [UInt8](hex: row.bytes)) == s)
        }
    }

    @Test func acceptedText() throws {
        for row in Self.vectors.parses {
            if row.type == "UInt256" {
                #expect(try UInt256(parsing: row.text) == row.value, "\(row.text)")
                #expect(UInt256(row.text) == row.value)
                #expect(try UInt256(parsing: row.text).description == row.decimal)
            } else {
                #expect(try Int256(parsing: row.text) == Int256(bitPattern: row.value), "\(row.text)")
                #expect(try Int256(parsing: row.text).description == row.decimal)
            }
        }
    }

    /// The vectors name the error case; the full expected error is rebuilt from the row.
    static func expectedError(_ row: Vectors.ParseFailure) -> PrimitivesError {
        switch row.error {
        case "emptyNumber": .emptyNumber
        case "invalidNumber": .invalidNumber(row.text, offset: row.offset!)
        case "numberOutOfRange": .numberOutOfRange(row.text, type: row.type)
        case "nonCompactQuantity": .nonCompactQuantity(row.text)
        case "missingHexPrefix": .missingHexPrefix
        default: fatalError("unknown error \(row.error) in vectors")
        }
    }

    @Test func rejectedText() {
        for row in Self.vectors.parseFailures {
            let expected = Self.expectedError(row)
            switch (row.type, row.mode) {
            case ("UInt256", "parsing"):
                #expect(throws: expected, "\(row.text)") { try UInt256(parsing: row.text) }
                #expect(UInt256(row.text) == nil)
            case ("UInt256", "quantity"):
                #expect(throws: expected, "\(row.text)") { try UInt256(hexQuantity: row.text) }
            case ("Int256", "parsing"):
                #expect(throws: expected, "\(row.text)") { try Int256(parsing: row.text) }
                #expect(Int256(row.text) == nil)
            case ("Int256", "quantity"):
                #expect(throws: expected, "\(row.text)") { try Int256(hexQuantity: row.text) }
            default:
                Issue.record("unknown row kind \(row.type) \(row.mode)")
            }
        }
    }
}
