public import EthPrimitives
public import JSONRPC

/// Where a session stands, as the service sees it (the `status` of a ping's answer).
public enum SessionPhase: String, Sendable, Hashable, Codable {
    /// Funded on-chain, not started: waiting for both participants (or for the start to be mined).
    case waiting
    /// Active on-chain: billing runs.
    case active
    /// A stop or settle was decided and handed to the relayer; the chain has not confirmed it yet.
    case stopping
    /// Stopped, settled or cancelled on-chain: pings are refused with 410.
    case ended
}

/// The heartbeat's rules over every tracked session, as a value: pure, synchronous, the time passed in.
///
/// It decides intents (``SessionIntent``) and never performs I/O: ``HeartbeatEngine`` persists what it decides,
/// hands the intents to the relayer and reports the outcome back (``markSubmitted(_:at:)``,
/// ``markSubmissionFailed(_:error:at:)``). The rules, from SERVICES.md:
/// - a Funded session whose two participants were both seen within ``HeartbeatConfiguration/timeout`` gets a
///   `start` intent;
/// - an Active session whose participant has been silent for longer than the timeout gets a `stopAt` intent ending
///   at the last moment both were seen (the earlier of their last accepted pings, by the service's clock, rounded
///   down to the second, never before `startedAt`);
/// - an Active session at its cap (`now >= startedAt + capSeconds`) gets a `settle` intent;
/// - a `peer:left` of a participant (or `meeting:ended`) stops an Active session at once, the same way;
/// - a `SessionStopped`, `Settled` or `Cancelled` log ends tracking.
///
/// Silence is counted from the latest of the participant's last ping, `startedAt`, and the moment tracking began in
/// this process (``track(_:chain:stored:now:)``): after a restart every participant gets a full timeout to ping
/// again before anyone is stopped, while `endedAt` still uses the true last pings.
///
/// Each session has one entry in a ``DeadlineQueue`` (its next silence deadline, cap, intent retry or eviction), so
/// ``tick(now:)`` costs O(log n) per session due and nothing per session not due.
public struct SessionTracker: Sendable {
    /// The parameters of the rules.
    public let configuration: HeartbeatConfiguration

    private var sessions: [UInt256: TrackedSession] = [:]
    private var deadlines = DeadlineQueue<UInt256>()
    private var sessionsByRoom: [String: Set<UInt256>] = [:]

    /// A tracker with no sessions.
    public init(configuration: HeartbeatConfiguration) {
        self.configuration = configuration
    }

    /// How many sessions are tracked (in memory), ended ones awaiting eviction included.
    public var count: Int { sessions.count }
    /// How many deadlines are scheduled.
    public var scheduledDeadlines: Int { deadlines.count }
    /// The earliest scheduled deadline, nil when none.
    public var nextDeadline: Double? { deadlines.first?.time }

    /// True when session `id` is tracked.
    public func isTracked(_ id: UInt256) -> Bool { sessions[id] != nil }

    /// The session's phase, nil when it is not tracked.
    public func phase(of id: UInt256) -> SessionPhase? { sessions[id]?.phase }

    // MARK: Tracking

    /// Starts tracking session `id` from the chain's record and what the store holds; does nothing when it is
    /// already tracked (what is in memory is at least as recent).
    ///
    /// - Returns: the intents decided at once (a `settle` for an Active session already at its cap); a `stopAt` is
    ///   never decided here, since silence is counted from `now` (see the type's discussion).
    @discardableResult
    public mutating func track(
        _ id: UInt256, chain: EscrowSession, stored: StoredSession?, now: Double
    ) -> [IntentRecord] {
        guard sessions[id] == nil else { return [] }
        var session = TrackedSession(id: id, chain: chain, trackedSince: now)
        if let stored {
            for (address, liveness) in stored.liveness {
                if let role = chain.role(of: address) { session.liveness[role] = liveness }
            }
            for var record in stored.intents {
                if record.submittedAt == nil { record.nextAttemptAt = now }
                session.intents[record.intent.action] = record
            }
            session.room = stored.room
            if let endedAt = stored.endedAt { session.endedAt = endedAt }
        }
        if chain.status.isFinal, session.endedAt == nil { session.endedAt = now }
        session.lastActivity = now
        sessions[id] = session
        indexRoom(of: id, old: nil, new: session.room.roomID)
        return evaluateAndReschedule(id, now: now)
    }

    // MARK: Pings

