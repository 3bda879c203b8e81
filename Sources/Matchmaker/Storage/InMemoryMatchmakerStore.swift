public import EthPrimitives
import Synchronization

/// A ``MatchmakerStore`` in memory: for tests, demos and single-process runs that need no durability.
///
/// Commits are serialised by one lock, so each is atomic and the compare-and-set rules hold under any number of
/// concurrent callers. Beside the tables, the store keeps the ids of the records still open (pending proposals,
/// matching requests, matches awaiting their deposit or in session), updated by the same commits under the same
/// lock, so the queries the matchmaker runs on every step and tick cost the number of open records, not the
/// number of records ever written.
public final class InMemoryMatchmakerStore: MatchmakerStore {
    private struct State {
        var tables: [String: [String: StoredRecord]] = [:]
        /// By table, the ids of its records for which `isOpen` holds.
        var open: [String: Set<String>] = [:]
    }

    private let state = Mutex(State())

    /// Whether a record belongs in the open index.
    private static func isOpen(_ record: StoredRecord) -> Bool {
        switch record {
        case .proposal(let r): r.status == .pending
        case .request(let r): r.status == .matching
        case .match(let r): r.status == .awaitingDeposit || r.status == .inSession
        default: false
        }
    }

    /// An empty store.
    public init() {}

    public func commit(_ changes: [StoreChange]) async throws(MatchmakerError) -> Bool {
        state.withLock { state in
            // Check every condition first, including changes to the same key earlier in the list.
            var pending: [String: [String: StoredRecord?]] = [:]
            func current(_ table: String, _ id: String) -> StoredRecord? {
                if let staged = pending[table]?[id] { return staged }
                return state.tables[table]?[id]
            }
            for change in changes {
                let record = change.record
                let existing = current(record.table, record.id)
                switch change {
                case .insert:
                    guard existing == nil else { return false }
                    pending[record.table, default: [:]][record.id] = .some(record.withVersion(1))
                case .update:
                    guard let existing, existing.version == record.version else { return false }
                    pending[record.table, default: [:]][record.id] = .some(record.withVersion(record.version + 1))
                case .delete:
                    guard let existing, existing.version == record.version else { return false }
                    pending[record.table, default: [:]][record.id] = .some(nil)
                }
            }
            for (table, rows) in pending {
                for (id, row) in rows {
                    state.tables[table, default: [:]][id] = row
                    if let row, Self.isOpen(row) {
                        state.open[table, default: []].insert(id)
                    } else {
                        state.open[table]?.remove(id)
                    }
                }
            }
            return true
        }
    }

    private func all(_ table: String) -> [StoredRecord] {
        state.withLock { Array(($0.tables[table] ?? [:]).values) }
    }

    /// The open records of a table (see the type's documentation).
    private func open(_ table: String) -> [StoredRecord] {
        state.withLock { s in (s.open[table] ?? []).compactMap { s.tables[table]?[$0] } }
    }

    private func one(_ table: String, _ id: String) -> StoredRecord? {
        state.withLock { $0.tables[table]?[id] }
    }

    public func nonce(_ value: String) async throws(MatchmakerError) -> NonceRecord? {
        if case .nonce(let r) = one("nonces", value) { return r }
        return nil
    }

    public func sessionToken(hash: String) async throws(MatchmakerError) -> SessionTokenRecord? {
        if case .sessionToken(let r) = one("session_tokens", hash) { return r }
        return nil
    }

    public func tutor(_ address: Address) async throws(MatchmakerError) -> TutorRecord? {
        if case .tutor(let r) = one("tutors", address.storeKey) { return r }
        return nil
    }

    private var tutors: [TutorRecord] {
        all("tutors").compactMap { if case .tutor(let r) = $0 { r } else { nil } }.sorted { $0.id < $1.id }
    }

    public func tutorsOnline(at now: Double) async throws(MatchmakerError) -> [TutorRecord] {
        tutors.filter { $0.isOnline(at: now) }
    }

