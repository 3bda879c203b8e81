import ArgumentParser
import Backend
import ChainSim
import EthPrimitives
import Foundation
import Node

/// `metered up`: the whole backend on one machine (the local chain, the heartbeat, the relayer and the matchmaker).
struct Up: MeteredServiceVerb {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract:
            "Run the whole backend on one machine: the local chain, the heartbeat, the relayer and the matchmaker.",
        discussion: """
            The chain is the local node of `metered node` (the Metered genesis, automining), served over JSON-RPC; \
            the relayer signs with development account 1, a relayer of the escrow at genesis; the heartbeat hands \
            its start, stop and settle intents straight to the relayer. State lives under --data-dir: the chain's \
            journal (chain.json) and one SQLite file per service, so a restart resumes where the last run stopped. \
            Delete the directory to start afresh.

            Prints the development accounts and their keys (the well-known test keys: never use them on a real \
            network), the contract addresses and every endpoint, then serves until SIGINT or SIGTERM.

            Examples:
              metered up
              metered up --data-dir /tmp/metered --timeout 5 --webhook-secret-file secret.txt
              metered up --node-port 0 --heartbeat-port 0 --relayer-port 0 --matchmaker-port 0
            """
    )

    @Option(help: "The interface every service listens on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("node-port"), help: "The chain's JSON-RPC port (HTTP and WebSocket); 0 picks a free one.")
    var nodePort = 8545

    @Option(name: .customLong("heartbeat-port"), help: "The heartbeat's port; 0 picks a free one.")
    var heartbeatPort = 8600

    @Option(name: .customLong("relayer-port"), help: "The relayer's port; 0 picks a free one.")
    var relayerPort = 8601

    @Option(name: .customLong("matchmaker-port"), help: "The matchmaker's port; 0 picks a free one.")
    var matchmakerPort = 8602

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Where the chain's journal and the services' databases live.", valueName: "dir"))
    var dataDirectory = ".metered"

    @Option(name: .customLong("chain-id"), help: "The local chain's id.")
    var chainID: UInt64 = MeteredGenesis.chainID

    @Option(
        help: ArgumentHelp(
            "Seconds a participant may stay silent before the heartbeat stops an active session.", valueName: "seconds")
    )
    var timeout: Double = 10

    @Option(
        name: .customLong("webhook-secret-file"),
        help: ArgumentHelp(
            "The file holding the room webhooks' shared secret (HMAC-SHA256); without it webhooks are refused.",
            valueName: "file"))
    var webhookSecretFile: String?

    @Option(
        name: .customLong("siwe-domain"),
        help: ArgumentHelp(
            "The domain Sign-In with Ethereum messages must name (the web app's host[:port]).",
            valueName: "host"))
    var siweDomain = "localhost:3000"

    @Option(
        name: .customLong("genesis-timestamp"),
        help: "A new chain's genesis timestamp (default: now); ignored when the data directory holds a chain.")
    var genesisTimestamp: UInt64?

    init() {}

    func validate() throws {
        for (name, port) in [
            ("--node-port", nodePort), ("--heartbeat-port", heartbeatPort), ("--relayer-port", relayerPort),
            ("--matchmaker-port", matchmakerPort),
        ] where !(0...65_535).contains(port) {
            throw UsageError("\(name) must be 0…65535, got \(port)")
        }
        let fixed = [nodePort, heartbeatPort, relayerPort, matchmakerPort].filter { $0 != 0 }
        if Set(fixed).count != fixed.count { throw UsageError("each service needs its own port") }
        guard timeout > 0, timeout.isFinite else { throw UsageError("--timeout must be a positive number of seconds") }
        if dataDirectory.isEmpty { throw UsageError("--data-dir needs a directory path") }
        if siweDomain.isEmpty { throw UsageError("--siwe-domain needs a host") }
    }

    func serve(_ console: ServiceConsole) async throws {
        var configuration = UpConfiguration()
        configuration.host = host
        configuration.nodePort = nodePort
        configuration.heartbeatPort = heartbeatPort
        configuration.relayerPort = relayerPort
        configuration.matchmakerPort = matchmakerPort
        configuration.dataDirectory = dataDirectory
        configuration.chainID = chainID
        configuration.genesisTimestamp = genesisTimestamp
        configuration.timeout = timeout
        configuration.webhookSecretFile = webhookSecretFile
        configuration.siweDomain = siweDomain

        let backend: LocalBackend
        do {
            backend = try LocalBackend(configuration: configuration) { console.logger(label: $0) }
        } catch {
            throw UsageError("up: \(ServiceErrors.oneLine(error))")
        }
        if backend.resumed {
            console.log("Loaded the chain from \(configuration.chainStatePath): block \(backend.chain.blockNumber)")
        }
        do {
            try await backend.run(handlesSignals: console.handlesSignals) {
                endpoints in
                for line in Self.banner(backend: backend, endpoints: endpoints) { console.print(line) }
            }
        } catch {
            throw UsageError("up: \(ServiceErrors.oneLine(error))")
        }
        console.log("Saved the chain to \(configuration.chainStatePath): block \(backend.chain.blockNumber)")
    }

    /// What `metered up` prints once every service listens.
    static func banner(backend: LocalBackend, endpoints: UpEndpoints) -> [String] {
        let chain = backend.chain
        let configuration = backend.configuration
        var lines: [String] = [
            "Metered backend (\(LocalNode.defaultClientVersion)): chain, heartbeat, relayer, matchmaker", "",
        ]
        lines += ServiceBanner.accounts(chain: chain)
        lines += ["", "Contracts (chain \(configuration.chainID))", "==================", ""]
        lines += ServiceBanner.contracts(backend.contracts, relayer: backend.relayerAddress)
        let state =
            backend.resumed
            ? "resumed at block \(chain.blockNumber)" : "new chain, genesis \(chain.state.blocks[0].timestamp)"
        lines += [
            "", "Endpoints", "==================", "",
            "Chain JSON-RPC     \(endpoints.url(endpoints.node))  (ws://\(endpoints.host):\(endpoints.node))",
            "Heartbeat          \(endpoints.url(endpoints.heartbeat))  (POST /v1/ping, GET /v1/sessions/{id})",
            "Relayer            \(endpoints.url(endpoints.relayer))  (POST /v1/intents, GET /v1/intents/{key})",
            "Matchmaker         \(endpoints.url(endpoints.matchmaker))  (GET /v1/auth/nonce, POST /v1/match)",
            "",
            "Data directory     \(configuration.dataDirectory) (\(state))",
            "Heartbeat timeout  \(ServiceBanner.seconds(configuration.timeout))",
            "Room webhooks      "
                + (configuration.webhookSecretFile.map { "HMAC-SHA256 with the secret in \($0)" }
                    ?? "refused (no --webhook-secret-file)"),
            "SIWE domain        \(configuration.siweDomain)",
            "",
            "Ready. Stop with Ctrl-C (SIGINT) or SIGTERM; the chain is saved on the way out.",
        ]
        return lines
    }
}