    /// Checks the session-level refusals of a ping for a tracked session, cheapest first: the participant must be
    /// the student or the tutor (403), and the session must not have ended (410).
    ///
    /// - Returns: the participant's role.
    /// - Throws: ``HeartbeatError/unknownSession(_:)`` when the session is not tracked (load it first),
    ///   ``HeartbeatError/notParticipant(_:sessionID:)``, ``HeartbeatError/sessionEnded(_:)``.
    public func admit(_ message: HeartbeatMessage) throws(HeartbeatError) -> ParticipantRole {
        guard let session = sessions[message.sessionID] else { throw .unknownSession(message.sessionID) }
        guard let role = session.chain.role(of: message.participant) else {
            throw .notParticipant(message.participant, sessionID: message.sessionID)
        }
        guard session.phase != .ended else { throw .sessionEnded(message.sessionID) }
        return role
    }

    /// Checks that the ping's `seq` is above the last one accepted from its participant (409 otherwise).
    ///
    /// - Throws: ``HeartbeatError/replayedSequence(seq:lastAccepted:)``; the errors of ``admit(_:)``.
    public func checkSequence(_ message: HeartbeatMessage) throws(HeartbeatError) {
        let role = try admit(message)
        if let last = sessions[message.sessionID]?.liveness[role], message.seq <= last.seq {
            throw .replayedSequence(seq: message.seq, lastAccepted: last.seq)
        }
    }

    /// What accepting a ping led to.
    public struct PingOutcome: Sendable, Hashable {
        /// The session's phase after the ping (the `status` of the answer).
        public var phase: SessionPhase
        /// The intents decided because of it (a `start` when both participants are now present).
        public var decided: [IntentRecord]
    }

    /// Records a ping the store has committed: the participant was seen at `now`.
    ///
    /// The participant's record only moves forward: a ping committed earlier but applied after a higher one keeps
    /// the higher `seq`.
    ///
    /// - Returns: nil, changing nothing, when the session is not tracked (evicted since it was loaded) or the
    ///   participant is not one of its two.
    public mutating func accept(_ message: HeartbeatMessage, now: Double) -> PingOutcome? {
        let id = message.sessionID
        guard let role = sessions[id]?.chain.role(of: message.participant) else { return nil }
        // Mutated in place: no copy of the session per ping.
        sessions[id]!.record(message, role: role, now: now)
        let decided = evaluateAndReschedule(id, now: now)
        return PingOutcome(phase: sessions[id]!.phase, decided: decided)
    }

    // MARK: Time

    /// What a tick found.
    public struct TickOutcome: Sendable, Hashable {
        /// The intents decided (stops after silence, settles at the cap): store them and hand them to the sink.
        public var decided: [IntentRecord] = []
        /// Earlier intents due for another hand-over to the sink (retries, and intents restored from the store),
        /// marked in flight.
        public var retries: [IntentRecord] = []
        /// The sessions dropped from memory (ended past retention, or idle).
        public var evicted: [UInt256] = []
    }

    /// Processes every deadline at or before `now`: silence, caps, intent retries and evictions.
    public mutating func tick(now: Double) -> TickOutcome {
        var outcome = TickOutcome()
        for entry in deadlines.popDue(at: now) {
            let id = entry.key
            guard let session = sessions[id] else { continue }
            if session.isEvictable(now: now, configuration: configuration) {
                sessions[id] = nil
                indexRoom(of: id, old: session.room.roomID, new: nil)
                outcome.evicted.append(id)
                continue
            }
            outcome.decided += evaluate(id, now: now)
            outcome.retries += takeDueSubmissions(id, now: now)
            reschedule(id)
        }
        return outcome
    }

    /// Marks every not-yet-submitted intent of session `id` due by `now` as in flight and returns them.
    private mutating func takeDueSubmissions(_ id: UInt256, now: Double) -> [IntentRecord] {
        guard var session = sessions[id], session.phase != .ended else { return [] }
        var due: [IntentRecord] = []
        for action in SessionIntent.Action.allCases {
            guard var record = session.intents[action], record.submittedAt == nil, record.nextAttemptAt <= now
            else { continue }
            // In flight: not handed over again before the outcome is reported or the retry delay passes.
            record.nextAttemptAt = now + configuration.retryDelay(afterFailures: record.failedAttempts + 1)
            session.intents[action] = record
            due.append(record)
        }
        sessions[id] = session
        return due
    }