    public func allTutors() async throws(MatchmakerError) -> [TutorRecord] { tutors }

    public func request(_ id: String) async throws(MatchmakerError) -> MatchRequestRecord? {
        if case .request(let r) = one("match_requests", id) { return r }
        return nil
    }

    public func requests(status: MatchRequestStatus) async throws(MatchmakerError) -> [MatchRequestRecord] {
        (status == .matching ? open("match_requests") : all("match_requests"))
            .compactMap { if case .request(let r) = $0, r.status == status { r } else { nil } }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func proposal(_ id: String) async throws(MatchmakerError) -> ProposalRecord? {
        if case .proposal(let r) = one("proposals", id) { return r }
        return nil
    }

    public func pendingProposals() async throws(MatchmakerError) -> [ProposalRecord] {
        open("proposals").compactMap { if case .proposal(let r) = $0, r.status == .pending { r } else { nil } }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func pendingProposals(tutor: Address) async throws(MatchmakerError) -> [ProposalRecord] {
        try await pendingProposals().filter { $0.tutor == tutor }
    }

    public func match(_ id: String) async throws(MatchmakerError) -> MatchRecord? {
        if case .match(let r) = one("matches", id) { return r }
        return nil
    }

    private var matches: [MatchRecord] {
        all("matches").compactMap { if case .match(let r) = $0 { r } else { nil } }
    }

    public func openMatches() async throws(MatchmakerError) -> [MatchRecord] {
        open("matches").compactMap { if case .match(let r) = $0 { r } else { nil } }
            .filter { $0.status == .awaitingDeposit || $0.status == .inSession }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func matches(participant address: Address) async throws(MatchmakerError) -> [MatchRecord] {
        matches.filter { $0.student == address || $0.tutor == address }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    public func booking(_ id: String) async throws(MatchmakerError) -> BookingRecord? {
        if case .booking(let r) = one("bookings", id) { return r }
        return nil
    }

    private var bookings: [BookingRecord] {
        all("bookings").compactMap { if case .booking(let r) = $0 { r } else { nil } }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    public func activeBookings(tutor: Address) async throws(MatchmakerError) -> [BookingRecord] {
        bookings.filter { $0.tutor == tutor && $0.status == .booked }
    }

    public func bookings(participant address: Address) async throws(MatchmakerError) -> [BookingRecord] {
        bookings.filter { $0.tutor == address || $0.student == address }
    }

    public func waitlistEntry(_ id: String) async throws(MatchmakerError) -> WaitlistRecord? {
        if case .waitlist(let r) = one("waitlist", id) { return r }
        return nil
    }

    private var waitlist: [WaitlistRecord] {
        all("waitlist").compactMap { if case .waitlist(let r) = $0 { r } else { nil } }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func waitlist(student: Address) async throws(MatchmakerError) -> [WaitlistRecord] {
        waitlist.filter { $0.student == student }
    }

    public func activeWaitlist(at now: Double) async throws(MatchmakerError) -> [WaitlistRecord] {
        waitlist.filter { $0.expiresAt > now }
    }

    public func purge(before: Double) async throws(MatchmakerError) -> Int {
        state.withLock { state in
            var removed = 0
            func sweep(_ table: String, _ stale: (StoredRecord) -> Bool) {
                guard let rows = state.tables[table] else { return }
                let kept = rows.filter { !stale($0.value) }
                removed += rows.count - kept.count
                state.tables[table] = kept
                if let open = state.open[table] { state.open[table] = open.filter { kept[$0] != nil } }
            }
            sweep("nonces") { if case .nonce(let r) = $0 { r.expiresAt < before } else { false } }
            sweep("session_tokens") { if case .sessionToken(let r) = $0 { r.expiresAt < before } else { false } }
            sweep("proposals") {
                if case .proposal(let r) = $0, let closedAt = r.closedAt { closedAt < before } else { false }
            }
            sweep("waitlist") { if case .waitlist(let r) = $0 { r.expiresAt < before } else { false } }
            return removed
        }
    }
}
