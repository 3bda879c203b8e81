import EthPrimitives
import Foundation
import Testing

@testable import ABI

/// Replays vectors/abi.json (tools/vectors/gen_abi.py: eth-abi, eth-utils, web3).
@Suite struct VectorTests {
    static let file = try! loadJSON(packageRoot.appendingPathComponent("vectors/abi.json"))

    struct EncodeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let types: [String]
        let values: [String]
        let encoded: String
        let packed: String?
        let packable: Bool
        var testDescription: String { name }
    }

    static let encodeCases: [EncodeCase] = file["encode"]!.array.map { row in
        EncodeCase(
            name: row["name"]!.string!, types: row["types"]!.array.map { $0.string! },
            values: row["values"]!.array.map(\.text), encoded: row["encoded"]!.string!,
            packed: row["packed"]?.string, packable: row["packable"] == .bool(true))
    }

    @Test(arguments: encodeCases)
    func encodesAndDecodes(_ row: EncodeCase) throws {
        let types = try row.types.map { try ABIType(parsing: $0) }
        #expect(types.map(\.description) == row.types)
        let values = try zip(row.values, types).map { try ABIValue(json: $0, as: $1) }
        let encoded = try [UInt8](hex: row.encoded)
        #expect(try ABIEncoder.encode(values, as: types) == encoded)
        let decoded = try ABIDecoder.decode(types, from: encoded)
        #expect(decoded == values)
        #expect(decoded.map(\.json) == row.values)
        #expect(try ABIDecoder.decode(types, from: encoded, mode: .lenient) == values)
        if !row.packable {
            #expect(throws: ABIError.self) { try ABIEncoder.encodePacked(values, as: types) }
        } else if let packed = row.packed {
            #expect(try ABIEncoder.encodePacked(values, as: types) == (try [UInt8](hex: packed)))
        } else {
            _ = try ABIEncoder.encodePacked(values, as: types)
        }
    }

    struct FailureCase: CustomTestStringConvertible, Sendable {
        let name: String
        let types: [String]
        let data: String
        let strict: String
        let offset: Int?
        let lenient: String?
        let lenientValues: [String]?
        var testDescription: String { name }
    }

    static let failureCases: [FailureCase] = file["decodeFailures"]!.array.map { row in
        FailureCase(
            name: row["name"]!.string!, types: row["types"]!.array.map { $0.string! }, data: row["data"]!.string!,
            strict: row["strict"]!.string!, offset: row["offset"]?.int, lenient: row["lenient"]?.string,
            lenientValues: row["lenientValues"]?.array.map(\.text))
    }

    @Test(arguments: failureCases)
    func refusesBadEncodings(_ row: FailureCase) throws {
        let types = try row.types.map { try ABIType(parsing: $0) }
        let data = try [UInt8](hex: row.data)
        do {
            let values = try ABIDecoder.decode(types, from: data)
            Issue.record("strict decoding accepted \(row.name): \(ABIValue.json(values))")
        } catch {
            #expect(kind(of: error) == row.strict, "\(error)")
            if let expected = row.offset { #expect(offset(of: error) == expected, "\(error)") }
            #expect(error.description.hasPrefix("abi: "))
        }
        if let lenient = row.lenient {
            #expect(throws: ABIError.self) { try ABIDecoder.decode(types, from: data, mode: .lenient) }
            do {
                _ = try ABIDecoder.decode(types, from: data, mode: .lenient)
            } catch {
                #expect(kind(of: error) == lenient, "\(error)")
            }
        } else if let expected = row.lenientValues {
            let values = try ABIDecoder.decode(types, from: data, mode: .lenient)
            #expect(values.map(\.json) == expected)
        }
    }

    struct SignatureCase: CustomTestStringConvertible, Sendable {
        let kind: String
        let signature: String
        let selector: String
        let topic: String
        var testDescription: String { signature }
    }

    static let signatureCases: [SignatureCase] = file["selectors"]!.array.map { row in
        SignatureCase(
            kind: row["kind"]!.string!, signature: row["signature"]!.string!, selector: row["selector"]!.string!,
            topic: row["topic"]!.string!)
    }

    @Test(arguments: signatureCases)
    func selectorsAndTopics(_ row: SignatureCase) throws {
        switch row.kind {
        case "event":
            let event = try ABIEvent(parsing: row.signature)
            #expect(event.signature == row.signature)
            #expect(event.topic == (try Hash(hex: row.topic)))
        case "error":
            let error = try ABICustomError(parsing: row.signature)
            #expect(error.signature == row.signature)
            #expect(error.selector == (try Selector(hex: row.selector)))
        default:
            let function = try ABIFunction(parsing: row.signature)
            #expect(function.signature == row.signature)
            #expect(function.selector == (try Selector(hex: row.selector)))
        }
        #expect(ABIFunction.selector(of: row.signature) == (try Selector(hex: row.selector)))
    }

    @Test func vectorsAreThere() {
        #expect(Self.encodeCases.count >= 400)
        #expect(Self.failureCases.count >= 40)
        #expect(Self.encodeCases.contains { $0.packed != nil && $0.types.contains { $0.hasSuffix("]") } })
    }
}
