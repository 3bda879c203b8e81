public import EthPrimitives
import Foundation
import GRDB
public import JSONRPC

/// The relayer's durable outbox: every intent, every nonce it reserved and every transaction it signed, in SQLite
/// (through GRDB).
///
/// The outbox is what makes the relayer safe to kill at any moment. Its rules:
/// - an intent is committed before anything is done with it, and the same idempotency key twice is one intent;
/// - a nonce is reserved in the same database transaction that stores the transaction signed with it (and moves
///   its intent to ``IntentState/signed``), under SQLite's write lock: a nonce is never reserved without a stored
///   transaction, and never reserved twice (`slot.nonce` is the primary key);
/// - the signed bytes are stored before they are sent, so a restart re-sends exactly what may already be in a
///   node's pool (same hash), never a second transaction for the same intent;
/// - every state change is one transaction that checks the move is allowed (``IntentState/canMove(to:)``).
///
/// Tables (schema `v1`): `account` (the one address and chain the outbox belongs to, and its next nonce),
/// `intent`, `slot` (a reserved nonce: its purpose and fate) and `attempt` (a signed transaction at a slot's
/// nonce). Files are opened in WAL mode with `synchronous = FULL`, so a commit survives a power loss, not only a
/// crash of the process.
///
/// Times are unix seconds from the relayer's injected clock, passed in by the caller.
public final class Outbox: Sendable {
    private let writer: any DatabaseWriter

