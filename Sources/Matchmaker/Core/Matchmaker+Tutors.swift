public import EthPrimitives

extension Matchmaker {
    // MARK: Profile and presence

    /// Sets the caller's tutor profile (creating it on first use). A rate change applies to later proposals and
    /// bookings; proposals already made and matches keep the rate they were made at.
    ///
    /// - Parameters:
    ///   - languages: 1 to 20 language tags (`en`, `pt-BR`), stored lowercase.
    ///   - levels: 1 to 20 level names (letters, digits, `-`, `_`; up to 32), stored lowercase.
    ///   - ratePerSecond: above zero, in the token's smallest unit.
    ///   - token: the token paid in (``Address/zero`` for native).
    /// - Throws: ``MatchmakerError/invalidRequest(_:)`` naming the field that is wrong.
    public func setProfile(
        tutor: Address, languages: [String], levels: [String], ratePerSecond: UInt256, token: Address
    ) async throws(MatchmakerError) -> TutorView {
        let languages = try Validate.tags(languages, field: "languages", pattern: .language)
        let levels = try Validate.tags(levels, field: "levels", pattern: .level)
        guard ratePerSecond > 0 else { throw .invalidRequest("ratePerSecond must be above zero") }
        let now = clock.now()
        let record = try await commitLoop("set profile") { () throws(MatchmakerError) in
            if var t = try await store.tutor(tutor) {
                t.languages = languages
                t.levels = levels
                t.ratePerSecond = ratePerSecond
                t.token = token
                t.updatedAt = now
                return ([.update(.tutor(t))], t)
            }
            let t = TutorRecord(
                address: tutor, languages: languages, levels: levels, ratePerSecond: ratePerSecond, token: token,
                updatedAt: now)
            return ([.insert(.tutor(t))], t)
        }
        return TutorView(record, now: now)
    }

    /// The caller's own tutor record.
    ///
    /// - Throws: ``MatchmakerError/noTutorProfile`` before the profile is set.
    public func tutorView(_ tutor: Address) async throws(MatchmakerError) -> TutorView {
        guard let t = try await store.tutor(tutor) else { throw .noTutorProfile }
        return TutorView(t, now: clock.now())
    }

    /// Puts the tutor online until `leaseSeconds` from now (renewing replaces the lease). A tutor whose lease
    /// runs out without renewal is offline by itself: never proposed again, and their open proposals are
    /// withdrawn at the next tick. Coming online tells waitlisted students whose filters the tutor matches.
    ///
    /// - Throws: ``MatchmakerError/noTutorProfile``; ``MatchmakerError/invalidRequest(_:)`` for a lease outside
    ///   ``MatchmakerConfig/minimumLeaseSeconds`` … ``MatchmakerConfig/maximumLeaseSeconds``.
    public func goOnline(tutor: Address, leaseSeconds: Double) async throws(MatchmakerError) -> TutorView {
        guard leaseSeconds.isFinite, leaseSeconds >= config.minimumLeaseSeconds,
            leaseSeconds <= config.maximumLeaseSeconds
        else {
            throw .invalidRequest(
                "leaseSeconds must be between \(Int(config.minimumLeaseSeconds)) and \(Int(config.maximumLeaseSeconds))"
            )
        }
        let now = clock.now()
        let (record, cameOnline) = try await commitLoop("go online") { () throws(MatchmakerError) in
            guard var t = try await store.tutor(tutor) else { throw .noTutorProfile }
            let wasOnline = t.isOnline(at: now)
            if !wasOnline { t.onlineSince = now }
            t.onlineUntil = now + leaseSeconds
            return ([.update(.tutor(t))], (t, !wasOnline))
        }
        if cameOnline && record.busyMatchID == nil { await notifyWaitlist(about: record, now: now) }
        return TutorView(record, now: now)
    }

