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

extension RLPItem {
    /// The item a JSON value (from `JSONSerialization`) stands for: "0x…" strings are byte strings, arrays are
    /// lists. Anything else is a broken fixture.
    init(json: Any) throws {
        switch json {
        case let text as String: self = RLPItem(try [UInt8](hex: text))
        case let array as [Any]: self = .list(try array.map { try RLPItem(json: $0) })
        default: throw FixtureError("not a hex string or an array: \(json)")
        }
    }
}

/// A malformed test fixture.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
