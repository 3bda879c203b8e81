import ChainSim
import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import JSONRPCClient
import Logging
import Node
import Relayer
import Synchronization
import Testing

/// The node stopped and restarted under the relayer (issue 7 item 5): every stop must still land exactly once.
///
/// A real `Node` JSON-RPC server (``LocalNode`` behind ``JSONRPCServer``, on loopback) serves a ChainSim chain that
/// mines the pool every 15 ms, as a node with a short block time does; the relayer engine runs as a service against
/// it through a real HTTP ``JSONRPCClient``. Thirty sessions are deposited and started, twenty `stopAt` intents are
/// submitted, and the node is stopped mid-flight: right after it has taken its eighth relayer transaction (the
/// first four are mined in a block of their own; from the eighth on it mines nothing, so what it took last is
/// still in its pool, and the later intents are not sent yet). The chain is saved to a state file as
/// `metered node --state` does on exit, ten more intents are submitted while the node is down, the relayer polls
/// the dead node a few times, and a new chain is loaded from the file (`Chain(loading:)`) and served on the same
/// port: a real restart from the state file.
///
/// - **pool kept**: the state file's journal holds the pending transactions, so the restarted node has them again;
///   the relayer's re-sends are answered `already known`.
/// - **pool lost**: the pending transactions are cut from the file before it is loaded, as a node that does not
///   journal its pool comes back; the relayer must send the stored signed bytes again (the same hashes are mined,
///   nothing is signed anew) without waiting for `rebroadcastAfter` (120 s here, as by default).
///
/// Either way: every intent confirmed, exactly one successful `stopSessionAt` per session mined, no revert, no
/// other relayer transaction (no replacement, no gap fill), each session settled at the `endedAt` asked for.
@Suite(.serialized) struct RelayerNodeRestartTests {
    enum Pool: String, CustomTestStringConvertible, Sendable {
        case kept, lost
        var testDescription: String { "pool \(rawValue)" }
    }

    static let sessions = 30
    static let submittedBeforeTheStop = 20
    static let sendsBeforeTheStop = 8

