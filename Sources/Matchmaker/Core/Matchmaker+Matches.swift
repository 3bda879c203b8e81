public import EthPrimitives

extension Matchmaker {
    /// A match as `participant` sees it (`GET /v1/matches/{id}`).
    ///
    /// - Throws: ``MatchmakerError/matchNotFound(_:)`` for an unknown id or a match the caller is not part of.
    public func match(_ id: String, participant: Address) async throws(MatchmakerError) -> MatchView {
        guard let match = try await store.match(id), match.student == participant || match.tutor == participant else {
            throw .matchNotFound(id)
        }
        return try await matchView(match, for: participant)
    }

    /// The view of `match` for one participant: their room token (host for the tutor, speaker for the student,
    /// bound to the escrow session once known); for the student also the prepared deposit, and for an ERC-20
    /// match whose allowance is short, the `approve` call to sign first.
    func matchView(_ match: MatchRecord, for participant: Address) async throws(MatchmakerError) -> MatchView {
        let amount = EscrowCalls.depositAmount(ratePerSecond: match.ratePerSecond, capSeconds: match.capSeconds) ?? 0
        var view = MatchView(
            matchId: match.id, requestId: match.requestID, student: match.student, tutor: match.tutor,
            ratePerSecond: String(match.ratePerSecond), capSeconds: match.capSeconds, token: match.token,
            depositAmount: String(amount), status: match.status, sessionId: match.sessionID.map { String($0) },
            depositDeadline: wholeSeconds(match.depositDeadline), roomId: match.roomID)
        let isStudent = participant == match.student
        if match.status == .awaitingDeposit || match.status == .inSession {
            // Valid through the deposit window and the whole session, with ten minutes to spare.
            let expiresAt = max(match.depositDeadline, clock.now()) + Double(match.capSeconds) + 600
            view.roomToken = try await rooms.participantToken(
                roomID: match.roomID, role: isStudent ? .speaker : .host,
                metadata: RoomParticipantMetadata(wallet: participant, sessionID: match.sessionID),
                expiresAt: expiresAt)
        }
        if isStudent && match.status == .awaitingDeposit {
            view.deposit = EscrowCalls.deposit(
                escrow: config.contracts.escrow, tutor: match.tutor, token: match.token,
                ratePerSecond: match.ratePerSecond, capSeconds: match.capSeconds)
            if match.token != .zero,
                let allowance = try? await chain.allowance(
                    token: match.token, owner: match.student, spender: config.contracts.escrow)
            {
                view.allowance = String(allowance)
                if allowance < amount {
                    view.approve = EscrowCalls.approve(
                        token: match.token, spender: config.contracts.escrow, amount: amount)
                }
            }
        }
        return view
    }

    /// Looks on-chain for each open match: the deposit of an awaiting match (a `Deposited` log of this student,
    /// tutor, token, rate and cap since the match was made), the end (settled or cancelled) of a session in
    /// progress; abandons matches whose deposit window passed with no deposit seen. Ending or abandoning a match
    /// frees the tutor.
    func pollMatches(now: Double) async throws(MatchmakerError) {
        for match in try await store.openMatches() {
            do {
                switch match.status {
                case .awaitingDeposit:
                    let deposits = try await chain.deposits(
                        student: match.student, tutor: match.tutor, fromBlock: match.watchFromBlock)
                    if let deposit = deposits.first(where: {
                        $0.token == match.token && $0.ratePerSecond == match.ratePerSecond
                            && $0.capSeconds == UInt256(match.capSeconds)
                    }) {
                        try await update(match) { m in
                            m.status = .inSession
                            m.sessionID = deposit.sessionID
                        }
                    } else if now >= match.depositDeadline {
                        try await update(match, freeTutor: true) { m in
                            m.status = .abandoned
                            m.endedAt = now
                        }
                        metrics.abandoned.increment()
                    }
                case .inSession:
                    guard let sessionID = match.sessionID else { continue }
                    if try await chain.session(sessionID).status.isOver {
                        try await update(match, freeTutor: true) { m in
                            m.status = .ended
                            m.endedAt = now
                        }
                    }
                case .ended, .abandoned:
                    continue
                }
            } catch {
                metrics.chainErrors.increment()
                logger.warning("match check failed", metadata: ["match": "\(match.id)", "error": "\(error)"])
            }
        }
    }

    /// Applies `change` to a match still in the state read, freeing its tutor if asked; then tells waitlisted
    /// students when the freed tutor is online.
    private func update(_ match: MatchRecord, freeTutor: Bool = false, _ change: (inout MatchRecord) -> Void)
        async throws(MatchmakerError)
    {
        let freed: TutorRecord? = try await commitLoop("update match") { () throws(MatchmakerError) in
            guard var m = try await store.match(match.id), m.status == match.status else { return ([], nil) }
            change(&m)
            var changes: [StoreChange] = [.update(.match(m))]
            var freed: TutorRecord? = nil
            if freeTutor, var t = try await store.tutor(m.tutor), t.busyMatchID == m.id {
                t.busyMatchID = nil
                changes.append(.update(.tutor(t)))
                freed = t
            }
            return (changes, freed)
        }
        waiters.notify(Self.requestKey(match.requestID))
        let now = clock.now()
        if let freed, freed.isOnline(at: now) { await notifyWaitlist(about: freed, now: now) }
    }
}
