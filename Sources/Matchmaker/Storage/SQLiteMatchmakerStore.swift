public import EthPrimitives
import Foundation
import GRDB
import Synchronization

/// The default ``MatchmakerStore``: a SQLite database through GRDB.
///
/// Each table keeps a record as its JSON document (`body`) beside the version and the few columns the queries
/// filter on, which are indexed; a PostgreSQL store can use the same layout with `jsonb`. A commit is one write
/// transaction: inserts fail on an existing key, updates and deletes name the version they read
/// (`… WHERE id = ? AND version = ?`) and must touch exactly one row, or the whole transaction rolls back.
/// The file is opened in WAL mode, so readers do not wait for the writer.
///
/// Tutors' records are read far more often than they change (every roulette step reads every online tutor), so
/// the store keeps the decoded record of each tutor beside the version it was decoded at. The database stays the
/// only source of truth: every read still asks SQLite which rows match and at which version, inside one read
/// transaction, and a cached record is used only when its version is the row's current version; any other row's
/// body is read and decoded. The invariant that makes this exact: a `(id, version)` pair names one body for ever,
/// because every update stores the version plus one. The one way to break it is to delete a tutor and insert it
/// again, which restarts at version 1: through this store, that commit evicts the entry; the matchmaker itself
/// never deletes a tutor (``purge(before:)`` keeps them), so several processes sharing one file stay exact too,
/// as long as no outside tool deletes and re-creates tutor rows while they run.
///
/// Commits are grouped: see ``commit(_:)``.
public final class SQLiteMatchmakerStore: MatchmakerStore {
    private let database: any DatabaseWriter
    /// Decoded tutors by id, each at the version it was decoded at (see the type's documentation).
    private let tutorCache = Mutex<[String: TutorRecord]>([:])
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// - Throws: ``MatchmakerError/storage(_:)`` when the file cannot be opened or migrated.
    public init(path: String) throws(MatchmakerError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
    }

    /// A private in-memory SQLite database (for tests of the SQL path without a file).
    ///
    /// - Throws: ``MatchmakerError/storage(_:)`` when SQLite fails.
    public init() throws(MatchmakerError) {
        do {
            database = try DatabaseQueue()
            try Self.migrator.migrate(database)
        } catch {
            throw .storage("cannot open an in-memory database: \(error)")
        }
    }

    // MARK: Schema

