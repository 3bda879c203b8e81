import EthPrimitives
import Foundation
import Testing

@testable import Matchmaker

/// The store contract, checked on every implementation: compare-and-set commits, queries and purging.
@Suite struct StoreTests {
    static let kinds = ["memory", "sqlite-memory", "sqlite-file"]

    static func store(_ kind: String) throws -> any MatchmakerStore {
        switch kind {
        case "memory": return InMemoryMatchmakerStore()
        case "sqlite-memory": return try SQLiteMatchmakerStore()
        default:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString).sqlite")
            return try SQLiteMatchmakerStore(path: path.path)
        }
    }

    static let a = DevKeys.address(1)
    static let b = DevKeys.address(2)

    @Test(arguments: kinds)
    func commitsAreCompareAndSet(kind: String) async throws {
        let store = try Self.store(kind)
        let tutor = TutorRecord(
            address: Self.a, languages: ["en"], levels: ["b1"], ratePerSecond: 5, token: .zero, updatedAt: 1)
        #expect(try await store.commit([.insert(.tutor(tutor))]))
        #expect(try await store.commit([.insert(.tutor(tutor))]) == false)  // the key exists
        var read = try #require(try await store.tutor(Self.a))
        #expect(read.version == 1)
        #expect(read.ratePerSecond == 5 && read.languages == ["en"])

        // Two writers read version 1; the first update wins, the second is refused and changes nothing.
        var first = read
        first.ratePerSecond = 6
        var second = read
        second.ratePerSecond = 7
        #expect(try await store.commit([.update(.tutor(first))]))
        #expect(try await store.commit([.update(.tutor(second))]) == false)
        read = try #require(try await store.tutor(Self.a))
        #expect(read.version == 2 && read.ratePerSecond == 6)

        // A failed condition anywhere in a commit applies none of it.
        let nonce = NonceRecord(id: "abcdefgh12345678", issuedAt: 1, expiresAt: 100)
        #expect(try await store.commit([.insert(.nonce(nonce)), .update(.tutor(second))]) == false)
        #expect(try await store.nonce(nonce.id) == nil)

        // Updating a record that does not exist, or deleting with a stale version, is refused.
        var ghost = read
        ghost.id = Self.b.storeKey
        ghost.address = Self.b
        #expect(try await store.commit([.update(.tutor(ghost))]) == false)
        #expect(try await store.commit([.delete(.tutor(first))]) == false)  // version 1 is stale
        #expect(try await store.commit([.delete(.tutor(read))]))
        #expect(try await store.tutor(Self.a) == nil)
    }

    @Test(arguments: kinds)
    func queriesFindWhatTheRulesNeed(kind: String) async throws {
        let store = try Self.store(kind)
        var online = TutorRecord(
            address: Self.a, languages: ["en"], levels: ["b1"], ratePerSecond: 5, token: .zero, updatedAt: 1)
        online.onlineUntil = 200
        let offline = TutorRecord(
            address: Self.b, languages: ["es"], levels: ["a1"], ratePerSecond: 3, token: .zero, updatedAt: 1)
        #expect(try await store.commit([.insert(.tutor(online)), .insert(.tutor(offline))]))
        #expect(try await store.tutorsOnline(at: 100).map(\.address) == [Self.a])
        #expect(try await store.tutorsOnline(at: 200).isEmpty)
        #expect(Set(try await store.allTutors().map(\.address)) == [Self.a, Self.b])

        let filters = Harness.filters()
        var request = MatchRequestRecord(id: "r1", student: Self.b, filters: filters, createdAt: 10)
        request.triedTutors = [Self.a]
        let done = { () -> MatchRequestRecord in
            var r = MatchRequestRecord(id: "r2", student: Self.b, filters: filters, createdAt: 11)
            r.status = .noTutor
            return r
        }()
        let p1 = ProposalRecord(
            id: "p1", requestID: "r1", student: Self.b, tutor: Self.a, language: "en", level: "b1", ratePerSecond: 5,
            token: .zero, capSeconds: 60, createdAt: 10, expiresAt: 40)
        var p2 = p1
        p2.id = "p2"
        p2.status = .declined
        p2.closedAt = 20
        #expect(
            try await store.commit([
                .insert(.request(request)), .insert(.request(done)), .insert(.proposal(p1)), .insert(.proposal(p2)),
            ]))
        #expect(try await store.requests(status: .matching).map(\.id) == ["r1"])
        #expect(try await store.requests(status: .noTutor).map(\.id) == ["r2"])
        #expect(try await store.request("r1")?.triedTutors == [Self.a])
        #expect(try await store.pendingProposals().map(\.id) == ["p1"])
        #expect(try await store.pendingProposals(tutor: Self.a).map(\.id) == ["p1"])
        #expect(try await store.pendingProposals(tutor: Self.b).isEmpty)

        let match = MatchRecord(
            id: "m1", requestID: "r1", student: Self.b, tutor: Self.a, ratePerSecond: 5, capSeconds: 60, token: .zero,
            roomID: "room", createdAt: 30, depositDeadline: 90, watchFromBlock: 7)
        var ended = match
        ended.id = "m0"
        ended.status = .ended
        ended.createdAt = 5
        ended.sessionID = UInt256("123456789012345678901234567890")!
        #expect(try await store.commit([.insert(.match(match)), .insert(.match(ended))]))
        #expect(try await store.openMatches().map(\.id) == ["m1"])
        #expect(try await store.matches(participant: Self.a).map(\.id) == ["m1", "m0"])
        #expect(try await store.match("m0")?.sessionID == UInt256("123456789012345678901234567890")!)

        let booking = BookingRecord(
            id: "b1", tutor: Self.a, student: Self.b, start: 1000, durationSeconds: 600, ratePerSecond: 5, token: .zero,
            roomID: "room", createdAt: 1)
        var cancelled = booking
        cancelled.id = "b0"
        cancelled.start = 500
        cancelled.status = .cancelled
        #expect(try await store.commit([.insert(.booking(booking)), .insert(.booking(cancelled))]))
        #expect(try await store.activeBookings(tutor: Self.a).map(\.id) == ["b1"])
        #expect(try await store.bookings(participant: Self.b).map(\.id) == ["b0", "b1"])

        var entry = WaitlistRecord(id: "w1", student: Self.b, filters: filters, createdAt: 1, expiresAt: 50)
        entry.notifications = [WaitlistNotification(tutor: Self.a, ratePerSecond: 5, at: 3)]
        #expect(try await store.commit([.insert(.waitlist(entry))]))
        #expect(try await store.waitlist(student: Self.b).first?.notifications.count == 1)
        #expect(try await store.activeWaitlist(at: 49).map(\.id) == ["w1"])
        #expect(try await store.activeWaitlist(at: 50).isEmpty)

        let token = SessionTokenRecord(id: "hash", address: Self.a, issuedAt: 1, expiresAt: 30)
        let nonce = NonceRecord(id: "nonce0000001", issuedAt: 1, expiresAt: 60)
        #expect(try await store.commit([.insert(.sessionToken(token)), .insert(.nonce(nonce))]))
        // Purging before 55 removes the token (expired at 30), the closed proposal (20) and the waitlist entry (50),
        // not the nonce (60), the open proposal, or anything else.
        #expect(try await store.purge(before: 55) == 3)
        #expect(try await store.sessionToken(hash: "hash") == nil)
        #expect(try await store.nonce("nonce0000001") != nil)
        #expect(try await store.proposal("p2") == nil)
        #expect(try await store.proposal("p1") != nil)
        #expect(try await store.waitlistEntry("w1") == nil)
    }

    /// Concurrent commits may share a write transaction (the SQLite store's group commit): each still applies
    /// atomically or not at all, and of many updates of one version exactly one wins.
    @Test(arguments: kinds)
    func concurrentCommitsKeepCompareAndSet(kind: String) async throws {
        let store = try Self.store(kind)
        let tutor = TutorRecord(
            address: Self.a, languages: ["en"], levels: ["b1"], ratePerSecond: 5, token: .zero, updatedAt: 1)
        #expect(try await store.commit([.insert(.tutor(tutor))]))
        let read = try #require(try await store.tutor(Self.a))
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<40 {
                group.addTask {
                    // Every writer stores its own nonce with the update: a refused update must take it back.
                    var update = read
                    update.ratePerSecond = UInt256(100 + i)
                    let nonce = NonceRecord(id: "nonce\(i)", issuedAt: 1, expiresAt: 100)
                    return (i, try await store.commit([.insert(.nonce(nonce)), .update(.tutor(update))]))
                }
                group.addTask {
                    // Independent commits in the same burst all apply.
                    let nonce = NonceRecord(id: "solo\(i)", issuedAt: 1, expiresAt: 100)
                    return (-1 - i, try await store.commit([.insert(.nonce(nonce))]))
                }
            }
            var outcomes: [Int: Bool] = [:]
            for try await (i, ok) in group { outcomes[i] = ok }
            return outcomes
        }
        let winners = outcomes.filter { $0.key >= 0 && $0.value }.map(\.key)
        try #require(winners.count == 1)
        #expect(outcomes.filter { $0.key < 0 }.allSatisfy { $0.value })
        let final = try #require(try await store.tutor(Self.a))
        #expect(final.version == 2 && final.ratePerSecond == UInt256(100 + winners[0]))
        for i in 0..<40 {
            #expect((try await store.nonce("nonce\(i)") != nil) == (i == winners[0]))
            #expect(try await store.nonce("solo\(i)") != nil)
        }
    }

    /// The SQLite store keeps decoded tutors between reads; what another writer changes in the file must show
    /// at once in every query, and a deleted and re-inserted tutor must not come back from the cache.
    @Test func theSQLiteTutorCacheFollowsTheFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mine = try SQLiteMatchmakerStore(path: path)
        let other = try SQLiteMatchmakerStore(path: path)
        var tutor = TutorRecord(
            address: Self.a, languages: ["en"], levels: ["b1"], ratePerSecond: 5, token: .zero, updatedAt: 1)
        tutor.onlineUntil = 1000
        #expect(try await mine.commit([.insert(.tutor(tutor))]))
        #expect(try await mine.tutorsOnline(at: 10).map(\.ratePerSecond) == [5])  // decoded and kept

        var changed = try #require(try await other.tutor(Self.a))
        changed.ratePerSecond = 6
        changed.languages = ["pt"]
        #expect(try await other.commit([.update(.tutor(changed))]))
        let seen = try #require(try await mine.tutor(Self.a))
        #expect(seen.version == 2 && seen.ratePerSecond == 6 && seen.languages == ["pt"])
        #expect(try await mine.tutorsOnline(at: 10).map(\.ratePerSecond) == [6])
        #expect(try await mine.allTutors().map(\.languages) == [["pt"]])

        // Going offline elsewhere removes the tutor from this store's online query.
        changed = seen
        changed.onlineUntil = nil
        #expect(try await other.commit([.update(.tutor(changed))]))
        #expect(try await mine.tutorsOnline(at: 10).isEmpty)

        // Deleted and inserted again through this store: version 1 again, with another body, which the cache
        // (holding version 1 of the old body) must not hide.
        var second = TutorRecord(
            address: Self.b, languages: ["en"], levels: ["b1"], ratePerSecond: 5, token: .zero, updatedAt: 1)
        #expect(try await mine.commit([.insert(.tutor(second))]))
        let cached = try #require(try await mine.tutor(Self.b))
        #expect(cached.version == 1 && cached.ratePerSecond == 5)
        #expect(try await mine.commit([.delete(.tutor(cached))]))
        second.ratePerSecond = 9
        #expect(try await mine.commit([.insert(.tutor(second))]))
        let again = try #require(try await mine.tutor(Self.b))
        #expect(again.version == 1 && again.ratePerSecond == 9)
    }

    @Test func theSQLiteFileKeepsStateAcrossReopening() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try SQLiteMatchmakerStore(path: path)
            let tutor = TutorRecord(
                address: Self.a, languages: ["en"], levels: ["b1"], ratePerSecond: 5, token: .zero, updatedAt: 1)
            #expect(try await store.commit([.insert(.tutor(tutor))]))
        }
        let reopened = try SQLiteMatchmakerStore(path: path)
        #expect(try await reopened.tutor(Self.a)?.version == 1)
        await #expect(throws: MatchmakerError.self) { try SQLiteMatchmakerStore(path: "/nonexistent/dir/x.sqlite") }
    }

    @Test func aMatchmakerRestartedOnTheSameFileCarriesOn() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = Harness(store: try SQLiteMatchmakerStore(path: path))
        first.fund(9, 1_000_000)
        let tutor = try await first.tutor(1)
        let request = try await first.matchmaker.requestMatch(student: DevKeys.address(9), filters: Harness.filters())
        let proposal = try #require(try await first.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        // A new process on the same file (same clock time): the proposal is still there and can be accepted.
        let second = Harness(store: try SQLiteMatchmakerStore(path: path))
        second.fund(9, 1_000_000)
        _ = try await second.matchmaker.accept(proposalID: proposal.proposalId, tutor: tutor)
        #expect(
            try await second.matchmaker.matchStatus(requestID: request.requestId, student: DevKeys.address(9), wait: 0)
                .status == .matched)
    }
}
