import EthPrimitives
import Heartbeat
import JSONRPC
import Testing

@Suite("SessionTracker: the rules, with time passed in")
struct SessionTrackerTests {
    static let configuration = HeartbeatConfiguration(domain: domain)
    static let student = Keys.student.address
    static let tutor = Keys.tutor.address

    static func message(_ who: Address, session: UInt256 = 1, seq: UInt64) -> HeartbeatMessage {
        HeartbeatMessage(sessionID: session, participant: who, seq: seq, issuedAt: 0)
    }

    /// A tracker with session 1 tracked at t0 with `chain`.
    static func tracker(_ chain: EscrowSession = escrowSession(), at time: Double = t0) -> SessionTracker {
        var tracker = SessionTracker(configuration: configuration)
        tracker.track(1, chain: chain, stored: nil, now: time)
        return tracker
    }

    /// A tracker with session 1 Active since `startedAt`, both participants seen at `seen`.
    static func active(startedAt: UInt64 = UInt64(t0), seen: Double = t0, cap: UInt64 = 3600) -> SessionTracker {
        var tracker = tracker(escrowSession(status: .active, startedAt: startedAt, capSeconds: cap), at: seen)
        _ = tracker.ping(message(student, seq: 1), now: seen)
        _ = tracker.ping(message(tutor, seq: 1), now: seen)
        return tracker
    }

    // MARK: Start

    @Test func bothSeenWithinTheTimeoutStartsAFundedSession() {
        var tracker = Self.tracker()
        let first = tracker.ping(Self.message(Self.student, seq: 1), now: t0)
        #expect(first.phase == .waiting)
        #expect(first.decided.isEmpty)
        let second = tracker.ping(Self.message(Self.tutor, seq: 1), now: t0 + 9.5)
        #expect(second.decided.map(\.intent) == [SessionIntent(action: .start, sessionID: 1)])
        #expect(second.phase == .waiting, "waiting until the chain shows the start")
        // Only once.
        #expect(tracker.ping(Self.message(Self.student, seq: 2), now: t0 + 10).decided.isEmpty)
        #expect(tracker.view(of: 1, now: t0 + 10)?.pendingIntents.map(\.intent.action) == [.start])
    }

    @Test func aParticipantSeenLongerAgoThanTheTimeoutDoesNotCount() {
        var tracker = Self.tracker()
        _ = tracker.ping(Self.message(Self.student, seq: 1), now: t0)
        #expect(tracker.ping(Self.message(Self.tutor, seq: 1), now: t0 + 10.01).decided.isEmpty)
        let again = tracker.ping(Self.message(Self.student, seq: 2), now: t0 + 12)
        #expect(again.decided.map(\.intent.action) == [.start])
    }

    @Test func aSessionNotFundedIsNeverStarted() {
        for status in [EscrowStatus.settled, .cancelled] {
            var tracker = Self.tracker(escrowSession(status: status))
            #expect(tracker.phase(of: 1) == .ended)
            #expect(tracker.ping(Self.message(Self.student, seq: 1), now: t0).decided.isEmpty)
        }
    }

    // MARK: Silence