    /// Takes the tutor offline now and withdraws the proposals waiting for them (their students' requests move
    /// on to other tutors).
    ///
    /// - Throws: ``MatchmakerError/noTutorProfile``.
    public func goOffline(tutor: Address) async throws(MatchmakerError) -> TutorView {
        let now = clock.now()
        let record = try await commitLoop("go offline") { () throws(MatchmakerError) in
            guard var t = try await store.tutor(tutor) else { throw .noTutorProfile }
            t.onlineUntil = nil
            t.onlineSince = nil
            return ([.update(.tutor(t))], t)
        }
        for proposal in try await store.pendingProposals(tutor: tutor) {
            await close(proposal, as: .withdrawn, reason: "the tutor went offline", now: now)
        }
        return TutorView(record, now: now)
    }

    /// Replaces the tutor's bookable intervals (unix seconds, `[start, end)`); overlapping or touching intervals
    /// are merged. Existing bookings stay.
    ///
    /// - Throws: ``MatchmakerError/noTutorProfile``; ``MatchmakerError/invalidRequest(_:)`` for an interval that
    ///   is empty, reversed or negative, or for more than 500 intervals.
    public func setAvailability(tutor: Address, intervals: [TimeInterval64]) async throws(MatchmakerError)
        -> TutorView
    {
        guard intervals.count <= 500 else { throw .invalidRequest("at most 500 availability intervals") }
        for (i, interval) in intervals.enumerated() where interval.start < 0 || interval.end <= interval.start {
            throw .invalidRequest("intervals[\(i)] must have 0 <= start < end")
        }
        let merged = Validate.merge(intervals)
        let now = clock.now()
        let record = try await commitLoop("set availability") { () throws(MatchmakerError) in
            guard var t = try await store.tutor(tutor) else { throw .noTutorProfile }
            t.availability = merged
            return ([.update(.tutor(t))], t)
        }
        return TutorView(record, now: now)
    }

    // MARK: Proposals

    /// The proposals waiting for the tutor, long-polling: answers at once when there are some, otherwise when
    /// one arrives or after `wait` seconds (at most ``MatchmakerConfig/longPollTimeout``), with what there is
    /// then (possibly none).
    public func proposals(tutor: Address, wait: Double? = nil) async throws(MatchmakerError) -> ProposalsView {
        let timeout = min(max(0, wait ?? config.longPollTimeout), config.longPollTimeout)
        let deadline = clock.now() + timeout
        return try await longPoll(key: Self.tutorKey(tutor), deadline: deadline) { () throws(MatchmakerError) in
            let now = clock.now()
            let open = try await store.pendingProposals(tutor: tutor).filter { $0.expiresAt > now }
            return (!open.isEmpty, ProposalsView(proposals: open.map(ProposalView.init)))
        }
    }

    /// Accepts a proposal: the match is made, the rate locked, a room created, and the tutor busy until the
    /// escrow session ends on-chain or the match is abandoned.
    ///
    /// The first valid accept wins: the proposal, its request and the tutor's record change together by one
    /// compare-and-set, so of many concurrent accepts exactly one succeeds, and every other is told why (taken,
    /// expired, withdrawn, or the tutor already matched). Other proposals waiting for this tutor are withdrawn,
    /// and their students' requests move on to their next candidate.
    ///
    /// - Throws: ``MatchmakerError/proposalNotFound(_:)``, ``MatchmakerError/notYourProposal(_:)``,
    ///   ``MatchmakerError/proposalClosed(id:reason:)``, ``MatchmakerError/tutorBusy(matchID:)``,
    ///   ``MatchmakerError/notOnline``, ``MatchmakerError/roomProviderFailed(_:)``.
    public func accept(proposalID: String, tutor: Address) async throws(MatchmakerError) -> MatchView {
        do {
            let view = try await checkedAccept(proposalID: proposalID, tutor: tutor)
            metrics.accepts.increment()
            metrics.matches.increment()
            return view
        } catch {
            metrics.acceptRefusals.increment()
            throw error
        }
    }

