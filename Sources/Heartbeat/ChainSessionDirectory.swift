import Contracts
public import EthPrimitives
public import JSONRPC
public import JSONRPCClient
import Synchronization

/// The session directory over the chain: `SessionEscrow.getSession` through the JSON-RPC client and the generated
/// bindings, cached and kept current from the escrow's logs.
///
/// - ``session(_:)`` answers from the cache; a session not cached is read with one `eth_call` of `getSession`. Ids
///   count up from 1, so an id at or above `nextSessionId()` does not exist: that number is read at most once per
///   ``Options/nextSessionIDRefresh`` seconds, which bounds the calls a flood of pings for made-up ids can cause.
/// - ``changes()`` reads the escrow's `Deposited`, `SessionStarted`, `SessionStopped`, `Settled`,
///   `SessionCancelled` and `SessionExtended` logs since the last call with `eth_getLogs`, in ranges of at most
///   ``Options/maxBlockRange`` blocks (providers limit them), updates the cache and returns the session events.
///   The first call starts at the chain's head (or at ``Options/startBlock``). Logs of blocks less than
///   ``Options/confirmations`` deep are left for a later call.
public final class ChainSessionDirectory: SessionDirectory {
    /// Tuning of the reads.
    public struct Options: Sendable, Hashable {
        /// The most blocks one `eth_getLogs` call covers (default 2,000).
        public var maxBlockRange: UInt64
        /// How many blocks behind the head logs are read (default 0: the head itself; raise it on chains that
        /// reorganise, since a log once applied is not taken back).
        public var confirmations: UInt64
        /// How long, in seconds, `nextSessionId()` is trusted to refuse unknown ids without another call
        /// (default 1).
        public var nextSessionIDRefresh: Double
        /// The block the first ``changes()`` reads from; nil starts at the head.
        public var startBlock: UInt64?
        /// Above this many cached sessions, ended ones are dropped from the cache (default 100,000).
        public var cacheLimit: Int

        /// Options with these values.
        public init(
            maxBlockRange: UInt64 = 2_000, confirmations: UInt64 = 0, nextSessionIDRefresh: Double = 1,
            startBlock: UInt64? = nil, cacheLimit: Int = 100_000
        ) {
            self.maxBlockRange = max(1, maxBlockRange)
            self.confirmations = confirmations
            self.nextSessionIDRefresh = nextSessionIDRefresh
            self.startBlock = startBlock
            self.cacheLimit = cacheLimit
        }
    }

    /// The escrow read.
    public let escrow: Address
    /// The reads' tuning.
    public let options: Options
    private let client: JSONRPCClient
    private let clock: any UnixClock
    private let state = Mutex(State())

    private struct State {
        var cache: [UInt256: EscrowSession] = [:]
        /// The first block whose logs are not read yet.
        var nextBlock: UInt64?
        var nextSessionID: (value: UInt256, readAt: Double)?
    }

    /// The topics of the events the directory reads.
    static let topics: [Hash] = [
        SessionEscrow.Deposited.topic, SessionEscrow.SessionStarted.topic, SessionEscrow.SessionStopped.topic,
        SessionEscrow.Settled.topic, SessionEscrow.SessionCancelled.topic, SessionEscrow.SessionExtended.topic,
    ]

    /// A directory of the escrow at `escrow`, read through `client`; `clock` paces the `nextSessionId` refreshes.
    public init(client: JSONRPCClient, escrow: Address, clock: any UnixClock, options: Options = Options()) {
        self.client = client
        self.escrow = escrow
        self.clock = clock
        self.options = options
    }

    /// How many sessions are cached.
    public var cachedSessions: Int { state.withLock { $0.cache.count } }

    // MARK: SessionDirectory

    /// The session as the cache or the chain knows it; nil when the escrow has none with this id.
    ///
    /// - Throws: ``JSONRPCClient/JSONRPCClientError`` when the node cannot be reached or refuses the call;
    ///   ``HeartbeatError/chainUnavailable(_:)`` when the escrow answers something `getSession` cannot return.
    public func session(_ id: UInt256) async throws -> EscrowSession? {
        if let cached = state.withLock({ $0.cache[id] }) { return cached }
        guard id != 0, try await mayExist(id) else { return nil }
        let output: SessionEscrow.GetSession.Output
        do {
            let data = try await client.call(
                TransactionRequest(to: escrow, input: HexBytes(SessionEscrow.GetSession(sessionId: id).calldata)))
            output = try SessionEscrow.GetSession.decodeOutput(data)
        } catch let error as ContractsError {
            throw HeartbeatError.chainUnavailable("getSession(\(id)) returned what the escrow cannot: \(error)")
        }
        guard let status = EscrowStatus(rawValue: output.status) else {
            throw HeartbeatError.chainUnavailable("getSession(\(id)) returned the unknown status \(output.status)")
        }
        guard status != .none else { return nil }
        let record = EscrowSession(
            student: output.student, tutor: output.tutor, ratePerSecond: output.ratePerSecond,
            capSeconds: Self.saturating(output.capSeconds), startedAt: Self.saturating(output.startedAt),
            endedAt: Self.saturating(output.endedAt), status: status)
        return state.withLock { state in
            // Logs read meanwhile may know more: keep whichever is further along.
            if let cached = state.cache[id], cached.status.rawValue >= record.status.rawValue { return cached }
            state.cache[id] = record
            Self.trim(&state, limit: options.cacheLimit)
            return record
        }
    }

