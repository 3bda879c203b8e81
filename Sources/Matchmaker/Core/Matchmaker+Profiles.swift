public import EthPrimitives

extension Matchmaker {
    /// A tutor's public profile: what they set, whether they are online or in a session now, and from the
    /// contracts their average rating and count (SessionRatings), seconds taught (SessionEscrow) and the sessions
    /// completed with them (their `Deposited` sessions now settled with billed time).
    ///
    /// - Throws: ``MatchmakerError/tutorNotFound(_:)``; ``MatchmakerError/chainUnavailable(_:)``.
    public func tutorProfile(_ address: Address) async throws(MatchmakerError) -> TutorProfileView {
        guard let t = try await store.tutor(address) else { throw .tutorNotFound(address.checksummed) }
        let rating = try await chain.rating(of: address)
        let taught = try await chain.secondsTaught(address)
        let sessions = try await chain.deposits(student: nil, tutor: address, fromBlock: 0)
        let completed = try await completedCount(sessions)
        return TutorProfileView(
            address: t.address, languages: t.languages, levels: t.levels, ratePerSecond: String(t.ratePerSecond),
            token: t.token, online: t.isOnline(at: clock.now()), busy: t.busyMatchID != nil,
            averageRating: rating.average, ratingCount: String(rating.count), secondsTaught: String(taught),
            sessionsCompleted: completed)
    }

    /// A student's progress from the contracts: seconds learned (SessionEscrow), sessions deposited and completed,
    /// and the SessionCredential tokens they hold with their tutors and dates.
    ///
    /// - Throws: ``MatchmakerError/chainUnavailable(_:)``.
    public func studentProgress(_ address: Address) async throws(MatchmakerError) -> StudentProgressView {
        let learned = try await chain.secondsLearned(address)
        let sessions = try await chain.deposits(student: address, tutor: nil, fromBlock: 0)
        let completed = try await completedCount(sessions)
        let credentials = try await chain.credentials(of: address)
        return StudentProgressView(
            address: address, secondsLearned: String(learned), sessions: sessions.count, sessionsCompleted: completed,
            credentials: credentials.map {
                CredentialView(
                    tokenId: String($0.tokenID), tutor: $0.tutor, billedSeconds: String($0.billedSeconds),
                    issuedAt: String($0.issuedAt))
            })
    }

    private func completedCount(_ deposits: [DepositEvent]) async throws(MatchmakerError) -> Int {
        var completed = 0
        for deposit in deposits {
            let session = try await chain.session(deposit.sessionID)
            if session.status == .settled && session.billedSeconds > 0 { completed += 1 }
        }
        return completed
    }
}
