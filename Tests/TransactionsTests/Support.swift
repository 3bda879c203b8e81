import EthPrimitives
import Foundation
import Transactions

/// Paths and small helpers shared by the transaction tests.
enum Fixtures {
    /// The package root, found from this file's path (Tests/TransactionsTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Ethereum's test files, beside the package (`../shared/vectors/ethereum-tests`), when that folder exists.
    static let ethereumTests = packageRoot.appendingPathComponent("../shared/vectors/ethereum-tests").standardized

    /// True when Ethereum's test files are there to read.
    static var haveEthereumTests: Bool { FileManager.default.fileExists(atPath: ethereumTests.path) }

    /// The parsed JSON at `url`.
    static func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
    }

    /// The parsed JSON of a file under vectors/.
    static func vectors(_ name: String) throws -> Any {
        try json(packageRoot.appendingPathComponent("vectors").appendingPathComponent(name))
    }
}

/// Bytes from hex text, for test tables.
func hex(_ text: String) -> [UInt8] {
    try! [UInt8](hex: text)
}

/// A malformed test fixture.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