    /// The escrow's session events since the previous call.
    ///
    /// - Throws: ``JSONRPCClient/JSONRPCClientError`` when the node cannot be reached and nothing was read; when a
    ///   later range fails, the events read so far are returned and the rest come with the next call.
    public func changes() async throws -> [EscrowEvent] {
        let head = try await client.blockNumber()
        let target = head >= options.confirmations ? head - options.confirmations : 0
        let start: UInt64? = state.withLock { state in
            if let next = state.nextBlock { return next }
            state.nextBlock = options.startBlock ?? target + 1
            return options.startBlock
        }
        guard var from = start else { return [] }
        var events: [EscrowEvent] = []
        while from <= target {
            let to = min(target, from + options.maxBlockRange - 1)
            let logs: [Log]
            do {
                logs = try await client.logs(
                    LogFilter(fromBlock: .number(from), toBlock: .number(to), address: [escrow], topics: [Self.topics]))
            } catch {
                if events.isEmpty { throw error }
                break
            }
            state.withLock { state in
                for log in logs where !log.removed && log.address == escrow {
                    guard let event = try? SessionEscrow.decodeEvent(topics: log.topics, data: log.data.bytes) else {
                        continue
                    }
                    if let change = Self.apply(event, to: &state) { events.append(change) }
                }
                state.nextBlock = to + 1
                Self.trim(&state, limit: options.cacheLimit)
            }
            from = to + 1
        }
        return events
    }

    // MARK: Internals

    /// Whether session `id` may exist: below the escrow's `nextSessionId()` (re-read when stale and needed).
    private func mayExist(_ id: UInt256) async throws -> Bool {
        let now = clock.now()
        let known = state.withLock { $0.nextSessionID }
        if let known, id < known.value { return true }
        if let known, now - known.readAt < options.nextSessionIDRefresh { return false }
        let next: UInt256
        do {
            let data = try await client.call(
                TransactionRequest(to: escrow, input: HexBytes(SessionEscrow.NextSessionId().calldata)))
            next = try SessionEscrow.NextSessionId.decodeOutput(data)
        } catch let error as ContractsError {
            throw HeartbeatError.chainUnavailable("nextSessionId() returned what the escrow cannot: \(error)")
        }
        state.withLock { state in
            if state.nextSessionID.map({ $0.value <= next }) ?? true { state.nextSessionID = (next, now) }
        }
        return id < next
    }

    /// Applies one escrow event to the cache and returns the session event it is, if it is one.
    private static func apply(_ event: SessionEscrow.Event, to state: inout State) -> EscrowEvent? {
        switch event {
        case .deposited(let deposit):
            if state.cache[deposit.sessionId] == nil {
                state.cache[deposit.sessionId] = EscrowSession(
                    student: deposit.student, tutor: deposit.tutor, ratePerSecond: deposit.ratePerSecond,
                    capSeconds: saturating(deposit.capSeconds), status: .funded)
            }
            let next = deposit.sessionId &+ 1
            if let known = state.nextSessionID, known.value < next { state.nextSessionID = (next, known.readAt) }
            return nil
        case .sessionStarted(let started):
            let startedAt = saturating(started.startedAt)
            if state.cache[started.sessionId]?.status == .funded {
                state.cache[started.sessionId]?.status = .active
                state.cache[started.sessionId]?.startedAt = startedAt
            }
            return .started(sessionID: started.sessionId, startedAt: startedAt)
        case .sessionStopped(let stopped):
            let endedAt = saturating(stopped.endedAt)
            if let status = state.cache[stopped.sessionId]?.status, !status.isFinal {
                state.cache[stopped.sessionId]?.status = .settled
                state.cache[stopped.sessionId]?.endedAt = endedAt
            }
            return .stopped(sessionID: stopped.sessionId, endedAt: endedAt)
        case .settled(let settled):
            if state.cache[settled.sessionId] != nil { state.cache[settled.sessionId]?.status = .settled }
            return .settled(sessionID: settled.sessionId)
        case .sessionCancelled(let cancelled):
            if state.cache[cancelled.sessionId] != nil { state.cache[cancelled.sessionId]?.status = .cancelled }
            return .cancelled(sessionID: cancelled.sessionId)
        case .sessionExtended(let extended):
            let cap = saturating(extended.capSeconds)
            if let current = state.cache[extended.sessionId]?.capSeconds, current < cap {
                state.cache[extended.sessionId]?.capSeconds = cap
            }
            return .extended(sessionID: extended.sessionId, capSeconds: cap)
        default:
            return nil
        }
    }

    /// Drops ended sessions from the cache when it holds more than `limit`.
    private static func trim(_ state: inout State, limit: Int) {
        guard state.cache.count > limit else { return }
        state.cache = state.cache.filter { !$0.value.status.isFinal }
    }

    /// `value` as a `UInt64`, or `UInt64.max` when it does not fit.
    static func saturating(_ value: UInt256) -> UInt64 {
        value > UInt256(UInt64.max) ? .max : UInt64(value)
    }
}