    private func checkedAccept(proposalID: String, tutor: Address) async throws(MatchmakerError) -> MatchView {
        // Refuse early what is certainly refused, before creating a room.
        let first = try await openProposal(proposalID, tutor: tutor, now: clock.now())
        let room = try await rooms.createRoom(title: "Metered session \(first.id)", hostWallets: [tutor])
        let watchFrom: UInt64
        do {
            watchFrom = try await chain.blockNumber()
        } catch {
            metrics.chainErrors.increment()
            watchFrom = 0  // Look for the deposit from genesis: slower, never wrong.
        }
        let now = clock.now()
        let match = try await commitLoop("accept") { () throws(MatchmakerError) in
            var proposal = try await openProposal(proposalID, tutor: tutor, now: now)
            guard var request = try await store.request(proposal.requestID), request.status == .matching,
                request.currentProposalID == proposal.id
            else {
                // The proposal closed after it was read: report why it closed.
                _ = try await openProposal(proposalID, tutor: tutor, now: now)
                throw .proposalClosed(id: proposalID, reason: "the student's request moved on")
            }
            guard var t = try await store.tutor(tutor) else { throw .noTutorProfile }
            if let busy = t.busyMatchID { throw .tutorBusy(matchID: busy) }
            guard t.isOnline(at: now) else { throw .notOnline }
            let match = MatchRecord(
                id: "m_" + RandomIDs.make(byteCount: 12), requestID: request.id, student: request.student,
                tutor: tutor, ratePerSecond: proposal.ratePerSecond, capSeconds: proposal.capSeconds,
                token: proposal.token, roomID: room.roomID, createdAt: now, depositDeadline: now + config.depositWindow,
                watchFromBlock: watchFrom)
            proposal.status = .accepted
            proposal.closedAt = now
            request.status = .matched
            request.matchID = match.id
            request.updatedAt = now
            t.busyMatchID = match.id
            return (
                [.update(.proposal(proposal)), .update(.request(request)), .update(.tutor(t)), .insert(.match(match))],
                match
            )
        }
        waiters.notify(Self.requestKey(match.requestID))
        for other in try await store.pendingProposals(tutor: tutor) {
            await close(other, as: .withdrawn, reason: "the tutor accepted another student", now: now)
        }
        return try await matchView(match, for: tutor)
    }

    /// Declines a proposal; the student's request moves on to its next candidate.
    ///
    /// - Throws: as ``accept(proposalID:tutor:)`` for a proposal that is not the caller's or not open.
    public func decline(proposalID: String, tutor: Address) async throws(MatchmakerError) -> ProposalView {
        let now = clock.now()
        let proposal = try await openProposal(proposalID, tutor: tutor, now: now)
        guard let closed = await close(proposal, as: .declined, reason: "declined by the tutor", now: now) else {
            // Closed meanwhile by someone else: report why.
            _ = try await openProposal(proposalID, tutor: tutor, now: now)
            throw .proposalClosed(id: proposalID, reason: "it changed while declining")
        }
        metrics.declines.increment()
        return ProposalView(closed)
    }

    /// The proposal if it is addressed to `tutor` and still open at `now`.
    private func openProposal(_ id: String, tutor: Address, now: Double) async throws(MatchmakerError)
        -> ProposalRecord
    {
        guard let proposal = try await store.proposal(id) else { throw .proposalNotFound(id) }
        guard proposal.tutor == tutor else { throw .notYourProposal(id) }
        switch proposal.status {
        case .pending:
            if now >= proposal.expiresAt {
                throw .proposalClosed(id: id, reason: "it expired at \(wholeSeconds(proposal.expiresAt))")
            }
            return proposal
        case .accepted: throw .proposalClosed(id: id, reason: "it was already accepted")
        case .declined: throw .proposalClosed(id: id, reason: "it was declined")
        case .expired: throw .proposalClosed(id: id, reason: "it expired at \(wholeSeconds(proposal.expiresAt))")
        case .withdrawn: throw .proposalClosed(id: id, reason: "it was withdrawn: \(proposal.reason ?? "")")
        }
    }