    @Test func silenceLongerThanTheTimeoutStopsAtTheLastMomentBothWereSeen() {
        var tracker = Self.active(startedAt: UInt64(t0) - 100, seen: t0)
        _ = tracker.ping(Self.message(Self.student, seq: 2), now: t0 + 5.7)
        _ = tracker.ping(Self.message(Self.tutor, seq: 2), now: t0 + 4.2)
        _ = tracker.ping(Self.message(Self.student, seq: 3), now: t0 + 10.9)
        // The tutor's last ping was at t0 + 4.2: its silence passes 10 s after that, strictly.
        #expect(tracker.tick(now: t0 + 14.2).decided.isEmpty)
        let outcome = tracker.tick(now: t0 + 14.3)
        #expect(
            outcome.decided.map(\.intent) == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0) + 4)])
        #expect(tracker.phase(of: 1) == .stopping)
        // Nothing more is decided while the chain catches up, and pings are still welcome.
        #expect(tracker.tick(now: t0 + 100).decided.isEmpty)
        #expect(throws: Never.self) { try tracker.admit(Self.message(Self.student, seq: 9)) }
        #expect(tracker.ping(Self.message(Self.student, seq: 9), now: t0 + 101).phase == .stopping)
    }

    @Test func endedAtIsNeverBeforeStartedAt() {
        // Both seen while Funded, started later, then nobody pings again.
        var tracker = Self.tracker()
        _ = tracker.ping(Self.message(Self.student, seq: 1), now: t0)
        _ = tracker.ping(Self.message(Self.tutor, seq: 1), now: t0 + 1)
        _ = tracker.apply([.started(sessionID: 1, startedAt: UInt64(t0) + 20)], now: t0 + 21)
        #expect(tracker.phase(of: 1) == .active)
        #expect(tracker.tick(now: t0 + 30).decided.isEmpty, "silence counts from startedAt")
        let outcome = tracker.tick(now: t0 + 30.5)
        #expect(outcome.decided.map(\.intent.endedAt) == [UInt64(t0) + 20])
    }

    @Test func aParticipantNeverSeenCountsAsSeenAtStartedAt() {
        var tracker = Self.tracker(escrowSession(status: .active, startedAt: UInt64(t0)))
        _ = tracker.ping(Self.message(Self.student, seq: 1), now: t0 + 3)
        let outcome = tracker.tick(now: t0 + 10.5)
        #expect(outcome.decided.map(\.intent) == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0))])
    }

    // MARK: Cap

    @Test func theCapSettlesWithoutAnyoneAsking() {
        var tracker = Self.active(startedAt: UInt64(t0), cap: 30)
        for step in 1...6 {
            let time = t0 + Double(step) * 5 - 0.5
            _ = tracker.ping(Self.message(Self.student, seq: UInt64(step) + 1), now: time)
            _ = tracker.ping(Self.message(Self.tutor, seq: UInt64(step) + 1), now: time)
            #expect(tracker.tick(now: time).decided.isEmpty)
        }
        let outcome = tracker.tick(now: t0 + 30)
        #expect(outcome.decided.map(\.intent) == [SessionIntent(action: .settle, sessionID: 1)])
        #expect(tracker.phase(of: 1) == .stopping)
    }

    @Test func theEarlierOfCapAndSilenceDecides() {
        // Cap at +12, silence would stop at +10: the stop wins.
        var early = Self.active(startedAt: UInt64(t0), cap: 12)
        #expect(early.tick(now: t0 + 10.5).decided.map(\.intent.action) == [.stopAt])
        #expect(early.tick(now: t0 + 20).decided.isEmpty)
        // Cap at +8, before any silence: settle.
        var capped = Self.active(startedAt: UInt64(t0), cap: 8)
        #expect(capped.tick(now: t0 + 8).decided.map(\.intent.action) == [.settle])
    }

    @Test func anExtensionMovesTheCap() {
        var tracker = Self.active(startedAt: UInt64(t0), cap: 8)
        _ = tracker.apply([.extended(sessionID: 1, capSeconds: 20)], now: t0 + 1)
        _ = tracker.ping(Self.message(Self.student, seq: 2), now: t0 + 7)
        _ = tracker.ping(Self.message(Self.tutor, seq: 2), now: t0 + 7)
        #expect(tracker.tick(now: t0 + 8).decided.isEmpty)
        #expect(tracker.tick(now: t0 + 20).decided.map(\.intent.action) == [.settle])
    }

    // MARK: Room events

    @Test func peerLeftStopsAtOnceAndADuplicateIsHarmless() {
        var tracker = Self.active(startedAt: UInt64(t0), seen: t0)
        _ = tracker.ping(Self.message(Self.student, seq: 2), now: t0 + 5)
        _ = tracker.ping(Self.message(Self.tutor, seq: 2), now: t0 + 6)
        let left = RoomEvent(
            deliveryID: "a", kind: .peerLeft, roomID: "r", sessionID: 1, wallet: Self.tutor, occurredAt: t0 + 7)
        let outcome = tracker.apply(left, now: t0 + 7)
        #expect(outcome.ignoredBecause == nil)
        #expect(
            outcome.decided.map(\.intent) == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0) + 5)])
        #expect(outcome.updatedRooms.map(\.room) == [RoomState(roomID: "r", tutor: .left)])
        var again = left
        again.deliveryID = "b"
        #expect(tracker.apply(again, now: t0 + 8).decided.isEmpty)
        #expect(tracker.view(of: 1, now: t0 + 8)?.pendingIntents.count == 1)
    }

    @Test func roomEventsThatDoNotConcernASessionAreIgnored() {
        var tracker = Self.active()
        let cases: [(RoomEvent, String)] = [
            (RoomEvent(deliveryID: "1", kind: .peerLeft, sessionID: 1, wallet: Keys.outsider.address), "neither"),
            (RoomEvent(deliveryID: "2", kind: .peerLeft, sessionID: 2, wallet: Self.tutor), "not known"),
            (RoomEvent(deliveryID: "3", kind: .peerLeft), "metadata"),
            (RoomEvent(deliveryID: "4", kind: .other("recording:started")), "recording:started"),
            (RoomEvent(deliveryID: "5", kind: .meetingEnded, roomID: "elsewhere"), "no known session"),
        ]
        for (event, reason) in cases {
            let outcome = tracker.apply(event, now: t0 + 1)
            #expect(outcome.decided.isEmpty)
            #expect(outcome.ignoredBecause?.contains(reason) == true, "\(String(describing: outcome.ignoredBecause))")
        }
        #expect(tracker.phase(of: 1) == .active)
    }

    @Test func peerJoinedRecordsTheRoomAndMeetingEndedStopsItsSessions() {
        var tracker = Self.active(startedAt: UInt64(t0), seen: t0 + 2)
        let joined = RoomEvent(deliveryID: "j", kind: .peerJoined, roomID: "room-9", sessionID: 1, wallet: Self.student)
        #expect(tracker.apply(joined, now: t0 + 2).decided.isEmpty)
        #expect(tracker.view(of: 1, now: t0 + 2)?.student.room == .joined)
        #expect(tracker.view(of: 1, now: t0 + 2)?.roomID == "room-9")
        let ended = tracker.apply(RoomEvent(deliveryID: "e", kind: .meetingEnded, roomID: "room-9"), now: t0 + 3)
        #expect(ended.decided.map(\.intent) == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0) + 2)])
        #expect(tracker.view(of: 1, now: t0 + 3)?.tutor.room == .left)
    }

    @Test func peerLeftOfAFundedSessionOnlyRecordsPresence() {
        var tracker = Self.tracker()
        let left = RoomEvent(deliveryID: "l", kind: .peerLeft, roomID: "r", sessionID: 1, wallet: Self.student)
        let outcome = tracker.apply(left, now: t0)
        #expect(outcome.ignoredBecause == nil)
        #expect(outcome.decided.isEmpty)
        #expect(tracker.phase(of: 1) == .waiting)
    }

    // MARK: Chain events and refusals

    @Test func aStoppedSessionEndsTrackingAndIsEvictedAfterRetention() {
        var tracker = Self.active()
        let outcome = tracker.apply(
            [.stopped(sessionID: 1, endedAt: UInt64(t0) + 3), .settled(sessionID: 1)], now: t0 + 4)
        #expect(outcome.ended == [1])
        #expect(tracker.phase(of: 1) == .ended)
        #expect(throws: HeartbeatError.sessionEnded(1)) { try tracker.admit(Self.message(Self.student, seq: 5)) }
        // Applying the same events again changes nothing.
        #expect(tracker.apply([.stopped(sessionID: 1, endedAt: 9), .settled(sessionID: 1)], now: t0 + 5).ended.isEmpty)
        #expect(tracker.tick(now: t0 + 4 + 599).evicted.isEmpty)
        #expect(tracker.tick(now: t0 + 4 + 600).evicted == [1])
        #expect(!tracker.isTracked(1))
        #expect(throws: HeartbeatError.unknownSession(1)) { try tracker.admit(Self.message(Self.student, seq: 5)) }
    }

    @Test func cancellationEndsAFundedSession() {
        var tracker = Self.tracker()
        #expect(tracker.apply([.cancelled(sessionID: 1)], now: t0 + 1).ended == [1])
        #expect(tracker.phase(of: 1) == .ended)
    }

    @Test func eventsForUntrackedSessionsAreIgnored() {
        var tracker = Self.tracker()
        let outcome = tracker.apply([.started(sessionID: 5, startedAt: 1), .cancelled(sessionID: 6)], now: t0)
        #expect(outcome.decided.isEmpty && outcome.ended.isEmpty)
        #expect(tracker.count == 1)
    }

    @Test func refusalsOfAdmitAndCheckSequence() {
        var tracker = Self.tracker()
        #expect(throws: HeartbeatError.notParticipant(Keys.outsider.address, sessionID: 1)) {
            try tracker.admit(Self.message(Keys.outsider.address, seq: 1))
        }
        #expect(throws: HeartbeatError.unknownSession(2)) {
            try tracker.admit(Self.message(Self.student, session: 2, seq: 1))
        }
        _ = tracker.ping(Self.message(Self.student, seq: 7), now: t0)
        #expect(throws: HeartbeatError.replayedSequence(seq: 7, lastAccepted: 7)) {
            try tracker.checkSequence(Self.message(Self.student, seq: 7))
        }
        #expect(throws: HeartbeatError.replayedSequence(seq: 3, lastAccepted: 7)) {
            try tracker.checkSequence(Self.message(Self.student, seq: 3))
        }
        #expect(throws: Never.self) { try tracker.checkSequence(Self.message(Self.student, seq: 8)) }
        #expect(throws: Never.self) { try tracker.checkSequence(Self.message(Self.tutor, seq: 1)) }
    }

    @Test func acceptingForAnUntrackedSessionOrAStrangerChangesNothing() {
        var tracker = Self.tracker()
        #expect(tracker.accept(Self.message(Self.student, session: 2, seq: 1), now: t0) == nil)
        #expect(tracker.accept(Self.message(Keys.outsider.address, seq: 1), now: t0) == nil)
        #expect(tracker.view(of: 1, now: t0)?.student.seq == nil)
    }

    @Test func aLowerSequenceAppliedLateDoesNotMoveTheRecordBack() {
        var tracker = Self.tracker()
        _ = tracker.ping(Self.message(Self.student, seq: 9), now: t0 + 2)
        _ = tracker.ping(Self.message(Self.student, seq: 8), now: t0 + 1)
        let view = tracker.view(of: 1, now: t0 + 3)
        #expect(view?.student.seq == 9)
        #expect(view?.student.lastSeenAt == t0 + 2)
    }

    // MARK: Restart

    @Test func afterARestartEveryoneGetsAFullTimeoutButEndedAtKeepsTheTruth() {
        let stored = StoredSession(
            sessionID: 1,
            liveness: [
                Self.student: ParticipantLiveness(seq: 4, issuedAt: 0, seenAt: t0 + 3.5),
                Self.tutor: ParticipantLiveness(seq: 6, issuedAt: 0, seenAt: t0 + 2.5),
            ])
        var tracker = SessionTracker(configuration: Self.configuration)
        // The service comes back 60 s later.
        let decided = tracker.track(
            1, chain: escrowSession(status: .active, startedAt: UInt64(t0)), stored: stored, now: t0 + 60)
        #expect(decided.isEmpty)
        #expect(tracker.tick(now: t0 + 70).decided.isEmpty)
        #expect(throws: HeartbeatError.replayedSequence(seq: 6, lastAccepted: 6)) {
            try tracker.checkSequence(Self.message(Self.tutor, seq: 6))
        }
        let outcome = tracker.tick(now: t0 + 70.01)
        #expect(
            outcome.decided.map(\.intent) == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0) + 2)])
    }

    @Test func storedIntentsNotYetHandedOverAreRetriedAfterARestart() {
        let start = IntentRecord(intent: SessionIntent(action: .start, sessionID: 1), decidedAt: t0)
        var tracker = SessionTracker(configuration: Self.configuration)
        tracker.track(1, chain: escrowSession(), stored: StoredSession(sessionID: 1, intents: [start]), now: t0 + 50)
        let outcome = tracker.tick(now: t0 + 50)
        #expect(outcome.retries.map(\.intent) == [start.intent])
        // In flight: not handed over twice.
        #expect(tracker.tick(now: t0 + 50.5).retries.isEmpty)
    }

    // MARK: Retries

    @Test func refusedHandOversAreRetriedWithGrowingDelays() {
        var tracker = Self.tracker()
        _ = tracker.ping(Self.message(Self.student, seq: 1), now: t0)
        let start = tracker.ping(Self.message(Self.tutor, seq: 1), now: t0).decided[0].intent
        var now = t0
        var delays: [Double] = []
        for _ in 0..<8 {
            _ = tracker.markSubmissionFailed(start, error: "down", at: now)
            let retryAt = tracker.view(of: 1, now: now)!.pendingIntents[0].nextAttemptAt
            delays.append(retryAt - now)
            #expect(tracker.tick(now: retryAt - 0.01).retries.isEmpty)
            now = retryAt
            #expect(tracker.tick(now: now).retries.map(\.intent) == [start])
        }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60])
        let record = tracker.markSubmitted(start, at: now)
        #expect(record?.submittedAt == now)
        #expect(record?.failedAttempts == 8)
        #expect(tracker.tick(now: now + 1_000).retries.isEmpty)
    }

    // MARK: Scale

    @Test func aHundredThousandSessionsStopInDeadlineOrder() {
        var tracker = SessionTracker(configuration: Self.configuration)
        let count = 100_000
        let startedAt = UInt64(t0)
        for index in 0..<count {
            let id = UInt256(index + 1)
            // Session i's participants were last seen at t0 + (i * 7919 mod 1000) / 10 (the tutor) and 50 ms later
            // (the student): deadlines in scrambled order.
            let seen = t0 + Double((index * 7919) % 1000) / 10
            tracker.track(id, chain: escrowSession(status: .active, startedAt: startedAt), stored: nil, now: seen)
            _ = tracker.ping(Self.message(Self.tutor, session: id, seq: 1), now: seen)
            _ = tracker.ping(Self.message(Self.student, session: id, seq: 1), now: seen + 0.05)
        }
        #expect(tracker.scheduledDeadlines == count)
        var stopped: [(UInt256, UInt64)] = []
        var now = t0
        while now < t0 + 120 {
            now += 0.25
            let outcome = tracker.tick(now: now)
            for record in outcome.decided {
                #expect(record.intent.action == .stopAt)
                // Each stop is decided by the first tick after its deadline (silence strictly longer than 10 s).
                let index = Int(record.intent.sessionID) - 1
                let deadline = t0 + Double((index * 7919) % 1000) / 10 + 10
                #expect(record.decidedAt > deadline && record.decidedAt <= deadline + 0.25)
                stopped.append((record.intent.sessionID, record.intent.endedAt!))
                _ = tracker.markSubmitted(record.intent, at: now)
            }
        }
        #expect(stopped.count == count)
        // In the order of the deadlines (endedAt = the tutor's last ping, rounded down).
        #expect(zip(stopped, stopped.dropFirst()).allSatisfy { $0.1 <= $1.1 })
        #expect(tracker.scheduledDeadlines == 0, "stopping sessions wait for the chain without a deadline")
    }
}

extension SessionTracker {
    /// `accept` for a session the test tracks.
    mutating func ping(_ message: HeartbeatMessage, now: Double) -> PingOutcome {
        accept(message, now: now)!
    }
}
