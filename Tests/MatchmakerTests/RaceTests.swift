import EthPrimitives
import Testing

@testable import Matchmaker

/// Many concurrent callers racing for one tutor or one slot: exactly one wins, and every loser is told why. Each
/// race runs on the in-memory store and on SQLite.
@Suite struct RaceTests {
    static let stores: [String] = ["memory", "sqlite"]

    static func harness(_ kind: String) throws -> Harness {
        Harness(store: kind == "sqlite" ? try SQLiteMatchmakerStore() : InMemoryMatchmakerStore())
    }

    @Test(arguments: stores)
    func manyAcceptsOfOneProposalHaveOneWinner(store: String) async throws {
        let h = try Self.harness(store)
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1)
        _ = try await h.matchmaker.requestMatch(student: DevKeys.address(9), filters: Harness.filters())
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        let outcomes = await withTaskGroup(of: Result<MatchView, MatchmakerError>.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    do throws(MatchmakerError) {
                        return .success(try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<MatchView, MatchmakerError>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let winners = outcomes.compactMap { try? $0.get() }
        #expect(winners.count == 1)
        for case .failure(let error) in outcomes {
            // Told why: the proposal was taken, or (raced past the proposal check) the tutor is busy now.
            let told =
                error == .proposalClosed(id: p.proposalId, reason: "it was already accepted")
                || error == .tutorBusy(matchID: winners[0].matchId)
            #expect(told, "\(error)")
            #expect(error.status == 409)
        }
        let stored = try await h.matchmaker.store.openMatches()
        #expect(stored.count == 1)
    }

    @Test(arguments: stores)
    func studentsRacingForOneTutorOneWinsTheOthersMoveOn(store: String) async throws {
        let h = try Self.harness(store)
        let students = Array(4...9)
        for s in students { h.fund(s, 1_000_000) }
        let tutor = try await h.tutor(1)
        // The students' requests all go to the only tutor online.
        var requests: [String: Int] = [:]
        for s in students {
            let r = try await h.matchmaker.requestMatch(student: DevKeys.address(s), filters: Harness.filters())
            requests[r.requestId] = s
        }
        let proposals = try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals
        #expect(proposals.count == students.count)
        // A second tutor comes online: the losers' requests can move on to them.
        let other = try await h.tutor(2)

        // The tutor (from several devices) accepts every proposal at once.
        let outcomes = await withTaskGroup(of: (String, MatchmakerError?).self) { group in
            for p in proposals {
                group.addTask {
                    let error = await caught { () throws(MatchmakerError) in
                        try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
                    }
                    return (p.proposalId, error)
                }
            }
            var all: [(String, MatchmakerError?)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let winners = outcomes.filter { $0.1 == nil }
        #expect(winners.count == 1)
        let match = try #require(try await h.matchmaker.store.openMatches().first)
        for (id, error) in outcomes where error != nil {
            let e = error!
            let told =
                e == .tutorBusy(matchID: match.id)
                || e == .proposalClosed(id: id, reason: "it was withdrawn: the tutor accepted another student")
            #expect(told, "\(e)")
        }
        // Every losing request moved on: to the other tutor, still matching.
        var matched = 0
        for (requestID, s) in requests {
            let view = try await h.matchmaker.matchStatus(requestID: requestID, student: DevKeys.address(s), wait: 0)
            if view.status == .matched {
                matched += 1
            } else {
                #expect(view.status == .matching)
                #expect(view.proposalsMade == 2)
            }
        }
        #expect(matched == 1)
        #expect(try await h.matchmaker.proposals(tutor: other, wait: 0).proposals.count == students.count - 1)
    }

    @Test(arguments: stores)
    func concurrentBookingsOfOneSlotHaveOneWinner(store: String) async throws {
        let h = try Self.harness(store)
        let tutor = try await h.tutor(1, lease: 0)
        let day = Int64(Harness.start) + 86_400
        _ = try await h.matchmaker.setAvailability(
            tutor: tutor, intervals: [TimeInterval64(start: day, end: day + 7200)])
        // Ten students book overlapping slots (some the same, some shifted by 15 minutes).
        let outcomes = await withTaskGroup(of: (Int, MatchmakerError?).self) { group in
            for s in 2...9 {
                group.addTask {
                    let error = await caught { () throws(MatchmakerError) in
                        try await h.matchmaker.book(
                            student: DevKeys.address(s), tutor: tutor, start: day + Int64(s % 2) * 900,
                            durationSeconds: 3600)
                    }
                    return (s, error)
                }
            }
            var all: [(Int, MatchmakerError?)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0.1 == nil }.count == 1)
        for (_, error) in outcomes {
            guard let error else { continue }
            guard case .bookingConflict(let why) = error else {
                Issue.record("unexpected \(error)")
                continue
            }
            #expect(why.hasPrefix("the tutor is booked over ["))
            #expect(error.status == 409)
        }
        #expect(try await h.matchmaker.store.activeBookings(tutor: tutor).count == 1)
    }

    @Test(arguments: stores)
    func bookingsOfDisjointSlotsAllSucceedConcurrently(store: String) async throws {
        let h = try Self.harness(store)
        let tutor = try await h.tutor(1, lease: 0)
        let day = Int64(Harness.start) + 86_400
        _ = try await h.matchmaker.setAvailability(
            tutor: tutor, intervals: [TimeInterval64(start: day, end: day + 8 * 3600)])
        let outcomes = await withTaskGroup(of: MatchmakerError?.self) { group in
            for s in 2...9 {
                group.addTask {
                    await caught { () throws(MatchmakerError) in
                        try await h.matchmaker.book(
                            student: DevKeys.address(s), tutor: tutor, start: day + Int64(s - 2) * 3600,
                            durationSeconds: 3600)
                    }
                }
            }
            var all: [MatchmakerError?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.allSatisfy { $0 == nil })
        #expect(try await h.matchmaker.store.activeBookings(tutor: tutor).count == 8)
    }
}