    @Test(.timeLimit(.minutes(1)), arguments: [Pool.kept, .lost])
    func everyStopLandsExactlyOnceAcrossANodeRestart(pool: Pool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relayer-node-restart-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let statePath = directory.appendingPathComponent("chain.json").path
        let config = RelayerHarness.chainConfig(automine: false)

        // Thirty sessions deposited and started, then a minute passes so every endedAt asked for is in the past.
        let chain = try Chain(config: config, clock: SystemUnixClock())
        let ids = try RelayerCrashTests.openSessions(Self.sessions, on: chain)
        while chain.state.pool.count > 0 { try chain.mine() }
        chain.increaseTime(by: 60)
        try chain.mine()
        let intents = try ids.enumerated().map { index, id in
            let startedAt = UInt64(try RelayerCrashTests.session(id, on: chain).startedAt)
            return SessionIntent(action: .stopAt, sessionID: id, endedAt: startedAt + UInt64(index % 40))
        }

        // The first life of the node: it stops itself after its eighth relayer transaction.
        let first = try await ServedNode.start(chain: chain, port: 0, stopAfterSends: Self.sendsBeforeTheStop)
        let port = first.port
        let client = JSONRPCClient(
            urls: ["http://127.0.0.1:\(port)"],
            options: .init(
                timeout: .seconds(2), connectTimeout: .milliseconds(500), maximumRetries: 1,
                initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(40)))
        var configuration = RelayerHarness.defaultConfiguration()
        configuration.pollInterval = .milliseconds(20)
        configuration.backoff = Backoff(base: 0.02, maximum: 0.1)
        #expect(configuration.rebroadcastAfter == 120, "the relayer must not lean on the rebroadcast timer")
        let outbox = try Outbox()
        let engine = RelayerEngine(
            key: RelayerHarness.relayerKey, client: client, outbox: outbox, configuration: configuration,
            logger: RelayerHarness.logger, jitterSeed: 5)
        let relayer = Task { try await engine.run() }

        for intent in intents.prefix(Self.submittedBeforeTheStop) { _ = try await engine.submit(intent) }
        try await first.stopped(within: .seconds(20))
        let blocksBeforeTheStop = chain.blockNumber
        let pendingAtTheStop = chain.state.pool.count
        // The stop fell mid-flight: some stops were mined, some taken but not mined, some not sent at all.
        #expect(pendingAtTheStop >= 1)
        #expect(try Self.settled(ids, on: chain) >= 1)
        #expect(try Self.settled(ids, on: chain) < Self.submittedBeforeTheStop)

        // The node's process exits: its state file is written. Intents keep coming while it is down.
        try chain.save(to: statePath)
        for intent in intents.dropFirst(Self.submittedBeforeTheStop) { _ = try await engine.submit(intent) }
        // The relayer polls the dead node a few times.
        let failuresBefore = await engine.health().consecutiveFailures
        try await Self.until(.seconds(20), "the relayer to notice the node is down") {
            await engine.health().consecutiveFailures >= failuresBefore + 3
        }

        var dropped: [Hash] = []
        if pool == .lost { dropped = try Self.dropPool(atPath: statePath) }
        let restarted = try Chain(loading: statePath, config: config, clock: SystemUnixClock())
        #expect(restarted.blockNumber == blocksBeforeTheStop)
        switch pool {
        case .kept:
            #expect(restarted.state.pool.count == pendingAtTheStop)
        case .lost:
            #expect(restarted.state.pool.count == 0)
            #expect(dropped.count == pendingAtTheStop)
        }
        let second = try await ServedNode.start(chain: restarted, port: port, stopAfterSends: nil)

        try await Self.until(.seconds(30), "every intent confirmed") {
            (try? await outbox.countsByState()[.confirmed]) == Self.sessions
        }
        relayer.cancel()
        _ = await relayer.result
        try await second.stop()

        // Every session settled at the moment its intent asked for.
        for (id, intent) in zip(ids, intents) {
            let record = try RelayerCrashTests.session(id, on: restarted)
            #expect(record.status == 3, "session \(id)")
            #expect(record.endedAt == UInt256(intent.endedAt!), "session \(id)")
        }
        // Exactly one stopSessionAt per session was mined, none reverted, and the relayer sent nothing else.
        var stopsBySession: [UInt256: Int] = [:]
        var relayerTransactions = 0
        for number in 0...restarted.blockNumber {
            guard case .full(let transactions)? = restarted.block(number: number, fullTransactions: true)?.transactions
            else { continue }
            for transaction in transactions where transaction.from == RelayerHarness.relayer {
                relayerTransactions += 1
                #expect(restarted.receipt(hash: transaction.hash)?.status == 1, "reverted: \(transaction.hash)")
                if let call = try? SessionEscrow.StopSessionAt.decode(calldata: transaction.input.bytes) {
                    stopsBySession[call.sessionId, default: 0] += 1
                }
            }
        }
        #expect(relayerTransactions == Self.sessions)
        #expect(stopsBySession.count == Self.sessions)
        #expect(stopsBySession.values.allSatisfy { $0 == 1 }, "duplicates: \(stopsBySession.filter { $0.value > 1 })")
        // The outbox agrees, and holds one transaction per intent: nothing was replaced or signed again.
        let records = try await outbox.intents()
        #expect(records.count == Self.sessions)
        #expect(records.allSatisfy { $0.state == .confirmed })
        for record in records {
            let transactions = try await outbox.transactions(intentKey: record.key)
            #expect(transactions.count == 1, "\(record.key): \(transactions.count) transactions")
            #expect(transactions.first?.hash == record.minedHash, "\(record.key)")
        }
        let sends = Self.sends(engine.metrics.exposition())
        #expect(sends["replacement", default: 0] == 0)
        #expect(sends["gap_fill", default: 0] == 0)
        if pool == .lost {
            // What the node lost was sent again from the stored bytes, as soon as the node was back: the very
            // transactions it had taken were mined.
            for hash in dropped { #expect(restarted.receipt(hash: hash)?.status == 1, "lost \(hash) not mined") }
            #expect(sends["reconnect", default: 0] >= dropped.count)
        }
    }

    // MARK: - Helpers

    /// Sessions of `ids` settled on `chain`.
    static func settled(_ ids: [UInt256], on chain: Chain) throws -> Int {
        try ids.filter { try RelayerCrashTests.session($0, on: chain).status == 3 }.count
    }

    /// Cuts the pending transactions (admitted, never mined) from the state file at `path`, as a node that does not
    /// journal its pool loses them; returns their hashes.
    static func dropPool(atPath path: String) throws -> [Hash] {
        var file = try StateFile.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        var mined: Set<Hash> = []
        for case .block(_, let transactions) in file.inputs { mined.formUnion(transactions) }
        var dropped: [Hash] = []
        file.inputs.removeAll { input in
            guard case .transaction(let raw) = input else { return false }
            let hash = Keccak256.hash(raw)
            guard !mined.contains(hash) else { return false }
            dropped.append(hash)
            return true
        }
        try file.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        return dropped
    }

    /// `relayer_transactions_sent_total` by `kind`, read from the Prometheus text.
    static func sends(_ exposition: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in exposition.split(separator: "\n") where line.hasPrefix("relayer_transactions_sent_total{") {
            guard let open = line.range(of: #"kind=""#), let close = line[open.upperBound...].firstIndex(of: "\""),
                let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            counts[String(line[open.upperBound..<close]), default: 0] += Int(value)
        }
        return counts
    }

    /// Polls `condition` every 10 ms until it holds; fails after `limit`.
    static func until(
        _ limit: Duration, _ what: String, _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RestartTestError("gave up waiting \(limit) for \(what)")
    }

    struct RestartTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// One life of a node: a ``LocalNode`` served over HTTP on loopback, and a miner that mines the pool every 15 ms.
///
/// With `stopAfterSends`, the node's `eth_sendRawTransaction` counts what it is sent: halfway there it mines a block
/// at once (so some transactions are mined before the stop however fast the relayer is), and on that call it stops
/// mining (so that transaction and any later one stay pending) and tells ``stopped(within:)`` to shut the node down.
final class ServedNode: Sendable {
    let port: Int
    private let server: Task<Void, any Error>
    private let miner: Task<Void, Never>
    private let stopSignal: AsyncStream<Void>

    private init(port: Int, server: Task<Void, any Error>, miner: Task<Void, Never>, stopSignal: AsyncStream<Void>) {
        self.port = port
        self.server = server
        self.miner = miner
        self.stopSignal = stopSignal
    }

    /// Serves `chain` on `port` (0: a free one) and starts mining.
    static func start(chain: Chain, port: Int, stopAfterSends: Int?) async throws -> ServedNode {
        let node = LocalNode(chain: chain)
        let (stopSignal, signal) = AsyncStream<Void>.makeStream()
        let frozen = Atomic<Bool>(false)
        let sends = Atomic<Int>(0)
        var dispatcher = node.dispatcher
        if let stopAfterSends {
            dispatcher.register("eth_sendRawTransaction") { (raw: HexBytes) throws in
                let count = sends.add(1, ordering: .sequentiallyConsistent).newValue
                if count == stopAfterSends {
                    frozen.store(true, ordering: .sequentiallyConsistent)
                    signal.yield()
                }
                let hash = try chain.sendRawTransaction(raw.bytes)
                // Halfway, a block is mined whatever the miner's timing, so some stops are mined before the stop.
                if count == stopAfterSends / 2 { try chain.mine() }
                return hash
            }
        }
        var configuration = JSONRPCServer.Configuration()
        configuration.port = port
        var logger = Logger(label: "test.node")
        logger.logLevel = .critical
        let server = JSONRPCServer(
            dispatcher: dispatcher, subscriptions: node.subscriptions, configuration: configuration, logger: logger)
        let serving = Task { try await server.run() }
        let miner = Task {
            while !Task.isCancelled {
                if !frozen.load(ordering: .sequentiallyConsistent), chain.state.pool.count > 0 { _ = try? chain.mine() }
                try? await Task.sleep(for: .milliseconds(15))
            }
        }
        guard let bound = await server.listeningPort() else {
            miner.cancel()
            _ = await serving.result
            throw RelayerNodeRestartTests.RestartTestError("the node did not listen on port \(port)")
        }
        return ServedNode(port: bound, server: serving, miner: miner, stopSignal: stopSignal)
    }

    /// Waits for the node to reach its stopping point, then stops it.
    func stopped(within limit: Duration) async throws {
        let reached = await withTaskGroup(of: Bool.self) { group in
            let signal = stopSignal
            group.addTask {
                for await _ in signal { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        try await stop()
        guard reached else {
            throw RelayerNodeRestartTests.RestartTestError("the node was not sent its transactions within \(limit)")
        }
    }

    /// Stops serving and mining; returns once the port is closed.
    func stop() async throws {
        miner.cancel()
        await miner.value
        server.cancel()
        _ = await server.result
    }
}
