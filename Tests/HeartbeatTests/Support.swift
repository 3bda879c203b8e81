import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Secp256k1
import Synchronization

/// The package root, from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The development keys of the local chain (the well-known test mnemonic's first accounts).
enum Keys {
    static let student = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    static let tutor = try! PrivateKey(hex: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
    static let outsider = try! PrivateKey(hex: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
}

/// The escrow of the local chain's genesis.
let escrow = try! Address(hex: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")
/// The domain of chain 31337's escrow.
let domain = HeartbeatDomain(chainID: 31337, escrow: escrow)
/// A unix time to start test clocks at.
let t0: Double = 1_700_000_000

/// A Funded (or other status) session between the dev student and tutor.
func escrowSession(
    status: EscrowStatus = .funded, startedAt: UInt64 = 0, capSeconds: UInt64 = 3600
) -> EscrowSession {
    EscrowSession(
        student: Keys.student.address, tutor: Keys.tutor.address, ratePerSecond: 1_000, capSeconds: capSeconds,
        startedAt: startedAt, status: status)
}

/// A ping signed by `key` (for `participant`, its own address by default).
func ping(
    _ key: PrivateKey, session: UInt256 = 1, seq: UInt64, issuedAt: UInt64, participant: Address? = nil,
    in signingDomain: HeartbeatDomain = domain
) -> SignedPing {
    let message = HeartbeatMessage(
        sessionID: session, participant: participant ?? key.address, seq: seq, issuedAt: issuedAt)
    return SignedPing(message: message, signature: try! message.sign(in: signingDomain, with: key))
}

/// A session directory answering from memory, with events the test emits and a switch to make it fail.
final class MemoryDirectory: SessionDirectory {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "node unreachable" }
    }

    private struct State {
        var sessions: [UInt256: EscrowSession] = [:]
        var events: [EscrowEvent] = []
        var failing = false
        var reads = 0
    }

    private let state = Mutex(State())

    init(_ sessions: [UInt256: EscrowSession] = [:]) {
        state.withLock { $0.sessions = sessions }
    }

    /// Sets a session's record.
    func set(_ id: UInt256, _ session: EscrowSession) { state.withLock { $0.sessions[id] = session } }

    /// Queues events for the next `changes()` and updates the records they change.
    func emit(_ events: EscrowEvent...) {
        state.withLock { state in
            for event in events {
                state.events.append(event)
                switch event {
                case .started(let id, let startedAt):
                    state.sessions[id]?.status = .active
                    state.sessions[id]?.startedAt = startedAt
                case .stopped(let id, let endedAt):
                    state.sessions[id]?.status = .settled
                    state.sessions[id]?.endedAt = endedAt
                case .settled(let id): state.sessions[id]?.status = .settled
                case .cancelled(let id): state.sessions[id]?.status = .cancelled
                case .extended(let id, let cap): state.sessions[id]?.capSeconds = cap
                }
            }
        }
    }

    /// Makes every read fail (true) or succeed (false).
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    /// How many `session(_:)` reads were made.
    var reads: Int { state.withLock { $0.reads } }

    func session(_ id: UInt256) async throws -> EscrowSession? {
        try state.withLock { state in
            state.reads += 1
            if state.failing { throw Unavailable() }
            return state.sessions[id]
        }
    }

    func changes() async throws -> [EscrowEvent] {
        try state.withLock { state in
            if state.failing { throw Unavailable() }
            defer { state.events = [] }
            return state.events
        }
    }
}

/// An intent sink that records what it accepts, with a switch to make it refuse.
final class RecordingSink: IntentSink {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "relayer unreachable" }
    }

    private let state = Mutex<(intents: [SessionIntent], attempts: Int, failing: Bool)>(([], 0, false))

    /// The intents accepted, in order.
    var intents: [SessionIntent] { state.withLock { $0.intents } }
    /// Every hand-over, accepted or not.
    var attempts: Int { state.withLock { $0.attempts } }
    /// Makes hand-overs fail (true) or succeed (false).
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func submit(_ intent: SessionIntent) async throws -> String {
        if let reason = intent.validate() { throw HeartbeatError.malformedRequest(reason) }
        return try state.withLock { state in
            state.attempts += 1
            if state.failing { throw Refused() }
            state.intents.append(intent)
            return intent.idempotencyKey
        }
    }
}