    /// Opens (creating it if needed) the outbox in the SQLite file at `path`, and brings its schema up to date.
    ///
    /// - Throws: ``RelayerError/outboxUnavailable(_:)`` when the file cannot be opened or migrated.
    public init(path: String) throws(RelayerError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            writer = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(writer)
        } catch {
            throw .outboxUnavailable("\(path): \(error)")
        }
    }

    /// An outbox in memory, gone when the value is released: for tests.
    ///
    /// - Throws: ``RelayerError/outboxUnavailable(_:)`` if SQLite cannot open an in-memory database.
    public init() throws(RelayerError) {
        do {
            writer = try DatabaseQueue()
            try Self.migrator.migrate(writer)
        } catch {
            throw .outboxUnavailable("in-memory database: \(error)")
        }
    }

    // MARK: - Schema

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        address TEXT NOT NULL,
                        chainId INTEGER NOT NULL,
                        nextNonce INTEGER NOT NULL CHECK (nextNonce >= 0),
                        updatedAt REAL NOT NULL
                    );
                    CREATE TABLE intent (
                        key TEXT PRIMARY KEY NOT NULL,
                        seq INTEGER NOT NULL UNIQUE,
                        action TEXT NOT NULL CHECK (action IN ('start', 'stopAt', 'settle', 'cancel')),
                        sessionId TEXT NOT NULL,
                        endedAt INTEGER,
                        state TEXT NOT NULL CHECK (state IN
                            ('pending', 'simulated', 'signed', 'sent', 'mined', 'confirmed', 'moot', 'failed')),
                        createdAt REAL NOT NULL,
                        updatedAt REAL NOT NULL,
                        nextAttemptAt REAL NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        nonce INTEGER,
                        gasLimit INTEGER,
                        minedHash TEXT,
                        minedBlock INTEGER,
                        detail TEXT
                    );
                    CREATE INDEX intent_by_state ON intent (state, nextAttemptAt);
                    CREATE INDEX intent_by_session ON intent (sessionId, seq);
                    CREATE TABLE slot (
                        nonce INTEGER PRIMARY KEY NOT NULL CHECK (nonce >= 0),
                        purpose TEXT NOT NULL CHECK (purpose IN ('intent', 'gapFill')),
                        intentKey TEXT REFERENCES intent (key),
                        state TEXT NOT NULL CHECK (state IN ('live', 'mined', 'released', 'taken')),
                        updatedAt REAL NOT NULL,
                        CHECK ((purpose = 'intent') = (intentKey IS NOT NULL))
                    );
                    CREATE INDEX slot_by_state ON slot (state);
                    CREATE TABLE attempt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        hash TEXT NOT NULL UNIQUE,
                        nonce INTEGER NOT NULL REFERENCES slot (nonce),
                        intentKey TEXT REFERENCES intent (key),
                        maxFeePerGas TEXT NOT NULL,
                        maxPriorityFeePerGas TEXT NOT NULL,
                        gasLimit INTEGER NOT NULL,
                        raw BLOB NOT NULL,
                        signedAt REAL NOT NULL,
                        lastSentAt REAL,
                        sendCount INTEGER NOT NULL DEFAULT 0,
                        nextSendAt REAL NOT NULL,
                        sendFailures INTEGER NOT NULL DEFAULT 0,
                        lastError TEXT,
                        abandoned INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1))
                    );
                    CREATE INDEX attempt_by_nonce ON attempt (nonce, id);
                    CREATE INDEX attempt_by_intent ON attempt (intentKey, id);
                    """)
        }
        return migrator
    }

    // MARK: - Access

    private func write<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(RelayerError) -> T {
        do {
            return try await writer.write(body)
        } catch let error as RelayerError {
            throw error
        } catch {
            throw .outboxUnavailable("\(error)")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(RelayerError) -> T {
        do {
            return try await writer.read(body)
        } catch let error as RelayerError {
            throw error
        } catch {
            throw .outboxUnavailable("\(error)")
        }
    }

    // MARK: - The account

    /// Binds the outbox to `address` on `chainID` the first time, and checks it is the same ones afterwards.
    ///
    /// - Parameter startNonce: the next nonce to record when the outbox is new (the node's pending count).
    /// - Returns: the next nonce the outbox would reserve.
    /// - Throws: ``RelayerError/outboxBelongsToAnotherAccount(stored:given:)`` when the outbox was made for another
    ///   address or chain; ``RelayerError/outboxUnavailable(_:)``.
    public func bind(address: Address, chainID: UInt64, startNonce: UInt64, now: Double) async throws(RelayerError)
        -> UInt64
    {
        let given = "\(address.checksummed) on chain \(chainID)"
        return try await write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT address, chainId, nextNonce FROM account WHERE id = 1") {
                let stored = "\(row["address"] as String) on chain \(row["chainId"] as Int64)"
                guard stored == given else {
                    throw RelayerError.outboxBelongsToAnotherAccount(stored: stored, given: given)
                }
                return UInt64(row["nextNonce"] as Int64)
            }
            try db.execute(
                sql: "INSERT INTO account (id, address, chainId, nextNonce, updatedAt) VALUES (1, ?, ?, ?, ?)",
                arguments: [address.checksummed, Int64(chainID), Int64(startNonce), now])
            return startNonce
        }
    }

    /// The next nonce the outbox would reserve.
    ///
    /// - Throws: ``RelayerError/misconfigured(_:)`` before ``bind(address:chainID:startNonce:now:)``.
    public func nextNonce() async throws(RelayerError) -> UInt64 {
        try await read { db in try Self.nextNonce(db) }
    }

    /// Sets the next nonce (after a resynchronisation with the node).
    public func setNextNonce(_ nonce: UInt64, now: Double) async throws(RelayerError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE account SET nextNonce = ?, updatedAt = ? WHERE id = 1", arguments: [Int64(nonce), now])
        }
    }

    private static func nextNonce(_ db: Database) throws -> UInt64 {
        guard let next = try Int64.fetchOne(db, sql: "SELECT nextNonce FROM account WHERE id = 1") else {
            throw RelayerError.misconfigured("the outbox is not bound to an account yet (call bind first)")
        }
        return UInt64(next)
    }

    // MARK: - Intents

    /// Commits an intent, or finds the one already committed under its idempotency key.
    ///
    /// - Returns: the intent as recorded (for a duplicate, the first one's fields: a second `stopAt` with another
    ///   `endedAt` does not change the first) and whether this call created it.
    /// - Throws: ``RelayerError/invalidIntent(_:)`` for a malformed intent (nothing is recorded);
    ///   ``RelayerError/outboxUnavailable(_:)`` when it could not be committed.
    public func submit(_ intent: SessionIntent, now: Double) async throws(RelayerError) -> (
        record: OutboxIntent, created: Bool
    ) {
        if let problem = intent.validate() { throw .invalidIntent(problem) }
        let key = intent.idempotencyKey
        return try await write { db in
            if let existing = try Self.fetchIntent(db, key: key) { return (existing, false) }
            let seq = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) + 1 FROM intent") ?? 1
            try db.execute(
                sql: """
                    INSERT INTO intent (key, seq, action, sessionId, endedAt, state, createdAt, updatedAt, nextAttemptAt)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """,
                arguments: [
                    key, seq, intent.action.rawValue, intent.sessionID.description, intent.endedAt.map { Int64($0) },
                    now, now, now,
                ])
            guard let record = try Self.fetchIntent(db, key: key) else {
                throw RelayerError.outboxUnavailable("the intent \(key) vanished after it was inserted")
            }
            return (record, true)
        }
    }

    /// The intent with this idempotency key, or nil.
    public func intent(key: String) async throws(RelayerError) -> OutboxIntent? {
        try await read { db in try Self.fetchIntent(db, key: key) }
    }

    /// Every intent in one of `states` (all intents when `states` is nil), in the order they were committed.
    public func intents(in states: Set<IntentState>? = nil) async throws(RelayerError) -> [OutboxIntent] {
        try await read { db in
            let rows: [Row]
            if let states {
                let list = states.map { "'\($0.rawValue)'" }.joined(separator: ",")
                rows = try Row.fetchAll(db, sql: "SELECT * FROM intent WHERE state IN (\(list)) ORDER BY seq")
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM intent ORDER BY seq")
            }
            return try rows.map(Self.decodeIntent)
        }
    }

    /// How many intents are in each state (states with none are absent).
    public func countsByState() async throws(RelayerError) -> [IntentState: Int] {
        try await read { db in
            var counts: [IntentState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM intent GROUP BY state") {
                if let state = IntentState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Pending intents due at `now`, oldest first, leaving out any intent while an earlier intent of the same
    /// session is still on its way (pending, simulated, signed or sent): the intents of one session reach the
    /// chain in the order they were committed, so a `stopAt` is never simulated before its session's `start`
    /// is mined.
    public func dueForSimulation(now: Double, limit: Int) async throws(RelayerError) -> [OutboxIntent] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM intent AS i
                    WHERE i.state = 'pending' AND i.nextAttemptAt <= ?
                      AND NOT EXISTS (
                        SELECT 1 FROM intent AS e
                        WHERE e.sessionId = i.sessionId AND e.seq < i.seq
                          AND e.state IN ('pending', 'simulated', 'signed', 'sent'))
                    ORDER BY i.seq LIMIT ?
                    """,
                arguments: [now, limit]
            ).map(Self.decodeIntent)
        }
    }

    /// Simulated intents due at `now`, oldest first: the next to be signed.
    public func dueForSigning(now: Double, limit: Int) async throws(RelayerError) -> [OutboxIntent] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM intent WHERE state = 'simulated' AND nextAttemptAt <= ? ORDER BY seq LIMIT ?",
                arguments: [now, limit]
            ).map(Self.decodeIntent)
        }
    }

    /// Mined intents waiting for confirmations, oldest first.
    public func minedIntents() async throws(RelayerError) -> [OutboxIntent] {
        try await intents(in: [.mined])
    }

    /// pending → simulated.
    public func markSimulated(key: String, now: Double) async throws(RelayerError) {
        try await write { db in
            try Self.move(db, key: key, to: .simulated, now: now, set: "detail = NULL, nextAttemptAt = ?", [now])
        }
    }

    /// Leaves the intent in its state and looks at it again at `retryAt`.
    ///
    /// - Parameters:
    ///   - detail: the error that made it wait, shown by `GET /v1/intents/{key}`.
    ///   - countsAsAttempt: whether this counts as a failed attempt (a transient error does; waiting for the
    ///     chain's clock or for fees to fall under the cap does not).
    public func retryLater(key: String, at retryAt: Double, detail: String, countsAsAttempt: Bool = true, now: Double)
        async throws(RelayerError)
    {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE intent SET nextAttemptAt = ?, attempts = attempts + ?, detail = ?, updatedAt = ?
                    WHERE key = ?
                    """,
                arguments: [retryAt, countsAsAttempt ? 1 : 0, detail, now, key])
            guard db.changesCount == 1 else { throw RelayerError.unknownIntent(key) }
        }
    }

    /// Finishes an intent that never got a transaction as ``IntentState/moot`` or ``IntentState/failed``.
    public func finish(key: String, as state: IntentState, detail: String, now: Double) async throws(RelayerError) {
        try await write { db in
            try Self.move(db, key: key, to: state, now: now, set: "detail = ?", [detail])
        }
    }

    /// simulated → pending: its simulation is too old to sign on (or every simulated intent, on start).
    public func resimulate(key: String, now: Double) async throws(RelayerError) {
        try await write { db in
            try Self.move(db, key: key, to: .pending, now: now, set: "nextAttemptAt = ?", [now])
        }
    }

    /// Moves every simulated intent back to pending: after a restart their simulations may be stale.
    ///
    /// - Returns: how many moved.
    public func resimulateAll(now: Double) async throws(RelayerError) -> Int {
        try await write { db in
            try db.execute(
                sql: "UPDATE intent SET state = 'pending', nextAttemptAt = ?, updatedAt = ? WHERE state = 'simulated'",
                arguments: [now, now])
            return db.changesCount
        }
    }

    // MARK: - Nonces and transactions

    /// simulated → signed: reserves the next nonce, signs with it (`prepare`), and stores the slot, the
    /// transaction and the new state, all in one database transaction.
    ///
    /// - Parameter prepare: builds and signs the transaction for the nonce it is given; it runs inside the write
    ///   transaction, so it must be quick and must not wait on anything (signing is).
    /// - Returns: the stored transaction.
    /// - Throws: whatever `prepare` throws, wrapped in ``RelayerError/outboxUnavailable(_:)`` unless it is a
    ///   ``RelayerError`` (nothing is stored then); ``RelayerError/illegalTransition(key:from:to:)``;
    ///   ``RelayerError/nonceAlreadyReserved(_:)``.
    public func reserveAndSign(
        key: String, now: Double, prepare: @escaping @Sendable (UInt64) throws -> PreparedTransaction
    ) async throws(RelayerError) -> OutboxTransaction {
        try await write { db in
            // Only a simulated intent is signed: signing a signed one again would reserve a second nonce for it.
            guard let intent = try Self.fetchIntent(db, key: key) else { throw RelayerError.unknownIntent(key) }
            guard intent.state == .simulated else {
                throw RelayerError.illegalTransition(key: key, from: intent.state, to: .signed)
            }
            let nonce = try Self.nextNonce(db)
            let prepared = try prepare(nonce)
            try Self.insertSlot(db, nonce: nonce, purpose: .intent, intentKey: key, now: now)
            let stored = try Self.insertAttempt(db, nonce: nonce, intentKey: key, prepared: prepared, now: now)
            try Self.move(
                db, key: key, to: .signed, now: now, set: "nonce = ?, gasLimit = ?, detail = NULL",
                [Int64(nonce), Int64(prepared.gasLimit)])
            try db.execute(
                sql: "UPDATE account SET nextNonce = ?, updatedAt = ? WHERE id = 1", arguments: [Int64(nonce) + 1, now]
            )
            return stored
        }
    }

    /// Fills a gap: makes `nonce` a live gap-fill slot (it must be free, or released) and stores the zero-value
    /// self-transfer `prepare` signs for it, in one database transaction.
    ///
    /// - Throws: ``RelayerError/nonceAlreadyReserved(_:)`` when the nonce is live, mined or taken.
    public func fillGap(
        nonce: UInt64, now: Double, prepare: @escaping @Sendable (UInt64) throws -> PreparedTransaction
    ) async throws(RelayerError) -> OutboxTransaction {
        try await write { db in
            if let state = try String.fetchOne(
                db, sql: "SELECT state FROM slot WHERE nonce = ?", arguments: [Int64(nonce)])
            {
                guard state == SlotState.released.rawValue else { throw RelayerError.nonceAlreadyReserved(nonce) }
                try db.execute(
                    sql:
                        "UPDATE slot SET purpose = 'gapFill', intentKey = NULL, state = 'live', updatedAt = ? WHERE nonce = ?",
                    arguments: [now, Int64(nonce)])
            } else {
                try Self.insertSlot(db, nonce: nonce, purpose: .gapFill, intentKey: nil, now: now)
            }
            let prepared = try prepare(nonce)
            let stored = try Self.insertAttempt(db, nonce: nonce, intentKey: nil, prepared: prepared, now: now)
            let next = try Self.nextNonce(db)
            if nonce >= next {
                try db.execute(
                    sql: "UPDATE account SET nextNonce = ?, updatedAt = ? WHERE id = 1",
                    arguments: [Int64(nonce) + 1, now])
            }
            return stored
        }
    }

    /// Stores a replacement: another attempt at a live nonce, with higher fees.
    ///
    /// - Throws: ``RelayerError/outboxUnavailable(_:)`` when the nonce has no live transaction (it was mined, given
    ///   up or taken meanwhile) or the database fails.
    public func addReplacement(nonce: UInt64, prepared: PreparedTransaction, now: Double) async throws(RelayerError)
        -> OutboxTransaction
    {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state, intentKey FROM slot WHERE nonce = ?", arguments: [Int64(nonce)]),
                (row["state"] as String) == SlotState.live.rawValue
            else { throw RelayerError.outboxUnavailable("nonce \(nonce) has no live transaction to replace") }
            return try Self.insertAttempt(
                db, nonce: nonce, intentKey: row["intentKey"] as String?, prepared: prepared, now: now)
        }
    }

    /// A node accepted the transaction (or already knew it): records the send, and moves its intent
    /// signed → sent.
    public func markAccepted(hash: Hash, now: Double) async throws(RelayerError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE attempt SET lastSentAt = ?, sendCount = sendCount + 1, sendFailures = 0, lastError = NULL,
                        nextSendAt = ?
                    WHERE hash = ?
                    """,
                arguments: [now, now, hash.hexString])
            guard db.changesCount == 1 else {
                throw RelayerError.outboxUnavailable("no stored transaction \(hash.hexString)")
            }
            if let key = try String.fetchOne(
                db, sql: "SELECT intentKey FROM attempt WHERE hash = ?", arguments: [hash.hexString]),
                let intent = try Self.fetchIntent(db, key: key), intent.state == .signed
            {
                try Self.move(db, key: key, to: .sent, now: now, set: "detail = NULL", [])
            }
        }
    }

    /// A send failed: records the error and when to try again.
    public func markSendFailed(hash: Hash, error: String, retryAt: Double, now: Double) async throws(RelayerError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE attempt SET sendCount = sendCount + 1, sendFailures = sendFailures + 1, lastError = ?,
                        nextSendAt = ?
                    WHERE hash = ?
                    """,
                arguments: [error, retryAt, hash.hexString])
            if let key = try String.fetchOne(
                db, sql: "SELECT intentKey FROM attempt WHERE hash = ?", arguments: [hash.hexString])
            {
                try db.execute(
                    sql: "UPDATE intent SET detail = ?, updatedAt = ? WHERE key = ?", arguments: [error, now, key])
            }
        }
    }

    /// Every live nonce with its attempts, lowest nonce first.
    public func liveSlots() async throws(RelayerError) -> [LiveSlot] {
        try await read { db in
            let slots = try Row.fetchAll(db, sql: "SELECT * FROM slot WHERE state = 'live' ORDER BY nonce")
                .map(Self.decodeSlot)
            return try slots.map { slot in
                let attempts = try Row.fetchAll(
                    db, sql: "SELECT * FROM attempt WHERE nonce = ? AND abandoned = 0 ORDER BY id",
                    arguments: [Int64(slot.nonce)]
                ).map(Self.decodeAttempt)
                return LiveSlot(slot: slot, attempts: attempts)
            }
        }
    }

    /// The slot of `nonce`, or nil when the outbox never reserved it.
    public func slot(nonce: UInt64) async throws(RelayerError) -> NonceSlot? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM slot WHERE nonce = ?", arguments: [Int64(nonce)]).map(
                Self.decodeSlot)
        }
    }

    /// Every slot, lowest nonce first.
    public func slots() async throws(RelayerError) -> [NonceSlot] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM slot ORDER BY nonce").map(Self.decodeSlot) }
    }

    /// Every transaction signed for the intent, oldest first (all its nonces, replacements included).
    public func transactions(intentKey key: String) async throws(RelayerError) -> [OutboxTransaction] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempt WHERE intentKey = ? ORDER BY id", arguments: [key])
                .map(Self.decodeAttempt)
        }
    }

    /// The transactions signed at `nonce`, oldest first.
    ///
    /// - Parameter includingAbandoned: whether to include those a node refused for good (never broadcast).
    public func transactions(nonce: UInt64, includingAbandoned: Bool = false) async throws(RelayerError)
        -> [OutboxTransaction]
    {
        try await read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM attempt WHERE nonce = ? \(includingAbandoned ? "" : "AND abandoned = 0 ")ORDER BY id",
                arguments: [Int64(nonce)]
            ).map(Self.decodeAttempt)
        }
    }

    // MARK: - Outcomes

    /// One of the transactions at `nonce` is in block `block`: the slot is mined. Its intent moves to
    /// ``IntentState/mined`` when the receipt's status is success; when it reverted, the intent is requeued to be
    /// simulated again (a race the simulation could not see: the session stopped by a participant in between),
    /// or failed after `maxAttempts`.
    ///
    /// - Returns: the intent's key, when the slot belonged to one.
    @discardableResult
    public func recordMined(
        nonce: UInt64, hash: Hash, block: UInt64, succeeded: Bool, maxAttempts: Int, now: Double
    ) async throws(RelayerError) -> String? {
        try await write { db in
            guard
                let slot = try Row.fetchOne(db, sql: "SELECT * FROM slot WHERE nonce = ?", arguments: [Int64(nonce)])
                    .map(Self.decodeSlot)
            else { throw RelayerError.outboxUnavailable("nonce \(nonce) was never reserved") }
            try db.execute(
                sql: "UPDATE slot SET state = 'mined', updatedAt = ? WHERE nonce = ?", arguments: [now, Int64(nonce)])
            guard let key = slot.intentKey, let intent = try Self.fetchIntent(db, key: key),
                !intent.state.isTerminal
            else { return nil }
            if succeeded {
                // Also when the intent was requeued or re-signed elsewhere meanwhile: this transaction did it.
                guard intent.state != .mined else { return key }
                try Self.move(
                    db, key: key, to: .mined, now: now, set: "minedHash = ?, minedBlock = ?, nonce = ?, detail = NULL",
                    [hash.hexString, Int64(block), Int64(nonce)])
            } else if intent.nonce != nonce || intent.state == .mined {
                // An older attempt of an intent that has moved on: nothing to learn from its revert.
                return key
            } else if intent.attempts + 1 >= maxAttempts {
                try Self.move(
                    db, key: key, to: .failed, now: now, set: "attempts = attempts + 1, detail = ?",
                    ["transaction \(hash.hexString) was mined in block \(block) but reverted, \(maxAttempts) times"])
            } else {
                try Self.move(
                    db, key: key, to: .pending, now: now,
                    set: "attempts = attempts + 1, nonce = NULL, detail = ?, nextAttemptAt = ?",
                    ["transaction \(hash.hexString) was mined in block \(block) but reverted; simulating again", now])
            }
            return key
        }
    }

    /// mined → confirmed.
    public func confirm(key: String, now: Double) async throws(RelayerError) {
        try await write { db in try Self.move(db, key: key, to: .confirmed, now: now, set: "detail = NULL", []) }
    }

    /// mined → sent: the block holding its transaction was reorganised away; the slot is live again.
    public func unmine(key: String, now: Double) async throws(RelayerError) {
        try await write { db in
            guard let intent = try Self.fetchIntent(db, key: key), let nonce = intent.nonce else {
                throw RelayerError.unknownIntent(key)
            }
            try Self.move(db, key: key, to: .sent, now: now, set: "minedHash = NULL, minedBlock = NULL", [])
            try db.execute(
                sql: "UPDATE slot SET state = 'live', updatedAt = ? WHERE nonce = ?", arguments: [now, Int64(nonce)])
        }
    }

    /// The nonce was used by a transaction that is none of the relayer's: the slot is ``SlotState/taken``, and its
    /// intent (if any) is requeued, to be simulated and signed again at a new nonce.
    ///
    /// - Returns: the requeued intent's key.
    @discardableResult
    public func markTaken(nonce: UInt64, detail: String, now: Double) async throws(RelayerError) -> String? {
        try await write { db in
            guard
                let slot = try Row.fetchOne(db, sql: "SELECT * FROM slot WHERE nonce = ?", arguments: [Int64(nonce)])
                    .map(Self.decodeSlot)
            else { throw RelayerError.outboxUnavailable("nonce \(nonce) was never reserved") }
            try db.execute(
                sql: "UPDATE slot SET state = 'taken', updatedAt = ? WHERE nonce = ?", arguments: [now, Int64(nonce)])
            guard let key = slot.intentKey, let intent = try Self.fetchIntent(db, key: key), intent.nonce == nonce,
                !intent.state.isTerminal
            else { return nil }
            try Self.move(
                db, key: key, to: .pending, now: now, set: "nonce = NULL, detail = ?, nextAttemptAt = ?",
                [detail, now])
            return key
        }
    }

    /// What ``refuse(hash:detail:now:)`` did.
    public enum Refusal: Sendable, Hashable {
        /// Only the refused transaction is dropped: an earlier transaction at its nonce was accepted by a node and
        /// may still be mined, so the nonce stays live with it.
        case attemptDropped
        /// The nonce is given up (``SlotState/released``, a gap to fill) and its intent, if any, failed.
        case released(intentKey: String?)
    }

    /// A node refused the transaction `hash` for good (a rule no retry changes).
    ///
    /// When no other transaction at its nonce was ever accepted, nothing at that nonce can be mined: the slot is
    /// released (a gap for a self-transfer to fill) and its intent fails with `detail`. Otherwise only this attempt
    /// is dropped (it was never broadcast) and the nonce stays live with the earlier ones.
    @discardableResult
    public func refuse(hash: Hash, detail: String, now: Double) async throws(RelayerError) -> Refusal {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT nonce FROM attempt WHERE hash = ?", arguments: [hash.hexString])
            else { throw RelayerError.outboxUnavailable("no stored transaction \(hash.hexString)") }
            let nonce: Int64 = row["nonce"]
            try db.execute(
                sql: "UPDATE attempt SET abandoned = 1, lastError = ? WHERE hash = ?",
                arguments: [detail, hash.hexString])
            let acceptedBefore =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM attempt WHERE nonce = ? AND abandoned = 0 AND lastSentAt IS NOT NULL",
                    arguments: [nonce]) ?? 0
            guard acceptedBefore == 0 else { return .attemptDropped }
            guard
                let slot = try Row.fetchOne(db, sql: "SELECT * FROM slot WHERE nonce = ?", arguments: [nonce])
                    .map(Self.decodeSlot)
            else { throw RelayerError.outboxUnavailable("nonce \(nonce) was never reserved") }
            try db.execute(
                sql: "UPDATE attempt SET abandoned = 1 WHERE nonce = ?", arguments: [nonce])
            try db.execute(
                sql: "UPDATE slot SET state = 'released', updatedAt = ? WHERE nonce = ?", arguments: [now, nonce])
            guard let key = slot.intentKey, let intent = try Self.fetchIntent(db, key: key),
                intent.nonce == UInt64(nonce), !intent.state.isTerminal
            else { return .released(intentKey: nil) }
            try Self.move(db, key: key, to: .failed, now: now, set: "detail = ?", [detail])
            return .released(intentKey: key)
        }
    }

    // MARK: - Rows

    /// Moves intent `key` to `state` if the state machine allows it, setting `assignments` too.
    private static func move(
        _ db: Database, key: String, to state: IntentState, now: Double, set assignments: String,
        _ arguments: [(any DatabaseValueConvertible)?]
    ) throws {
        guard
            let current = try String.fetchOne(db, sql: "SELECT state FROM intent WHERE key = ?", arguments: [key])
                .flatMap(IntentState.init(rawValue:))
        else { throw RelayerError.unknownIntent(key) }
        guard current.canMove(to: state) else {
            throw RelayerError.illegalTransition(key: key, from: current, to: state)
        }
        let extra = assignments.isEmpty ? "" : ", " + assignments
        try db.execute(
            sql: "UPDATE intent SET state = ?, updatedAt = ?\(extra) WHERE key = ?",
            arguments: StatementArguments([state.rawValue, now] + arguments + [key]))
    }

    private static func insertSlot(
        _ db: Database, nonce: UInt64, purpose: SlotPurpose, intentKey: String?, now: Double
    ) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM slot WHERE nonce = ?", arguments: [Int64(nonce)]) != nil {
            throw RelayerError.nonceAlreadyReserved(nonce)
        }
        try db.execute(
            sql: "INSERT INTO slot (nonce, purpose, intentKey, state, updatedAt) VALUES (?, ?, ?, 'live', ?)",
            arguments: [Int64(nonce), purpose.rawValue, intentKey, now])
    }

    private static func insertAttempt(
        _ db: Database, nonce: UInt64, intentKey: String?, prepared: PreparedTransaction, now: Double
    ) throws -> OutboxTransaction {
        try db.execute(
            sql: """
                INSERT INTO attempt (hash, nonce, intentKey, maxFeePerGas, maxPriorityFeePerGas, gasLimit, raw, signedAt,
                    nextSendAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                prepared.hash.hexString, Int64(nonce), intentKey, prepared.fees.maxFeePerGas.description,
                prepared.fees.maxPriorityFeePerGas.description, Int64(prepared.gasLimit), Data(prepared.raw), now, now,
            ])
        return OutboxTransaction(
            id: db.lastInsertedRowID, hash: prepared.hash, nonce: nonce, intentKey: intentKey, fees: prepared.fees,
            gasLimit: prepared.gasLimit, raw: prepared.raw, signedAt: now, lastSentAt: nil, sendCount: 0,
            nextSendAt: now, sendFailures: 0, lastError: nil, abandoned: false)
    }

    private static func fetchIntent(_ db: Database, key: String) throws -> OutboxIntent? {
        try Row.fetchOne(db, sql: "SELECT * FROM intent WHERE key = ?", arguments: [key]).map(decodeIntent)
    }

    private static func decodeIntent(_ row: Row) throws -> OutboxIntent {
        let key: String = row["key"]
        guard let action = SessionIntent.Action(rawValue: row["action"]),
            let state = IntentState(rawValue: row["state"]),
            let sessionID = UInt256(row["sessionId"] as String)
        else { throw RelayerError.outboxUnavailable("the intent row \(key) is corrupt") }
        let minedHash = try (row["minedHash"] as String?).map { text throws(RelayerError) in
            do { return try Hash(hex: text) } catch { throw .outboxUnavailable("the intent row \(key) is corrupt") }
        }
        return OutboxIntent(
            key: key,
            intent: SessionIntent(
                action: action, sessionID: sessionID, endedAt: (row["endedAt"] as Int64?).map(UInt64.init)),
            state: state, sequence: row["seq"], createdAt: row["createdAt"], updatedAt: row["updatedAt"],
            nextAttemptAt: row["nextAttemptAt"], attempts: row["attempts"],
            nonce: (row["nonce"] as Int64?).map(UInt64.init), gasLimit: (row["gasLimit"] as Int64?).map(UInt64.init),
            minedHash: minedHash, minedBlock: (row["minedBlock"] as Int64?).map(UInt64.init), detail: row["detail"])
    }

    private static func decodeSlot(_ row: Row) throws -> NonceSlot {
        let nonce = UInt64(row["nonce"] as Int64)
        guard let purpose = SlotPurpose(rawValue: row["purpose"]), let state = SlotState(rawValue: row["state"]) else {
            throw RelayerError.outboxUnavailable("the slot row of nonce \(nonce) is corrupt")
        }
        return NonceSlot(
            nonce: nonce, purpose: purpose, intentKey: row["intentKey"], state: state, updatedAt: row["updatedAt"])
    }

    private static func decodeAttempt(_ row: Row) throws -> OutboxTransaction {
        let id: Int64 = row["id"]
        guard let hash = try? Hash(hex: row["hash"] as String),
            let maxFee = UInt256(row["maxFeePerGas"] as String),
            let tip = UInt256(row["maxPriorityFeePerGas"] as String)
        else { throw RelayerError.outboxUnavailable("the transaction row \(id) is corrupt") }
        let raw: Data = row["raw"]
        return OutboxTransaction(
            id: id, hash: hash, nonce: UInt64(row["nonce"] as Int64), intentKey: row["intentKey"],
            fees: Fees(maxFeePerGas: maxFee, maxPriorityFeePerGas: tip), gasLimit: UInt64(row["gasLimit"] as Int64),
            raw: [UInt8](raw), signedAt: row["signedAt"], lastSentAt: row["lastSentAt"], sendCount: row["sendCount"],
            nextSendAt: row["nextSendAt"], sendFailures: row["sendFailures"], lastError: row["lastError"],
            abandoned: row["abandoned"])
    }
}
