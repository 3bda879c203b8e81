public import EthPrimitives

/// A `SessionEscrow` session's status, as `getSession` returns it.
public enum EscrowStatus: UInt8, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// No such session.
    case none = 0
    /// Deposited, not started.
    case funded = 1
    /// Started: billing runs from `startedAt`.
    case active = 2
    /// Stopped or settled: the money has moved.
    case settled = 3
    /// Cancelled before it started: the student was refunded.
    case cancelled = 4

    /// True for the statuses after which nothing more happens (``settled``, ``cancelled``).
    public var isFinal: Bool { self == .settled || self == .cancelled }

    public var description: String {
        switch self {
        case .none: "none"
        case .funded: "funded"
        case .active: "active"
        case .settled: "settled"
        case .cancelled: "cancelled"
        }
    }
}

/// What the heartbeat needs to know about one escrow session: who takes part, its status, and its timing.
public struct EscrowSession: Sendable, Hashable {
    /// The student (who deposited).
    public var student: Address
    /// The tutor.
    public var tutor: Address
    /// The price of one billed second, in the token's smallest unit.
    public var ratePerSecond: UInt256
    /// The longest the session may bill, in seconds (a cap above 2^64 − 1 reads as `UInt64.max`: never reached).
    public var capSeconds: UInt64
    /// When the session started (`block.timestamp`), 0 before.
    public var startedAt: UInt64
    /// When it ended, 0 before.
    public var endedAt: UInt64
    /// Its status.
    public var status: EscrowStatus

    /// A session record with these fields.
    public init(
        student: Address, tutor: Address, ratePerSecond: UInt256, capSeconds: UInt64, startedAt: UInt64 = 0,
        endedAt: UInt64 = 0, status: EscrowStatus
    ) {
        self.student = student
        self.tutor = tutor
        self.ratePerSecond = ratePerSecond
        self.capSeconds = capSeconds
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
    }

    /// The unix time at which the cap is reached (`startedAt + capSeconds`, saturating), meaningful once started.
    public var capReachedAt: UInt64 {
        let (sum, overflow) = startedAt.addingReportingOverflow(capSeconds)
        return overflow ? .max : sum
    }

    /// The role `address` plays in the session, nil when it plays none.
    public func role(of address: Address) -> ParticipantRole? {
        if address == student { return .student }
        if address == tutor { return .tutor }
        return nil
    }

    /// The address playing `role`.
    public func address(of role: ParticipantRole) -> Address {
        role == .student ? student : tutor
    }
}

/// The two sides of a session.
public enum ParticipantRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The one who pays.
    case student
    /// The one who is paid.
    case tutor
}

/// A change to a session, read from one of the escrow's logs.
public enum EscrowEvent: Sendable, Hashable {
    /// `SessionStarted`: the session is Active from `startedAt`.
    case started(sessionID: UInt256, startedAt: UInt64)
    /// `SessionStopped`: the session ended at `endedAt` (settlement follows in the same transaction).
    case stopped(sessionID: UInt256, endedAt: UInt64)
    /// `Settled`: the money moved; the session is over.
    case settled(sessionID: UInt256)
    /// `SessionCancelled`: the funded session was refunded; it is over.
    case cancelled(sessionID: UInt256)
    /// `SessionExtended`: the cap is now `capSeconds`.
    case extended(sessionID: UInt256, capSeconds: UInt64)

    /// The session the event is about.
    public var sessionID: UInt256 {
        switch self {
        case .started(let id, _), .stopped(let id, _), .settled(let id), .cancelled(let id), .extended(let id, _): id
        }
    }
}

/// Where the heartbeat reads sessions: participants, status, start time, cap and rate.
///
/// The real implementation reads the escrow through the JSON-RPC client and the generated bindings (`getSession`
/// for a session not seen before, the escrow's logs to keep what it knows current); tests may answer from memory.
public protocol SessionDirectory: Sendable {
    /// The session `id` as the chain knows it now, or nil when the escrow has no such session.
    ///
    /// - Throws: when the chain cannot be read (the caller answers 503 and the client retries).
    func session(_ id: UInt256) async throws -> EscrowSession?

    /// The escrow's session events since the previous call, oldest first (the first call may return none: it starts
    /// from the chain's head).
    ///
    /// - Throws: when the chain cannot be read; the events are then returned by a later call, none is lost.
    func changes() async throws -> [EscrowEvent]
}
