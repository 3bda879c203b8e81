import ChainSim
import Contracts
import EthPrimitives
import Foundation

// The contract-behaviour vectors (vectors/contracts/*.json, format in vectors/contracts/README.md) as Swift values,
// and what replaying them needs: the genesis they describe, laid down on a `WorldState` through the models.

/// The package root, found from this file's path.
let modelsPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// One vector file.
struct ContractVector: Decodable, Sendable {
    var format: Int
    var name: String
    var description: String
    var genesis: Genesis
    var watched: Watched
    var steps: [Step]

    struct Genesis: Decodable, Sendable {
        var chainId: UInt64
        var timestamp: UInt64
        var accounts: [Account]
        var deployments: [Deployment]
        var relayers: [String]
        var owner: String
    }

    struct Account: Decodable, Sendable {
        var name: String
        var address: String
        var privateKey: String
        var balance: String
    }

    struct Deployment: Decodable, Sendable {
        var name: String
        var address: String
        var deployer: String
        var nonce: UInt64
        var constructorArgsEncoded: String
        /// The creation bytecode's path from the package root (the four contracts).
        var bytecode: String?
        var auxiliary: Bool?
        /// The complete init code (auxiliary contracts).
        var initcode: String?
        /// The code the deployment leaves (auxiliary contracts).
        var runtimeCode: String?
        var source: String?
    }

    struct Watched: Decodable, Sendable {
        var accounts: [String]
        var assets: [String]
    }

    struct Step: Decodable, Sendable {
        var timestamp: UInt64
        var from: String
        var to: String
        var value: String
        var data: String
        var call: Bool
        var note: String
        var function: String?
        var expect: Expect
    }

    struct Expect: Decodable, Sendable {
        var status: Int
        var returnData: String?
        var revertData: String?
        var revertReason: String?
        var logs: [Log]
        /// Account → asset → amount, decimal.
        var balances: [String: [String: String]]
    }

    struct Log: Decodable, Sendable {
        var address: String
        var topics: [String]
        var data: String
        var event: String?
    }
}

/// Loading the vector files.
enum ContractVectors {
    /// `vectors/contracts/`.
    static let directory = modelsPackageRoot.appendingPathComponent("vectors/contracts")

    /// Every vector file's stem, sorted: the test replays each of them.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// Reads `vectors/contracts/<name>.json`.
    static func load(_ name: String) throws -> ContractVector {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        return try JSONDecoder().decode(ContractVector.self, from: data)
    }
}

/// A failure of the replay harness itself (a vector it cannot read), as opposed to a mismatch it reports.
struct VectorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func parseAddress(_ text: String) throws -> Address { try Address(hex: text) }
func parseBytes(_ text: String) throws -> [UInt8] { try Hex.decode(text) }
func parseAmount(_ text: String) throws -> UInt256 {
    guard let value = UInt256(text, radix: 10) else { throw VectorError("not a decimal amount: \(text)") }
    return value
}

extension ContractVector.Deployment {
    /// The complete init code: the committed `.bin` followed by the encoded arguments, or the auxiliary
    /// contract's own init code.
    func initCode() throws -> [UInt8] {
        if let initcode { return try parseBytes(initcode) }
        guard let bytecode else { throw VectorError("deployment \(name) has neither bytecode nor initcode") }
        let text = try String(contentsOf: modelsPackageRoot.appendingPathComponent(bytecode), encoding: .utf8)
        return try parseBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)) + parseBytes(constructorArgsEncoded)
    }

    /// The code the deployment must leave: the committed runtime code plus the immutables Vyper appends (32-byte
    /// words: SessionCredential's escrow and `minSeconds`, SessionRatings' escrow), or the auxiliary contract's.
    func expectedRuntimeCode() throws -> [UInt8] {
        if let runtimeCode { return try parseBytes(runtimeCode) }
        guard let bytecode else { throw VectorError("deployment \(name) has neither bytecode nor runtimeCode") }
        let path = modelsPackageRoot.appendingPathComponent(bytecode + "-runtime")
        let runtime = try parseBytes(
            try String(contentsOf: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        let arguments = try parseBytes(constructorArgsEncoded)
        switch name {
        case "SessionCredential": return runtime + arguments.prefix(64)
        case "SessionRatings": return runtime + arguments.prefix(32)
        default: return runtime
        }
    }
}
