import ChainSim
import Contracts
import EthPrimitives
import Heartbeat
import JSONRPC
import JSONRPCClient
import Node
import Secp256k1
import Synchronization
import Testing
import Transactions

/// A transport that counts the calls it forwards, by method.
final class CountingTransport: JSONRPCTransport {
    let base: any JSONRPCTransport
    private let counts = Mutex<[String: Int]>([:])

    init(_ base: any JSONRPCTransport) { self.base = base }

    func count(_ method: String) -> Int { counts.withLock { $0[method] ?? 0 } }

    func send(_ body: [UInt8]) async throws -> [UInt8] {
        if case .object(let request)? = try? JSONValue.parse(body), case .string(let method)? = request["method"] {
            counts.withLock { $0[method, default: 0] += 1 }
        }
        return try await base.send(body)
    }
}

/// The Metered genesis in process, a clock the test moves, and transactions from the development accounts.
struct ChainHarness {
    static let genesis: UInt64 = 1_735_689_600
    static let studentIndex = 3
    static let tutorIndex = 4
    static let relayerIndex = 1
    static var student: PrivateKey { MeteredGenesis.devAccounts[studentIndex].privateKey }
    static var tutor: PrivateKey { MeteredGenesis.devAccounts[tutorIndex].privateKey }
    static let escrow = Deployments.chain31337.sessionEscrow
    static let domain = HeartbeatDomain(chainID: 31337, escrow: escrow)

    let clock = ManualUnixClock(start: Double(genesis) + 10)
    let chain: Chain
    let node: LocalNode
    let transport: CountingTransport
    let client: JSONRPCClient

    init() throws {
        chain = try Chain(config: LocalNode.meteredConfig(genesisTimestamp: Self.genesis), clock: clock)
        node = LocalNode(chain: chain)
        transport = CountingTransport(InProcessTransport(dispatcher: node.dispatcher))
        client = JSONRPCClient(transport: transport)
    }

    func directory(_ options: ChainSessionDirectory.Options = .init()) -> ChainSessionDirectory {
        ChainSessionDirectory(client: client, escrow: Self.escrow, clock: clock, options: options)
    }

    /// Sends a call from development account `from` and checks that it succeeded.
    @discardableResult
    func send(from account: Int, data: [UInt8], value: UInt256 = 0) async throws -> Receipt {
        let key = MeteredGenesis.devAccounts[account].privateKey
        let nonce = try await client.transactionCount(of: key.address, at: .pending)
        let transaction = EIP1559Transaction(
            chainID: 31337, nonce: nonce, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 10_000_000_000,
            gasLimit: 500_000, to: Self.escrow, value: value, data: data)
        let hash = try await client.sendRawTransaction(try transaction.sign(with: key).encode())
        let receipt = try #require(try await client.receipt(of: hash))
        #expect(receipt.status == 1, "transaction from account \(account) reverted")
        return receipt
    }

    /// The student deposits for a session with the tutor; returns its id.
    func deposit(rate: UInt256 = 1_000, cap: UInt256 = 600) async throws -> UInt256 {
        let next = try SessionEscrow.NextSessionId.decodeOutput(
            try await client.call(
                TransactionRequest(to: Self.escrow, input: HexBytes(SessionEscrow.NextSessionId().calldata))))
        try await send(
            from: Self.studentIndex,
            data: SessionEscrow.Deposit(
                tutor: Self.tutor.address, token: .zero, ratePerSecond: rate, capSeconds: cap
            ).calldata, value: rate * cap)
        return next
    }

    /// The escrow's record of session `id`.
    func onChain(_ id: UInt256) async throws -> SessionEscrow.GetSession.Output {
        try SessionEscrow.GetSession.decodeOutput(
            try await client.call(
                TransactionRequest(to: Self.escrow, input: HexBytes(SessionEscrow.GetSession(sessionId: id).calldata))))
    }
}

/// A stand-in for the relayer inside the tests: turns each intent into the escrow call from the relayer account.
final class ChainSink: IntentSink {
    let harness: ChainHarness
    private let done = Mutex<[SessionIntent]>([])

    init(_ harness: ChainHarness) { self.harness = harness }

    var intents: [SessionIntent] { done.withLock { $0 } }

    func submit(_ intent: SessionIntent) async throws -> String {
        let data: [UInt8] =
            switch intent.action {
            case .start: SessionEscrow.StartSession(sessionId: intent.sessionID).calldata
            case .stopAt:
                SessionEscrow.StopSessionAt(sessionId: intent.sessionID, endedAt: UInt256(intent.endedAt!)).calldata
            case .settle: SessionEscrow.Settle(sessionId: intent.sessionID).calldata
            case .cancel: SessionEscrow.CancelSession(sessionId: intent.sessionID).calldata
            }
        try await harness.send(from: ChainHarness.relayerIndex, data: data)
        done.withLock { $0.append(intent) }
        return intent.idempotencyKey
    }
}

