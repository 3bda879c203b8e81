import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Secp256k1
import Testing

@Suite("HeartbeatEngine: pings, refusals, persistence, intents")
struct EngineTests {
    // MARK: Acceptance and start

    @Test func bothParticipantsPingingStartTheSessionThenTheChainMakesItActive() async throws {
        let h = Harness()
        let first = try await h.send(Keys.student, seq: 1)
        #expect(first == PingAcknowledgement(phase: .waiting, serverTime: t0))
        h.clock.advance(by: 2)
        try await h.send(Keys.tutor, seq: 1)
        #expect(h.sink.intents == [SessionIntent(action: .start, sessionID: 1)])
        let view = try await h.engine.view(of: 1)
        #expect(view.pendingIntents.map(\.submittedAt) == [t0 + 2])
        h.directory.emit(.started(sessionID: 1, startedAt: h.now))
        try await h.engine.refresh()
        h.clock.advance(by: 3)
        #expect(try await h.send(Keys.student, seq: 2).phase == .active)
        #expect(try await h.engine.view(of: 1).pendingIntents.isEmpty)
    }

    // MARK: Every refusal

    /// A ping and the refusal it must get, against session 1 (Funded) and session 2 (Settled).
    static let refusals: [(String, @Sendable (Harness) -> SignedPing, HeartbeatError)] = [
        (
            "forged signature (someone else signs for the student)",
            { h in ping(Keys.outsider, seq: 1, issuedAt: h.now, participant: Keys.student.address) },
            .signatureMismatch(claimed: Keys.student.address, recovered: Keys.outsider.address)
        ),
        (
            "someone else's session (a wallet that is neither student nor tutor)",
            { h in ping(Keys.outsider, seq: 1, issuedAt: h.now) },
            .notParticipant(Keys.outsider.address, sessionID: 1)
        ),
        (
            "a participant of session 1 pinging session 3, which is between two other wallets",
            { h in ping(Keys.student, session: 3, seq: 1, issuedAt: h.now) },
            .notParticipant(Keys.student.address, sessionID: 3)
        ),
        (
            "another chain",
            { h in ping(Keys.student, seq: 1, issuedAt: h.now, in: HeartbeatDomain(chainID: 1, escrow: escrow)) },
            .signatureMismatch(claimed: Keys.student.address, recovered: Address.zero)
        ),
        (
            "another escrow",
            { h in
                ping(
                    Keys.student, seq: 1, issuedAt: h.now,
                    in: HeartbeatDomain(chainID: 31337, escrow: Keys.outsider.address))
            },
            .signatureMismatch(claimed: Keys.student.address, recovered: Address.zero)
        ),
        (
            "unknown session", { h in ping(Keys.student, session: 99, seq: 1, issuedAt: h.now) },
            .unknownSession(99)
        ),
        (
            "ended session", { h in ping(Keys.student, session: 2, seq: 1, issuedAt: h.now) },
            .sessionEnded(2)
        ),
        (
            "issued 31 s in the past", { h in ping(Keys.student, seq: 1, issuedAt: h.now - 31) },
            .issuedAtOutsideWindow(issuedAt: UInt64(t0) - 31, serverTime: t0, skew: 30)
        ),
        (
            "issued 31 s in the future", { h in ping(Keys.student, seq: 1, issuedAt: h.now + 31) },
            .issuedAtOutsideWindow(issuedAt: UInt64(t0) + 31, serverTime: t0, skew: 30)
        ),
    ]

