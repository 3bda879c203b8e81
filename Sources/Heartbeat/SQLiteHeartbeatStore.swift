public import EthPrimitives
import Foundation
public import GRDB
import JSONRPC
import Secp256k1
import Synchronization

/// The heartbeat's store in SQLite, through GRDB: one file (WAL mode, `synchronous = FULL`, so a committed ping
/// survives a power cut), or memory for tests.
///
/// Numbers SQLite cannot hold as its signed 64-bit integers are stored as text: session ids as decimal, `seq` as
/// 20-digit zero-padded decimal so that text comparison is numeric comparison (the replay check happens in SQL,
/// atomically with the write).
///
/// Pings and intents are written with group commit (see ``recordPing(_:)``): a commit with `synchronous = FULL` costs one sync
/// of the disk (about 5 ms on a cloud VM's virtual disk), so one transaction per ping would cap the store near 200
/// pings per second; batching the pings that arrive during a commit makes the sync's cost per ping fall as the load
/// rises, while every ping is still durable before it is acknowledged.
public final class SQLiteHeartbeatStore: HeartbeatStore {
    private let database: any DatabaseWriter
    /// Writes waiting for the next group commit, and whether a commit loop is running.
    private let pendingWrites = Mutex(PendingWrites())

    private struct PendingWrite: Sendable {
        let write: @Sendable (Database) throws -> Bool
        let continuation: CheckedContinuation<Bool, any Error>
    }

    private struct PendingWrites: Sendable {
        var queue: [PendingWrite] = []
        var committing = false
    }

