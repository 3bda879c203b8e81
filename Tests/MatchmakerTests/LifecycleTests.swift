import EthPrimitives
import Testing

@testable import Matchmaker

@Suite struct LifecycleTests {
    let student = DevKeys.address(9)

    /// Requests a match and has tutor 1 accept it; returns the request id and the match.
    func matched(_ h: Harness, cap: UInt64 = 600) async throws -> (String, MatchView) {
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1, lease: 3600)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(cap: cap))
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        return (request.requestId, try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor))
    }

    @Test func theDepositIsSeenThenTheSessionEndsAndTheTutorIsFree() async throws {
        let h = Harness()
        let (requestID, match) = try await matched(h)
        let tutor = match.tutor
        // A deposit with other terms does not count.
        _ = h.chain.deposit(student: student, tutor: tutor, rate: 10, cap: 60)
        await h.advance(2)
        #expect(try await h.matchmaker.match(match.matchId, participant: tutor).status == .awaitingDeposit)
        let session = h.chain.deposit(student: student, tutor: tutor, rate: 10, cap: 600)
        await h.advance(2)
        var view = try await h.matchmaker.match(match.matchId, participant: student)
        #expect(view.status == .inSession)
        #expect(view.sessionId == String(session))
        #expect(view.deposit == nil)
        // The student's room token now names the session.
        let verifier = try RoomTokenVerifier(jwks: h.rooms.jwks!)
        let claims = try verifier.verify(try #require(view.roomToken), now: h.clock.now())
        #expect(claims.sessionId == String(session))
        #expect(claims.metadata.walletAddress == student.checksummed)
        #expect(claims.role == .speaker)
        // Still busy while the session runs, past the deposit window.
        await h.advance(400)
        #expect(try await h.matchmaker.tutorView(tutor).busyMatchId == match.matchId)
        h.chain.update { $0.sessions[session]!.status = .settled }
        await h.advance(2)
        view = try await h.matchmaker.match(match.matchId, participant: student)
        #expect(view.status == .ended)
        #expect(view.roomToken == nil)
        #expect(try await h.matchmaker.tutorView(tutor).busyMatchId == nil)
        #expect(try await h.matchmaker.matchStatus(requestID: requestID, student: student, wait: 0).status == .matched)
        // Free again: proposable.
        h.fund(8, 1_000_000)
        #expect(
            try await h.matchmaker.requestMatch(student: DevKeys.address(8), filters: Harness.filters()).status
                == .matching)
    }

    @Test func aMatchWithoutDepositIsAbandonedAfterTheWindow() async throws {
        let h = Harness { $0.depositWindow = 120 }
        let (_, match) = try await matched(h)
        #expect(match.depositDeadline == Int64(Harness.start) + 120)
        await h.advance(119)
        #expect(try await h.matchmaker.tutorView(match.tutor).busyMatchId == match.matchId)
        await h.advance(1)
        #expect(try await h.matchmaker.match(match.matchId, participant: match.tutor).status == .abandoned)
        #expect(try await h.matchmaker.tutorView(match.tutor).busyMatchId == nil)
    }

    @Test func aChainOutageNeverAbandonsAMatchItCannotCheck() async throws {
        let h = Harness { $0.depositWindow = 60 }
        let (_, match) = try await matched(h)
        h.chain.update { $0.failing = true }
        await h.advance(120)
        #expect(try await h.matchmaker.match(match.matchId, participant: match.tutor).status == .awaitingDeposit)
        // The deposit was made during the outage: seen once the node answers again.
        _ = h.chain.deposit(student: student, tutor: match.tutor, rate: 10, cap: 600)
        h.chain.update { $0.failing = false }
        await h.advance(2)
        #expect(try await h.matchmaker.match(match.matchId, participant: match.tutor).status == .inSession)
    }

    @Test func onlyParticipantsSeeAMatch() async throws {
        let h = Harness()
        let (_, match) = try await matched(h)
        await expectError(.matchNotFound(match.matchId)) { () throws(MatchmakerError) in
            try await h.matchmaker.match(match.matchId, participant: DevKeys.address(5))
        }
    }

    // MARK: Long-polls

    @Test func theTutorsLongPollReturnsWhenAProposalArrives() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1)
        let poll = Task { try await h.matchmaker.proposals(tutor: tutor) }
        try await Task.sleep(for: .milliseconds(50))
        _ = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let result = try await poll.value
        #expect(result.proposals.count == 1)
    }

    @Test func theTutorsLongPollEndsAtItsDeadlineOnTheInjectedClock() async throws {
        let h = Harness()
        let tutor = try await h.tutor(1)
        let poll = Task { try await h.matchmaker.proposals(tutor: tutor) }
        try await Task.sleep(for: .milliseconds(50))
        await h.advance(24)
        try await Task.sleep(for: .milliseconds(50))
        #expect(h.matchmaker.waiters.count == 1)
        await h.advance(1)
        #expect(try await poll.value.proposals.isEmpty)
        #expect(h.matchmaker.waiters.count == 0)
    }

    @Test func theStudentsLongPollReturnsOnAccept() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let poll = Task { try await h.matchmaker.matchStatus(requestID: request.requestId, student: student) }
        try await Task.sleep(for: .milliseconds(50))
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        _ = try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        let view = try await poll.value
        #expect(view.status == .matched)
        #expect(view.match?.deposit != nil)
    }

    @Test func aCancelledLongPollReturnsAndForgetsItsWaiter() async throws {
        let h = Harness()
        let tutor = try await h.tutor(1)
        let poll = Task { try await h.matchmaker.proposals(tutor: tutor) }
        try await Task.sleep(for: .milliseconds(50))
        poll.cancel()
        #expect(try await poll.value.proposals.isEmpty)
        #expect(h.matchmaker.waiters.count == 0)
    }

    @Test func longPollsAreCappedAt25Seconds() async throws {
        let h = Harness()
        let tutor = try await h.tutor(1)
        let poll = Task { try await h.matchmaker.proposals(tutor: tutor, wait: 600) }
        try await Task.sleep(for: .milliseconds(50))
        await h.advance(25)
        #expect(try await poll.value.proposals.isEmpty)
    }
}