    /// Records that the sink accepted `intent`.
    public mutating func markSubmitted(_ intent: SessionIntent, at now: Double) -> IntentRecord? {
        guard var session = sessions[intent.sessionID], var record = session.intents[intent.action] else { return nil }
        record.submittedAt = now
        record.lastError = nil
        session.intents[intent.action] = record
        sessions[intent.sessionID] = session
        reschedule(intent.sessionID)
        return record
    }

    /// Records that the sink refused `intent` or could not be reached; it is retried after a growing delay.
    public mutating func markSubmissionFailed(_ intent: SessionIntent, error: String, at now: Double) -> IntentRecord? {
        guard var session = sessions[intent.sessionID], var record = session.intents[intent.action],
            record.submittedAt == nil
        else { return nil }
        record.failedAttempts += 1
        record.lastError = error
        record.nextAttemptAt = now + configuration.retryDelay(afterFailures: record.failedAttempts)
        session.intents[intent.action] = record
        sessions[intent.sessionID] = session
        reschedule(intent.sessionID)
        return record
    }

    // MARK: Chain events

    /// What applying escrow events led to.
    public struct EventOutcome: Sendable, Hashable {
        /// The intents decided (for example a `settle` when a session starts with its cap already behind it).
        public var decided: [IntentRecord] = []
        /// The sessions whose tracking ended, with the time (service clock) to store.
        public var ended: [UInt256] = []
    }

    /// Applies escrow events in order. Events for sessions not tracked are ignored (they are read from the chain
    /// when needed); events that do not move a session forward (a start of a session already Active) are ignored,
    /// so applying an event twice is harmless.
    public mutating func apply(_ events: [EscrowEvent], now: Double) -> EventOutcome {
        var outcome = EventOutcome()
        for event in events {
            let id = event.sessionID
            guard var session = sessions[id] else { continue }
            let wasEnded = session.phase == .ended
            switch event {
            case .started(_, let startedAt):
                guard session.chain.status == .funded else { continue }
                session.chain.status = .active
                session.chain.startedAt = startedAt
            case .stopped(_, let endedAt):
                guard !session.chain.status.isFinal else { continue }
                session.chain.status = .settled
                session.chain.endedAt = endedAt
            case .settled:
                session.chain.status = .settled
            case .cancelled:
                session.chain.status = .cancelled
            case .extended(_, let capSeconds):
                session.chain.capSeconds = max(session.chain.capSeconds, capSeconds)
            }
            if session.chain.status.isFinal, session.endedAt == nil { session.endedAt = now }
            sessions[id] = session
            if !wasEnded, session.phase == .ended { outcome.ended.append(id) }
            outcome.decided += evaluateAndReschedule(id, now: now)
        }
        return outcome
    }

    // MARK: Room events

    /// What a room event led to.
    public struct RoomOutcome: Sendable, Hashable {
        /// Why the event changed nothing, nil when it was applied.
        public var ignoredBecause: String?
        /// The intents decided (a `stopAt` after `peer:left` or `meeting:ended` on an Active session).
        public var decided: [IntentRecord] = []
        /// The sessions whose room state changed, with the new state to store.
        public var updatedRooms: [RoomUpdate] = []
    }

    /// A session's new room state.
    public struct RoomUpdate: Sendable, Hashable {
        /// The session.
        public var sessionID: UInt256
        /// Its room state after the event.
        public var room: RoomState
    }

