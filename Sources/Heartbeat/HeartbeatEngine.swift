public import EthPrimitives
public import JSONRPC
public import Logging
import Synchronization

/// The answer to an accepted ping: `200 {"status", "serverTime"}`.
public struct PingAcknowledgement: Sendable, Hashable {
    /// The session's phase after the ping.
    public var phase: SessionPhase
    /// The service's time when the ping was accepted (unix seconds): clients correct their clock with it.
    public var serverTime: Double

    /// An acknowledgement with these fields.
    public init(phase: SessionPhase, serverTime: Double) {
        self.phase = phase
        self.serverTime = serverTime
    }
}

/// The answer to an authenticated, fresh webhook.
public struct WebhookAcknowledgement: Sendable, Hashable {
    /// Why it changed nothing, nil when it was applied.
    public var ignoredBecause: String?

    /// An acknowledgement with this reason (nil: applied).
    public init(ignoredBecause: String? = nil) {
        self.ignoredBecause = ignoredBecause
    }
}

/// The heartbeat service without its HTTP face: the ``SessionTracker``'s rules, driven by pings, webhooks, the
/// clock and the escrow's events, with the store, the chain and the relayer around them.
///
/// - A ping is refused, cheapest check first: 400 malformed, 422 `issuedAt` outside the skew window, 404 unknown
///   session, 403 not its student or tutor, 410 ended, 401 signature (one recovery), 409 `seq` not above the last
///   accepted one. It is committed to the store before it is acknowledged; the store's conditional write decides
///   replays, so two concurrent pings with the same `seq` are never both accepted.
/// - Intents are stored when decided and handed to the ``IntentSink`` at once; a refused hand-over is retried with a
///   growing delay (the sink is idempotent by ``SessionIntent/idempotencyKey``).
/// - ``tick()`` processes due deadlines; ``refresh()`` applies the escrow's new events; ``restore()`` reloads open
///   sessions after a restart. ``HeartbeatService`` runs them on a timer.
///
/// All methods may be called concurrently. Time comes from the injected ``JSONRPC/UnixClock``.
public final class HeartbeatEngine: Sendable {
    /// The rules' parameters.
    public let configuration: HeartbeatConfiguration
    /// The metrics this engine records.
    public let metrics: HeartbeatMetrics

    private let tracker: Mutex<SessionTracker>
    private let store: any HeartbeatStore
    private let directory: any SessionDirectory
    private let sink: any IntentSink
    private let clock: any UnixClock
    private let webhookSecret: WebhookSecret?
    private let logger: Logger
    /// Stored sessions whose chain record could not be read yet during ``restore()``; retried by ``tick()``.
    private let unrestored = Mutex<[StoredSession]>([])
    private let lastDeliveryPrune = Mutex<Double>(-.infinity)

    /// An engine over these parts.
    ///
    /// - Parameters:
    ///   - webhookSecret: the shared secret of the room webhooks; without one every webhook is refused (401).
    ///   - metrics: where to record metrics (a fresh registry by default).
    public init(
        configuration: HeartbeatConfiguration, store: any HeartbeatStore, directory: any SessionDirectory,
        sink: any IntentSink, clock: any UnixClock, webhookSecret: WebhookSecret? = nil,
        metrics: HeartbeatMetrics = HeartbeatMetrics(), logger: Logger = Logger(label: "metered.heartbeat")
    ) {
        self.configuration = configuration
        self.metrics = metrics
        tracker = Mutex(SessionTracker(configuration: configuration))
        self.store = store
        self.directory = directory
        self.sink = sink
        self.clock = clock
        self.webhookSecret = webhookSecret
        self.logger = logger
    }

    // MARK: Pings

    /// Reads, checks, stores and applies a ping from its JSON body (`POST /v1/ping`).
    ///
    /// - Throws: ``HeartbeatError`` with the refusal's status: see the type's discussion for the order of checks;
    ///   ``HeartbeatError/storeUnavailable(_:)`` or ``HeartbeatError/chainUnavailable(_:)`` (503) when a part is
    ///   down (nothing was recorded).
    @discardableResult
    public func receivePing(json body: some Collection<UInt8>) async throws(HeartbeatError) -> PingAcknowledgement {
        let ping: SignedPing
        do {
            ping = try SignedPing(json: body)
        } catch {
            metrics.ping(error.code)
            throw error
        }
        return try await receivePing(ping)
    }