    /// A store in the SQLite file at `path` (created with its schema when absent, migrated when older).
    ///
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or migrated.
    public convenience init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try self.init(database: DatabasePool(path: path, configuration: configuration))
    }

    /// A store in memory, lost when released (for tests and throwaway runs).
    ///
    /// - Throws: GRDB's `DatabaseError` if the schema cannot be created (not seen in practice).
    public static func inMemory() throws -> SQLiteHeartbeatStore {
        try SQLiteHeartbeatStore(database: DatabaseQueue())
    }

    /// A store over an open GRDB database (its schema is created or migrated).
    ///
    /// - Throws: GRDB's `DatabaseError` when the migration fails.
    public init(database: any DatabaseWriter) throws {
        self.database = database
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("heartbeat-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE heartbeat_session (
                        session_id TEXT PRIMARY KEY NOT NULL,
                        room_id TEXT,
                        student_room TEXT,
                        tutor_room TEXT,
                        ended_at REAL
                    );
                    CREATE TABLE heartbeat_ping (
                        session_id TEXT NOT NULL,
                        participant TEXT NOT NULL,
                        seq TEXT NOT NULL,
                        issued_at TEXT NOT NULL,
                        seen_at REAL NOT NULL,
                        signature BLOB NOT NULL,
                        PRIMARY KEY (session_id, participant)
                    );
                    CREATE TABLE heartbeat_intent (
                        session_id TEXT NOT NULL,
                        action TEXT NOT NULL,
                        ended_at TEXT,
                        decided_at REAL NOT NULL,
                        submitted_at REAL,
                        failed_attempts INTEGER NOT NULL,
                        last_error TEXT,
                        PRIMARY KEY (session_id, action)
                    );
                    CREATE TABLE heartbeat_webhook_delivery (
                        id TEXT PRIMARY KEY NOT NULL,
                        received_at REAL NOT NULL
                    );
                    CREATE INDEX heartbeat_webhook_delivery_received_at ON heartbeat_webhook_delivery (received_at);
                    CREATE INDEX heartbeat_session_ended_at ON heartbeat_session (ended_at);
                    """)
        }
        return migrator
    }

    // MARK: Pings

    /// Records `ping` through group commit (see ``groupCommit(_:)``): pings that arrive while a commit is in flight
    /// share the next transaction, and each keeps the answer one transaction per ping would give it.
    public func recordPing(_ ping: StoredPing) async throws -> Bool {
        try await groupCommit { db in try Self.upsert(ping, db) }
    }

    /// Runs `write` in a transaction shared with the writes that arrive while a commit is in flight (group commit),
    /// and returns its result once that transaction is durable.
    ///
    /// A write arriving at an idle store is committed at once. Writes arriving during a commit wait for it, then
    /// are committed together, in arrival order, in one transaction: one disk sync for all of them. Each runs in
    /// its own savepoint, so a write that throws is rolled back alone and its caller alone gets the error, and the
    /// conditional writes (the replay rule) see exactly what they would see one transaction each. If the commit
    /// fails, every write of it gets the error and nothing of it was recorded. Under load a write waits for at
    /// most the commit in flight and its own.
    ///
    /// - Throws: the write's own error, or the transaction's when it could not be committed.
    private func groupCommit(_ write: @escaping @Sendable (Database) throws -> Bool) async throws -> Bool {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            let startsCommitting = pendingWrites.withLock { pending in
                pending.queue.append(PendingWrite(write: write, continuation: continuation))
                guard !pending.committing else { return false }
                pending.committing = true
                return true
            }
            if startsCommitting {
                Task { await self.commitPendingWrites() }
            }
        }
    }

    /// Commits the waiting writes, batch after batch, until none is waiting.
    private func commitPendingWrites() async {
        while true {
            let batch = pendingWrites.withLock { pending -> [PendingWrite] in
                if pending.queue.isEmpty { pending.committing = false }
                defer { pending.queue = [] }
                return pending.queue
            }
            guard !batch.isEmpty else { return }
            let writes = batch.map(\.write)
            do {
                let results = try await database.write { db in
                    writes.map { write -> Result<Bool, any Error> in
                        var result: Result<Bool, any Error> = .success(false)
                        do {
                            try db.inSavepoint {
                                result = .success(try write(db))
                                return .commit
                            }
                        } catch {
                            result = .failure(error)
                        }
                        return result
                    }
                }
                for (entry, result) in zip(batch, results) { entry.continuation.resume(with: result) }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
    }

    /// The conditional write of one ping, inside the caller's transaction: true when it was written.
    private static func upsert(_ ping: StoredPing, _ db: Database) throws -> Bool {
        let session = ping.message.sessionID.description
        try db.cachedStatement(sql: "INSERT INTO heartbeat_session (session_id) VALUES (?) ON CONFLICT DO NOTHING")
            .execute(arguments: [session])
        try db.cachedStatement(
            sql: """
                INSERT INTO heartbeat_ping (session_id, participant, seq, issued_at, seen_at, signature)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id, participant) DO UPDATE SET
                    seq = excluded.seq, issued_at = excluded.issued_at, seen_at = excluded.seen_at,
                    signature = excluded.signature
                WHERE excluded.seq > heartbeat_ping.seq
                """
        ).execute(arguments: [
            session, text(ping.message.participant), sortable(ping.message.seq), String(ping.message.issuedAt),
            ping.seenAt, Data(ping.signature.rsv),
        ])
        return db.changesCount > 0
    }

    public func lastSequence(sessionID: UInt256, participant: Address) async throws -> UInt64? {
        let session = sessionID.description
        let participant = Self.text(participant)
        return try await database.read { db in
            try String.fetchOne(
                db, sql: "SELECT seq FROM heartbeat_ping WHERE session_id = ? AND participant = ?",
                arguments: [session, participant]
            ).flatMap { UInt64($0) }
        }
    }

    // MARK: Sessions

    public func session(_ id: UInt256) async throws -> StoredSession? {
        let key = id.description
        return try await database.read { db in
            try Self.load(db, where: "s.session_id = ?", arguments: [key]).first
        }
    }

    public func openSessions() async throws -> [StoredSession] {
        try await database.read { db in
            try Self.load(db, where: "s.ended_at IS NULL", arguments: [])
        }
    }

    /// The sessions matching `condition` (on `heartbeat_session AS s`), with their pings and intents.
    private static func load(
        _ db: Database, where condition: String, arguments: StatementArguments
    ) throws -> [StoredSession] {
        var sessions: [String: StoredSession] = [:]
        var order: [String] = []
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM heartbeat_session AS s WHERE \(condition) ORDER BY s.rowid", arguments: arguments)
        {
            let key: String = row["session_id"]
            guard let id = UInt256(key) else { continue }
            let room = RoomState(
                roomID: row["room_id"], student: (row["student_room"] as String?).flatMap(RoomPresence.init),
                tutor: (row["tutor_room"] as String?).flatMap(RoomPresence.init))
            sessions[key] = StoredSession(sessionID: id, room: room, endedAt: row["ended_at"])
            order.append(key)
        }
        guard !sessions.isEmpty else { return [] }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT p.* FROM heartbeat_ping AS p JOIN heartbeat_session AS s ON s.session_id = p.session_id
                WHERE \(condition)
                """, arguments: arguments)
        {
            let key: String = row["session_id"]
            guard let address = try? Address(hex: row["participant"] as String),
                let seq = UInt64(row["seq"] as String), let issuedAt = UInt64(row["issued_at"] as String)
            else { continue }
            sessions[key]?.liveness[address] = ParticipantLiveness(seq: seq, issuedAt: issuedAt, seenAt: row["seen_at"])
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT i.* FROM heartbeat_intent AS i JOIN heartbeat_session AS s ON s.session_id = i.session_id
                WHERE \(condition) ORDER BY i.decided_at
                """, arguments: arguments)
        {
            let key: String = row["session_id"]
            guard let id = UInt256(key), let action = SessionIntent.Action(rawValue: row["action"]) else { continue }
            let endedAt = (row["ended_at"] as String?).flatMap { UInt64($0) }
            sessions[key]?.intents.append(
                IntentRecord(
                    intent: SessionIntent(action: action, sessionID: id, endedAt: endedAt),
                    decidedAt: row["decided_at"], submittedAt: row["submitted_at"],
                    failedAttempts: row["failed_attempts"], lastError: row["last_error"]))
        }
        return order.compactMap { sessions[$0] }
    }

    /// Saves the intent record through group commit (see ``groupCommit(_:)``), so that the intents of many sessions
    /// decided in one tick share disk syncs.
    public func saveIntent(_ record: IntentRecord) async throws {
        let session = record.intent.sessionID.description
        let action = record.intent.action.rawValue
        let endedAt = record.intent.endedAt.map { String($0) }
        _ = try await groupCommit { db in
            try db.cachedStatement(
                sql: "INSERT INTO heartbeat_session (session_id) VALUES (?) ON CONFLICT DO NOTHING"
            ).execute(arguments: [session])
            try db.cachedStatement(
                sql: """
                    INSERT INTO heartbeat_intent
                        (session_id, action, ended_at, decided_at, submitted_at, failed_attempts, last_error)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (session_id, action) DO UPDATE SET
                        ended_at = excluded.ended_at, decided_at = excluded.decided_at,
                        submitted_at = excluded.submitted_at, failed_attempts = excluded.failed_attempts,
                        last_error = excluded.last_error
                    """
            ).execute(arguments: [
                session, action, endedAt, record.decidedAt, record.submittedAt, record.failedAttempts,
                record.lastError,
            ])
            return true
        }
    }

    public func saveRoom(_ room: RoomState, sessionID: UInt256) async throws {
        let session = sessionID.description
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO heartbeat_session (session_id, room_id, student_room, tutor_room) VALUES (?, ?, ?, ?)
                    ON CONFLICT (session_id) DO UPDATE SET
                        room_id = excluded.room_id, student_room = excluded.student_room,
                        tutor_room = excluded.tutor_room
                    """,
                arguments: [session, room.roomID, room.student?.rawValue, room.tutor?.rawValue])
        }
    }

    public func markEnded(sessionID: UInt256, at time: Double) async throws {
        let session = sessionID.description
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO heartbeat_session (session_id, ended_at) VALUES (?, ?)
                    ON CONFLICT (session_id) DO UPDATE SET ended_at = coalesce(heartbeat_session.ended_at, excluded.ended_at)
                    """,
                arguments: [session, time])
        }
    }

    public func pruneEnded(before time: Double) async throws -> Int {
        try await database.write { db in
            let ended = "SELECT session_id FROM heartbeat_session WHERE ended_at < ?"
            try db.execute(sql: "DELETE FROM heartbeat_ping WHERE session_id IN (\(ended))", arguments: [time])
            try db.execute(sql: "DELETE FROM heartbeat_intent WHERE session_id IN (\(ended))", arguments: [time])
            try db.execute(sql: "DELETE FROM heartbeat_session WHERE ended_at < ?", arguments: [time])
            return db.changesCount
        }
    }

    // MARK: Webhooks

    public func recordWebhookDelivery(id: String, at time: Double) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO heartbeat_webhook_delivery (id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [id, time])
            return db.changesCount > 0
        }
    }

    public func pruneWebhookDeliveries(before time: Double) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM heartbeat_webhook_delivery WHERE received_at < ?", arguments: [time])
        }
    }

    // MARK: Encodings

    /// An address as stored: lowercase `0x` hex.
    static func text(_ address: Address) -> String { Hex.encode(address.bytes) }

    /// `value` as 20 decimal digits with leading zeros, so that text order is numeric order.
    static func sortable(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 20 - digits.count) + digits
    }
}
