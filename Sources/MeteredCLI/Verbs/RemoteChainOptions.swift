import ArgumentParser
import Backend
import EthPrimitives
import Foundation
import JSONRPCClient
import ServiceLifecycle

/// The options of a service verb pointed at any JSON-RPC endpoint (`metered heartbeat`, `relayer`, `matchmaker`):
/// the node's URLs, the chain id it must serve, and where the contracts are.
struct RemoteChainOptions: ParsableArguments {
    @Option(
        name: .customLong("rpc-url"),
        help: ArgumentHelp(
            "The node's JSON-RPC URL; repeat it to fail over between several nodes.", valueName: "url"))
    var rpcURLs: [String] = ["http://127.0.0.1:8545"]

    @Option(
        name: .customLong("chain-id"),
        help: "The chain id the node must serve (default: whatever it serves, read with eth_chainId).")
    var chainID: UInt64?

    @Option(
        help: ArgumentHelp(
            "A deployments file shaped like contracts-abi/deployments.json (default: that file when it exists, "
                + "else the addresses built into metered).",
            valueName: "file"))
    var deployments: String?

    @Option(help: ArgumentHelp("The SessionEscrow address (overrides the deployments file).", valueName: "address"))
    var escrow: String?

    @Option(help: ArgumentHelp("The SessionCredential address (overrides the deployments file).", valueName: "address"))
    var credential: String?

    @Option(help: ArgumentHelp("The SessionRatings address (overrides the deployments file).", valueName: "address"))
    var ratings: String?

    /// The deployments file read when `--deployments` is not given and it exists.
    static let defaultDeploymentsFile = "contracts-abi/deployments.json"

    func validate() throws {
        if rpcURLs.isEmpty { throw UsageError("--rpc-url needs a URL") }
        for url in rpcURLs {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
                scheme == "http" || scheme == "https", parsed.host != nil
            else { throw UsageError("--rpc-url \(url) is not an http:// or https:// URL") }
        }
        for (name, value) in [("--escrow", escrow), ("--credential", credential), ("--ratings", ratings)] {
            if let value {
                do {
                    _ = try Address(hex: value)
                } catch {
                    throw UsageError("\(name): \(error)")
                }
            }
        }
    }

    /// A client of the node, its chain id, and the contracts on that chain.
    ///
    /// - Throws: a one-line error when the node cannot be reached, serves another chain than `--chain-id`, when no
    ///   deployments list the chain and the flags do not name every contract, or when the escrow has no code.
    func connect() async throws -> (client: JSONRPCClient, contracts: ContractAddresses) {
        let client = JSONRPCClient(urls: rpcURLs, options: .init(timeout: .seconds(15)))
        let served: UInt64
        do {
            served = try await client.chainID()
        } catch {
            throw UsageError("cannot read the chain id from \(rpcURLs.joined(separator: ", ")): \(error)")
        }
        if let chainID, chainID != served {
            throw UsageError("the node serves chain \(served), not --chain-id \(chainID)")
        }
        var contracts = try contractAddresses(chainID: served)
        if let escrow { contracts.escrow = try Address(hex: escrow) }
        if let credential { contracts.credential = try Address(hex: credential) }
        if let ratings { contracts.ratings = try Address(hex: ratings) }
        let code: [UInt8]
        do {
            code = try await client.code(at: contracts.escrow, block: .latest)
        } catch {
            throw UsageError("cannot read the escrow's code from the node: \(error)")
        }
        if code.isEmpty {
            throw UsageError(
                "no contract at the SessionEscrow address \(contracts.escrow) on chain \(served); give --escrow or "
                    + "--deployments")
        }
        return (client, contracts)
    }

    /// The contracts for `chainID`: from the flags when they name all three, else the deployments file, else the
    /// built-in deployments.
    private func contractAddresses(chainID: UInt64) throws -> ContractAddresses {
        if let escrow, let credential, let ratings {
            return ContractAddresses(
                chainID: chainID, escrow: try Address(hex: escrow), credential: try Address(hex: credential),
                ratings: try Address(hex: ratings))
        }
        if let deployments {
            return try ContractAddresses.load(deploymentsFile: deployments, chainID: chainID)
        }
        if FileManager.default.fileExists(atPath: Self.defaultDeploymentsFile),
            let found = try? ContractAddresses.load(deploymentsFile: Self.defaultDeploymentsFile, chainID: chainID)
        {
            return found
        }
        if let builtIn = ContractAddresses.builtIn(chainID: chainID) { return builtIn }
        throw UsageError(
            "no deployments list chain \(chainID); give --deployments <file>, or --escrow, --credential and --ratings")
    }

    /// `http://127.0.0.1:8545` or `a, b` for several URLs, for banners (without paths, which may hold API keys).
    var redactedURLs: String {
        rpcURLs.map { url in
            guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return url }
            return "\(scheme)://\(host)\(parsed.port.map { ":\($0)" } ?? "")"
        }.joined(separator: ", ")
    }
}

/// Runs one service verb's services in a group until SIGINT/SIGTERM (or the runner's shutdown).
enum ServiceVerbRunner {
    /// Runs `services` and turns a failure into a one-line error prefixed with the verb's name.
    static func run(
        _ services: [any Service], verb: String, console: ServiceConsole
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: console.handlesSignals ? [.sigterm, .sigint] : [],
                logger: console.logger(label: "metered.\(verb)")))
        do {
            try await group.run()
        } catch {
            throw UsageError("\(verb): \(ServiceErrors.oneLine(error))")
        }
    }
}
