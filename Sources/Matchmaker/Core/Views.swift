public import EthPrimitives

// What the matchmaker answers, as the HTTP face sends it: addresses in EIP-55, amounts and ids as decimal
// strings, times as whole unix seconds.

/// The answer to a sign-in.
public struct LoginResult: Sendable, Hashable, Codable {
    /// The bearer token for `Authorization: Bearer …`.
    public var token: String
    /// The address signed in.
    public var address: Address
    /// When the token stops working (unix seconds).
    public var expiresAt: Int64
}

/// A fresh sign-in nonce.
public struct NonceResult: Sendable, Hashable, Codable {
    /// The nonce to put in the message.
    public var nonce: String
    /// When it stops being accepted.
    public var expiresAt: Int64
}

/// A tutor's own view of their profile and presence.
public struct TutorView: Sendable, Hashable, Codable {
    /// The tutor.
    public var address: Address
    /// Languages taught.
    public var languages: [String]
    /// Levels taught.
    public var levels: [String]
    /// Rate per second (decimal, token units).
    public var ratePerSecond: String
    /// Token (zero address = native).
    public var token: Address
    /// Whether the lease runs now.
    public var online: Bool
    /// When the lease ends, if online.
    public var onlineUntil: Int64?
    /// The match that keeps the tutor busy, if any.
    public var busyMatchId: String?
    /// Bookable intervals.
    public var availability: [TimeInterval64]

    init(_ t: TutorRecord, now: Double) {
        address = t.address
        languages = t.languages
        levels = t.levels
        ratePerSecond = String(t.ratePerSecond)
        token = t.token
        online = t.isOnline(at: now)
        onlineUntil = online ? t.onlineUntil.map(wholeSeconds) : nil
        busyMatchId = t.busyMatchID
        availability = t.availability
    }
}

/// A proposal as the tutor sees it.
public struct ProposalView: Sendable, Hashable, Codable {
    /// Proposal id (for accept and decline).
    public var proposalId: String
    /// The student.
    public var student: Address
    /// Language asked.
    public var language: String
    /// Level asked.
    public var level: String
    /// The tutor's rate as proposed (locked on accept).
    public var ratePerSecond: String
    /// The token.
    public var token: Address
    /// Session cap.
    public var capSeconds: UInt64
    /// When the proposal lapses.
    public var expiresAt: Int64
    /// pending, accepted, declined, expired or withdrawn.
    public var status: ProposalStatus

    init(_ p: ProposalRecord) {
        proposalId = p.id
        student = p.student
        language = p.language
        level = p.level
        ratePerSecond = String(p.ratePerSecond)
        token = p.token
        capSeconds = p.capSeconds
        expiresAt = wholeSeconds(p.expiresAt)
        status = p.status
    }
}

/// The tutor's proposals answer (`GET /v1/tutors/me/proposals`).
public struct ProposalsView: Sendable, Hashable, Codable {
    /// Pending proposals, oldest first.
    public var proposals: [ProposalView]
}

/// A match as one participant sees it.
public struct MatchView: Sendable, Hashable, Codable {
    /// The match id.
    public var matchId: String
    /// The request it answers.
    public var requestId: String
    /// The student.
    public var student: Address
    /// The tutor.
    public var tutor: Address
    /// The locked rate (decimal).
    public var ratePerSecond: String
    /// The cap.
    public var capSeconds: UInt64
    /// The token (zero address = native).
    public var token: Address
    /// The amount the deposit locks: rate × cap (decimal).
    public var depositAmount: String
    /// awaiting_deposit, in_session, ended or abandoned.
    public var status: MatchStatus
    /// The escrow session id once the deposit is seen (decimal).
    public var sessionId: String?
    /// When the match is abandoned without a deposit.
    public var depositDeadline: Int64
    /// The video room.
    public var roomId: String
    /// This participant's room token.
    public var roomToken: String?
    /// For the student: the prepared `deposit` call to sign.
    public var deposit: PreparedCall?
    /// For the student of an ERC-20 match whose allowance is short: the `approve` call to sign first.
    public var approve: PreparedCall?
    /// For the student of an ERC-20 match: the allowance the escrow has now (decimal), when it was read.
    public var allowance: String?
}

/// A booking suggestion in a `no_tutor` answer.
public struct BookingSuggestion: Sendable, Hashable, Codable {
    /// The tutor.
    public var tutor: Address
    /// Their rate (decimal).
    public var ratePerSecond: String
    /// A free start within their availability (unix seconds).
    public var start: Int64
    /// The suggested length (the request's cap, or what fits).
    public var durationSeconds: Int64
}

/// How to join the waitlist with the same filters.
public struct WaitlistOffer: Sendable, Hashable, Codable {
    /// `POST`.
    public var method: String
    /// `/v1/waitlist`.
    public var path: String
    /// The body to send.
    public var body: MatchRequestBody
}

/// The body of `POST /v1/match` and `POST /v1/waitlist`.
public struct MatchRequestBody: Sendable, Hashable, Codable {
    /// Language to learn.
    public var language: String
    /// Level.
    public var level: String
    /// Highest acceptable rate per second (decimal string, token units).
    public var maxRatePerSecond: String
    /// Token address (0x0 = native).
    public var token: String
    /// The session cap in seconds.
    public var capSeconds: UInt64
    /// An ERC-721 contract the tutor must hold a token of.
    public var credentialContract: String?
    /// The least average rating (stars).
    public var minRating: Double?

