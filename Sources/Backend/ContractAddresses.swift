import Contracts
public import EthPrimitives
import Foundation

/// Where the Metered contracts live on one chain: what the services need to know besides the node's URL.
///
/// Read from a deployments file shaped like `contracts-abi/deployments.json` (an object keyed by chain id, each with
/// `contracts.<Name>.address` and `relayers`), or from the deployments compiled into the `Contracts` module, and
/// overridden one by one by command-line flags.
public struct ContractAddresses: Sendable, Hashable {
    /// The chain these addresses are on.
    public var chainID: UInt64
    /// `SessionEscrow`: deposits, sessions, settlement; the heartbeat's EIP-712 `verifyingContract`.
    public var escrow: Address
    /// `SessionCredential`: the soulbound credentials.
    public var credential: Address
    /// `SessionRatings`: the ratings.
    public var ratings: Address
    /// `TestToken`: the faucet ERC-20 of local and test chains, nil where none is deployed.
    public var testToken: Address?
    /// The block the contracts were deployed in (0 when unknown): history queries (credentials minted) start there.
    public var deploymentBlock: UInt64

    /// Addresses given one by one.
    public init(
        chainID: UInt64, escrow: Address, credential: Address, ratings: Address, testToken: Address? = nil,
        deploymentBlock: UInt64 = 0
    ) {
        self.chainID = chainID
        self.deploymentBlock = deploymentBlock
        self.escrow = escrow
        self.credential = credential
        self.ratings = ratings
        self.testToken = testToken
    }

    /// The local chain's contracts (chain 31337, the Metered genesis of `metered node` and `metered up`).
    public static var local: ContractAddresses {
        let chain = Deployments.chain31337
        return ContractAddresses(
            chainID: chain.chainId, escrow: chain.sessionEscrow, credential: chain.sessionCredential,
            ratings: chain.sessionRatings, testToken: chain.testToken)
    }

    /// The addresses compiled into the `Contracts` module for `chainID`, nil when it lists none.
    public static func builtIn(chainID: UInt64) -> ContractAddresses? {
        Deployments.chain(id: chainID).map {
            ContractAddresses(
                chainID: chainID, escrow: $0.sessionEscrow, credential: $0.sessionCredential,
                ratings: $0.sessionRatings, testToken: $0.testToken)
        }
    }

    /// The addresses a deployments file lists for `chainID`.
    ///
    /// - Parameters:
    ///   - path: a JSON file shaped like `contracts-abi/deployments.json`.
    ///   - chainID: the chain whose entry to read.
    /// An entry may say where history starts with `"deploymentBlock"` (a number); 0 otherwise.
    ///
    /// - Throws: ``BackendError/deployments(_:)`` when the file cannot be read or parsed, has no entry for
    ///   `chainID`, or lacks one of SessionEscrow, SessionCredential and SessionRatings.
    public static func load(deploymentsFile path: String, chainID: UInt64) throws(BackendError) -> ContractAddresses {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .deployments("cannot read the deployments file \(path)")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .deployments("the deployments file \(path) is not JSON: \(error.localizedDescription)")
        }
        guard let chains = root as? [String: Any] else {
            throw .deployments("the deployments file \(path) is not an object keyed by chain id")
        }
        guard let entry = chains[String(chainID)] as? [String: Any] else {
            let known = chains.keys.sorted().joined(separator: ", ")
            throw .deployments(
                "the deployments file \(path) lists no contracts for chain \(chainID) (it has: \(known.isEmpty ? "none" : known)); "
                    + "give the addresses with --escrow, --credential and --ratings")
        }
        let contracts = entry["contracts"] as? [String: Any] ?? [:]
        func address(_ name: String, required: Bool) throws(BackendError) -> Address? {
            guard let text = (contracts[name] as? [String: Any])?["address"] as? String else {
                if required {
                    throw .deployments("the deployments file \(path) has no \(name) address for chain \(chainID)")
                }
                return nil
            }
            do {
                return try Address(hex: text)
            } catch {
                throw .deployments("the deployments file \(path) has an invalid \(name) address \(text): \(error)")
            }
        }
        return ContractAddresses(
            chainID: chainID, escrow: try address("SessionEscrow", required: true)!,
            credential: try address("SessionCredential", required: true)!,
            ratings: try address("SessionRatings", required: true)!,
            testToken: try address("TestToken", required: false),
            deploymentBlock: (entry["deploymentBlock"] as? NSNumber)?.uint64Value ?? 0)
    }
}
