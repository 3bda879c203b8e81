import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Secp256k1
import Testing

@Suite("SQLiteHeartbeatStore")
struct SQLiteStoreTests {
    static func stored(_ key: PrivateKey, session: UInt256 = 1, seq: UInt64, seenAt: Double = t0) -> StoredPing {
        let signed = ping(key, session: session, seq: seq, issuedAt: UInt64(t0))
        return StoredPing(message: signed.message, signature: signed.signature, seenAt: seenAt)
    }

    @Test func onlyAHigherSeqIsWritten() async throws {
        let store = try SQLiteHeartbeatStore.inMemory()
        #expect(try await store.recordPing(Self.stored(Keys.student, seq: 5)))
        #expect(try await !store.recordPing(Self.stored(Keys.student, seq: 5, seenAt: t0 + 1)))
        #expect(try await !store.recordPing(Self.stored(Keys.student, seq: 4, seenAt: t0 + 1)))
        #expect(try await store.lastSequence(sessionID: 1, participant: Keys.student.address) == 5)
        #expect(try await store.session(1)?.liveness[Keys.student.address]?.seenAt == t0)
        // Text order is numeric order, up to the largest uint64.
        #expect(try await store.recordPing(Self.stored(Keys.student, seq: 10)))
        #expect(try await store.recordPing(Self.stored(Keys.student, seq: UInt64.max)))
        #expect(try await !store.recordPing(Self.stored(Keys.student, seq: UInt64.max - 1)))
        #expect(try await store.lastSequence(sessionID: 1, participant: Keys.student.address) == UInt64.max)
        // Another participant, another session: their own sequences.
        #expect(try await store.recordPing(Self.stored(Keys.tutor, seq: 1)))
        #expect(try await store.recordPing(Self.stored(Keys.student, session: UInt256.max, seq: 1)))
        #expect(try await store.lastSequence(sessionID: 2, participant: Keys.student.address) == nil)
    }

    @Test func sessionsRoundTripWithIntentsAndRoom() async throws {
        let store = try SQLiteHeartbeatStore.inMemory()
        _ = try await store.recordPing(Self.stored(Keys.student, seq: 3, seenAt: t0 + 0.25))
        let stop = IntentRecord(
            intent: SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0)), decidedAt: t0 + 11,
            submittedAt: nil, failedAttempts: 2, lastError: "relayer unreachable")
        try await store.saveIntent(stop)
        var submitted = stop
        submitted.submittedAt = t0 + 12
        submitted.lastError = nil
        try await store.saveIntent(submitted)
        try await store.saveIntent(IntentRecord(intent: SessionIntent(action: .start, sessionID: 1), decidedAt: t0))
        try await store.saveRoom(RoomState(roomID: "r", student: .joined, tutor: .left), sessionID: 1)
        let session = try #require(try await store.session(1))
        #expect(
            session.liveness == [
                Keys.student.address: ParticipantLiveness(seq: 3, issuedAt: UInt64(t0), seenAt: t0 + 0.25)
            ])
        #expect(session.intents.map(\.intent.action) == [.start, .stopAt])
        #expect(session.intents[1].submittedAt == t0 + 12)
        #expect(session.intents[1].failedAttempts == 2)
        #expect(session.intents[1].lastError == nil)
        #expect(session.intents[1].intent.endedAt == UInt64(t0))
        #expect(session.room == RoomState(roomID: "r", student: .joined, tutor: .left))
        #expect(session.endedAt == nil)
        #expect(try await store.openSessions().map(\.sessionID) == [1])
        #expect(try await store.session(2) == nil)
    }

    @Test func endedSessionsLeaveTheOpenListAndArePrunedLater() async throws {
        let store = try SQLiteHeartbeatStore.inMemory()
        for session in 1...3 {
            _ = try await store.recordPing(Self.stored(Keys.student, session: UInt256(session), seq: 1))
        }
        try await store.markEnded(sessionID: 1, at: t0 + 10)
        try await store.markEnded(sessionID: 1, at: t0 + 50)  // the first time stays
        try await store.markEnded(sessionID: 2, at: t0 + 100)
        #expect(try await store.openSessions().map(\.sessionID) == [3])
        #expect(try await store.session(1)?.endedAt == t0 + 10)
        #expect(try await store.pruneEnded(before: t0 + 20) == 1)
        #expect(try await store.session(1) == nil)
        #expect(try await store.lastSequence(sessionID: 1, participant: Keys.student.address) == nil)
        #expect(try await store.session(2) != nil)
    }

    @Test func webhookDeliveriesAreRecordedOnceAndPruned() async throws {
        let store = try SQLiteHeartbeatStore.inMemory()
        #expect(try await store.recordWebhookDelivery(id: "a", at: t0))
        #expect(try await !store.recordWebhookDelivery(id: "a", at: t0 + 1))
        #expect(try await store.recordWebhookDelivery(id: "b", at: t0 + 5))
        try await store.pruneWebhookDeliveries(before: t0 + 2)
        #expect(try await store.recordWebhookDelivery(id: "a", at: t0 + 6))
        #expect(try await !store.recordWebhookDelivery(id: "b", at: t0 + 6))
    }

    @Test func aFileStoreKeepsEverythingAcrossReopening() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let store = try SQLiteHeartbeatStore(path: path)
            _ = try await store.recordPing(Self.stored(Keys.tutor, seq: 77))
        }
        let reopened = try SQLiteHeartbeatStore(path: path)
        #expect(try await reopened.lastSequence(sessionID: 1, participant: Keys.tutor.address) == 77)
        #expect(try await !reopened.recordPing(Self.stored(Keys.tutor, seq: 77)))
    }

    /// Group commit: pings that arrive together share transactions, and each keeps the answer one transaction per
    /// ping would give it.
    @Test func concurrentPingsKeepTheReplayRuleUnderGroupCommit() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteHeartbeatStore(path: path)
        // The same ping 40 times at once: exactly one is written.
        let duplicates = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { try await store.recordPing(Self.stored(Keys.student, seq: 7)) } }
            return try await group.reduce(into: 0) { count, written in count += written ? 1 : 0 }
        }
        #expect(duplicates == 1)
        // Sequence numbers 1…120 at once, in any order: a write happens only above the stored seq, so the
        // accepted ones rise in commit order and the last stored is the highest.
        let accepted = try await withThrowingTaskGroup(of: (UInt64, Bool).self) { group in
            for seq in UInt64(1)...120 {
                group.addTask { (seq, try await store.recordPing(Self.stored(Keys.tutor, seq: seq))) }
            }
            return try await group.reduce(into: [UInt64]()) { list, result in if result.1 { list.append(result.0) } }
        }
        #expect(accepted.contains(120))
        #expect(try await store.lastSequence(sessionID: 1, participant: Keys.tutor.address) == 120)
        // 100 sessions at once: every first ping is written, and durable after reopening.
        let sessions = try await withThrowingTaskGroup(of: Bool.self) { group in
            for session in 1...100 {
                group.addTask {
                    try await store.recordPing(Self.stored(Keys.student, session: UInt256(session), seq: 1))
                }
            }
            return try await group.reduce(into: 0) { count, written in count += written ? 1 : 0 }
        }
        #expect(sessions == 100 - 1)  // session 1 already holds the student's seq 7
        let reopened = try SQLiteHeartbeatStore(path: path)
        for session in 2...100 {
            #expect(
                try await reopened.lastSequence(sessionID: UInt256(session), participant: Keys.student.address) == 1)
        }
        #expect(try await reopened.lastSequence(sessionID: 1, participant: Keys.student.address) == 7)
    }
}
