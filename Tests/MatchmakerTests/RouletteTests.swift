import Contracts
import EthPrimitives
import Testing

@testable import Matchmaker

@Suite struct RouletteTests {
    let student = DevKeys.address(9)

    @Test func proposesToAnEligibleTutorAndMatchesOnAccept() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1, rate: 10)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(cap: 600))
        #expect(request.status == .matching)
        #expect(request.proposalsMade == 1)

        let proposals = try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals
        #expect(proposals.count == 1)
        let p = try #require(proposals.first)
        #expect(p.student == student)
        #expect(p.ratePerSecond == "10")
        #expect(p.capSeconds == 600)
        #expect(p.expiresAt == Int64(Harness.start) + 30)

        let match = try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        #expect(match.tutor == tutor && match.student == student)
        #expect(match.ratePerSecond == "10")
        #expect(match.depositAmount == "6000")
        #expect(match.status == .awaitingDeposit)
        #expect(match.deposit == nil)  // the tutor's view
        #expect(match.roomToken != nil)

        let view = try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0)
        #expect(view.status == .matched)
        let m = try #require(view.match)
        let deposit = try #require(m.deposit)
        #expect(deposit.to == Deployments.chain31337.sessionEscrow)
        #expect(deposit.value == "6000")
        let call = try SessionEscrow.Deposit.decode(calldata: deposit.data.bytes)
        #expect(call == SessionEscrow.Deposit(tutor: tutor, token: .zero, ratePerSecond: 10, capSeconds: 600))
        #expect(m.approve == nil && m.allowance == nil)

        // The tutor is busy: a second student finds no one.
        h.fund(8, 1_000_000)
        let second = try await h.matchmaker.requestMatch(student: DevKeys.address(8), filters: Harness.filters())
        #expect(second.status == .noTutor)
        #expect(second.reason == "the 1 matching tutor is in a session now")
    }

    @Test func rateIsLockedAtTheProposedRate() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1, rate: 10)
        _ = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        _ = try await h.matchmaker.setProfile(
            tutor: tutor, languages: ["en"], levels: ["b1"], ratePerSecond: 50, token: .zero)
        let match = try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        #expect(match.ratePerSecond == "10")
    }

    @Test func noTutorAtOnceWithSuggestionsAndTheWaitlistOffer() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        // An offline tutor with availability tomorrow.
        let tutor = try await h.tutor(2, rate: 5, lease: 0)
        let tomorrow = Int64(Harness.start) + 86_400
        _ = try await h.matchmaker.setAvailability(
            tutor: tutor, intervals: [TimeInterval64(start: tomorrow, end: tomorrow + 3600)])
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(cap: 1800))
        #expect(request.status == .noTutor)
        #expect(request.proposalsMade == 0)
        #expect(request.reason == "no tutor is online")
        #expect(
            request.suggestions == [
                BookingSuggestion(tutor: tutor, ratePerSecond: "5", start: tomorrow, durationSeconds: 1800)
            ])
        let offer = try #require(request.waitlist)
        #expect(offer.path == "/v1/waitlist" && offer.method == "POST")
        #expect(offer.body.language == "en" && offer.body.capSeconds == 1800 && offer.body.maxRatePerSecond == "100")
    }

    struct FilterCase: Sendable, CustomStringConvertible {
        var name: String
        var filters: MatchFilters
        var eligible: Bool
        var reason: String?
        var description: String { name }
    }

    static let credential = Address(repeating: 0xCC)

    static let filterCases: [FilterCase] = [
        FilterCase(name: "matches", filters: Harness.filters(), eligible: true),
        FilterCase(
            name: "other language", filters: Harness.filters(language: "de"), eligible: false,
            reason:
                "none of the 1 online tutor teaches de at level b1 in the native currency at or below 100 per second"),
        FilterCase(
            name: "other level", filters: Harness.filters(level: "a1"), eligible: false,
            reason:
                "none of the 1 online tutor teaches en at level a1 in the native currency at or below 100 per second"),
        FilterCase(
            name: "rate above max", filters: Harness.filters(maxRate: 9), eligible: false,
            reason: "none of the 1 online tutor teaches en at level b1 in the native currency at or below 9 per second"),
        FilterCase(name: "rate equal to max", filters: Harness.filters(maxRate: 10), eligible: true),
        FilterCase(
            name: "other token", filters: Harness.filters(token: Deployments.chain31337.testToken), eligible: false,
            reason:
                "none of the 1 online tutor teaches en at level b1 in token 0x5FbDB2315678afecb367f032d93F642f64180aa3 at or below 100 per second"
        ),
        FilterCase(
            name: "unaffordable", filters: Harness.filters(cap: 100_001), eligible: false,
            reason:
                "your balance of 1000000 in the native currency cannot pay the deposit (rate × capSeconds) of any matching tutor: the cheapest needs 1000010"
        ),
        FilterCase(name: "exactly affordable", filters: Harness.filters(cap: 100_000), eligible: true),
        FilterCase(
            name: "credential missing", filters: Harness.filters(credential: Address(repeating: 0xDD)), eligible: false,
            reason: "none of the 1 matching tutor holds a credential of 0xDDdDddDdDdddDDddDDddDDDDdDdDDdDDdDDDDDDd"),
        FilterCase(name: "credential held", filters: Harness.filters(credential: credential), eligible: true),
        FilterCase(
            name: "rating below", filters: Harness.filters(minRating: 4.5), eligible: false,
            reason: "none of the matching tutors has an average rating of at least 4.5 stars"),
        FilterCase(name: "rating reached", filters: Harness.filters(minRating: 4.25), eligible: true),
        FilterCase(
            name: "case-insensitive language", filters: Harness.filters(language: "EN".lowercased()), eligible: true),
    ]

    @Test(arguments: filterCases)
    func filtersTutors(_ c: FilterCase) async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1, rate: 10)
        h.chain.update {
            $0.balances[Self.credential] = [tutor: 1]
            $0.ratings[tutor] = Rating(count: 4, sum: 17)  // 4.25 stars
        }
        let request = try await h.matchmaker.requestMatch(student: student, filters: c.filters)
        #expect(request.status == (c.eligible ? .matching : .noTutor))
        if let reason = c.reason { #expect(request.reason == reason) }
    }

    @Test func unratedTutorsFailARatingFilterButPassWithout() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        try await h.tutor(1)
        #expect(
            try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(minRating: 1)).status
                == .noTutor)
        #expect(try await h.matchmaker.requestMatch(student: student, filters: Harness.filters()).status == .matching)
    }

    @Test func erc20MatchesCarryTheApproveCallWhenTheAllowanceIsShort() async throws {
        let h = Harness()
        let token = Deployments.chain31337.testToken
        let escrow = Deployments.chain31337.sessionEscrow
        h.chain.update {
            $0.balances[token] = [DevKeys.address(9): 10_000]
            $0.allowances["\(token):\(DevKeys.address(9)):\(escrow)"] = 100
        }
        let tutor = try await h.tutor(1, rate: 3, token: token)
        let request = try await h.matchmaker.requestMatch(
            student: student, filters: Harness.filters(cap: 1000, token: token))
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        _ = try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        let m = try #require(
            try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0).match)
        #expect(m.allowance == "100")
        let deposit = try #require(m.deposit)
        #expect(deposit.value == "0")
        let approve = try #require(m.approve)
        #expect(approve.to == token)
        #expect(
            try TestToken.Approve.decode(calldata: approve.data.bytes)
                == TestToken.Approve(spender: escrow, amount: 3000))

        // With enough allowance, no approve call.
        h.chain.update { $0.allowances["\(token):\(DevKeys.address(9)):\(escrow)"] = 3000 }
        h.matchmaker.chain.invalidate()
        let again = try #require(
            try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0).match)
        #expect(again.approve == nil && again.allowance == "3000")
    }

    @Test func declineAndTimeoutMoveOnUpToTheLimit() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        var tutors: [Address] = []
        for i in 1...5 { tutors.append(try await h.tutor(i, lease: 3600)) }
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        var asked: [Address] = []
        func current() async throws -> (Address, ProposalView) {
            for t in tutors {
                if let p = try await h.matchmaker.proposals(tutor: t, wait: 0).proposals.first { return (t, p) }
            }
            throw MatchmakerError.notFound("no proposal")
        }
        // 1: declined.
        var (t, p) = try await current()
        asked.append(t)
        _ = try await h.matchmaker.decline(proposalID: p.proposalId, tutor: t)
        // 2: times out after 30 s.
        (t, p) = try await current()
        #expect(!asked.contains(t))
        asked.append(t)
        await h.advance(29)
        #expect(try await h.matchmaker.proposals(tutor: t, wait: 0).proposals.count == 1)
        await h.advance(1)
        #expect(try await h.matchmaker.proposals(tutor: t, wait: 0).proposals.isEmpty)
        await expectError(.proposalClosed(id: p.proposalId, reason: "it expired at \(Int64(Harness.start) + 30)")) {
            () throws(MatchmakerError) in try await h.matchmaker.accept(proposalID: p.proposalId, tutor: t)
        }
        // 3: declined; that was the third proposal, so no_tutor although two tutors were never asked.
        (t, p) = try await current()
        #expect(!asked.contains(t))
        _ = try await h.matchmaker.decline(proposalID: p.proposalId, tutor: t)
        let view = try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0)
        #expect(view.status == .noTutor)
        #expect(view.proposalsMade == 3)
        #expect(view.reason == "3 tutors were asked and none accepted")
    }

    @Test func theLimitIsConfigurable() async throws {
        let h = Harness { $0.maximumProposals = 1 }
        h.fund(9, 1_000_000)
        let a = try await h.tutor(1)
        try await h.tutor(2)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let owner = try await h.matchmaker.proposals(tutor: a, wait: 0).proposals.isEmpty ? DevKeys.address(2) : a
        let p = try #require(try await h.matchmaker.proposals(tutor: owner, wait: 0).proposals.first)
        _ = try await h.matchmaker.decline(proposalID: p.proposalId, tutor: owner)
        #expect(
            try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0).status
                == .noTutor)
    }

    @Test func whenTheOthersRunOutTheRequestSaysSo() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        _ = try await h.matchmaker.decline(proposalID: p.proposalId, tutor: tutor)
        let view = try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0)
        #expect(view.status == .noTutor)
        #expect(
            view.reason
                == "no other tutor is eligible: none of the 1 online tutor teaches en at level b1 in the native currency at or below 100 per second"
        )
    }

    @Test func aLapsedTutorIsNeverProposedAndLosesOpenProposals() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1, lease: 20)
        let first = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        await h.advance(20)  // the lease ends before the proposal's 30 s
        await expectError(
            .proposalClosed(id: p.proposalId, reason: "it was withdrawn: the tutor's online lease ran out")
        ) {
            () throws(MatchmakerError) in try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        }
        #expect(
            try await h.matchmaker.matchStatus(requestID: first.requestId, student: student, wait: 0).status == .noTutor
        )
        let second = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        #expect(second.status == .noTutor)
        #expect(second.reason == "no tutor is online")
        // Renewing brings them back.
        _ = try await h.matchmaker.goOnline(tutor: tutor, leaseSeconds: 60)
        #expect(try await h.matchmaker.requestMatch(student: student, filters: Harness.filters()).status == .matching)
    }

    @Test func acceptAfterTheLeaseLapsedBeforeATickIsRefused() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1, lease: 10)
        _ = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        h.clock.advance(by: 10)  // no tick
        await expectError(.notOnline) { () throws(MatchmakerError) in
            try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        }
    }

    @Test func goingOfflineWithdrawsProposals() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let a = try await h.tutor(1)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        _ = try await h.matchmaker.goOffline(tutor: a)
        #expect(try await h.matchmaker.proposals(tutor: a, wait: 0).proposals.isEmpty)
        #expect(
            try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0).status
                == .noTutor)
    }

    @Test func theChoiceIsRandomAmongTheEligibleAndReproducibleBySeed() async throws {
        func firstTutor(seed: UInt64) async throws -> Address {
            let h = Harness(seed: seed)
            h.fund(9, 1_000_000)
            for i in 1...6 { try await h.tutor(i) }
            _ = try await h.matchmaker.requestMatch(student: DevKeys.address(9), filters: Harness.filters())
            for i in 1...6
            where !(try await h.matchmaker.proposals(tutor: DevKeys.address(i), wait: 0).proposals.isEmpty) {
                return DevKeys.address(i)
            }
            throw MatchmakerError.notFound("no proposal")
        }
        #expect(try await firstTutor(seed: 1) == (try await firstTutor(seed: 1)))
        var chosen = Set<Address>()
        for seed in 1...24 { chosen.insert(try await firstTutor(seed: UInt64(seed))) }
        #expect(chosen.count >= 4, "24 seeds chose only \(chosen.count) of 6 tutors")
    }

    @Test func cancellingWithdrawsTheProposalAndAMatchedCancelFreesTheTutor() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutor = try await h.tutor(1)
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let cancelled = try await h.matchmaker.cancelRequest(requestID: request.requestId, student: student)
        #expect(cancelled.status == .cancelled)
        #expect(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.isEmpty)
        await expectError(.requestClosed(id: request.requestId, status: "cancelled")) { () throws(MatchmakerError) in
            try await h.matchmaker.cancelRequest(requestID: request.requestId, student: student)
        }
        await expectError(.requestNotFound(request.requestId)) { () throws(MatchmakerError) in
            try await h.matchmaker.cancelRequest(requestID: request.requestId, student: DevKeys.address(8))
        }

        let second = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let p = try #require(try await h.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        let match = try await h.matchmaker.accept(proposalID: p.proposalId, tutor: tutor)
        _ = try await h.matchmaker.cancelRequest(requestID: second.requestId, student: student)
        #expect(try await h.matchmaker.tutorView(tutor).busyMatchId == nil)
        #expect(try await h.matchmaker.match(match.matchId, participant: tutor).status == .abandoned)
    }

    @Test func aStudentIsNeverProposedToThemselves() async throws {
        let h = Harness()
        h.fund(1, 1_000_000)
        try await h.tutor(1)
        let request = try await h.matchmaker.requestMatch(student: DevKeys.address(1), filters: Harness.filters())
        #expect(request.status == .noTutor)
    }

    @Test func refusesMalformedRequests() throws {
        let h = Harness()
        let good = MatchRequestBody(language: "en", level: "b1", maxRatePerSecond: "10", token: "0x0", capSeconds: 60)
        #expect(try h.matchmaker.filters(from: good).token == .zero)
        let cases: [(MatchRequestBody, String)] = [
            (
                MatchRequestBody(
                    language: "english!", level: "b1", maxRatePerSecond: "10", token: "0x0", capSeconds: 60),
                "language[0] \"english!\" must be a language tag such as en or pt-br"
            ),
            (
                MatchRequestBody(language: "en", level: "b 1", maxRatePerSecond: "10", token: "0x0", capSeconds: 60),
                "level[0] \"b 1\" must be 1 to 32 letters, digits, '-' or '_'"
            ),
            (
                MatchRequestBody(language: "en", level: "b1", maxRatePerSecond: "0x10", token: "0x0", capSeconds: 60),
                "maxRatePerSecond must be a decimal string of token units below 2^256"
            ),
            (
                MatchRequestBody(language: "en", level: "b1", maxRatePerSecond: "0", token: "0x0", capSeconds: 60),
                "maxRatePerSecond must be above zero"
            ),
            (
                MatchRequestBody(language: "en", level: "b1", maxRatePerSecond: "1", token: "0x12", capSeconds: 60),
                "token is not an address"
            ),
            (
                MatchRequestBody(language: "en", level: "b1", maxRatePerSecond: "1", token: "0x0", capSeconds: 0),
                "capSeconds must be between 1 and 86400"
            ),
            (
                MatchRequestBody(
                    language: "en", level: "b1", maxRatePerSecond: "1", token: "0x0", capSeconds: 60, minRating: 6),
                "minRating must be between 0 and 5 stars"
            ),
        ]
        for (body, message) in cases {
            #expect {
                try h.matchmaker.filters(from: body)
            } throws: { error in
                guard case .invalidRequest(let text) = error as? MatchmakerError else { return false }
                return text.hasPrefix(message)
            }
        }
    }

    @Test func aChainOutageRefusesTheRequestAndStalledRequestsResumeAtATick() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let a = try await h.tutor(1)
        let b = try await h.tutor(2)
        h.chain.update { $0.failing = true }
        await expectError(.chainUnavailable("the test node is down")) { () throws(MatchmakerError) in
            try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        }
        #expect(try await h.matchmaker.store.requests(status: .matching).isEmpty)
        h.chain.update { $0.failing = false }
        let request = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters())
        let first = try await h.matchmaker.proposals(tutor: a, wait: 0).proposals.isEmpty ? b : a
        let p = try #require(try await h.matchmaker.proposals(tutor: first, wait: 0).proposals.first)
        // The node goes down while the proposal is out; the tutor declines; the request stays matching.
        h.chain.update { $0.failing = true }
        h.matchmaker.chain.invalidate()
        _ = try await h.matchmaker.decline(proposalID: p.proposalId, tutor: first)
        var view = try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0)
        #expect(view.status == .matching && view.proposalsMade == 1)
        await h.advance(1)
        view = try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0)
        #expect(view.status == .matching && view.proposalsMade == 1)
        // Back up: the next tick moves it on to the other tutor.
        h.chain.update { $0.failing = false }
        await h.advance(1)
        view = try await h.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0)
        #expect(view.status == .matching && view.proposalsMade == 2)
        let other = first == a ? b : a
        #expect(try await h.matchmaker.proposals(tutor: other, wait: 0).proposals.count == 1)
    }

    @Test func chainReadsAreCachedBriefly() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        for i in 1...3 { try await h.tutor(i) }
        _ = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(minRating: 0.5))
        let reads = h.chain.reads
        _ = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(minRating: 0.5))
        #expect(h.chain.reads == reads)
        await h.advance(10)
        _ = try await h.matchmaker.requestMatch(student: student, filters: Harness.filters(minRating: 0.5))
        #expect(h.chain.reads > reads)
    }
}

extension Address {
    /// An address of twenty equal bytes.
    init(repeating byte: UInt8) { try! self.init([UInt8](repeating: byte, count: 20)) }
}
