import ArgumentParser
import ChainSim
import EthPrimitives
import Foundation
import JSONRPC
import Node
import ServiceLifecycle

/// `metered node`: the local chain with the Metered genesis, served over JSON-RPC (HTTP and WebSocket).
struct NodeVerb: MeteredServiceVerb {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run the local chain: JSON-RPC over HTTP and WebSocket, with the Metered contracts at genesis.",
        discussion: """
            Prints the development accounts, their private keys (the well-known test keys: never use them on a \
            real network), the contract addresses and the endpoint, then serves until SIGINT or SIGTERM. Each \
            transaction is mined at once (automine) unless --block-time sets interval mining.

            With --state FILE, the chain is loaded from FILE when it exists and saved to it on exit.

            Examples:
              metered node
              metered node --port 8546 --block-time 2 --state .metered/chain.json
            """
    )

    @Option(help: "The interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free port).")
    var port = 8545

    @Option(name: .customLong("chain-id"), help: "The chain id transactions must be signed for.")
    var chainID: UInt64 = MeteredGenesis.chainID

    @Option(
        name: .customLong("block-time"),
        help: "Mine a block every N seconds instead of one per transaction (interval mining).")
    var blockTime: UInt64?

    @Option(help: "A state file: loaded on start when it exists, saved on exit.")
    var state: String?

    @Option(
        name: .customLong("genesis-timestamp"),
        help: "The genesis block's unix timestamp (default: now), for a chain that is the same on every run.")
    var genesisTimestamp: UInt64?

    init() {}

    func validate() throws {
        guard (0...65_535).contains(port) else { throw UsageError("--port must be 0…65535, got \(port)") }
        if let blockTime, blockTime == 0 { throw UsageError("--block-time must be at least 1 second") }
        if let state, state.isEmpty { throw UsageError("--state needs a file path") }
    }

    func serve(_ console: ServiceConsole) async throws {
        let config = LocalNode.meteredConfig(chainID: chainID, genesisTimestamp: genesisTimestamp)
        let clock = SystemUnixClock()
        let chain: Chain
        do {
            if let state, FileManager.default.fileExists(atPath: state) {
                chain = try Chain(loading: state, config: config, clock: clock)
                console.log("Loaded the chain from \(state): block \(chain.blockNumber)")
            } else {
                chain = try Chain(config: config, clock: clock)
            }
        } catch {
            // A state file that does not load is not a usage mistake: no pointer to --help.
            throw UsageError(error.description)
        }
        if let blockTime { chain.setIntervalMining(blockTime) }

        let logger = console.logger(label: "metered.node")
        let node = LocalNode(chain: chain) { method, error in
            logger.error("\(method) failed: \(error)")
        }
        let (server, miner) = node.services(
            configuration: .init(host: host, port: port, serverName: LocalNode.defaultClientVersion), logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [server, miner],
                gracefulShutdownSignals: console.handlesSignals ? [.sigterm, .sigint] : [],
                logger: logger))

        let outcome = await withTaskGroup(of: Result<Void, any Error>?.self) { tasks in
            tasks.addTask {
                do {
                    try await group.run()
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            tasks.addTask {
                guard let bound = await server.listeningPort() else { return nil }
                for line in Self.banner(chain: chain, host: host, port: bound) { console.print(line) }
                return .success(())
            }
            var outcome: (served: Bool, result: Result<Void, any Error>) = (false, .success(()))
            for await result in tasks {
                switch result {
                case nil: break
                case .success: outcome.served = true
                case .failure: outcome.result = result!
                }
            }
            return outcome
        }

        // A node that never listened changed nothing: its state file stays as it was (or absent).
        if let state, outcome.served {
            do {
                try chain.save(to: state)
            } catch {
                throw UsageError(error.description)
            }
            console.log("Saved the chain to \(state): block \(chain.blockNumber)")
        }
        if case .failure(let error) = outcome.result {
            throw UsageError("node: cannot serve on \(host):\(port): \(Self.reason(error))")
        }
    }

    /// What `metered node` prints once it listens.
    static func banner(chain: Chain, host: String, port: Int) -> [String] {
        let config = chain.config
        var lines: [String] = ["Metered local node (\(LocalNode.defaultClientVersion))", ""]
        lines += ["Available Accounts", "==================", ""]
        for (index, account) in config.devAccounts.enumerated() {
            let balance = (try? chain.balance(of: account.address)) ?? 0
            lines.append("(\(index)) \(account.address) (\(ether(balance)) ETH)")
        }
        lines += ["", "Private Keys", "==================", ""]
        for (index, account) in config.devAccounts.enumerated() {
            lines.append("(\(index)) \(account.privateKey.revealedHex())")
        }
        lines += [
            "", "Wallet", "==================",
            "Mnemonic:          \(ChainConfig.testMnemonic)",
            "Derivation path:   m/44'/60'/0'/0/",
            "",
            "WARNING: These accounts, and their private keys, are publicly known.",
            "Any funds sent to them on Mainnet or any other live network WILL BE LOST.",
            "", "Contracts", "==================", "",
        ]
        let width = (LocalNode.meteredContracts.map(\.name.count) + ["Relayer".count]).max() ?? 0
        for (name, address) in LocalNode.meteredContracts {
            lines.append(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + address.checksummed)
        }
        for relayer in MeteredGenesis.relayers {
            let index = MeteredGenesis.accounts.firstIndex(of: relayer).map { " (account \($0))" } ?? ""
            lines.append("Relayer".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(relayer)\(index)")
        }
        let mining =
            chain.intervalMining.map { "every \($0) s (interval mining)" } ?? "automine (one block per transaction)"
        lines += [
            "", "Chain ID", "==================", "", String(config.chainID),
            "", "Base Fee", "==================", "", chain.state.nextBaseFee.description,
            "", "Gas Limit", "==================", "", String(config.gasLimit),
            "", "Genesis Timestamp", "==================", "", String(chain.state.blocks[0].timestamp),
            "", "Mining", "==================", "", mining,
            "", "Listening on \(host):\(port) (http://\(host):\(port), ws://\(host):\(port))",
        ]
        return lines
    }

    /// Wei as ether with 18 decimals: `10000.000000000000000000`.
    static func ether(_ wei: UInt256) -> String {
        let unit = UInt256(1_000_000_000_000_000_000 as UInt64)
        let (whole, fraction) = wei.quotientAndRemainder(dividingBy: unit)
        let digits = fraction.description
        return "\(whole).\(String(repeating: "0", count: 18 - digits.count))\(digits)"
    }

    /// A short reason for a server that could not start (`address already in use`).
    private static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("EADDRINUSE") { return "address already in use" }
        return text.replacingOccurrences(of: "\n", with: " ")
    }
}
