import Foundation
public import Heartbeat
import Hummingbird
public import JSONRPC
public import JSONRPCClient
public import Logging
public import Matchmaker
public import Relayer
public import Secp256k1
public import ServiceLifecycle

/// Builds each service the way `metered up` and the single-service verbs (`metered heartbeat`, `relayer`,
/// `matchmaker`) run it: over a ``JSONRPCClient/JSONRPCClient`` to any node, the contracts at ``ContractAddresses``,
/// state in SQLite files.
public enum ServiceFactory {
    /// The heartbeat's engine: pings signed for the escrow's EIP-712 domain, sessions read from the escrow through
    /// `client`, intents handed to `sink`, state in the SQLite file at `databasePath`.
    ///
    /// - Parameters:
    ///   - timeout: seconds a participant may stay silent before an active session is stopped.
    ///   - webhookSecretFile: the room webhooks' shared secret; nil refuses every webhook.
    ///   - sink: the relayer (its engine in process, a ``RelayerHTTPSink`` when it runs apart).
    /// - Throws: ``Heartbeat/HeartbeatError`` when the secret file cannot be read or is empty; GRDB's error when the
    ///   database cannot be opened.
    public static func heartbeatEngine(
        client: JSONRPCClient, contracts: ContractAddresses, databasePath: String, timeout: Double,
        webhookSecretFile: String?, sink: any IntentSink, clock: any UnixClock, logger: Logger
    ) throws -> HeartbeatEngine {
        let secret = try webhookSecretFile.map { path throws in try WebhookSecret(contentsOfFile: path) }
        return HeartbeatEngine(
            configuration: HeartbeatConfiguration(
                domain: HeartbeatDomain(chainID: contracts.chainID, escrow: contracts.escrow), timeout: timeout),
            store: try SQLiteHeartbeatStore(path: databasePath),
            directory: ChainAdapters.sessionDirectory(client: client, contracts: contracts, clock: clock),
            sink: sink, clock: clock, webhookSecret: secret, logger: logger)
    }

    /// The heartbeat's HTTP face and its timer (``Heartbeat/HeartbeatService``) as one service.
    ///
    /// - Parameter onServerRunning: told the bound port once the server listens (port 0 picks a free one).
    public static func heartbeatApplication(
        engine: HeartbeatEngine, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        Application(
            router: HeartbeatHTTP.makeRouter(engine: engine),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "metered-heartbeat"),
            services: [HeartbeatService(engine: engine, logger: logger)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The relayer's engine: signs with `key` for the escrow, keeps its outbox in the SQLite file at
    /// `databasePath`, talks to the chain through `client`.
    ///
    /// - Parameter fees: the fee policy, with its cap.
    /// - Throws: ``Relayer/RelayerError/outboxUnavailable(_:)`` when the outbox cannot be opened.
    public static func relayerEngine(
        key: PrivateKey, client: JSONRPCClient, contracts: ContractAddresses, databasePath: String,
        fees: FeePolicy = FeePolicy(), clock: any UnixClock, logger: Logger
    ) throws -> RelayerEngine {
        RelayerEngine(
            key: key, client: client, outbox: try Outbox(path: databasePath),
            configuration: RelayerConfiguration(chainID: contracts.chainID, escrow: contracts.escrow, fees: fees),
            clock: clock, logger: logger)
    }

    /// The relayer's HTTP face (`POST /v1/intents`, `GET /v1/intents/{key}`, health, metrics).
    ///
    /// - Parameter onServerRunning: told the bound port once the server listens.
    public static func relayerApplication(
        engine: RelayerEngine, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        RelayerHTTP.application(
            engine: engine, host: host, port: port, logger: logger, onServerRunning: onServerRunning)
    }

    /// The matchmaker with its HTTP face: Sign-In with Ethereum for `siweDomain`, state and the room key under
    /// `dataDirectory`, on-chain reads through `client`.
    ///
    /// - Parameter onServerRunning: told the bound port once the server listens.
    /// - Throws: ``Matchmaker/MatchmakerError`` when the data directory, the database or the room key cannot be used.
    public static func matchmakerService(
        client: JSONRPCClient, contracts: ContractAddresses, dataDirectory: String, host: String, port: Int,
        siweDomain: String, clock: any UnixClock, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> MatchmakerService {
        var configuration = MatchmakerServiceConfiguration(
            matchmaker: MatchmakerConfig(
                domain: siweDomain, chainID: contracts.chainID,
                contracts: contracts.matchmakerContracts))
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        return try MatchmakerService(
            configuration: configuration,
            chain: ChainAdapters.chainReader(client: client, contracts: contracts), clock: clock,
            logger: logger, onServerRunning: onServerRunning)
    }
}