    @Test(arguments: 0..<refusals.count)
    func everyRefusalHasItsStatus(_ index: Int) async throws {
        let (name, make, expected) = Self.refusals[index]
        let others = EscrowSession(
            student: Keys.outsider.address, tutor: try! Address(hex: "0x00000000000000000000000000000000000000aa"),
            ratePerSecond: 1, capSeconds: 60, status: .funded)
        let h = Harness(sessions: [1: escrowSession(), 2: escrowSession(status: .settled), 3: others])
        let error = await #expect(throws: HeartbeatError.self, "\(name)") {
            try await h.engine.receivePing(make(h))
        }
        guard let error else { return }
        #expect(error.httpStatus == expected.httpStatus, "\(name): \(error)")
        #expect(error.code == expected.code, "\(name)")
        if case .signatureMismatch(_, let recovered) = expected, recovered == .zero {
            // Another domain recovers to an unpredictable address; the claim is what matters.
            guard case .signatureMismatch(let claimed, let actual) = error else {
                Issue.record("\(name): expected a signature mismatch, got \(error)")
                return
            }
            #expect(claimed == Keys.student.address)
            #expect(actual != Keys.student.address)
        } else {
            #expect(error == expected, "\(name)")
        }
        // Nothing was recorded for a refused ping.
        #expect(try await h.store.session(1)?.liveness.isEmpty ?? true, "\(name)")
        #expect(h.sink.intents.isEmpty)
    }

    @Test func issuedAtExactlyAtTheSkewLimitIsAccepted() async throws {
        let h = Harness()
        try await h.engine.receivePing(ping(Keys.student, seq: 1, issuedAt: h.now - 30))
        try await h.engine.receivePing(ping(Keys.tutor, seq: 1, issuedAt: h.now + 30))
    }

    @Test func aReplayedOrLowerSeqIsRefusedWith409() async throws {
        let h = Harness()
        let original = ping(Keys.student, seq: 5, issuedAt: h.now)
        try await h.engine.receivePing(original)
        let replay = await #expect(throws: HeartbeatError.self) { try await h.engine.receivePing(original) }
        #expect(replay == .replayedSequence(seq: 5, lastAccepted: 5))
        #expect(replay?.httpStatus == 409)
        let lower = await #expect(throws: HeartbeatError.self) {
            try await h.engine.receivePing(ping(Keys.student, seq: 4, issuedAt: h.now))
        }
        #expect(lower == .replayedSequence(seq: 4, lastAccepted: 5))
        // Sequence numbers may skip; each participant has its own.
        try await h.engine.receivePing(ping(Keys.student, seq: 1_000, issuedAt: h.now))
        try await h.engine.receivePing(ping(Keys.tutor, seq: 1, issuedAt: h.now))
    }

    @Test func concurrentPingsWithTheSameSeqAreAcceptedOnce() async throws {
        let h = Harness()
        let copies = (0..<8).map { _ in ping(Keys.student, seq: 3, issuedAt: h.now) }
        let results = await withTaskGroup(of: Bool.self) { group in
            for copy in copies {
                group.addTask { (try? await h.engine.receivePing(copy)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
    }

    @Test func aMalformedBodyIsRefusedBeforeAnythingElse() async {
        let h = Harness()
        let error = await #expect(throws: HeartbeatError.self) {
            try await h.engine.receivePing(json: Array("{\"sessionId\":1}".utf8))
        }
        #expect(error?.httpStatus == 400)
        #expect(h.directory.reads == 0)
    }

    // MARK: Persistence before acknowledgement

    @Test func aPingIsNotAcknowledgedWhenTheStoreCannotCommitIt() async throws {
        let h = Harness()
        h.store.setFailing(true)
        let error = await #expect(throws: HeartbeatError.self) { try await h.send(Keys.student, seq: 1) }
        #expect(error?.httpStatus == 503)
        #expect(error?.code == "store_unavailable")
        // Nothing changed in memory either: the same ping is accepted once the store is back.
        #expect(try await h.engine.view(of: 1).student.seq == nil)
        h.store.setFailing(false)
        try await h.send(Keys.student, seq: 1)
        #expect(try await h.store.session(1)?.liveness[Keys.student.address]?.seq == 1)
    }

    @Test func theChainBeingUnreachableIsA503() async {
        let h = Harness()
        h.directory.setFailing(true)
        let error = await #expect(throws: HeartbeatError.self) { try await h.send(Keys.student, seq: 1) }
        #expect(error?.code == "chain_unavailable")
        #expect(error?.httpStatus == 503)
    }

    @Test func restartRestoresLivenessFromTheStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("heartbeat.sqlite").path
        let chain = escrowSession(status: .active, startedAt: UInt64(t0))

        // First life: both ping, the service stops.
        do {
            let h = Harness(sessions: [1: chain], store: try SQLiteHeartbeatStore(path: path))
            try await h.send(Keys.student, seq: 10)
            h.clock.advance(by: 1.5)
            try await h.send(Keys.tutor, seq: 20)
        }
        // Second life, 40 s later: the sequence numbers and last-seen times are back.
        let h = Harness(sessions: [1: chain], store: try SQLiteHeartbeatStore(path: path), start: t0 + 40)
        try await h.engine.restore()
        #expect(h.engine.trackedSessions == 1)
        let view = try await h.engine.view(of: 1)
        #expect(view.student.seq == 10)
        #expect(view.tutor.seq == 20)
        #expect(view.student.lastSeenAt == t0)
        #expect(view.tutor.lastSeenAt == t0 + 1.5)
        let replay = await #expect(throws: HeartbeatError.self) { try await h.send(Keys.tutor, seq: 20) }
        #expect(replay?.httpStatus == 409)
        // Nobody comes back: after a full timeout from the restart, the stop bills up to the true last sighting.
        h.clock.advance(by: 10)
        await h.engine.tick()
        #expect(h.sink.intents.isEmpty)
        h.clock.advance(by: 0.1)
        await h.engine.tick()
        #expect(h.sink.intents == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0))])
    }

    /// Many sessions falling silent in one tick: their stops are stored and handed over concurrently (sharing the
    /// store's group commits), and every one comes out right, stored as submitted.
    @Test func manySessionsFallingSilentInOneTickAreAllStopped() async throws {
        let ids = (1...200).map { UInt256($0) }
        let sessions = Dictionary(
            uniqueKeysWithValues: ids.map { ($0, escrowSession(status: .active, startedAt: UInt64(t0) - 10)) })
        let h = Harness(sessions: sessions)
        for id in ids {
            try await h.send(Keys.student, session: id, seq: 1)
            try await h.send(Keys.tutor, session: id, seq: 1)
        }
        h.clock.advance(by: 10.5)
        await h.engine.tick()
        let stops = h.sink.intents
        #expect(stops.count == ids.count)
        #expect(Set(stops.map(\.sessionID)) == Set(ids))
        #expect(stops.allSatisfy { $0.action == .stopAt && $0.endedAt == UInt64(t0) })
        for id in ids {
            let stored = try await h.store.session(id)
            #expect(
                stored?.intents.map(\.intent) == [SessionIntent(action: .stopAt, sessionID: id, endedAt: UInt64(t0))])
            #expect(stored?.intents.first?.submittedAt == t0 + 10.5)
        }
    }

    @Test func restoreRetriesSessionsWhoseChainRecordCannotBeReadYet() async throws {
        let store = try SQLiteHeartbeatStore.inMemory()
        let message = HeartbeatMessage(sessionID: 1, participant: Keys.student.address, seq: 1, issuedAt: UInt64(t0))
        _ = try await store.recordPing(
            StoredPing(message: message, signature: try message.sign(in: domain, with: Keys.student), seenAt: t0))
        let h = Harness(store: store)
        h.directory.setFailing(true)
        try await h.engine.restore()
        #expect(h.engine.trackedSessions == 0)
        h.directory.setFailing(false)
        await h.engine.tick()
        #expect(h.engine.trackedSessions == 1)
    }

    // MARK: Intents

    @Test func silenceStopsAnActiveSessionThroughTheSink() async throws {
        let h = Harness(sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0) - 60)])
        try await h.send(Keys.student, seq: 1)
        try await h.send(Keys.tutor, seq: 1)
        for step in 1...4 {
            h.clock.advance(by: 5)
            try await h.send(Keys.student, seq: UInt64(step) + 1)
            if step < 2 { try await h.send(Keys.tutor, seq: UInt64(step) + 1) }
            await h.engine.tick()
        }
        // The tutor's last ping was at t0 + 5; at t0 + 20 it has been silent 15 s.
        #expect(h.sink.intents == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0) + 5)])
        #expect(try await h.send(Keys.student, seq: 50).phase == .stopping)
        // The chain confirms: tracking ends, pings get 410.
        h.directory.emit(.stopped(sessionID: 1, endedAt: UInt64(t0) + 5), .settled(sessionID: 1))
        try await h.engine.refresh()
        let ended = await #expect(throws: HeartbeatError.self) { try await h.send(Keys.student, seq: 51) }
        #expect(ended == .sessionEnded(1))
        #expect(ended?.httpStatus == 410)
        #expect(try await h.store.openSessions().isEmpty)
    }

    @Test func theCapSettlesWithoutAnyoneAsking() async throws {
        let h = Harness(sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0), capSeconds: 12)])
        for seq in 1...3 {
            try await h.send(Keys.student, seq: UInt64(seq))
            try await h.send(Keys.tutor, seq: UInt64(seq))
            h.clock.advance(by: 4)
            await h.engine.tick()
        }
        #expect(h.sink.intents == [SessionIntent(action: .settle, sessionID: 1)])
    }

    @Test func aRefusedHandOverIsRetriedUntilTheRelayerTakesIt() async throws {
        let h = Harness()
        h.sink.setFailing(true)
        try await h.send(Keys.student, seq: 1)
        try await h.send(Keys.tutor, seq: 1)
        #expect(h.sink.attempts == 1)
        var view = try await h.engine.view(of: 1)
        #expect(view.pendingIntents.first?.failedAttempts == 1)
        #expect(view.pendingIntents.first?.lastError == "relayer unreachable")
        h.clock.advance(by: 1)
        await h.engine.tick()
        #expect(h.sink.attempts == 2)
        h.sink.setFailing(false)
        h.clock.advance(by: 1.5)
        await h.engine.tick()
        #expect(h.sink.attempts == 2, "the next retry is 2 s after the second failure")
        h.clock.advance(by: 0.5)
        await h.engine.tick()
        #expect(h.sink.intents == [SessionIntent(action: .start, sessionID: 1)])
        view = try await h.engine.view(of: 1)
        #expect(view.pendingIntents.first?.submittedAt == t0 + 3)
        // The stored record says so too.
        #expect(try await h.store.session(1)?.intents.first?.submittedAt == t0 + 3)
    }

    @Test func anEvictedIdleSessionIsReloadedWithItsSequenceNumbers() async throws {
        let h = Harness()
        try await h.send(Keys.student, seq: 8)
        h.clock.advance(by: 3_600)
        await h.engine.tick()
        #expect(h.engine.trackedSessions == 0)
        let replay = await #expect(throws: HeartbeatError.self) { try await h.send(Keys.student, seq: 8) }
        #expect(replay == .replayedSequence(seq: 8, lastAccepted: 8))
        try await h.send(Keys.student, seq: 9)
    }

    @Test func unknownSessionIsA404ForTheView() async {
        let h = Harness()
        let error = await #expect(throws: HeartbeatError.self) { try await h.engine.view(of: 77) }
        #expect(error == .unknownSession(77))
    }
}
