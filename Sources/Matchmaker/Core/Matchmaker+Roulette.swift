public import EthPrimitives

extension Matchmaker {
    // MARK: Requests

    /// Checks a request body and turns it into filters.
    ///
    /// - Throws: ``MatchmakerError/invalidRequest(_:)`` naming the field that is wrong.
    public func filters(from body: MatchRequestBody) throws(MatchmakerError) -> MatchFilters {
        let language = try Validate.tag(body.language, field: "language", pattern: .language)
        let level = try Validate.tag(body.level, field: "level", pattern: .level)
        let maxRate = try Validate.decimal(body.maxRatePerSecond, field: "maxRatePerSecond")
        guard maxRate > 0 else { throw .invalidRequest("maxRatePerSecond must be above zero") }
        let token = try Validate.address(body.token, field: "token")
        guard body.capSeconds > 0, body.capSeconds <= config.maximumCapSeconds else {
            throw .invalidRequest("capSeconds must be between 1 and \(config.maximumCapSeconds)")
        }
        let credential = try body.credentialContract.map { (c) throws(MatchmakerError) in
            try Validate.address(c, field: "credentialContract")
        }
        if let minRating = body.minRating, !(minRating.isFinite && minRating >= 0 && minRating <= 5) {
            throw .invalidRequest("minRating must be between 0 and 5 stars")
        }
        return MatchFilters(
            language: language, level: level, maxRatePerSecond: maxRate, token: token, capSeconds: body.capSeconds,
            credentialContract: credential, minRating: body.minRating)
    }

    /// Starts a roulette request: the first proposal goes out at once to a tutor chosen at random among the
    /// eligible ones, or the request is `no_tutor` at once when none is eligible.
    ///
    /// - Throws: ``MatchmakerError/chainUnavailable(_:)`` when the chain cannot be read for the eligibility
    ///   checks (nothing is stored then).
    public func requestMatch(student: Address, filters: MatchFilters) async throws(MatchmakerError)
        -> MatchRequestView
    {
        // The first step is decided before anything is stored, so that an unreachable node refuses the request
        // cleanly, and the request is stored together with its first proposal (or its `no_tutor` answer) in one
        // commit. If the chosen tutor changed meanwhile, that commit fails, and the request is stored alone and
        // moves on as every other request does.
        let found = try await eligibility(for: filters, student: student, excluding: [], pool: .online)
        let now = clock.now()
        let request = MatchRequestRecord(
            id: "r_" + RandomIDs.make(byteCount: 12), student: student, filters: filters, createdAt: now)
        let (next, outcome) = nextStep(for: request, found: found, now: now)
        if try await store.commit([.insert(.request(next))] + outcome.changes) {
            metrics.requests.increment()
            announce(outcome, requestID: request.id)
        } else {
            guard try await store.commit([.insert(.request(request))]) else {
                throw .storage("could not store the request")
            }
            metrics.requests.increment()
            await advance(request.id)
        }
        return try await requestView(request.id, student: student)
    }

    /// The request's state, long-polling while it is `matching`: answers when its status changes, or after
    /// `wait` seconds (at most ``MatchmakerConfig/longPollTimeout``). A matched request carries the match with
    /// the student's room token and the prepared deposit; a `no_tutor` one carries booking suggestions and the
    /// waitlist offer.
    ///
    /// - Throws: ``MatchmakerError/requestNotFound(_:)`` for an unknown id or another student's request.
    public func matchStatus(requestID: String, student: Address, wait: Double? = nil) async throws(MatchmakerError)
        -> MatchRequestView
    {
        let timeout = min(max(0, wait ?? config.longPollTimeout), config.longPollTimeout)
        let deadline = clock.now() + timeout
        _ = try await ownRequest(requestID, student: student)
        try await longPoll(key: Self.requestKey(requestID), deadline: deadline) { () throws(MatchmakerError) in
            let request = try await ownRequest(requestID, student: student)
            return (request.status != .matching, ())
        }
        return try await requestView(requestID, student: student)
    }

