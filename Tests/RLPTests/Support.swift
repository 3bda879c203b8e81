import EthPrimitives
import Foundation
import RLP

/// Paths and small helpers shared by the RLP tests.
enum Fixtures {
    /// The package root, found from this file's path (Tests/RLPTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Ethereum's test files, beside the package (`../shared/vectors/ethereum-tests`), when that folder exists.
    static let ethereumTests = packageRoot.appendingPathComponent("../shared/vectors/ethereum-tests").standardized

    /// The parsed JSON at `url`.
    static func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
    }

    /// The JSON of an Ethereum test file, or nil when the shared folder is absent.
    static func ethereumTest(_ relativePath: String) throws -> Any? {
        let url = ethereumTests.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try json(url)
    }
}

/// Bytes from hex text, for test tables.
func hex(_ text: String) -> [UInt8] {
    try! [UInt8](hex: text)
}

/// A byte string item from ASCII text.
func item(_ text: String) -> RLPItem {
    RLPItem(Array(text.utf8))
}