/// A store that delegates to another and can be told to fail its writes.
final class SwitchableStore: HeartbeatStore {
    struct WriteFailed: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    let base: any HeartbeatStore
    private let failing = Mutex(false)

    init(_ base: any HeartbeatStore) { self.base = base }

    func setFailing(_ value: Bool) { failing.withLock { $0 = value } }

    private func check() throws {
        if failing.withLock({ $0 }) { throw WriteFailed() }
    }

    func recordPing(_ ping: StoredPing) async throws -> Bool {
        try check()
        return try await base.recordPing(ping)
    }
    func lastSequence(sessionID: UInt256, participant: Address) async throws -> UInt64? {
        try await base.lastSequence(sessionID: sessionID, participant: participant)
    }
    func session(_ id: UInt256) async throws -> StoredSession? { try await base.session(id) }
    func openSessions() async throws -> [StoredSession] { try await base.openSessions() }
    func saveIntent(_ record: IntentRecord) async throws {
        try check()
        try await base.saveIntent(record)
    }
    func saveRoom(_ room: RoomState, sessionID: UInt256) async throws {
        try check()
        try await base.saveRoom(room, sessionID: sessionID)
    }
    func markEnded(sessionID: UInt256, at time: Double) async throws {
        try check()
        try await base.markEnded(sessionID: sessionID, at: time)
    }
    func pruneEnded(before time: Double) async throws -> Int { try await base.pruneEnded(before: time) }
    func recordWebhookDelivery(id: String, at time: Double) async throws -> Bool {
        try check()
        return try await base.recordWebhookDelivery(id: id, at: time)
    }
    func pruneWebhookDeliveries(before time: Double) async throws {
        try await base.pruneWebhookDeliveries(before: time)
    }
}

/// An engine over memory parts, with handles on each.
struct Harness {
    let clock: ManualUnixClock
    let directory: MemoryDirectory
    let sink: RecordingSink
    let store: SwitchableStore
    let engine: HeartbeatEngine
    static let secret = try! WebhookSecret(bytes: Array("whsec_test".utf8))

    init(
        sessions: [UInt256: EscrowSession] = [1: escrowSession()], store: (any HeartbeatStore)? = nil,
        start: Double = t0, configuration: HeartbeatConfiguration = HeartbeatConfiguration(domain: domain)
    ) {
        clock = ManualUnixClock(start: start)
        directory = MemoryDirectory(sessions)
        sink = RecordingSink()
        self.store = SwitchableStore(store ?? (try! SQLiteHeartbeatStore.inMemory()))
        engine = HeartbeatEngine(
            configuration: configuration, store: self.store, directory: directory, sink: sink, clock: clock,
            webhookSecret: Self.secret)
    }

    /// Now, in whole seconds.
    var now: UInt64 { clock.nowSeconds() }

    /// Sends a ping signed by `key` issued now.
    @discardableResult
    func send(_ key: PrivateKey, session: UInt256 = 1, seq: UInt64) async throws(HeartbeatError) -> PingAcknowledgement
    {
        try await engine.receivePing(ping(key, session: session, seq: seq, issuedAt: now))
    }

    /// Sends a webhook body signed with the harness's secret.
    @discardableResult
    func webhook(_ json: String) async throws(HeartbeatError) -> WebhookAcknowledgement {
        let body = Array(json.utf8)
        return try await engine.receiveWebhook(body: body, signature: Self.secret.signature(of: body))
    }

    /// A Huddle01-shaped peer event body, at the clock's time unless `at` is given (unix seconds).
    func peerEvent(
        _ event: String, id: String, wallet: Address, session: UInt256 = 1, room: String = "room-1", at: Double? = nil
    ) -> String {
        let ms = Int64(((at ?? clock.now()) * 1000).rounded())
        let timeKey = event == "peer:joined" ? "joinedAt" : "leftAt"
        let metadata = "{\\\"sessionId\\\":\\\"\(session)\\\",\\\"wallet\\\":\\\"\(wallet.checksummed)\\\"}"
        return """
            {"id":"\(id)","event":"\(event)","payload":{"id":"peer-\(wallet.checksummed.prefix(8))","sessionId":"huddle-s",\
            "roomId":"\(room)","\(timeKey)":\(ms),"metadata":"\(metadata)","role":"guest"}}
            """
    }
}