    /// Checks, stores and applies a ping (see ``receivePing(json:)``).
    @discardableResult
    public func receivePing(_ ping: SignedPing) async throws(HeartbeatError) -> PingAcknowledgement {
        do {
            let acknowledgement = try await process(ping)
            metrics.ping("accepted")
            return acknowledgement
        } catch {
            metrics.ping(error.code)
            throw error
        }
    }

    private func process(_ ping: SignedPing) async throws(HeartbeatError) -> PingAcknowledgement {
        let message = ping.message
        let received = clock.now()
        guard abs(Double(message.issuedAt) - received) <= configuration.skew else {
            throw .issuedAtOutsideWindow(issuedAt: message.issuedAt, serverTime: received, skew: configuration.skew)
        }
        try await admit(message)
        try ping.verify(in: configuration.domain)
        try tracker.withLock { tracker throws(HeartbeatError) in try tracker.checkSequence(message) }
        let seenAt = clock.now()
        let written: Bool
        do {
            written = try await store.recordPing(
                StoredPing(message: message, signature: ping.signature, seenAt: seenAt))
        } catch {
            logger.error("store: recording a ping failed", metadata: ["error": "\(error)"])
            throw .storeUnavailable("\(error)")
        }
        guard written else {
            let last = (try? await store.lastSequence(sessionID: message.sessionID, participant: message.participant))
            throw .replayedSequence(seq: message.seq, lastAccepted: (last ?? nil) ?? message.seq)
        }
        var outcome = tracker.withLock { $0.accept(message, now: seenAt) }
        if outcome == nil {
            // Evicted between the checks and now (an idle Funded session): reload it, with this ping, and apply.
            try await ensureTracked(message.sessionID)
            outcome = tracker.withLock { $0.accept(message, now: seenAt) }
        }
        guard let outcome else { throw .unknownSession(message.sessionID) }
        await handle(decided: outcome.decided)
        return PingAcknowledgement(phase: outcome.phase, serverTime: seenAt)
    }

    /// Loads the session if needed, then checks the session-level refusals (404, 403, 410).
    private func admit(_ message: HeartbeatMessage) async throws(HeartbeatError) {
        // A session evicted between loading and checking is loaded again (once).
        for attempt in 0..<2 {
            try await ensureTracked(message.sessionID)
            do {
                _ = try tracker.withLock { tracker throws(HeartbeatError) in try tracker.admit(message) }
                return
            } catch .unknownSession where attempt == 0 {
                continue
            }
        }
    }

    /// Starts tracking session `id` from the chain and the store when it is not tracked.
    ///
    /// - Throws: ``HeartbeatError/unknownSession(_:)`` when the escrow has no such session; 503 errors when the chain
    ///   or the store cannot be read.
    private func ensureTracked(_ id: UInt256) async throws(HeartbeatError) {
        if tracker.withLock({ $0.isTracked(id) }) { return }
        let chain: EscrowSession?
        do {
            chain = try await directory.session(id)
        } catch {
            metrics.chainError()
            logger.warning("chain: reading a session failed", metadata: ["session": "\(id)", "error": "\(error)"])
            throw .chainUnavailable("\(error)")
        }
        guard let chain, chain.status != .none else { throw .unknownSession(id) }
        let stored: StoredSession?
        do {
            stored = try await store.session(id)
        } catch {
            throw .storeUnavailable("\(error)")
        }
        let now = clock.now()
        let decided = tracker.withLock { $0.track(id, chain: chain, stored: stored, now: now) }
        await handle(decided: decided)
    }

    // MARK: Webhooks

    /// Authenticates, reads and applies a room webhook (`POST /v1/webhooks/room`).
    ///
    /// The signature is checked first (401), then the body's shape (400), its freshness and delivery id (409:
    /// replays are refused), and only then is it applied. An event about an unknown session or a wallet that is not
    /// a participant is acknowledged and ignored, as is any repeated event: duplicates are harmless.
    ///
    /// - Parameter signature: the `Huddle01-Signature` header, nil when absent.
    /// - Throws: ``HeartbeatError`` (401, 400, 409, or 503 when the store or chain is down: nothing was recorded, so
    ///   the sender's retry is accepted).
    @discardableResult
    public func receiveWebhook(
        body: some Collection<UInt8>, signature: String?
    ) async throws(HeartbeatError) -> WebhookAcknowledgement {
        do {
            let acknowledgement = try await processWebhook(body: Array(body), signature: signature)
            metrics.webhook(acknowledgement.ignoredBecause == nil ? "applied" : "ignored")
            return acknowledgement
        } catch {
            metrics.webhook(error.code)
            throw error
        }
    }