    /// Applies an authenticated, fresh room event. A `peer:joined` or `peer:left` needs the session named in the
    /// peer's metadata to be tracked (load it first) and the wallet to be its student or tutor; `meeting:ended`
    /// applies to every tracked session seen in that room. Repeating an event is harmless: a second `peer:left`
    /// finds the stop already decided.
    public mutating func apply(_ event: RoomEvent, now: Double) -> RoomOutcome {
        var outcome = RoomOutcome()
        switch event.kind {
        case .other(let name):
            outcome.ignoredBecause = "the heartbeat does not act on \(name)"
        case .peerJoined, .peerLeft:
            guard let id = event.sessionID, let wallet = event.wallet else {
                outcome.ignoredBecause = "the peer's metadata names no escrow sessionId and wallet"
                break
            }
            guard var session = sessions[id] else {
                outcome.ignoredBecause = "session \(id) is not known"
                break
            }
            guard let role = session.chain.role(of: wallet) else {
                outcome.ignoredBecause = "\(wallet) is neither the student nor the tutor of session \(id)"
                break
            }
            let oldRoom = session.room.roomID
            session.room[role] = event.kind == .peerJoined ? .joined : .left
            if let roomID = event.roomID { session.room.roomID = roomID }
            session.lastActivity = max(session.lastActivity, now)
            sessions[id] = session
            indexRoom(of: id, old: oldRoom, new: session.room.roomID)
            outcome.updatedRooms.append(RoomUpdate(sessionID: id, room: session.room))
            if event.kind == .peerLeft, let stop = decideStopNow(id, now: now) { outcome.decided.append(stop) }
        case .meetingEnded:
            var ids = Set<UInt256>()
            if let roomID = event.roomID { ids.formUnion(sessionsByRoom[roomID] ?? []) }
            if let id = event.sessionID, sessions[id] != nil { ids.insert(id) }
            guard !ids.isEmpty else {
                outcome.ignoredBecause = "no known session was seen in this room"
                break
            }
            for id in ids.sorted() {
                guard var session = sessions[id] else { continue }
                session.room.student = .left
                session.room.tutor = .left
                sessions[id] = session
                outcome.updatedRooms.append(RoomUpdate(sessionID: id, room: session.room))
                if let stop = decideStopNow(id, now: now) { outcome.decided.append(stop) }
            }
        }
        return outcome
    }

    /// Decides a `stopAt` for an Active session at once (a participant left the room), if no stop or settle was
    /// decided yet.
    private mutating func decideStopNow(_ id: UInt256, now: Double) -> IntentRecord? {
        guard var session = sessions[id], session.phase == .active else { return nil }
        let record: IntentRecord
        if now >= Double(session.chain.capReachedAt) {
            record = decision(SessionIntent(action: .settle, sessionID: id), now: now)
        } else {
            record = decision(SessionIntent(action: .stopAt, sessionID: id, endedAt: session.lastBothSeen), now: now)
        }
        session.intents[record.intent.action] = record
        sessions[id] = session
        reschedule(id)
        return record
    }

    // MARK: Reading

    /// What the service knows about session `id` (`GET /v1/sessions/{id}`), nil when it is not tracked.
    public func view(of id: UInt256, now: Double) -> SessionView? {
        guard let session = sessions[id] else { return nil }
        func participant(_ role: ParticipantRole) -> SessionView.Participant {
            let liveness = session.liveness[role]
            return SessionView.Participant(
                address: session.chain.address(of: role), lastSeenAt: liveness?.seenAt, seq: liveness?.seq,
                room: session.room[role])
        }
        let pending = SessionIntent.Action.allCases.compactMap { action -> IntentRecord? in
            guard let record = session.intents[action], session.isPending(record.intent.action) else { return nil }
            return record
        }
        return SessionView(
            sessionID: id, phase: session.phase, chainStatus: session.chain.status,
            student: participant(.student), tutor: participant(.tutor),
            startedAt: session.chain.startedAt == 0 ? nil : session.chain.startedAt,
            capSeconds: session.chain.capSeconds, ratePerSecond: session.chain.ratePerSecond,
            roomID: session.room.roomID, pendingIntents: pending, endedAt: session.endedAt, serverTime: now)
    }

    /// The stored form of session `id`'s liveness, intents and room (for tests and tools), nil when not tracked.
    public func snapshot(of id: UInt256) -> StoredSession? {
        guard let session = sessions[id] else { return nil }
        var liveness: [Address: ParticipantLiveness] = [:]
        for role in ParticipantRole.allCases {
            if let value = session.liveness[role] { liveness[session.chain.address(of: role)] = value }
        }
        return StoredSession(
            sessionID: id, liveness: liveness,
            intents: SessionIntent.Action.allCases.compactMap { session.intents[$0] },
            room: session.room, endedAt: session.endedAt)
    }

    // MARK: Rules

    /// Evaluates the rules for session `id` and reschedules its deadline.
    private mutating func evaluateAndReschedule(_ id: UInt256, now: Double) -> [IntentRecord] {
        let decided = evaluate(id, now: now)
        reschedule(id)
        return decided
    }

