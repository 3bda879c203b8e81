public import EthPrimitives

/// Any record the store holds, tagged with its table.
public enum StoredRecord: Sendable, Hashable {
    case nonce(NonceRecord)
    case sessionToken(SessionTokenRecord)
    case tutor(TutorRecord)
    case request(MatchRequestRecord)
    case proposal(ProposalRecord)
    case match(MatchRecord)
    case booking(BookingRecord)
    case waitlist(WaitlistRecord)

    /// The table's name (`tutors`, `proposals`, …).
    public var table: String {
        switch self {
        case .nonce: "nonces"
        case .sessionToken: "session_tokens"
        case .tutor: "tutors"
        case .request: "match_requests"
        case .proposal: "proposals"
        case .match: "matches"
        case .booking: "bookings"
        case .waitlist: "waitlist"
        }
    }

    /// The record's key.
    public var id: String {
        switch self {
        case .nonce(let r): r.id
        case .sessionToken(let r): r.id
        case .tutor(let r): r.id
        case .request(let r): r.id
        case .proposal(let r): r.id
        case .match(let r): r.id
        case .booking(let r): r.id
        case .waitlist(let r): r.id
        }
    }

    /// The record's version.
    public var version: Int {
        switch self {
        case .nonce(let r): r.version
        case .sessionToken(let r): r.version
        case .tutor(let r): r.version
        case .request(let r): r.version
        case .proposal(let r): r.version
        case .match(let r): r.version
        case .booking(let r): r.version
        case .waitlist(let r): r.version
        }
    }

    /// The same record with its version set to `version`.
    public func withVersion(_ version: Int) -> StoredRecord {
        switch self {
        case .nonce(var r):
            r.version = version
            return .nonce(r)
        case .sessionToken(var r):
            r.version = version
            return .sessionToken(r)
        case .tutor(var r):
            r.version = version
            return .tutor(r)
        case .request(var r):
            r.version = version
            return .request(r)
        case .proposal(var r):
            r.version = version
            return .proposal(r)
        case .match(var r):
            r.version = version
            return .match(r)
        case .booking(var r):
            r.version = version
            return .booking(r)
        case .waitlist(var r):
            r.version = version
            return .waitlist(r)
        }
    }
}

/// One write of an atomic ``MatchmakerStore/commit(_:)``.
public enum StoreChange: Sendable, Hashable {
    /// Adds a record whose key must not exist yet; it is stored with version 1.
    case insert(StoredRecord)
    /// Replaces a record whose stored version must equal the given record's ``StoreRecord/version`` (the version
    /// that was read); it is stored with that version plus one.
    case update(StoredRecord)
    /// Removes a record whose stored version must equal the given record's version.
    case delete(StoredRecord)

    /// The record written or removed.
    public var record: StoredRecord {
        switch self {
        case .insert(let r), .update(let r), .delete(let r): r
        }
    }
}

/// Where the matchmaker keeps its state: SQLite through GRDB by default (``SQLiteMatchmakerStore``), memory for
/// tests and demos (``InMemoryMatchmakerStore``); a PostgreSQL store shared by several instances can implement the
/// same protocol without any change to the matching logic.
///
/// The contract is optimistic concurrency. Reads return records as they are, each with its version. All writes go
/// through ``commit(_:)``, which applies a list of changes atomically if, and only if, every updated or deleted
/// record still has the version that was read and no inserted key exists; otherwise it applies nothing and
/// returns `false`, and the caller reads again and decides again. The matching rules (the first valid accept wins,
/// two bookings of one slot cannot both succeed, a nonce is used once) are built on this compare-and-set. A SQL
/// implementation runs each commit in one transaction with `UPDATE … WHERE id = ? AND version = ?` and checks
/// that each statement touched one row.
///
/// Every method may throw ``MatchmakerError/storage(_:)`` when the store itself fails.
public protocol MatchmakerStore: Sendable {
    /// Applies `changes` atomically if every version condition holds; returns whether it did.
    func commit(_ changes: [StoreChange]) async throws(MatchmakerError) -> Bool

    /// A nonce by value.
    func nonce(_ value: String) async throws(MatchmakerError) -> NonceRecord?
    /// A session token by the hex SHA-256 of the token.
    func sessionToken(hash: String) async throws(MatchmakerError) -> SessionTokenRecord?

    /// A tutor by address.
    func tutor(_ address: Address) async throws(MatchmakerError) -> TutorRecord?
    /// Every tutor whose lease runs past `now`.
    func tutorsOnline(at now: Double) async throws(MatchmakerError) -> [TutorRecord]
    /// Every tutor with a profile.
    func allTutors() async throws(MatchmakerError) -> [TutorRecord]

    /// A match request by id.
    func request(_ id: String) async throws(MatchmakerError) -> MatchRequestRecord?
    /// Every request in `status`.
    func requests(status: MatchRequestStatus) async throws(MatchmakerError) -> [MatchRequestRecord]

    /// A proposal by id.
    func proposal(_ id: String) async throws(MatchmakerError) -> ProposalRecord?
    /// Every pending proposal, oldest first.
    func pendingProposals() async throws(MatchmakerError) -> [ProposalRecord]
    /// The pending proposals addressed to `tutor`, oldest first.
    func pendingProposals(tutor: Address) async throws(MatchmakerError) -> [ProposalRecord]

    /// A match by id.
    func match(_ id: String) async throws(MatchmakerError) -> MatchRecord?
    /// Every match awaiting its deposit or in session.
    func openMatches() async throws(MatchmakerError) -> [MatchRecord]
    /// The matches `address` takes part in, newest first.
    func matches(participant address: Address) async throws(MatchmakerError) -> [MatchRecord]

    /// A booking by id.
    func booking(_ id: String) async throws(MatchmakerError) -> BookingRecord?
    /// The tutor's bookings that are not cancelled, by start.
    func activeBookings(tutor: Address) async throws(MatchmakerError) -> [BookingRecord]
    /// The bookings `address` takes part in (as student or tutor), by start.
    func bookings(participant address: Address) async throws(MatchmakerError) -> [BookingRecord]

    /// A waitlist entry by id.
    func waitlistEntry(_ id: String) async throws(MatchmakerError) -> WaitlistRecord?
    /// The student's waitlist entries, oldest first.
    func waitlist(student: Address) async throws(MatchmakerError) -> [WaitlistRecord]
    /// Every waitlist entry not lapsed at `now`.
    func activeWaitlist(at now: Double) async throws(MatchmakerError) -> [WaitlistRecord]

    /// Deletes what can no longer matter: nonces and tokens that expired before `before`, proposals closed before
    /// it, and waitlist entries that lapsed before it. Returns how many records went.
    func purge(before: Double) async throws(MatchmakerError) -> Int
}