    private func processWebhook(body: [UInt8], signature: String?) async throws(HeartbeatError)
        -> WebhookAcknowledgement
    {
        guard let webhookSecret else { throw .webhookUnauthenticated("no webhook secret is configured") }
        try webhookSecret.authenticate(body: body, signature: signature)
        let event = try RoomEvent(json: body)
        let now = clock.now()
        let window = configuration.webhookReplayWindow
        if let occurredAt = event.occurredAt, abs(occurredAt - now) > window {
            throw .webhookStale(id: event.deliveryID, occurredAt: occurredAt, serverTime: now, window: window)
        }
        if let id = event.sessionID, event.kind == .peerJoined || event.kind == .peerLeft {
            do {
                try await ensureTracked(id)
            } catch .unknownSession {
                // Applied below as "not known": the room may belong to a session on another escrow.
            }
        }
        let isNew: Bool
        do {
            isNew = try await store.recordWebhookDelivery(id: event.deliveryID, at: now)
        } catch {
            throw .storeUnavailable("\(error)")
        }
        guard isNew else { throw .webhookReplayed(id: event.deliveryID) }
        let outcome = tracker.withLock { $0.apply(event, now: now) }
        for update in outcome.updatedRooms {
            do {
                try await store.saveRoom(update.room, sessionID: update.sessionID)
            } catch {
                logger.error("store: saving room state failed", metadata: ["error": "\(error)"])
            }
        }
        await handle(decided: outcome.decided)
        if let reason = outcome.ignoredBecause {
            logger.info(
                "webhook ignored",
                metadata: ["event": "\(event.kind)", "id": "\(event.deliveryID)", "reason": "\(reason)"])
        }
        return WebhookAcknowledgement(ignoredBecause: outcome.ignoredBecause)
    }

    // MARK: Reading

    /// What the service knows about session `id` (`GET /v1/sessions/{id}`), loading it when needed.
    ///
    /// - Throws: ``HeartbeatError/unknownSession(_:)``, or 503 errors when the chain or the store cannot be read.
    public func view(of id: UInt256) async throws(HeartbeatError) -> SessionView {
        for _ in 0..<2 {
            try await ensureTracked(id)
            let now = clock.now()
            if let view = tracker.withLock({ $0.view(of: id, now: now) }) { return view }
        }
        throw .unknownSession(id)
    }

    /// How many sessions are tracked in memory.
    public var trackedSessions: Int { tracker.withLock { $0.count } }

    // MARK: Time and chain

    /// Processes every due deadline (silence, caps, retries, evictions), hands the resulting intents to the sink,
    /// retries sessions not yet restored, and forgets old webhook delivery ids.
    public func tick() async {
        let now = clock.now()
        let outcome = tracker.withLock { $0.tick(now: now) }
        await handle(decided: outcome.decided)
        await forEachSession(outcome.retries) { record in await self.submit(record) }
        let retry = unrestored.withLock { pending in
            defer { pending = [] }
            return pending
        }
        if !retry.isEmpty { await restore(retry) }
        let pruneDue = lastDeliveryPrune.withLock { last in
            guard now - last >= configuration.webhookReplayWindow / 4 else { return false }
            last = now
            return true
        }
        if pruneDue {
            do {
                try await store.pruneWebhookDeliveries(before: now - configuration.webhookReplayWindow)
            } catch {
                logger.warning("store: pruning webhook deliveries failed", metadata: ["error": "\(error)"])
            }
        }
        let (sessions, deadlines) = tracker.withLock { ($0.count, $0.scheduledDeadlines) }
        metrics.tracked(sessions: sessions, deadlines: deadlines)
    }

    /// Applies the escrow's events since the last call: starts, stops, settlements, cancellations, extensions.
    ///
    /// - Throws: ``HeartbeatError/chainUnavailable(_:)`` when the chain cannot be read (the events come with a later
    ///   call).
    public func refresh() async throws(HeartbeatError) {
        let events: [EscrowEvent]
        do {
            events = try await directory.changes()
        } catch {
            metrics.chainError()
            throw .chainUnavailable("\(error)")
        }
        guard !events.isEmpty else { return }
        let now = clock.now()
        let outcome = tracker.withLock { $0.apply(events, now: now) }
        for id in outcome.ended {
            do {
                try await store.markEnded(sessionID: id, at: now)
            } catch {
                logger.error("store: marking a session ended failed", metadata: ["session": "\(id)"])
            }
        }
        await handle(decided: outcome.decided)
    }