    /// Decides what the rules call for now: a start, a stop after silence, or a settle at the cap.
    private mutating func evaluate(_ id: UInt256, now: Double) -> [IntentRecord] {
        guard var session = sessions[id] else { return [] }
        var record: IntentRecord?
        switch session.phase {
        case .waiting:
            guard session.chain.status == .funded, session.intents[.start] == nil,
                let student = session.liveness[.student], let tutor = session.liveness[.tutor],
                now - student.seenAt <= configuration.timeout, now - tutor.seenAt <= configuration.timeout
            else { break }
            record = decision(SessionIntent(action: .start, sessionID: id), now: now)
        case .active:
            if now >= Double(session.chain.capReachedAt) {
                record = decision(SessionIntent(action: .settle, sessionID: id), now: now)
            } else if now > session.silenceDeadline(timeout: configuration.timeout) {
                record = decision(
                    SessionIntent(action: .stopAt, sessionID: id, endedAt: session.lastBothSeen), now: now)
            }
        case .stopping, .ended:
            break
        }
        guard let record else { return [] }
        session.intents[record.intent.action] = record
        sessions[id] = session
        return [record]
    }

    /// A new decision, in flight: the engine hands it to the sink at once, and a retry is due only if that fails
    /// or its outcome is never reported.
    private func decision(_ intent: SessionIntent, now: Double) -> IntentRecord {
        IntentRecord(intent: intent, decidedAt: now, nextAttemptAt: now + configuration.retryDelay(afterFailures: 1))
    }

    /// Puts session `id`'s next deadline in the queue (or removes it when it has none).
    private mutating func reschedule(_ id: UInt256) {
        guard let session = sessions[id] else {
            deadlines.cancel(id)
            return
        }
        if let time = session.nextDeadline(configuration: configuration) {
            deadlines.schedule(id, at: time)
        } else {
            deadlines.cancel(id)
        }
    }

    private mutating func indexRoom(of id: UInt256, old: String?, new: String?) {
        guard old != new else { return }
        if let old {
            sessionsByRoom[old]?.remove(id)
            if sessionsByRoom[old]?.isEmpty == true { sessionsByRoom[old] = nil }
        }
        if let new { sessionsByRoom[new, default: []].insert(id) }
    }
}

/// One session's state inside the tracker.
struct TrackedSession: Sendable {
    let id: UInt256
    var chain: EscrowSession
    /// When tracking began in this process: silence is not counted before it.
    var trackedSince: Double
    var liveness = RoleSlots<ParticipantLiveness>()
    var intents = ActionSlots()
    var room = RoomState()
    /// When tracking ended (service clock).
    var endedAt: Double?
    /// The last ping or room event (for idle eviction of sessions that never start).
    var lastActivity: Double = 0

    init(id: UInt256, chain: EscrowSession, trackedSince: Double) {
        self.id = id
        self.chain = chain
        self.trackedSince = trackedSince
    }

    /// Records an accepted ping of `role`: its `seq` only moves forward, its last-seen time too.
    mutating func record(_ message: HeartbeatMessage, role: ParticipantRole, now: Double) {
        if var liveness = liveness[role] {
            if message.seq > liveness.seq {
                liveness.seq = message.seq
                liveness.issuedAt = message.issuedAt
            }
            liveness.seenAt = max(liveness.seenAt, now)
            self.liveness[role] = liveness
        } else {
            liveness[role] = ParticipantLiveness(seq: message.seq, issuedAt: message.issuedAt, seenAt: now)
        }
        lastActivity = max(lastActivity, now)
    }

    var phase: SessionPhase {
        if endedAt != nil || chain.status.isFinal { return .ended }
        if chain.status == .active, intents[.stopAt] != nil || intents[.settle] != nil { return .stopping }
        if chain.status == .active { return .active }
        return .waiting
    }

    /// Whether the intent for `action` still waits for the chain to show its effect.
    func isPending(_ action: SessionIntent.Action) -> Bool {
        switch action {
        case .start: chain.status == .funded
        case .stopAt, .settle: !chain.status.isFinal
        case .cancel: chain.status == .funded
        }
    }

    /// The last moment both participants were seen, in whole seconds: the earlier of their last pings (a
    /// participant never seen counts as seen at `startedAt`), never before `startedAt`.
    var lastBothSeen: UInt64 {
        let started = Double(chain.startedAt)
        let earlier = min(liveness[.student]?.seenAt ?? started, liveness[.tutor]?.seenAt ?? started)
        return max(chain.startedAt, earlier <= 0 ? 0 : UInt64(earlier.rounded(.down)))
    }