    /// A body.
    public init(
        language: String, level: String, maxRatePerSecond: String, token: String, capSeconds: UInt64,
        credentialContract: String? = nil, minRating: Double? = nil
    ) {
        self.language = language
        self.level = level
        self.maxRatePerSecond = maxRatePerSecond
        self.token = token
        self.capSeconds = capSeconds
        self.credentialContract = credentialContract
        self.minRating = minRating
    }

    init(_ f: MatchFilters) {
        self.init(
            language: f.language, level: f.level, maxRatePerSecond: String(f.maxRatePerSecond),
            token: f.token.checksummed, capSeconds: f.capSeconds, credentialContract: f.credentialContract?.checksummed,
            minRating: f.minRating)
    }
}

/// A roulette request as the student sees it (`GET /v1/match/{requestId}`).
public struct MatchRequestView: Sendable, Hashable, Codable {
    /// The request id.
    public var requestId: String
    /// matching, matched, no_tutor or cancelled.
    public var status: MatchRequestStatus
    /// How many proposals were made so far.
    public var proposalsMade: Int
    /// The match, when matched.
    public var match: MatchView?
    /// Why there is no tutor (for no_tutor and cancelled).
    public var reason: String?
    /// Booking suggestions, for no_tutor.
    public var suggestions: [BookingSuggestion]?
    /// The waitlist offer, for no_tutor.
    public var waitlist: WaitlistOffer?
}

/// A booking as a participant sees it.
public struct BookingView: Sendable, Hashable, Codable {
    /// The booking id.
    public var bookingId: String
    /// The tutor.
    public var tutor: Address
    /// The student.
    public var student: Address
    /// Start (unix seconds).
    public var start: Int64
    /// Length.
    public var durationSeconds: Int64
    /// The rate locked at booking (decimal).
    public var ratePerSecond: String
    /// The token.
    public var token: Address
    /// booked or cancelled.
    public var status: BookingStatus
    /// The room.
    public var roomId: String
    /// When the room tokens become available.
    public var roomOpensAt: Int64

    init(_ b: BookingRecord, roomOpensBefore: Double) {
        bookingId = b.id
        tutor = b.tutor
        student = b.student
        start = b.start
        durationSeconds = b.durationSeconds
        ratePerSecond = String(b.ratePerSecond)
        token = b.token
        status = b.status
        roomId = b.roomID
        roomOpensAt = b.start - Int64(roomOpensBefore)
    }
}

/// The bookings answer (`GET /v1/bookings`).
public struct BookingsView: Sendable, Hashable, Codable {
    /// The caller's bookings, as student or tutor, by start.
    public var bookings: [BookingView]
}

/// A booking's room for one participant (`GET /v1/bookings/{id}/room`).
public struct BookingRoomView: Sendable, Hashable, Codable {
    /// The booking id.
    public var bookingId: String
    /// The room.
    public var roomId: String
    /// This participant's token.
    public var roomToken: String
    /// host for the tutor, speaker for the student.
    public var role: RoomRole
    /// When the token expires.
    public var expiresAt: Int64
    /// For the student: the prepared `deposit` call for the booked length at the locked rate.
    public var deposit: PreparedCall?
}

/// A waitlist entry as its student sees it.
public struct WaitlistEntryView: Sendable, Hashable, Codable {
    /// The entry id.
    public var entryId: String
    /// The filters waited on.
    public var filters: MatchRequestBody
    /// When it lapses.
    public var expiresAt: Int64
    /// Matching tutors who came online, oldest first.
    public var notifications: [WaitlistNotificationView]
}

/// A waitlist notification as sent.
public struct WaitlistNotificationView: Sendable, Hashable, Codable {
    /// The tutor who came online.
    public var tutor: Address
    /// Their rate (decimal).
    public var ratePerSecond: String
    /// When (unix seconds).
    public var at: Int64
}

/// The waitlist answer (`GET /v1/waitlist`).
public struct WaitlistView: Sendable, Hashable, Codable {
    /// The caller's entries.
    public var entries: [WaitlistEntryView]
}

/// A tutor's public profile (`GET /v1/tutors/{address}`).
public struct TutorProfileView: Sendable, Hashable, Codable {
    /// The tutor.
    public var address: Address
    /// Languages taught.
    public var languages: [String]
    /// Levels taught.
    public var levels: [String]
    /// Rate (decimal).
    public var ratePerSecond: String
    /// Token.
    public var token: Address
    /// Whether online now.
    public var online: Bool
    /// Whether in a match now.
    public var busy: Bool
    /// Average stars on SessionRatings, or nil without ratings.
    public var averageRating: Double?
    /// How many ratings.
    public var ratingCount: String
    /// `secondsTaught` on SessionEscrow (decimal).
    public var secondsTaught: String
    /// Sessions with this tutor that were settled with billed time.
    public var sessionsCompleted: Int
}

/// A credential in a student's progress.
public struct CredentialView: Sendable, Hashable, Codable {
    /// The token id (= session id).
    public var tokenId: String
    /// The tutor who attested it.
    public var tutor: Address
    /// Seconds billed in the session.
    public var billedSeconds: String
    /// When it was minted.
    public var issuedAt: String
}

/// A student's progress (`GET /v1/students/{address}/progress`).
public struct StudentProgressView: Sendable, Hashable, Codable {
    /// The student.
    public var address: Address
    /// `secondsLearned` on SessionEscrow (decimal).
    public var secondsLearned: String
    /// Sessions the student deposited for.
    public var sessions: Int
    /// Of those, settled with billed time.
    public var sessionsCompleted: Int
    /// SessionCredential tokens held, with their tutors and dates.
    public var credentials: [CredentialView]
}

/// Whole unix seconds (rounded down) of a clock reading.
func wholeSeconds(_ t: Double) -> Int64 { Int64(t.rounded(.down)) }