    /// Closes a pending proposal (declined, expired or withdrawn) and frees its request's slot, then moves the
    /// request on. Returns the closed proposal, or nil when it was no longer pending.
    @discardableResult
    func close(_ proposal: ProposalRecord, as status: ProposalStatus, reason: String, now: Double) async
        -> ProposalRecord?
    {
        do {
            let closed: ProposalRecord? = try await commitLoop("close proposal") { () throws(MatchmakerError) in
                guard var p = try await store.proposal(proposal.id), p.status == .pending else { return ([], nil) }
                p.status = status
                p.reason = reason
                p.closedAt = now
                var changes: [StoreChange] = [.update(.proposal(p))]
                if var request = try await store.request(p.requestID), request.currentProposalID == p.id {
                    request.currentProposalID = nil
                    request.updatedAt = now
                    changes.append(.update(.request(request)))
                }
                return (changes, p)
            }
            guard let closed else { return nil }
            if status == .expired { metrics.expiries.increment() }
            waiters.notify(Self.tutorKey(closed.tutor))
            await advance(closed.requestID)
            return closed
        } catch {
            logger.error("closing proposal failed", metadata: ["proposal": "\(proposal.id)", "error": "\(error)"])
            return nil
        }
    }

    /// Expires proposals past their time to live and withdraws those whose tutor lapsed or got another match.
    func expireProposals(now: Double) async throws(MatchmakerError) {
        for proposal in try await store.pendingProposals() {
            if now >= proposal.expiresAt {
                await close(proposal, as: .expired, reason: "the tutor did not answer in time", now: now)
                continue
            }
            guard let t = try await store.tutor(proposal.tutor) else { continue }
            if !t.isOnline(at: now) {
                await close(proposal, as: .withdrawn, reason: "the tutor's online lease ran out", now: now)
            } else if t.busyMatchID != nil {
                await close(proposal, as: .withdrawn, reason: "the tutor accepted another student", now: now)
            }
        }
    }
}

/// Input checks shared by the matchmaker's operations.
enum Validate {
    enum TagPattern { case language, level }

    /// Lowercased, deduplicated tags, each checked against its pattern.
    static func tags(_ values: [String], field: String, pattern: TagPattern) throws(MatchmakerError) -> [String] {
        guard (1...20).contains(values.count) else { throw .invalidRequest("\(field) must hold 1 to 20 entries") }
        var out: [String] = []
        for (i, raw) in values.enumerated() {
            let value = raw.lowercased()
            guard isTag(value, pattern) else {
                let shape =
                    pattern == .language
                    ? "a language tag such as en or pt-br" : "1 to 32 letters, digits, '-' or '_'"
                throw .invalidRequest("\(field)[\(i)] \(String(reflecting: raw)) must be \(shape)")
            }
            if !out.contains(value) { out.append(value) }
        }
        return out
    }

    static func isTag(_ value: String, _ pattern: TagPattern) -> Bool {
        let bytes = Array(value.utf8)
        func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        switch pattern {
        case .level:
            return (1...32).contains(bytes.count) && bytes.allSatisfy { alnum($0) || $0 == 45 || $0 == 95 }
        case .language:
            // BCP 47 shape: a 2–3 letter primary subtag, then subtags of 2–8 letters or digits.
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            guard let first = parts.first, (2...3).contains(first.count),
                first.utf8.allSatisfy({ $0 >= 97 && $0 <= 122 })
            else { return false }
            return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.utf8.allSatisfy(alnum) }
        }
    }

    /// A language or level given by a student, lowercased and checked.
    static func tag(_ value: String, field: String, pattern: TagPattern) throws(MatchmakerError) -> String {
        try tags([value], field: field, pattern: pattern)[0]
    }

    /// Sorted intervals with overlapping and touching ones merged.
    static func merge(_ intervals: [TimeInterval64]) -> [TimeInterval64] {
        var merged: [TimeInterval64] = []
        for interval in intervals.sorted() {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }
}