    /// The time after which silence stops the session: the earliest of each participant's silence start (its last
    /// ping, `startedAt` or the start of tracking, whichever is latest) plus the timeout.
    func silenceDeadline(timeout: Double) -> Double {
        let floor = max(Double(chain.startedAt), trackedSince)
        let student = max(liveness[.student]?.seenAt ?? floor, floor)
        let tutor = max(liveness[.tutor]?.seenAt ?? floor, floor)
        return min(student, tutor) + timeout
    }

    func isEvictable(now: Double, configuration: HeartbeatConfiguration) -> Bool {
        switch phase {
        case .ended: now >= (endedAt ?? now) + configuration.endedRetention
        case .waiting:
            !intents.hasUnsubmitted && now >= lastActivity + configuration.idleEviction
        case .active, .stopping: false
        }
    }

    /// The session's next deadline: its silence or cap while Active, an intent retry, or its eviction.
    func nextDeadline(configuration: HeartbeatConfiguration) -> Double? {
        var next: Double?
        func consider(_ time: Double) { next = min(next ?? time, time) }
        switch phase {
        case .ended:
            consider((endedAt ?? 0) + configuration.endedRetention)
            return next
        case .active:
            consider(Double(chain.capReachedAt))
            consider(silenceDeadline(timeout: configuration.timeout))
        case .waiting:
            consider(lastActivity + configuration.idleEviction)
        case .stopping:
            break
        }
        if let retry = intents.earliestUnsubmittedAttempt { consider(retry) }
        return next
    }
}

/// One value per participant role, stored inline.
struct RoleSlots<Value: Sendable>: Sendable {
    var student: Value?
    var tutor: Value?

    subscript(role: ParticipantRole) -> Value? {
        get { role == .student ? student : tutor }
        set {
            if role == .student { student = newValue } else { tutor = newValue }
        }
    }
}

/// At most one intent record per action, stored inline.
struct ActionSlots: Sendable {
    var start: IntentRecord?
    var stopAt: IntentRecord?
    var settle: IntentRecord?
    var cancel: IntentRecord?

    subscript(action: SessionIntent.Action) -> IntentRecord? {
        get {
            switch action {
            case .start: start
            case .stopAt: stopAt
            case .settle: settle
            case .cancel: cancel
            }
        }
        set {
            switch action {
            case .start: start = newValue
            case .stopAt: stopAt = newValue
            case .settle: settle = newValue
            case .cancel: cancel = newValue
            }
        }
    }

    /// True when some intent was not handed over yet.
    var hasUnsubmitted: Bool { earliestUnsubmittedAttempt != nil }

    /// The earliest next hand-over among the intents not handed over yet (no allocation: it runs on every ping).
    var earliestUnsubmittedAttempt: Double? {
        var earliest: Double?
        func consider(_ record: IntentRecord?) {
            guard let record, record.submittedAt == nil else { return }
            earliest = min(earliest ?? record.nextAttemptAt, record.nextAttemptAt)
        }
        consider(start)
        consider(stopAt)
        consider(settle)
        consider(cancel)
        return earliest
    }
}

/// What the service knows about one session (`GET /v1/sessions/{id}`).
public struct SessionView: Sendable, Hashable {
    /// One participant's side.
    public struct Participant: Sendable, Hashable {
        /// The wallet.
        public var address: Address
        /// When its last ping was accepted (service clock), nil when none was.
        public var lastSeenAt: Double?
        /// Its last accepted `seq`, nil when none.
        public var seq: UInt64?
        /// What the room's webhooks last said about it.
        public var room: RoomPresence?
    }

    /// The escrow's session id.
    public var sessionID: UInt256
    /// The service's view of the session.
    public var phase: SessionPhase
    /// The status on-chain, as last read.
    public var chainStatus: EscrowStatus
    /// The student's side.
    public var student: Participant
    /// The tutor's side.
    public var tutor: Participant
    /// When the session started on-chain, nil before.
    public var startedAt: UInt64?
    /// The cap, in seconds.
    public var capSeconds: UInt64
    /// The rate, in the token's smallest unit per second.
    public var ratePerSecond: UInt256
    /// The video room, once a webhook named it.
    public var roomID: String?
    /// Intents decided whose effect the chain has not shown yet.
    public var pendingIntents: [IntentRecord]
    /// When tracking ended (service clock), nil while it runs.
    public var endedAt: Double?
    /// The service's time when the view was made.
    public var serverTime: Double
}
