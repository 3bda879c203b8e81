public import EthPrimitives
import Foundation
import GRDB

/// The default ``MatchmakerStore``: a SQLite database through GRDB.
///
/// Each table keeps a record as its JSON document (`body`) beside the version and the few columns the queries
/// filter on, which are indexed; a PostgreSQL store can use the same layout with `jsonb`. A commit is one write
/// transaction: inserts fail on an existing key, updates and deletes name the version they read
/// (`… WHERE id = ? AND version = ?`) and must touch exactly one row, or the whole transaction rolls back.
/// The file is opened in WAL mode, so readers do not wait for the writer.
public final class SQLiteMatchmakerStore: MatchmakerStore {
    private let database: any DatabaseWriter
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

    public func commit(_ changes: [StoreChange]) async throws(MatchmakerError) -> Bool {
        do {
            try await database.write { db in
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
            return true
        } catch is Conflict {
            return false
        } catch {
            throw .storage("commit failed: \(error)")
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
        try await one(TutorRecord.self, "tutors", address.storeKey)
    }

    public func tutorsOnline(at now: Double) async throws(MatchmakerError) -> [TutorRecord] {
        try await fetch(TutorRecord.self, "tutors", where: "online_until > ?", [now])
    }

    public func allTutors() async throws(MatchmakerError) -> [TutorRecord] {
        try await fetch(TutorRecord.self, "tutors")
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