    /// Cancels a request. A matching request stops (its open proposal is withdrawn); a matched one whose deposit
    /// has not been seen is abandoned, freeing the tutor.
    ///
    /// - Throws: ``MatchmakerError/requestNotFound(_:)``; ``MatchmakerError/requestClosed(id:status:)`` for a
    ///   request already over, or matched with the deposit made.
    public func cancelRequest(requestID: String, student: Address) async throws(MatchmakerError) -> MatchRequestView {
        let now = clock.now()
        let withdrawn: ProposalRecord? = try await commitLoop("cancel request") { () throws(MatchmakerError) in
            var request = try await ownRequest(requestID, student: student)
            var changes: [StoreChange] = []
            var withdrawn: ProposalRecord? = nil
            switch request.status {
            case .matching:
                if let id = request.currentProposalID, var p = try await store.proposal(id), p.status == .pending {
                    p.status = .withdrawn
                    p.reason = "the student cancelled the request"
                    p.closedAt = now
                    changes.append(.update(.proposal(p)))
                    withdrawn = p
                }
            case .matched:
                guard let matchID = request.matchID, var match = try await store.match(matchID),
                    match.status == .awaitingDeposit
                else { throw .requestClosed(id: requestID, status: "matched and deposited") }
                match.status = .abandoned
                match.endedAt = now
                changes.append(.update(.match(match)))
                if var t = try await store.tutor(match.tutor), t.busyMatchID == match.id {
                    t.busyMatchID = nil
                    changes.append(.update(.tutor(t)))
                }
            case .noTutor, .cancelled:
                throw .requestClosed(id: requestID, status: request.status.rawValue)
            }
            request.status = .cancelled
            request.currentProposalID = nil
            request.reason = "cancelled by the student"
            request.updatedAt = now
            changes.append(.update(.request(request)))
            return (changes, withdrawn)
        }
        if let withdrawn { waiters.notify(Self.tutorKey(withdrawn.tutor)) }
        waiters.notify(Self.requestKey(requestID))
        return try await requestView(requestID, student: student)
    }

    private func ownRequest(_ id: String, student: Address) async throws(MatchmakerError) -> MatchRequestRecord {
        guard let request = try await store.request(id), request.student == student else {
            throw .requestNotFound(id)
        }
        return request
    }

    /// The student's view of a request, with the match or the no-tutor suggestions.
    func requestView(_ id: String, student: Address) async throws(MatchmakerError) -> MatchRequestView {
        let request = try await ownRequest(id, student: student)
        var view = MatchRequestView(
            requestId: request.id, status: request.status, proposalsMade: request.proposalsMade, reason: request.reason)
        switch request.status {
        case .matched:
            if let matchID = request.matchID, let match = try await store.match(matchID) {
                view.match = try await matchView(match, for: student)
            }
        case .noTutor:
            view.suggestions = (try? await suggestions(for: request.filters, student: student)) ?? []
            view.waitlist = WaitlistOffer(method: "POST", path: "/v1/waitlist", body: MatchRequestBody(request.filters))
        case .matching, .cancelled:
            break
        }
        return view
    }

    // MARK: The roulette

    /// Moves a matching request that has no open proposal on: to a random eligible tutor not tried yet, or to
    /// `no_tutor` when the proposal limit is reached or no one is eligible. A chain outage leaves the request
    /// matching; the next tick tries again.
    func advance(_ requestID: String) async {
        do {
            let outcome: RouletteStep? = try await commitLoop("advance request") { () throws(MatchmakerError) in
                guard let request = try await store.request(requestID), request.status == .matching,
                    request.currentProposalID == nil
                else { return ([], nil) }
                let now = clock.now()
                if request.proposalsMade >= config.maximumProposals {
                    let (next, step) = nextStep(for: request, found: nil, now: now)
                    return ([.update(.request(next))] + step.changes, step)
                }
                let found = try await eligibility(
                    for: request.filters, student: request.student, excluding: Set(request.triedTutors),
                    pool: .online)
                let (next, step) = nextStep(for: request, found: found, now: now)
                return ([.update(.request(next))] + step.changes, step)
            }
            if let outcome { announce(outcome, requestID: requestID) }
        } catch {
            metrics.chainErrors.increment()
            logger.warning("request stays matching", metadata: ["request": "\(requestID)", "error": "\(error)"])
        }
    }

    /// What a roulette step decided for a request: a proposal to a tutor, or `no_tutor`.
    enum RouletteStep {
        /// A proposal went to a tutor; `tutor` is the tutor's record as read, written back unchanged with it.
        case proposed(ProposalRecord, tutor: TutorRecord)
        case noTutor

