import Foundation
import Hummingbird
public import JSONRPC
public import JSONRPCClient
public import Logging
public import ServiceLifecycle

/// Where and how a ``MatchmakerService`` runs.
public struct MatchmakerServiceConfiguration: Sendable {
    /// The interface to listen on.
    public var host: String = "127.0.0.1"
    /// The port (8602 by default, as `metered up` uses; 0 picks a free one).
    public var port: Int = 8602
    /// Where the SQLite database (`matchmaker.sqlite`) and the room signing key (`room-key.pem`) live.
    public var dataDirectory: String = ".metered"
    /// Keep the state in memory instead of SQLite (nothing survives a restart).
    public var inMemory: Bool = false
    /// How often the timed work runs (``Matchmaker/tick()``), in seconds of wall time.
    public var tickInterval: Double = 0.25
    /// The matchmaker's rules.
    public var matchmaker: MatchmakerConfig

    /// A configuration for `matchmaker`, with the defaults above.
    public init(matchmaker: MatchmakerConfig) {
        self.matchmaker = matchmaker
    }
}

/// The matchmaker as a swift-service-lifecycle `Service`: its HTTP face (Hummingbird) and the loop that runs
/// ``Matchmaker/tick()``, both stopping on graceful shutdown.
///
/// ```swift
/// let service = try MatchmakerService(configuration: .init(matchmaker: .init(domain: "localhost:3000")),
///                                     chain: reader, logger: logger)
/// try await ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
public struct MatchmakerService: Service {
    /// The matchmaker served.
    public let matchmaker: Matchmaker
    private let host: String
    private let port: Int
    private let tickInterval: Double
    private let logger: Logger
    private let onServerRunning: @Sendable (Int) async -> Void

    /// A service around an existing matchmaker.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens (useful with port 0).
    public init(
        matchmaker: Matchmaker, host: String = "127.0.0.1", port: Int = 8602, tickInterval: Double = 0.25,
        logger: Logger = Logger(label: "metered.matchmaker"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.matchmaker = matchmaker
        self.host = host
        self.port = port
        self.tickInterval = tickInterval
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// A service built from a configuration: a SQLite store under the data directory (or memory), the local
    /// room provider with its key file there, the system clock, and `chain` for on-chain reads.
    ///
    /// - Throws: ``MatchmakerError/storage(_:)`` or ``MatchmakerError/roomProviderFailed(_:)`` when the data
    ///   directory cannot be used.
    public init(
        configuration: MatchmakerServiceConfiguration, chain: any ChainReader, clock: any UnixClock = SystemUnixClock(),
        logger: Logger = Logger(label: "metered.matchmaker"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(MatchmakerError) {
        let store: any MatchmakerStore
        if configuration.inMemory {
            store = InMemoryMatchmakerStore()
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            } catch {
                throw .storage("cannot create \(configuration.dataDirectory): \(error)")
            }
            store = try SQLiteMatchmakerStore(path: configuration.dataDirectory + "/matchmaker.sqlite")
        }
        let rooms = try LocalRoomProvider(keyFile: configuration.dataDirectory + "/room-key.pem", clock: clock)
        let matchmaker = Matchmaker(
            config: configuration.matchmaker, store: store, chain: chain, rooms: rooms, clock: clock, logger: logger)
        self.init(
            matchmaker: matchmaker, host: configuration.host, port: configuration.port,
            tickInterval: configuration.tickInterval, logger: logger, onServerRunning: onServerRunning)
    }

    /// A service reading the chain at `rpcURLs` (JSON-RPC over HTTP, with failover between them) through
    /// ``RPCChainReader`` and the contracts of the configuration.
    ///
    /// - Throws: as ``init(configuration:chain:clock:logger:onServerRunning:)``.
    public init(
        configuration: MatchmakerServiceConfiguration, rpcURLs: [String], clock: any UnixClock = SystemUnixClock(),
        logger: Logger = Logger(label: "metered.matchmaker"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(MatchmakerError) {
        let reader = RPCChainReader(client: JSONRPCClient(urls: rpcURLs), contracts: configuration.matchmaker.contracts)
        try self.init(
            configuration: configuration, chain: reader, clock: clock, logger: logger, onServerRunning: onServerRunning)
    }

    /// Serves HTTP and runs the timed work until graceful shutdown (or cancellation).
    ///
    /// First checks that the chain is the configured one: a node on another chain id stops the service with
    /// ``MatchmakerError/chainUnavailable(_:)`` (sign-ins and deposits would be refused or lost there); a node that
    /// cannot be reached yet is logged and the service starts anyway (matching waits for it).
    public func run() async throws {
        do {
            let chainID = try await matchmaker.chain.chainID()
            guard chainID == matchmaker.config.chainID else {
                throw MatchmakerError.chainUnavailable(
                    "the node is on chain \(chainID), but the matchmaker is configured for chain \(matchmaker.config.chainID)"
                )
            }
        } catch let error as MatchmakerError {
            if case .chainUnavailable(let why) = error, why.hasPrefix("the node is on chain") { throw error }
            logger.warning("the chain cannot be read yet", metadata: ["error": "\(error)"])
        }
        let onServerRunning = self.onServerRunning
        let application = Application(
            router: MatchmakerRoutes.router(matchmaker),
            // Every online tutor holds a long-poll connection, so after a restart or a network blip hundreds of
            // clients connect at once; with the default backlog of 256 the kernel drops the excess SYNs and those
            // clients wait 1 s, 3 s, 7 s for their retransmissions. The kernel caps this at somaxconn.
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "metered-matchmaker", backlog: Self.listenBacklog),
            services: [MatchmakerTicker(matchmaker: matchmaker, interval: tickInterval)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await application.run()
    }
}

extension MatchmakerService {
    /// The listening socket's queue of pending connections (the kernel caps it at `net.core.somaxconn`).
    static let listenBacklog = 4096
}

/// Runs ``Matchmaker/tick()`` every `interval` seconds until graceful shutdown.
struct MatchmakerTicker: Service {
    let matchmaker: Matchmaker
    let interval: Double

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await matchmaker.tick()
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
        }
    }
}
