public import ChainSim
public import EthPrimitives
import Foundation
public import Heartbeat
public import JSONRPC
public import JSONRPCClient
public import Logging
public import Node
public import Relayer
public import ServiceLifecycle
import Synchronization

/// What `metered up` runs: ports, where state lives, and the heartbeat's settings.
public struct UpConfiguration: Sendable, Hashable {
    /// The interface every service listens on (loopback by default).
    public var host: String = "127.0.0.1"
    /// The chain's JSON-RPC port (HTTP and WebSocket); 0 picks a free one.
    public var nodePort: Int = 8545
    /// The heartbeat's port; 0 picks a free one.
    public var heartbeatPort: Int = 8600
    /// The relayer's port; 0 picks a free one.
    public var relayerPort: Int = 8601
    /// The matchmaker's port; 0 picks a free one.
    public var matchmakerPort: Int = 8602
    /// Where state lives: `chain.json` (the chain's journal), `heartbeat.sqlite`, `relayer.sqlite`,
    /// `matchmaker.sqlite` and the matchmaker's room key.
    public var dataDirectory: String = ".metered"
    /// The local chain's id.
    public var chainID: UInt64 = MeteredGenesis.chainID
    /// The genesis timestamp of a new chain (nil: the time it first starts). Ignored when the state file exists.
    public var genesisTimestamp: UInt64?
    /// How long a participant may stay silent before the heartbeat stops an active session, in seconds.
    public var timeout: Double = 10
    /// The file holding the room webhooks' shared secret; without one every webhook is refused (401).
    public var webhookSecretFile: String?
    /// The domain Sign-In with Ethereum messages must name (the web app's `host[:port]`).
    public var siweDomain: String = "localhost:3000"

    /// The defaults above.
    public init() {}

    /// The chain's state file: `<data directory>/chain.json`.
    public var chainStatePath: String { dataDirectory + "/chain.json" }
    /// The heartbeat's database: `<data directory>/heartbeat.sqlite`.
    public var heartbeatDatabasePath: String { dataDirectory + "/heartbeat.sqlite" }
    /// The relayer's outbox: `<data directory>/relayer.sqlite`.
    public var relayerDatabasePath: String { dataDirectory + "/relayer.sqlite" }
}

/// The ports the services listen on, once they all do.
public struct UpEndpoints: Sendable, Hashable {
    /// The interface.
    public var host: String
    /// The chain's JSON-RPC port.
    public var node: Int
    /// The heartbeat's port.
    public var heartbeat: Int
    /// The relayer's port.
    public var relayer: Int
    /// The matchmaker's port.
    public var matchmaker: Int

    /// `http://host:port` of a port.
    public func url(_ port: Int) -> String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

/// The whole backend on one machine, as `metered up` runs it: the local chain (ChainSim with the Metered genesis)
/// served over JSON-RPC, the heartbeat, the relayer and the matchmaker, each on its own port, in one `ServiceGroup`.
///
/// The services talk to the chain only through a ``JSONRPCClient/JSONRPCClient`` (over an in-process transport
/// into the node's dispatcher, the same methods a remote node answers), and the heartbeat hands its intents straight
/// to the relayer engine (its ``JSONRPC/IntentSink``). State lives under the data directory: the chain's journal,
/// saved after every burst of blocks and on shutdown, and one SQLite file per service, so a restart resumes.
public final class LocalBackend: Sendable {
    /// The configuration.
    public let configuration: UpConfiguration
    /// The chain.
    public let chain: Chain
    /// The node serving the chain.
    public let node: LocalNode
    /// The contracts of the Metered genesis on this chain.
    public let contracts: ContractAddresses
    /// The relayer's address (development account 1, a relayer of the escrow at genesis).
    public let relayerAddress: Address
    /// True when the chain was loaded from the data directory's state file rather than started afresh.
    public let resumed: Bool

    /// The relayer engine (the heartbeat's intent sink).
    public let relayer: RelayerEngine
    /// The heartbeat engine.
    public let heartbeat: HeartbeatEngine
    /// The services' client of the chain (in process, into the node's dispatcher).
    public let client: JSONRPCClient
    let clock: any UnixClock
    let logger: @Sendable (String) -> Logger

    /// Assembles the backend (opens the state, loads the chain); nothing listens until ``run(handlesSignals:onReady:)``.
    ///
    /// - Parameters:
    ///   - clock: the wall clock of the chain and every service.
    ///   - logger: the logger of each part, by label (`metered.node`, `metered.heartbeat`…).
    /// - Throws: ``BackendError`` when the data directory cannot be used or the webhook secret cannot be read;
    ///   ChainSim's error when the state file does not load (another chain id, an altered file); the services'
    ///   errors when their databases cannot be opened.
    public init(
        configuration: UpConfiguration, clock: any UnixClock = SystemUnixClock(),
        logger: @escaping @Sendable (String) -> Logger = { Logger(label: $0) }
    ) throws {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let directory = configuration.dataDirectory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BackendError.dataDirectory(path: directory, reason: error.localizedDescription)
        }