        /// The changes besides the request's own write: the proposal, and the tutor's record written back
        /// unchanged, which pins the state the choice was made on: if the tutor went offline or got matched
        /// meanwhile, the commit fails and the choice is made again.
        var changes: [StoreChange] {
            switch self {
            case .proposed(let proposal, let tutor): [.insert(.proposal(proposal)), .update(.tutor(tutor))]
            case .noTutor: []
            }
        }
    }

    /// Decides a matching request's next step from the eligible tutors (`found`; nil when the proposal limit is
    /// reached): the request as it becomes, and the step.
    func nextStep(for request: MatchRequestRecord, found: Eligibility?, now: Double) -> (
        MatchRequestRecord, RouletteStep
    ) {
        var request = request
        request.updatedAt = now
        guard let found, request.proposalsMade < config.maximumProposals else {
            request.status = .noTutor
            request.reason =
                "\(request.proposalsMade) tutor\(request.proposalsMade == 1 ? " was" : "s were") asked and none accepted"
            return (request, .noTutor)
        }
        guard !found.eligible.isEmpty else {
            request.status = .noTutor
            request.reason =
                request.triedTutors.isEmpty ? found.explanation : "no other tutor is eligible: \(found.explanation)"
            return (request, .noTutor)
        }
        let tutor = found.eligible[random.index(below: found.eligible.count)]
        let proposal = ProposalRecord(
            id: "p_" + RandomIDs.make(byteCount: 12), requestID: request.id, student: request.student,
            tutor: tutor.address, language: request.filters.language, level: request.filters.level,
            ratePerSecond: tutor.ratePerSecond, token: tutor.token, capSeconds: request.filters.capSeconds,
            createdAt: now, expiresAt: now + config.proposalTimeToLive)
        request.proposalsMade += 1
        request.triedTutors.append(tutor.address)
        request.currentProposalID = proposal.id
        return (request, .proposed(proposal, tutor: tutor))
    }

    /// Counts a committed step and wakes who waits for it: the tutor for a proposal, the student for `no_tutor`.
    func announce(_ step: RouletteStep, requestID: String) {
        switch step {
        case .proposed(let proposal, _):
            metrics.proposals.increment()
            waiters.notify(Self.tutorKey(proposal.tutor))
        case .noTutor:
            metrics.noTutor.increment()
            waiters.notify(Self.requestKey(requestID))
        }
    }

    /// The tutors eligible for `filters`, and a sentence saying why there are none when that is the case.
    struct Eligibility {
        var eligible: [TutorRecord]
        var explanation: String
    }

    /// Where candidates come from: tutors online now (who must also be free), every tutor with a profile (for
    /// booking suggestions), or one tutor (for a waitlist notification).
    enum CandidatePool: Equatable {
        case online
        case all
        case only(TutorRecord)
    }

