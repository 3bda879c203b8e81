public import EthPrimitives
public import JSONRPC
public import Secp256k1

/// The last accepted ping of one participant in one session.
public struct ParticipantLiveness: Sendable, Hashable {
    /// Its sequence number: a later ping must carry a higher one.
    public var seq: UInt64
    /// Its `issuedAt`, by the client's clock.
    public var issuedAt: UInt64
    /// When the service accepted it, in unix seconds by the service's clock: what "last seen" means.
    public var seenAt: Double

    /// A liveness record with these fields.
    public init(seq: UInt64, issuedAt: UInt64, seenAt: Double) {
        self.seq = seq
        self.issuedAt = issuedAt
        self.seenAt = seenAt
    }
}

/// An accepted ping as it is stored, with its signature kept as evidence of presence.
public struct StoredPing: Sendable, Hashable {
    /// The signed message.
    public var message: HeartbeatMessage
    /// The participant's signature over it.
    public var signature: Signature
    /// When the service accepted it (unix seconds, service clock).
    public var seenAt: Double

    /// A stored ping with these fields.
    public init(message: HeartbeatMessage, signature: Signature, seenAt: Double) {
        self.message = message
        self.signature = signature
        self.seenAt = seenAt
    }
}

/// An intent the service decided, and how far its hand-over to the intent sink got.
public struct IntentRecord: Sendable, Hashable {
    /// The intent.
    public var intent: SessionIntent
    /// When the service decided it (unix seconds, service clock).
    public var decidedAt: Double
    /// When the sink accepted it, nil while it has not.
    public var submittedAt: Double?
    /// How many hand-overs failed.
    public var failedAttempts: Int
    /// The last hand-over's error, nil when none failed.
    public var lastError: String?
    /// When the next hand-over is due while not submitted (not persisted: after a restart it is due at once).
    public var nextAttemptAt: Double

    /// A record with these fields.
    public init(
        intent: SessionIntent, decidedAt: Double, submittedAt: Double? = nil, failedAttempts: Int = 0,
        lastError: String? = nil, nextAttemptAt: Double? = nil
    ) {
        self.intent = intent
        self.decidedAt = decidedAt
        self.submittedAt = submittedAt
        self.failedAttempts = failedAttempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt ?? decidedAt
    }
}

/// Whether a participant is in the session's video room, as the room's webhooks last said.
public enum RoomPresence: String, Sendable, Hashable, Codable {
    /// A `peer:joined` was the last event.
    case joined
    /// A `peer:left` (or `meeting:ended`) was the last event.
    case left
}

/// What the room's webhooks said about a session.
public struct RoomState: Sendable, Hashable {
    /// The room's id, once a webhook named it.
    public var roomID: String?
    /// The student's presence, nil before any event about them.
    public var student: RoomPresence?
    /// The tutor's presence, nil before any event about them.
    public var tutor: RoomPresence?

    /// A room state with these fields.
    public init(roomID: String? = nil, student: RoomPresence? = nil, tutor: RoomPresence? = nil) {
        self.roomID = roomID
        self.student = student
        self.tutor = tutor
    }

    /// The presence of `role`.
    public subscript(role: ParticipantRole) -> RoomPresence? {
        get { role == .student ? student : tutor }
        set {
            if role == .student { student = newValue } else { tutor = newValue }
        }
    }
}

/// Everything the store holds about one session.
public struct StoredSession: Sendable, Hashable {
    /// The escrow's session id.
    public var sessionID: UInt256
    /// The last accepted ping of each participant who sent one, by address.
    public var liveness: [Address: ParticipantLiveness]
    /// The intents decided for the session.
    public var intents: [IntentRecord]
    /// What the room's webhooks said.
    public var room: RoomState
    /// When tracking ended (the session ended on-chain), nil while it runs.
    public var endedAt: Double?

    /// A stored session with these fields.
    public init(
        sessionID: UInt256, liveness: [Address: ParticipantLiveness] = [:], intents: [IntentRecord] = [],
        room: RoomState = RoomState(), endedAt: Double? = nil
    ) {
        self.sessionID = sessionID
        self.liveness = liveness
        self.intents = intents
        self.room = room
        self.endedAt = endedAt
    }
}

/// Where the heartbeat keeps what must survive a restart: accepted pings, decided intents, room state, ended
/// sessions and accepted webhook deliveries.
///
/// Every method returns once its write is durable. The store is also the arbiter of replays (``recordPing(_:)``
/// and ``recordWebhookDelivery(id:at:)`` write only what is new, atomically), so several service instances
/// sharing one database (PostgreSQL, later) never accept the same ping or delivery twice.
public protocol HeartbeatStore: Sendable {
    /// Records `ping` as its participant's latest if its `seq` is above the stored one, atomically.
    ///
    /// - Returns: true when written; false when the stored `seq` is already equal or higher (a replay: nothing
    ///   written).
    /// - Throws: when the write could not be committed (nothing was recorded).
    func recordPing(_ ping: StoredPing) async throws -> Bool

    /// The participant's stored `seq` for the session, nil when none (for the refusal's message).
    func lastSequence(sessionID: UInt256, participant: Address) async throws -> UInt64?

    /// Everything stored about session `id`, nil when nothing is.
    func session(_ id: UInt256) async throws -> StoredSession?

    /// Every session stored and not marked ended.
    func openSessions() async throws -> [StoredSession]

    /// Inserts or replaces the intent record with the same session and action.
    func saveIntent(_ record: IntentRecord) async throws

    /// Records what the room's webhooks said about the session.
    func saveRoom(_ room: RoomState, sessionID: UInt256) async throws

    /// Marks the session ended at `time` (service clock).
    func markEnded(sessionID: UInt256, at time: Double) async throws

    /// Deletes sessions marked ended before `time`, with their pings and intents; returns how many.
    @discardableResult
    func pruneEnded(before time: Double) async throws -> Int

    /// Records a webhook delivery id if it is new, atomically.
    ///
    /// - Returns: true when new (recorded), false when already recorded (a replay).
    func recordWebhookDelivery(id: String, at time: Double) async throws -> Bool

    /// Forgets delivery ids received before `time` (older deliveries are refused by their timestamp instead).
    func pruneWebhookDeliveries(before time: Double) async throws
}
