import ABI
import EthPrimitives
import Foundation

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