    /// The indexed columns of each table beside `id`, `version` and `body`, with their SQL types.
    private static let columns: [String: [(name: String, type: String)]] = [
        "nonces": [("expires_at", "REAL")],
        "session_tokens": [("expires_at", "REAL")],
        "tutors": [("online_until", "REAL")],
        "match_requests": [("status", "TEXT")],
        "proposals": [("status", "TEXT"), ("tutor", "TEXT"), ("closed_at", "REAL")],
        "matches": [("status", "TEXT"), ("student", "TEXT"), ("tutor", "TEXT")],
        "bookings": [("status", "TEXT"), ("student", "TEXT"), ("tutor", "TEXT"), ("start", "INTEGER")],
        "waitlist": [("student", "TEXT"), ("expires_at", "REAL")],
    ]

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            for (table, extra) in columns.sorted(by: { $0.key < $1.key }) {
                try db.create(table: table) { t in
                    t.primaryKey("id", .text)
                    t.column("version", .integer).notNull()
                    t.column("body", .text).notNull()
                    for column in extra {
                        t.column(
                            column.name, column.type == "TEXT" ? .text : column.type == "REAL" ? .double : .integer)
                    }
                }
                for column in extra {
                    try db.create(index: "\(table)_\(column.name)", on: table, columns: [column.name])
                }
            }
        }
        return migrator
    }

    /// The values of a record's indexed columns, in the order of ``columns``.
    private static func indexValues(_ record: StoredRecord) -> [(any DatabaseValueConvertible)?] {
        switch record {
        case .nonce(let r): [r.expiresAt]
        case .sessionToken(let r): [r.expiresAt]
        case .tutor(let r): [r.onlineUntil]
        case .request(let r): [r.status.rawValue]
        case .proposal(let r): [r.status.rawValue, r.tutor.storeKey, r.closedAt]
        case .match(let r): [r.status.rawValue, r.student.storeKey, r.tutor.storeKey]
        case .booking(let r): [r.status.rawValue, r.student.storeKey, r.tutor.storeKey, r.start]
        case .waitlist(let r): [r.student.storeKey, r.expiresAt]
        }
    }

    private static func body(_ record: StoredRecord) throws -> String {
        let data: Data =
            switch record {
            case .nonce(let r): try encoder.encode(r)
            case .sessionToken(let r): try encoder.encode(r)
            case .tutor(let r): try encoder.encode(r)
            case .request(let r): try encoder.encode(r)
            case .proposal(let r): try encoder.encode(r)
            case .match(let r): try encoder.encode(r)
            case .booking(let r): try encoder.encode(r)
            case .waitlist(let r): try encoder.encode(r)
            }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Writes

    private struct Conflict: Error {}

    /// A commit waiting for the next group write.
    private struct PendingCommit {
        var changes: [StoreChange]
        var continuation: CheckedContinuation<Result<Bool, MatchmakerError>, Never>
    }

    /// The commits waiting for a write transaction, and whether a writer task is draining them.
    private let pending = Mutex<(commits: [PendingCommit], draining: Bool)>(([], false))

    /// The most commits one write transaction carries.
    private static let maximumGroup = 64

    /// Applies `changes` atomically if every version condition holds.
    ///
    /// Concurrent commits share write transactions (group commit): the commits waiting when the writer is free
    /// run together in one transaction, each inside its own savepoint, in arrival order. A commit whose version
    /// check fails rolls back to its savepoint only, and answers `false`; the others go on. Every caller gets its
    /// answer only after the shared transaction is durably committed, so an answer of `true` means exactly what
    /// it means with one transaction per commit, with SQLite's synchronous mode unchanged; only the number of
    /// journal flushes drops, from one per commit to one per group. Commits are serialised as before: the later
    /// of two commits touching one record sees the earlier one's write and fails its version check.
    public func commit(_ changes: [StoreChange]) async throws(MatchmakerError) -> Bool {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Bool, MatchmakerError>, Never>) in
            let startDrain = pending.withLock { p -> Bool in
                p.commits.append(PendingCommit(changes: changes, continuation: continuation))
                guard !p.draining else { return false }
                p.draining = true
                return true
            }
            if startDrain { Task { await self.drain() } }
        }
        return try result.get()
    }

    /// Writes the waiting commits, a group per transaction, until none is left.
    private func drain() async {
        while true {
            let group = pending.withLock { p -> [PendingCommit] in
                let group = Array(p.commits.prefix(Self.maximumGroup))
                p.commits.removeFirst(group.count)
                if group.isEmpty { p.draining = false }
                return group
            }
            if group.isEmpty { return }
            let results = await write(group.map(\.changes))
            for (commit, result) in zip(group, results) { commit.continuation.resume(returning: result) }
        }
    }

    /// One write transaction applying each list of changes in its own savepoint; the outcome of each.
    private func write(_ group: [[StoreChange]]) async -> [Result<Bool, MatchmakerError>] {
        do {
            let results = try await database.write { db -> [Result<Bool, MatchmakerError>] in
                var results: [Result<Bool, MatchmakerError>] = []
                for changes in group {
                    do {
                        try db.inSavepoint {
                            try Self.apply(changes, db)
                            return .commit
                        }
                        results.append(.success(true))
                    } catch is Conflict {
                        results.append(.success(false))
                    } catch {
                        results.append(.failure(.storage("commit failed: \(error)")))
                    }
                }
                return results
            }
            // A tutor inserted or deleted here starts afresh; an updated one is simply at a new version now, which
            // the next read sees in SQLite and decodes once.
            tutorCache.withLock { cache in
                for (changes, result) in zip(group, results) where (try? result.get()) == true {
                    for change in changes {
                        guard case .tutor(let t) = change.record else { continue }
                        if case .update = change { continue }
                        cache[t.id] = nil
                    }
                }
            }
            return results
        } catch {
            // The transaction itself failed (its commit, or SQLite refusing to start it): nothing was applied.
            return Array(repeating: .failure(.storage("commit failed: \(error)")), count: group.count)
        }
    }

    /// Applies one commit's changes inside the current transaction, throwing ``Conflict`` when a version check
    /// fails or an inserted key exists.
    private static func apply(_ changes: [StoreChange], _ db: Database) throws {
        for change in changes {
            let record = change.record
            let table = record.table
            let extra = Self.columns[table]!
            switch change {
            case .insert:
                let stored = record.withVersion(1)
                let names = (["id", "version", "body"] + extra.map(\.name)).joined(separator: ", ")
                let marks = Array(repeating: "?", count: 3 + extra.count).joined(separator: ", ")
                let arguments = StatementArguments(
                    [record.id, 1, try Self.body(stored)] + Self.indexValues(stored))
                // INSERT OR IGNORE: an existing key is a conflict, reported by the row count.
                try db.execute(
                    sql: "INSERT OR IGNORE INTO \(table) (\(names)) VALUES (\(marks))", arguments: arguments)
                guard db.changesCount == 1 else { throw Conflict() }
            case .update:
                let stored = record.withVersion(record.version + 1)
                let sets = (["version = ?", "body = ?"] + extra.map { "\($0.name) = ?" })
                    .joined(separator: ", ")
                let arguments = StatementArguments(
                    [record.version + 1, try Self.body(stored)] + Self.indexValues(stored)
                        + [record.id, record.version])
                try db.execute(
                    sql: "UPDATE \(table) SET \(sets) WHERE id = ? AND version = ?", arguments: arguments)
                guard db.changesCount == 1 else { throw Conflict() }
            case .delete:
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE id = ? AND version = ?",
                    arguments: [record.id, record.version])
                guard db.changesCount == 1 else { throw Conflict() }
            }
        }
    }

    public func purge(before: Double) async throws(MatchmakerError) -> Int {
        do {
            return try await database.write { db in
                var removed = 0
                for (table, column) in [
                    ("nonces", "expires_at"), ("session_tokens", "expires_at"), ("proposals", "closed_at"),
                    ("waitlist", "expires_at"),
                ] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(column) < ?", arguments: [before])
                    removed += db.changesCount
                }
                return removed
            }
        } catch {
            throw .storage("purge failed: \(error)")
        }
    }

    // MARK: Reads

    private func fetch<R: StoreRecord>(
        _ type: R.Type, _ table: String, where condition: String = "1", _ arguments: StatementArguments = [],
        orderBy: String = "id"
    ) async throws(MatchmakerError) -> [R] {
        do {
            return try await database.read { db in
                let decoder = JSONDecoder()
                return try Row.fetchAll(
                    db, sql: "SELECT body, version FROM \(table) WHERE \(condition) ORDER BY \(orderBy)",
                    arguments: arguments
                ).map { row in
                    var record = try decoder.decode(R.self, from: Data((row["body"] as String).utf8))
                    record.version = row["version"]
                    return record
                }
            }
        } catch {
            throw .storage("read of \(table) failed: \(error)")
        }
    }

    private func one<R: StoreRecord>(_ type: R.Type, _ table: String, _ id: String) async throws(MatchmakerError) -> R?
    {
        try await fetch(type, table, where: "id = ?", [id]).first
    }

    public func nonce(_ value: String) async throws(MatchmakerError) -> NonceRecord? {
        try await one(NonceRecord.self, "nonces", value)
    }

    public func sessionToken(hash: String) async throws(MatchmakerError) -> SessionTokenRecord? {
        try await one(SessionTokenRecord.self, "session_tokens", hash)
    }

    public func tutor(_ address: Address) async throws(MatchmakerError) -> TutorRecord? {
        try await tutors(where: "id = ?", [address.storeKey]).first
    }

    public func tutorsOnline(at now: Double) async throws(MatchmakerError) -> [TutorRecord] {
        try await tutors(where: "online_until > ?", [now])
    }

    public func allTutors() async throws(MatchmakerError) -> [TutorRecord] {
        try await tutors(where: "1", [])
    }

    /// The tutors matching `condition`, by id: the ids and versions come from SQLite, the records from the cache
    /// when it holds that version, otherwise from their stored bodies (which then refresh the cache).
    private func tutors(where condition: String, _ arguments: StatementArguments) async throws(MatchmakerError)
        -> [TutorRecord]
    {
        do {
            let (records, decoded) = try await database.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, version FROM tutors WHERE \(condition) ORDER BY id", arguments: arguments)
                var records: [TutorRecord?] = []
                records.reserveCapacity(rows.count)
                var missing: [(index: Int, id: String)] = []
                tutorCache.withLock { cache in
                    for (i, row) in rows.enumerated() {
                        let id: String = row["id"]
                        if let cached = cache[id], cached.version == row["version"] {
                            records.append(cached)
                        } else {
                            records.append(nil)
                            missing.append((i, id))
                        }
                    }
                }
                var decoded: [TutorRecord] = []
                if !missing.isEmpty {
                    let decoder = JSONDecoder()
                    let statement = try db.cachedStatement(sql: "SELECT body, version FROM tutors WHERE id = ?")
                    for (i, id) in missing {
                        // The same read transaction: the row is there, at the version listed.
                        guard let row = try Row.fetchOne(statement, arguments: [id]) else { continue }
                        var record = try decoder.decode(TutorRecord.self, from: Data((row["body"] as String).utf8))
                        record.version = row["version"]
                        records[i] = record
                        decoded.append(record)
                    }
                }
                return (records.compactMap { $0 }, decoded)
            }
            if !decoded.isEmpty {
                tutorCache.withLock { cache in
                    for record in decoded where (cache[record.id]?.version ?? 0) < record.version {
                        cache[record.id] = record
                    }
                }
            }
            return records
        } catch {
            throw .storage("read of tutors failed: \(error)")
        }
    }

    public func request(_ id: String) async throws(MatchmakerError) -> MatchRequestRecord? {
        try await one(MatchRequestRecord.self, "match_requests", id)
    }

    public func requests(status: MatchRequestStatus) async throws(MatchmakerError) -> [MatchRequestRecord] {
        try await fetch(MatchRequestRecord.self, "match_requests", where: "status = ?", [status.rawValue])
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func proposal(_ id: String) async throws(MatchmakerError) -> ProposalRecord? {
        try await one(ProposalRecord.self, "proposals", id)
    }

    public func pendingProposals() async throws(MatchmakerError) -> [ProposalRecord] {
        try await fetch(ProposalRecord.self, "proposals", where: "status = 'pending'")
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func pendingProposals(tutor: Address) async throws(MatchmakerError) -> [ProposalRecord] {
        try await fetch(ProposalRecord.self, "proposals", where: "status = 'pending' AND tutor = ?", [tutor.storeKey])
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func match(_ id: String) async throws(MatchmakerError) -> MatchRecord? {
        try await one(MatchRecord.self, "matches", id)
    }

    public func openMatches() async throws(MatchmakerError) -> [MatchRecord] {
        try await fetch(MatchRecord.self, "matches", where: "status IN ('awaiting_deposit', 'in_session')")
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func matches(participant address: Address) async throws(MatchmakerError) -> [MatchRecord] {
        try await fetch(
            MatchRecord.self, "matches", where: "student = ? OR tutor = ?", [address.storeKey, address.storeKey]
        ).sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    public func booking(_ id: String) async throws(MatchmakerError) -> BookingRecord? {
        try await one(BookingRecord.self, "bookings", id)
    }

    public func activeBookings(tutor: Address) async throws(MatchmakerError) -> [BookingRecord] {
        try await fetch(
            BookingRecord.self, "bookings", where: "tutor = ? AND status = 'booked'", [tutor.storeKey],
            orderBy: "start, id")
    }

    public func bookings(participant address: Address) async throws(MatchmakerError) -> [BookingRecord] {
        try await fetch(
            BookingRecord.self, "bookings", where: "student = ? OR tutor = ?", [address.storeKey, address.storeKey],
            orderBy: "start, id")
    }

    public func waitlistEntry(_ id: String) async throws(MatchmakerError) -> WaitlistRecord? {
        try await one(WaitlistRecord.self, "waitlist", id)
    }

    public func waitlist(student: Address) async throws(MatchmakerError) -> [WaitlistRecord] {
        try await fetch(WaitlistRecord.self, "waitlist", where: "student = ?", [student.storeKey])
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func activeWaitlist(at now: Double) async throws(MatchmakerError) -> [WaitlistRecord] {
        try await fetch(WaitlistRecord.self, "waitlist", where: "expires_at > ?", [now])
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}