    /// Reloads every open session from the store after a restart, with its chain record, and prunes sessions that
    /// ended longer ago than ``HeartbeatConfiguration/storeRetention``.
    ///
    /// Sessions whose chain record cannot be read now are retried by ``tick()``. Silence is counted from now: every
    /// participant gets a full timeout to ping again before anyone is stopped.
    ///
    /// - Throws: ``HeartbeatError/storeUnavailable(_:)`` when the store cannot be read.
    public func restore() async throws(HeartbeatError) {
        let open: [StoredSession]
        do {
            try await store.pruneEnded(before: clock.now() - configuration.storeRetention)
            open = try await store.openSessions()
        } catch {
            throw .storeUnavailable("\(error)")
        }
        await restore(open)
        logger.info("restored sessions from the store", metadata: ["open": "\(open.count)"])
    }

    private func restore(_ sessions: [StoredSession]) async {
        var failed: [StoredSession] = []
        for stored in sessions {
            let id = stored.sessionID
            let chain: EscrowSession?
            do {
                chain = try await directory.session(id)
            } catch {
                metrics.chainError()
                failed.append(stored)
                continue
            }
            let now = clock.now()
            guard let chain, chain.status != .none else {
                logger.warning("the escrow has no stored session; forgetting it", metadata: ["session": "\(id)"])
                try? await store.markEnded(sessionID: id, at: now)
                continue
            }
            let decided = tracker.withLock { $0.track(id, chain: chain, stored: stored, now: now) }
            if chain.status.isFinal { try? await store.markEnded(sessionID: id, at: now) }
            await handle(decided: decided)
        }
        if !failed.isEmpty {
            let pending = failed
            unrestored.withLock { $0 += pending }
        }
    }

    // MARK: Intents

    /// How many sessions' intents are stored and handed over at once (``handle(decided:)``).
    static let handOverWidth = 64

    /// Stores new decisions and hands them to the sink: one session's in order, different sessions' at once (at
    /// most ``handOverWidth``), so that when many sessions fall silent in the same tick their store writes share
    /// group commits and each stop goes out within the tick rather than after every earlier one's disk syncs.
    private func handle(decided: [IntentRecord]) async {
        await forEachSession(decided) { record in
            self.metrics.intent(record.intent.action.rawValue, "decided")
            self.logger.info(
                "intent decided",
                metadata: [
                    "session": "\(record.intent.sessionID)", "action": "\(record.intent.action.rawValue)",
                    "endedAt": "\(record.intent.endedAt.map(String.init) ?? "-")",
                ])
            await self.save(record)
            await self.submit(record)
        }
    }

    /// Runs `body` on every record: the records of one session one after another in their order, the sessions
    /// concurrently, at most ``handOverWidth`` at a time.
    private func forEachSession(
        _ records: [IntentRecord], _ body: @escaping @Sendable (IntentRecord) async -> Void
    ) async {
        if records.count <= 1 {
            for record in records { await body(record) }
            return
        }
        var order: [UInt256] = []
        var bySession: [UInt256: [IntentRecord]] = [:]
        for record in records {
            let id = record.intent.sessionID
            if bySession[id] == nil { order.append(id) }
            bySession[id, default: []].append(record)
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for id in order {
                if running >= Self.handOverWidth {
                    await group.next()
                    running -= 1
                }
                let list = bySession[id] ?? []
                group.addTask {
                    for record in list { await body(record) }
                }
                running += 1
            }
        }
    }

    /// Hands one intent to the sink and records the outcome.
    private func submit(_ record: IntentRecord) async {
        let intent = record.intent
        let now: Double
        let updated: IntentRecord?
        do {
            _ = try await sink.submit(intent)
            now = clock.now()
            updated = tracker.withLock { $0.markSubmitted(intent, at: now) }
            metrics.intent(intent.action.rawValue, "submitted")
        } catch {
            now = clock.now()
            updated = tracker.withLock { $0.markSubmissionFailed(intent, error: "\(error)", at: now) }
            metrics.intent(intent.action.rawValue, "failed")
            logger.warning(
                "intent hand-over failed; it will be retried",
                metadata: ["key": "\(intent.idempotencyKey)", "error": "\(error)"])
        }
        if let updated { await save(updated) }
    }

    private func save(_ record: IntentRecord) async {
        do {
            try await store.saveIntent(record)
        } catch {
            logger.error(
                "store: saving an intent failed",
                metadata: ["key": "\(record.intent.idempotencyKey)", "error": "\(error)"])
        }
    }
}
