import EthPrimitives
import Foundation
import Testing

@testable import ABI

/// Ethereum's ABITests/basic_abi_tests.json: types, arguments (integers as JSON numbers, byte strings as text)
/// and the expected encoding.
@Suite struct EthereumTestsTests {
    @Test func basicABITests() throws {
        let url = ethereumTests.appendingPathComponent("ABITests/basic_abi_tests.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard case .object(let tests) = try loadJSON(url) else {
            Issue.record("basic_abi_tests.json is not an object")
            return
        }
        #expect(tests.count >= 3)
        for (name, test) in tests {
            let types = try test["types"]!.array.map { try ABIType(parsing: $0.string!) }
            let values = try zip(test["args"]!.array, types).map { argument, type in
                try value(argument, as: type)
            }
            let expected = try [UInt8](hex: test["result"]!.string!)
            #expect(try ABIEncoder.encode(values, as: types) == expected, "\(name)")
            #expect(try ABIDecoder.decode(types, from: expected) == values, "\(name)")
        }
    }

    /// The test's argument as a value: byte strings are given as their text, not as hex.
    private func value(_ argument: JSONValue, as type: ABIType) throws -> ABIValue {
        switch (type, argument) {
        case (.bytes, .string(let text)) where !text.hasPrefix("0x"):
            return .bytes(Array(text.utf8))
        case (.fixedBytes, .string(let text)) where !text.hasPrefix("0x"):
            return .fixedBytes(Array(text.utf8))
        default:
            return try ABIValue(json: argument, as: type)
        }
    }
}
