import EthPrimitives
import Foundation

@testable import ABI

/// Bytes from hex written one 32-byte word per line (spaces, newlines and `0x` prefixes ignored), as STYLE.md
/// asks ABI hex in tests to be written.
func words(_ text: String) -> [UInt8] {
    let digits = text.split(whereSeparator: \.isWhitespace).map { $0.hasPrefix("0x") ? $0.dropFirst(2) : $0 }.joined()
    return try! [UInt8](hex: digits)
}

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Ethereum's official test files, beside the package (`../shared/vectors/ethereum-tests`), when present.
let ethereumTests = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors/ethereum-tests")

/// Types from their names.
func types(_ names: String...) -> [ABIType] {
    names.map { try! ABIType(parsing: $0) }
}

func address(_ hex: String) -> Address { try! Address(hex: hex) }

/// A JSON file parsed with the module's exact-number JSON reader.
func loadJSON(_ url: URL) throws -> JSONValue {
    let text = try String(contentsOf: url, encoding: .utf8)
    var scanner = TextScanner(text)
    return try scanner.jsonValue(depth: 0)
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var array: [JSONValue] {
        guard case .array(let items) = self else { return [] }
        return items
    }

    var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var int: Int? {
        guard case .number(let digits) = self else { return nil }
        return Int(digits)
    }
}

/// The name of an error's case (`dirtyHighBits`), as the vectors name error kinds.
func kind(of error: ABIError) -> String {
    Mirror(reflecting: error).children.first?.label ?? "\(error)"
}

/// The `offset` an error carries, if it has one.
func offset(of error: ABIError) -> Int? {
    guard let payload = Mirror(reflecting: error).children.first?.value else { return nil }
    return Mirror(reflecting: payload).children.first { $0.label == "offset" }?.value as? Int
}