        let config = LocalNode.meteredConfig(
            chainID: configuration.chainID, genesisTimestamp: configuration.genesisTimestamp)
        if FileManager.default.fileExists(atPath: configuration.chainStatePath) {
            chain = try Chain(loading: configuration.chainStatePath, config: config, clock: clock)
            resumed = true
        } else {
            chain = try Chain(config: config, clock: clock)
            resumed = false
        }
        let nodeLogger = logger("metered.node")
        node = LocalNode(chain: chain) { method, error in nodeLogger.error("\(method) failed: \(error)") }
        contracts = ContractAddresses(
            chainID: configuration.chainID, escrow: MeteredGenesis.escrow, credential: MeteredGenesis.credential,
            ratings: MeteredGenesis.ratings, testToken: MeteredGenesis.testToken)

        let client = JSONRPCClient(transport: InProcessTransport(dispatcher: node.dispatcher))
        self.client = client
        let key = MeteredGenesis.devAccounts[1].privateKey
        relayerAddress = key.address
        relayer = try ServiceFactory.relayerEngine(
            key: key, client: client, contracts: contracts, databasePath: configuration.relayerDatabasePath,
            clock: clock, logger: logger("metered.relayer"))
        heartbeat = try ServiceFactory.heartbeatEngine(
            client: client, contracts: contracts, databasePath: configuration.heartbeatDatabasePath,
            timeout: configuration.timeout, webhookSecretFile: configuration.webhookSecretFile, sink: relayer,
            clock: clock, logger: logger("metered.heartbeat"))
    }

    /// Runs every service until graceful shutdown (SIGINT or SIGTERM when handled, or the group of the calling
    /// service shutting down) or until one of them fails; the chain's state is saved last.
    ///
    /// - Parameters:
    ///   - handlesSignals: whether SIGINT and SIGTERM stop the backend gracefully (in the executable; in tests, the
    ///     calling task is cancelled or its group shut down instead).
    ///   - onReady: called once, when every service listens, with their ports.
    /// - Throws: ``BackendError/portInUse(option:host:port:reason:)`` before anything starts when a port is taken;
    ///   else the first error that stopped a service (a database that cannot be written).
    public func run(
        handlesSignals: Bool = false, onReady: @escaping @Sendable (UpEndpoints) async -> Void
    ) async throws {
        let host = configuration.host
        try await PortProbe.ensureFree(
            [
                ("--node-port", configuration.nodePort), ("--heartbeat-port", configuration.heartbeatPort),
                ("--relayer-port", configuration.relayerPort), ("--matchmaker-port", configuration.matchmakerPort),
            ], host: host)
        let ports = ReadyPorts(host: host, onReady: onReady)
        let nodeLogger = logger("metered.node")
        let (server, miner) = node.services(
            configuration: .init(host: host, port: configuration.nodePort, serverName: LocalNode.defaultClientVersion),
            logger: nodeLogger)
        let saver = ChainStateSaver(chain: chain, path: configuration.chainStatePath, logger: nodeLogger)

        let relayerApplication = ServiceFactory.relayerApplication(
            engine: relayer, host: host, port: configuration.relayerPort, logger: logger("metered.relayer.http")
        ) { port in await ports.set(.relayer, port) }
        let heartbeatApplication = ServiceFactory.heartbeatApplication(
            engine: heartbeat, host: host, port: configuration.heartbeatPort, logger: logger("metered.heartbeat")
        ) { port in await ports.set(.heartbeat, port) }
        let matchmaker = try ServiceFactory.matchmakerService(
            client: client, contracts: contracts, dataDirectory: configuration.dataDirectory, host: host,
            port: configuration.matchmakerPort, siweDomain: configuration.siweDomain, clock: clock,
            logger: logger("metered.matchmaker")
        ) { port in await ports.set(.matchmaker, port) }

        let nodeWatcher = NodePortWatcher(server: server) { port in await ports.set(.node, port) }

        // A group stops its services in reverse order: the chain (and its last save) goes last.
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: saver), .init(service: server), .init(service: miner),
                    .init(service: nodeWatcher), .init(service: relayer), .init(service: relayerApplication),
                    .init(service: heartbeatApplication), .init(service: matchmaker),
                ],
                gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [], logger: logger("metered.up")))
        try await group.run()
    }
}

/// Tells ``ReadyPorts`` the node's port once its server listens, then waits for shutdown.
struct NodePortWatcher: Service {
    let server: JSONRPCServer
    let report: @Sendable (Int) async -> Void

    func run() async throws {
        if let port = await server.listeningPort() { await report(port) }
        try? await gracefulShutdown()
    }
}

/// Collects the four ports and calls `onReady` once all are known.
actor ReadyPorts {
    enum Part: Hashable {
        case node, heartbeat, relayer, matchmaker
    }

    private var ports: [Part: Int] = [:]
    private var reported = false
    private let host: String
    private let onReady: @Sendable (UpEndpoints) async -> Void

    init(host: String, onReady: @escaping @Sendable (UpEndpoints) async -> Void) {
        self.host = host
        self.onReady = onReady
    }

    func set(_ part: Part, _ port: Int) async {
        ports[part] = port
        guard !reported, let node = ports[.node], let heartbeat = ports[.heartbeat], let relayer = ports[.relayer],
            let matchmaker = ports[.matchmaker]
        else { return }
        reported = true
        await onReady(
            UpEndpoints(host: host, node: node, heartbeat: heartbeat, relayer: relayer, matchmaker: matchmaker))
    }
}