@Suite("ChainSessionDirectory over the in-process chain")
struct ChainDirectoryTests {
    @Test func readsSessionsAndFollowsTheEscrowsLogs() async throws {
        let h = try ChainHarness()
        let directory = h.directory()
        #expect(try await directory.session(1) == nil)
        #expect(try await directory.changes().isEmpty, "the first call starts at the head")
        let id = try await h.deposit()
        #expect(id == 1)
        // Within a second of learning that no session 1 existed, the directory still says so (one call per second
        // at most for ids at or above nextSessionId); a second later it reads the chain again.
        #expect(try await directory.session(id) == nil)
        h.clock.advance(by: 1)
        let funded = try #require(try await directory.session(id))
        #expect(funded.student == ChainHarness.student.address)
        #expect(funded.tutor == ChainHarness.tutor.address)
        #expect(funded.status == .funded)
        #expect(funded.capSeconds == 600)
        #expect(funded.ratePerSecond == 1_000)

        h.clock.advance(by: 5)
        let start = try await h.send(
            from: ChainHarness.relayerIndex, data: SessionEscrow.StartSession(sessionId: id).calldata)
        let startedAt = try #require(try await h.client.block(.number(start.blockNumber))?.timestamp)
        #expect(try await directory.changes() == [.started(sessionID: id, startedAt: startedAt)])
        #expect(try await directory.session(id)?.status == .active)
        #expect(try await directory.session(id)?.startedAt == startedAt)

        try await h.send(
            from: ChainHarness.studentIndex,
            data: SessionEscrow.ExtendSession(sessionId: id, extraSeconds: 60).calldata, value: 60_000)
        h.clock.advance(by: 30)
        try await h.send(
            from: ChainHarness.relayerIndex,
            data: SessionEscrow.StopSessionAt(sessionId: id, endedAt: UInt256(startedAt + 7)).calldata)
        #expect(
            try await directory.changes() == [
                .extended(sessionID: id, capSeconds: 660), .stopped(sessionID: id, endedAt: startedAt + 7),
                .settled(sessionID: id),
            ])
        #expect(try await directory.session(id)?.status == .settled)
        #expect(try await directory.session(id)?.capSeconds == 660)
        #expect(try await directory.changes().isEmpty)
    }

    @Test func unknownIdsCostAtMostOneCallPerRefreshPeriod() async throws {
        let h = try ChainHarness()
        let directory = h.directory(.init(nextSessionIDRefresh: 1))
        let before = h.transport.count("eth_call")
        for _ in 0..<50 { #expect(try await directory.session(12_345) == nil) }
        #expect(h.transport.count("eth_call") - before == 1)
        // A deposit seen in the logs raises the bound at once.
        _ = try await directory.changes()
        let id = try await h.deposit()
        _ = try await directory.changes()
        #expect(try await directory.session(id)?.status == .funded)
        // After the refresh period the bound is read again.
        h.clock.advance(by: 1)
        let again = h.transport.count("eth_call")
        #expect(try await directory.session(12_345) == nil)
        #expect(h.transport.count("eth_call") - again == 1)
        #expect(try await directory.session(0) == nil)
    }

    @Test func historyFromAStartBlockInSmallRanges() async throws {
        let h = try ChainHarness()
        let first = try await h.deposit()
        let second = try await h.deposit()
        try await h.send(from: ChainHarness.studentIndex, data: SessionEscrow.CancelSession(sessionId: first).calldata)
        h.clock.advance(by: 2)
        let start = try await h.send(
            from: ChainHarness.relayerIndex, data: SessionEscrow.StartSession(sessionId: second).calldata)
        let startedAt = try #require(try await h.client.block(.number(start.blockNumber))?.timestamp)
        let directory = h.directory(.init(maxBlockRange: 1, startBlock: 0))
        #expect(
            try await directory.changes() == [
                .cancelled(sessionID: first), .started(sessionID: second, startedAt: startedAt),
            ])
        #expect(h.transport.count("eth_getLogs") == Int(try await h.client.blockNumber()) + 1)
        // The deposits filled the cache: no getSession call is needed.
        let calls = h.transport.count("eth_call")
        #expect(try await directory.session(first)?.status == .cancelled)
        #expect(try await directory.session(second)?.status == .active)
        #expect(h.transport.count("eth_call") == calls)
    }

    @Test func confirmationsLeaveTheNewestBlocksForLater() async throws {
        let h = try ChainHarness()
        let directory = h.directory(.init(confirmations: 2))
        _ = try await directory.changes()
        let id = try await h.deposit()
        try await h.send(from: ChainHarness.studentIndex, data: SessionEscrow.CancelSession(sessionId: id).calldata)
        #expect(try await directory.changes().isEmpty)
        _ = try h.chain.mine(blocks: 2)
        #expect(try await directory.changes() == [.cancelled(sessionID: id)])
    }

    /// The whole path on a real (simulated) chain: deposit, pings, start, silence, stop at the last moment both were
    /// seen, settlement, and 410 afterwards.
    @Test func endToEndOnTheChain() async throws {
        let h = try ChainHarness()
        let sink = ChainSink(h)
        let directory = h.directory()
        let engine = HeartbeatEngine(
            configuration: HeartbeatConfiguration(domain: ChainHarness.domain),
            store: try SQLiteHeartbeatStore.inMemory(), directory: directory, sink: sink, clock: h.clock)
        try await engine.refresh()
        let id = try await h.deposit(rate: 1_000, cap: 600)
        func ping(_ key: PrivateKey, _ seq: UInt64) async throws(HeartbeatError) -> PingAcknowledgement {
            let message = HeartbeatMessage(
                sessionID: id, participant: key.address, seq: seq, issuedAt: h.clock.nowSeconds())
            return try await engine.receivePing(
                SignedPing(message: message, signature: try message.sign(in: ChainHarness.domain, with: key)))
        }
        #expect(try await ping(ChainHarness.student, 1).phase == .waiting)
        h.clock.advance(by: 2)
        #expect(try await ping(ChainHarness.tutor, 1).phase == .waiting)
        #expect(sink.intents == [SessionIntent(action: .start, sessionID: id)])
        try await engine.refresh()
        let startedAt = try await h.onChain(id).startedAt
        #expect(try await ping(ChainHarness.student, 2).phase == .active)

        // Both ping every 5 s for 30 s, then the tutor's tab closes.
        var seq: UInt64 = 2
        for _ in 0..<6 {
            h.clock.advance(by: 5)
            seq += 1
            try await ping(ChainHarness.student, seq)
            try await ping(ChainHarness.tutor, seq)
            await engine.tick()
            try await engine.refresh()
        }
        let tutorLastSeen = h.clock.nowSeconds()
        for _ in 0..<3 {
            h.clock.advance(by: 5)
            seq += 1
            try await ping(ChainHarness.student, seq)
            await engine.tick()
        }
        #expect(sink.intents.last == SessionIntent(action: .stopAt, sessionID: id, endedAt: tutorLastSeen))
        try await engine.refresh()
        let record = try await h.onChain(id)
        #expect(record.status == EscrowStatus.settled.rawValue)
        #expect(record.endedAt == UInt256(tutorLastSeen))
        #expect(record.tutorPaid == 1_000 * (UInt256(tutorLastSeen) - startedAt))
        #expect(record.tutorPaid + record.studentRefunded == 600_000)
        let ended = await #expect(throws: HeartbeatError.self) { try await ping(ChainHarness.student, seq + 1) }
        #expect(ended == .sessionEnded(id))
    }

    @Test func theCapSettlesOnTheChain() async throws {
        let h = try ChainHarness()
        let sink = ChainSink(h)
        let engine = HeartbeatEngine(
            configuration: HeartbeatConfiguration(domain: ChainHarness.domain),
            store: try SQLiteHeartbeatStore.inMemory(), directory: h.directory(), sink: sink, clock: h.clock)
        try await engine.refresh()
        let id = try await h.deposit(rate: 7, cap: 20)
        var seq: UInt64 = 0
        for _ in 0..<8 {
            seq += 1
            for key in [ChainHarness.student, ChainHarness.tutor] {
                let message = HeartbeatMessage(
                    sessionID: id, participant: key.address, seq: seq, issuedAt: h.clock.nowSeconds())
                _ = try? await engine.receivePing(
                    SignedPing(message: message, signature: try message.sign(in: ChainHarness.domain, with: key)))
            }
            await engine.tick()
            try await engine.refresh()
            h.clock.advance(by: 4)
        }
        #expect(sink.intents.map(\.action) == [.start, .settle])
        let record = try await h.onChain(id)
        #expect(record.status == EscrowStatus.settled.rawValue)
        #expect(record.tutorPaid == 7 * 20)
        #expect(record.studentRefunded == 0)
    }
}