    /// Filters tutors for a student: online and free (for the ``CandidatePool/online`` pool), teaching the language at the level,
    /// in the token, at a rate within the maximum, not the student and not in `excluding`; then on-chain: the
    /// student can pay `rate × cap` (native balance, or ERC-20 balance), the tutor holds a token of the
    /// credential contract, and their average rating reaches the minimum.
    func eligibility(
        for filters: MatchFilters, student: Address, excluding: Set<Address>, pool source: CandidatePool
    ) async throws(MatchmakerError) -> Eligibility {
        let now = clock.now()
        let requireOnline = source == .online
        let pool: [TutorRecord] =
            switch source {
            case .online: try await store.tutorsOnline(at: now)
            case .all: try await store.allTutors()
            case .only(let tutor): [tutor]
            }
        if pool.isEmpty {
            return Eligibility(
                eligible: [], explanation: requireOnline ? "no tutor is online" : "no tutor has a profile")
        }
        let matching = pool.filter { t in
            t.address != student && !excluding.contains(t.address) && t.languages.contains(filters.language)
                && t.levels.contains(filters.level) && t.token == filters.token
                && t.ratePerSecond <= filters.maxRatePerSecond
        }
        let tokenName = filters.token == .zero ? "the native currency" : "token \(filters.token.checksummed)"
        guard !matching.isEmpty else {
            return Eligibility(
                eligible: [],
                explanation:
                    "none of the \(pool.count) \(requireOnline ? "online " : "")tutor\(pool.count == 1 ? "" : "s") "
                    + "teaches \(filters.language) at level \(filters.level) in \(tokenName) at or below "
                    + "\(filters.maxRatePerSecond) per second")
        }
        var candidates = matching
        if requireOnline {
            candidates = candidates.filter { $0.busyMatchID == nil }
            guard !candidates.isEmpty else {
                return Eligibility(
                    eligible: [],
                    explanation:
                        "the \(matching.count) matching tutor\(matching.count == 1 ? " is" : "s are") in a session now")
            }
        }

        // Affordability: one balance read serves every candidate.
        let balance: UInt256
        do {
            balance =
                filters.token == .zero
                ? try await chain.nativeBalance(of: student)
                : try await chain.balanceOf(contract: filters.token, owner: student)
        } catch {
            metrics.chainErrors.increment()
            throw error
        }
        let affordable = candidates.filter { t in
            guard let amount = EscrowCalls.depositAmount(ratePerSecond: t.ratePerSecond, capSeconds: filters.capSeconds)
            else { return false }
            return amount <= balance
        }
        guard !affordable.isEmpty else {
            let cheapest = candidates.map(\.ratePerSecond).min()!
            let needed = EscrowCalls.depositAmount(ratePerSecond: cheapest, capSeconds: filters.capSeconds)
            return Eligibility(
                eligible: [],
                explanation: "your balance of \(balance) in \(tokenName) cannot pay the deposit (rate × capSeconds) of "
                    + "any matching tutor: the cheapest needs \(needed.map { String($0) } ?? "more than 2^256")")
        }

        // Credential and rating, per candidate, concurrently; without those filters every affordable tutor is
        // eligible, and no task is started per candidate.
        if filters.credentialContract == nil && (filters.minRating ?? 0) <= 0 {
            return Eligibility(eligible: affordable, explanation: "")
        }
        let checks = await withTaskGroup(of: (Int, Result<(credential: Bool, rating: Bool), MatchmakerError>).self) {
            group in
            for (i, t) in affordable.enumerated() {
                group.addTask {
                    do throws(MatchmakerError) {
                        var credential = true
                        if let contract = filters.credentialContract {
                            credential = try await self.chain.balanceOf(contract: contract, owner: t.address) > 0
                        }
                        var rating = true
                        if let minimum = filters.minRating, minimum > 0 {
                            rating = (try await self.chain.rating(of: t.address).average ?? 0) >= minimum
                        }
                        return (i, .success((credential, rating)))
                    } catch {
                        return (i, .failure(error))
                    }
                }
            }
            var results = [Result<(credential: Bool, rating: Bool), MatchmakerError>?](
                repeating: nil, count: affordable.count)
            for await (i, result) in group { results[i] = result }
            return results
        }
        var eligible: [TutorRecord] = []
        var withCredential = 0
        for (t, result) in zip(affordable, checks) {
            switch result! {
            case .failure(let error):
                metrics.chainErrors.increment()
                throw error
            case .success(let ok):
                if ok.credential { withCredential += 1 }
                if ok.credential && ok.rating { eligible.append(t) }
            }
        }
        if eligible.isEmpty {
            let explanation =
                withCredential == 0
                ? "none of the \(affordable.count) matching tutor\(affordable.count == 1 ? "" : "s") holds a credential of "
                    + "\(filters.credentialContract!.checksummed)"
                : "none of the matching tutors has an average rating of at least \(filters.minRating!) stars"
            return Eligibility(eligible: [], explanation: explanation)
        }
        return Eligibility(eligible: eligible, explanation: "")
    }
}

extension Validate {
    /// A decimal string of an unsigned 256-bit amount.
    static func decimal(_ text: String, field: String) throws(MatchmakerError) -> UInt256 {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = try? UInt256(parsing: text)
        else { throw .invalidRequest("\(field) must be a decimal string of token units below 2^256") }
        return value
    }

    /// A `0x` address (EIP-55 when mixed case); `0x0` is the zero address.
    static func address(_ text: String, field: String) throws(MatchmakerError) -> Address {
        if text == "0x0" { return .zero }
        do {
            return try Address(hex: text)
        } catch {
            throw .invalidRequest("\(field) is not an address: \(error)")
        }
    }
}
