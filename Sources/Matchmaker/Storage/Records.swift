public import EthPrimitives

// The matchmaker's persistent state, one record type per table. Every record carries a `version` that the
// store raises on each write: an update names the version it read, and the store applies a set of changes only
// if every named version is still current (compare-and-set), so concurrent writers never overwrite each other.

/// What every stored record has: a string key and a version for compare-and-set.
public protocol StoreRecord: Codable, Sendable, Hashable {
    /// The record's key within its table.
    var id: String { get }
    /// The version the store gave the record when it was last written (0 before the first write).
    var version: Int { get set }
}

/// A sign-in nonce handed out by `GET /v1/auth/nonce`.
public struct NonceRecord: StoreRecord {
    /// The nonce itself (letters and digits).
    public var id: String
    /// When it was issued (unix seconds).
    public var issuedAt: Double
    /// When it stops being accepted.
    public var expiresAt: Double
    /// When a sign-in used it; nil while unused.
    public var usedAt: Double?
    /// The address that signed in with it.
    public var usedBy: Address?
    public var version: Int = 0

    /// A fresh, unused nonce.
    public init(id: String, issuedAt: Double, expiresAt: Double) {
        self.id = id
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// A bearer token issued at sign-in. Only its SHA-256 is stored, so a copy of the store grants no access.
public struct SessionTokenRecord: StoreRecord {
    /// Lowercase hex SHA-256 of the token.
    public var id: String
    /// The address the token acts as.
    public var address: Address
    /// When it was issued.
    public var issuedAt: Double
    /// When it stops being accepted.
    public var expiresAt: Double
    public var version: Int = 0

    /// A token record.
    public init(id: String, address: Address, issuedAt: Double, expiresAt: Double) {
        self.id = id
        self.address = address
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// A half-open interval of unix seconds `[start, end)`.
public struct TimeInterval64: Codable, Sendable, Hashable, Comparable {
    /// First second of the interval.
    public var start: Int64
    /// First second after it.
    public var end: Int64

    /// `[start, end)`.
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    /// Whether the two intervals share a second.
    public func overlaps(_ other: TimeInterval64) -> Bool { start < other.end && other.start < end }

    /// Whether `other` lies entirely within this interval.
    public func contains(_ other: TimeInterval64) -> Bool { start <= other.start && other.end <= end }

    public static func < (a: TimeInterval64, b: TimeInterval64) -> Bool { (a.start, a.end) < (b.start, b.end) }
}

/// A tutor: profile, presence and availability, keyed by the lowercase hex address.
public struct TutorRecord: StoreRecord {
    /// Lowercase hex of ``address``.
    public var id: String
    /// The tutor's wallet.
    public var address: Address
    /// Languages taught, lowercase (`en`, `pt-br`).
    public var languages: [String]
    /// Levels taught, lowercase (`beginner`, `b2`).
    public var levels: [String]
    /// Price per second in the token's smallest unit.
    public var ratePerSecond: UInt256
    /// The token paid in; ``Address/zero`` for the chain's native currency.
    public var token: Address
    /// Until when the tutor is online (unix seconds); nil or past when offline.
    public var onlineUntil: Double?
    /// When the current online period began (for the waitlist: a tutor "comes online" once per period).
    public var onlineSince: Double?
    /// The match that makes the tutor busy, or nil when free.
    public var busyMatchID: String?
    /// When the tutor can be booked, sorted and merged.
    public var availability: [TimeInterval64]
    /// When the profile was last set.
    public var updatedAt: Double
    public var version: Int = 0

    /// A tutor with a profile, offline, with no availability.
    public init(
        address: Address, languages: [String], levels: [String], ratePerSecond: UInt256, token: Address,
        updatedAt: Double
    ) {
        self.id = address.storeKey
        self.address = address
        self.languages = languages
        self.levels = levels
        self.ratePerSecond = ratePerSecond
        self.token = token
        self.availability = []
        self.updatedAt = updatedAt
    }

    /// Whether the tutor's lease runs past `now`.
    public func isOnline(at now: Double) -> Bool { (onlineUntil ?? 0) > now }
}

/// What a student asks for, in a roulette request or on the waitlist.
public struct MatchFilters: Codable, Sendable, Hashable {
    /// Language to learn (lowercase).
    public var language: String
    /// Level (lowercase).
    public var level: String
    /// The most the student pays per second.
    public var maxRatePerSecond: UInt256
    /// The token the student pays in (``Address/zero`` = native).
    public var token: Address
    /// The session's length cap in seconds: the deposit is `rate × capSeconds`.
    public var capSeconds: UInt64
    /// A SessionCredential-like ERC-721 contract the tutor must hold a token of, if any.
    public var credentialContract: Address?
    /// The least average rating (stars, 1 to 5) the tutor must have on SessionRatings, if any.
    public var minRating: Double?

    /// Filters.
    public init(
        language: String, level: String, maxRatePerSecond: UInt256, token: Address, capSeconds: UInt64,
        credentialContract: Address? = nil, minRating: Double? = nil
    ) {
        self.language = language
        self.level = level
        self.maxRatePerSecond = maxRatePerSecond
        self.token = token
        self.capSeconds = capSeconds
        self.credentialContract = credentialContract
        self.minRating = minRating
    }
}

/// The state of a roulette request.
public enum MatchRequestStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Proposals are being made.
    case matching
    /// A tutor accepted.
    case matched
    /// No eligible tutor, or the proposal limit was reached.
    case noTutor = "no_tutor"
    /// The student cancelled.
    case cancelled
}

/// A student's roulette request (`POST /v1/match`).
public struct MatchRequestRecord: StoreRecord {
    /// The request id.
    public var id: String
    /// The student.
    public var student: Address
    /// What the student asked for.
    public var filters: MatchFilters
    /// Where the request stands.
    public var status: MatchRequestStatus
    /// How many proposals were made for it (at most the configured limit).
    public var proposalsMade: Int
    /// The tutors proposed to so far, in order (never proposed twice).
    public var triedTutors: [Address]
    /// The proposal waiting for an answer, if any.
    public var currentProposalID: String?
    /// The match, once matched.
    public var matchID: String?
    /// Why the request ended without a match (for `no_tutor` and `cancelled`).
    public var reason: String?
    /// When the request was made.
    public var createdAt: Double
    /// When its status last changed.
    public var updatedAt: Double
    public var version: Int = 0

    /// A new request in ``MatchRequestStatus/matching``.
    public init(id: String, student: Address, filters: MatchFilters, createdAt: Double) {
        self.id = id
        self.student = student
        self.filters = filters
        self.status = .matching
        self.proposalsMade = 0
        self.triedTutors = []
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// The state of a proposal.
public enum ProposalStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Waiting for the tutor.
    case pending
    /// The tutor accepted: a match exists.
    case accepted
    /// The tutor declined.
    case declined
    /// Its time to live ran out.
    case expired
    /// Withdrawn by the matchmaker: the student cancelled, or the tutor went offline or got another match.
    case withdrawn
}

/// A proposal of one student's request to one tutor.
public struct ProposalRecord: StoreRecord {
    /// The proposal id.
    public var id: String
    /// The request it belongs to.
    public var requestID: String
    /// The student.
    public var student: Address
    /// The tutor asked.
    public var tutor: Address
    /// The language and level asked for.
    public var language: String
    /// The level asked for.
    public var level: String
    /// The tutor's rate when proposed: the rate locked if accepted.
    public var ratePerSecond: UInt256
    /// The token.
    public var token: Address
    /// The session cap asked for.
    public var capSeconds: UInt64
    /// When it was made.
    public var createdAt: Double
    /// When it expires unless answered.
    public var expiresAt: Double
    /// Where it stands.
    public var status: ProposalStatus
    /// Why it closed (for declined, expired and withdrawn proposals).
    public var reason: String?
    /// When it closed.
    public var closedAt: Double?
    public var version: Int = 0

    /// A pending proposal.
    public init(
        id: String, requestID: String, student: Address, tutor: Address, language: String, level: String,
        ratePerSecond: UInt256, token: Address, capSeconds: UInt64, createdAt: Double, expiresAt: Double
    ) {
        self.id = id
        self.requestID = requestID
        self.student = student
        self.tutor = tutor
        self.language = language
        self.level = level
        self.ratePerSecond = ratePerSecond
        self.token = token
        self.capSeconds = capSeconds
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = .pending
    }
}

/// The state of a match.
public enum MatchStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Accepted; waiting for the student's deposit on-chain.
    case awaitingDeposit = "awaiting_deposit"
    /// The deposit was seen; the escrow session is funded or active.
    case inSession = "in_session"
    /// The escrow session was settled or cancelled on-chain.
    case ended
    /// No deposit arrived within the deposit window.
    case abandoned
}

/// A student and a tutor matched by roulette, with the rate locked.
public struct MatchRecord: StoreRecord {
    /// The match id.
    public var id: String
    /// The request it came from.
    public var requestID: String
    /// The student.
    public var student: Address
    /// The tutor.
    public var tutor: Address
    /// The locked rate.
    public var ratePerSecond: UInt256
    /// The cap.
    public var capSeconds: UInt64
    /// The token.
    public var token: Address
    /// The video room.
    public var roomID: String
    /// When the tutor accepted.
    public var createdAt: Double
    /// When the match is abandoned unless the deposit has been seen.
    public var depositDeadline: Double
    /// The first block to look for the deposit in.
    public var watchFromBlock: UInt64
    /// Where it stands.
    public var status: MatchStatus
    /// The escrow session id, once the deposit is seen.
    public var sessionID: UInt256?
    /// When it ended or was abandoned.
    public var endedAt: Double?
    public var version: Int = 0

    /// A match awaiting its deposit.
    public init(
        id: String, requestID: String, student: Address, tutor: Address, ratePerSecond: UInt256, capSeconds: UInt64,
        token: Address, roomID: String, createdAt: Double, depositDeadline: Double, watchFromBlock: UInt64
    ) {
        self.id = id
        self.requestID = requestID
        self.student = student
        self.tutor = tutor
        self.ratePerSecond = ratePerSecond
        self.capSeconds = capSeconds
        self.token = token
        self.roomID = roomID
        self.createdAt = createdAt
        self.depositDeadline = depositDeadline
        self.watchFromBlock = watchFromBlock
        self.status = .awaitingDeposit
    }
}

/// The state of a booking.
public enum BookingStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Booked.
    case booked
    /// Cancelled by a participant.
    case cancelled
}

/// A booked slot with a tutor.
public struct BookingRecord: StoreRecord {
    /// The booking id.
    public var id: String
    /// The tutor.
    public var tutor: Address
    /// The student.
    public var student: Address
    /// Start (unix seconds).
    public var start: Int64
    /// Length in seconds.
    public var durationSeconds: Int64
    /// The tutor's rate when booked (locked for this booking).
    public var ratePerSecond: UInt256
    /// The token.
    public var token: Address
    /// The video room.
    public var roomID: String
    /// Where it stands.
    public var status: BookingStatus
    /// When it was made.
    public var createdAt: Double
    /// When it was cancelled, and by whom.
    public var cancelledAt: Double?
    /// Who cancelled it.
    public var cancelledBy: Address?
    public var version: Int = 0

    /// `[start, start + durationSeconds)`.
    public var interval: TimeInterval64 { TimeInterval64(start: start, end: start + durationSeconds) }

    /// A new booking.
    public init(
        id: String, tutor: Address, student: Address, start: Int64, durationSeconds: Int64, ratePerSecond: UInt256,
        token: Address, roomID: String, createdAt: Double
    ) {
        self.id = id
        self.tutor = tutor
        self.student = student
        self.start = start
        self.durationSeconds = durationSeconds
        self.ratePerSecond = ratePerSecond
        self.token = token
        self.roomID = roomID
        self.status = .booked
        self.createdAt = createdAt
    }
}

/// A matching tutor who came online while a student waited.
public struct WaitlistNotification: Codable, Sendable, Hashable {
    /// The tutor.
    public var tutor: Address
    /// Their rate.
    public var ratePerSecond: UInt256
    /// When they came online.
    public var at: Double

    /// A notification.
    public init(tutor: Address, ratePerSecond: UInt256, at: Double) {
        self.tutor = tutor
        self.ratePerSecond = ratePerSecond
        self.at = at
    }
}

/// A student waiting for a tutor who matches their filters to come online.
public struct WaitlistRecord: StoreRecord {
    /// The entry id.
    public var id: String
    /// The student.
    public var student: Address
    /// What they wait for.
    public var filters: MatchFilters
    /// When they joined.
    public var createdAt: Double
    /// When the entry lapses.
    public var expiresAt: Double
    /// Tutors who came online matching the filters, oldest first.
    public var notifications: [WaitlistNotification]
    public var version: Int = 0

    /// A new entry.
    public init(id: String, student: Address, filters: MatchFilters, createdAt: Double, expiresAt: Double) {
        self.id = id
        self.student = student
        self.filters = filters
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.notifications = []
    }
}

extension Address {
    /// The key of an address in the store: lowercase hex with `0x`.
    public var storeKey: String { hexString }
}
