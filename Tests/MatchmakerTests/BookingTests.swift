import Contracts
import EthPrimitives
import Testing

@testable import Matchmaker

@Suite struct BookingTests {
    let student = DevKeys.address(9)
    let day = Int64(Harness.start) + 86_400

    func bookable(_ h: Harness) async throws -> Address {
        let tutor = try await h.tutor(1, rate: 7, lease: 0)
        _ = try await h.matchmaker.setAvailability(
            tutor: tutor,
            intervals: [
                TimeInterval64(start: day + 3600, end: day + 7200),  // given out of order, merged
                TimeInterval64(start: day, end: day + 3600),
            ])
        return tutor
    }

    @Test func availabilityIsMergedAndValidated() async throws {
        let h = Harness()
        let tutor = try await bookable(h)
        #expect(try await h.matchmaker.tutorView(tutor).availability == [TimeInterval64(start: day, end: day + 7200)])
        await expectError(.invalidRequest("intervals[0] must have 0 <= start < end")) { () throws(MatchmakerError) in
            try await h.matchmaker.setAvailability(tutor: tutor, intervals: [TimeInterval64(start: 10, end: 10)])
        }
        await expectError(.noTutorProfile) { () throws(MatchmakerError) in
            try await h.matchmaker.setAvailability(tutor: DevKeys.address(7), intervals: [])
        }
    }

    @Test func booksWithinAvailabilityAndRefusesConflicts() async throws {
        let h = Harness()
        let tutor = try await bookable(h)
        // Spans the two merged intervals.
        let booking = try await h.matchmaker.book(
            student: student, tutor: tutor, start: day + 1800, durationSeconds: 3600)
        #expect(booking.ratePerSecond == "7")
        #expect(booking.status == .booked)
        #expect(booking.roomOpensAt == day + 1800 - 600)

        await expectError(.bookingConflict("the tutor is booked over [\(day + 1800), \(day + 5400))")) {
            () throws(MatchmakerError) in
            try await h.matchmaker.book(
                student: DevKeys.address(8), tutor: tutor, start: day + 5399, durationSeconds: 60)
        }
        // Touching is fine.
        _ = try await h.matchmaker.book(
            student: DevKeys.address(8), tutor: tutor, start: day + 5400, durationSeconds: 60)
        await expectError(
            .bookingConflict(
                "[\(day + 7000), \(day + 7300)) is outside the tutor's availability [\(day), \(day + 7200))")
        ) { () throws(MatchmakerError) in
            try await h.matchmaker.book(student: student, tutor: tutor, start: day + 7000, durationSeconds: 300)
        }
        await expectError(.tutorNotFound(DevKeys.address(6).checksummed)) { () throws(MatchmakerError) in
            try await h.matchmaker.book(student: student, tutor: DevKeys.address(6), start: day, durationSeconds: 600)
        }
        await expectError(.invalidRequest("start must be in the future (now \(Int64(Harness.start)))")) {
            () throws(MatchmakerError) in
            try await h.matchmaker.book(
                student: student, tutor: tutor, start: Int64(Harness.start), durationSeconds: 600)
        }
        await expectError(.invalidRequest("durationSeconds must be between 60 and 14400")) {
            () throws(MatchmakerError) in
            try await h.matchmaker.book(student: student, tutor: tutor, start: day, durationSeconds: 59)
        }
        await expectError(.invalidRequest("a tutor cannot book themselves")) { () throws(MatchmakerError) in
            try await h.matchmaker.book(student: tutor, tutor: tutor, start: day, durationSeconds: 600)
        }
        // Both participants see it.
        #expect(try await h.matchmaker.bookings(participant: tutor).bookings.count == 2)
        #expect(try await h.matchmaker.bookings(participant: student).bookings.map(\.bookingId) == [booking.bookingId])
    }

    @Test func cancellationFreesTheSlot() async throws {
        let h = Harness()
        let tutor = try await bookable(h)
        let booking = try await h.matchmaker.book(student: student, tutor: tutor, start: day, durationSeconds: 3600)
        await expectError(.bookingNotFound(booking.bookingId)) { () throws(MatchmakerError) in
            try await h.matchmaker.cancelBooking(booking.bookingId, by: DevKeys.address(5))
        }
        let cancelled = try await h.matchmaker.cancelBooking(booking.bookingId, by: tutor)
        #expect(cancelled.status == .cancelled)
        await expectError(.bookingClosed("booking \(booking.bookingId) is already cancelled")) {
            () throws(MatchmakerError) in
            try await h.matchmaker.cancelBooking(booking.bookingId, by: student)
        }
        _ = try await h.matchmaker.book(student: DevKeys.address(8), tutor: tutor, start: day, durationSeconds: 3600)
    }

    @Test func roomTokensFromTenMinutesBeforeTheStartUntilTheEnd() async throws {
        let h = Harness()
        let tutor = try await bookable(h)
        let booking = try await h.matchmaker.book(student: student, tutor: tutor, start: day, durationSeconds: 1800)
        h.clock.set(to: Double(day - 601))
        await expectError(.roomNotOpenYet(opensAt: day - 600)) { () throws(MatchmakerError) in
            try await h.matchmaker.bookingRoom(booking.bookingId, participant: student)
        }
        h.clock.set(to: Double(day - 600))
        let studentRoom = try await h.matchmaker.bookingRoom(booking.bookingId, participant: student)
        let tutorRoom = try await h.matchmaker.bookingRoom(booking.bookingId, participant: tutor)
        #expect(studentRoom.role == .speaker && tutorRoom.role == .host)
        #expect(studentRoom.roomId == booking.roomId && tutorRoom.roomId == booking.roomId)
        #expect(tutorRoom.deposit == nil)
        let deposit = try #require(studentRoom.deposit)
        #expect(deposit.value == String(7 * 1800))
        #expect(
            try SessionEscrow.Deposit.decode(calldata: deposit.data.bytes)
                == SessionEscrow.Deposit(tutor: tutor, token: .zero, ratePerSecond: 7, capSeconds: 1800))
        let verifier = try RoomTokenVerifier(jwks: h.rooms.jwks!)
        let claims = try verifier.verify(studentRoom.roomToken, now: h.clock.now())
        #expect(claims.roomId == booking.roomId && claims.wallet == student.checksummed && claims.exp == day + 1800)
        await expectError(.bookingNotFound(booking.bookingId)) { () throws(MatchmakerError) in
            try await h.matchmaker.bookingRoom(booking.bookingId, participant: DevKeys.address(4))
        }
        h.clock.set(to: Double(day + 1800))
        await expectError(.bookingClosed("booking \(booking.bookingId) is over")) { () throws(MatchmakerError) in
            try await h.matchmaker.bookingRoom(booking.bookingId, participant: student)
        }
    }

    @Test func suggestionsSkipBookedTime() {
        let day = self.day
        let availability = [
            TimeInterval64(start: day, end: day + 3600), TimeInterval64(start: day + 7200, end: day + 9000),
        ]
        let booked = [
            TimeInterval64(start: day + 600, end: day + 1200), TimeInterval64(start: day + 1500, end: day + 3600),
        ]
        // 600 s fit at the start.
        #expect(
            Matchmaker.firstFreeStart(in: availability, booked: booked, length: 600, from: day, until: day + 86_400)
                == day)
        // 900 s do not fit before the bookings; the gap [1200, 1500) is too short; the next window works.
        #expect(
            Matchmaker.firstFreeStart(in: availability, booked: booked, length: 900, from: day, until: day + 86_400)
                == day + 7200)
        #expect(
            Matchmaker.firstFreeStart(in: availability, booked: booked, length: 1801, from: day, until: day + 86_400)
                == nil)
        #expect(
            Matchmaker.firstFreeStart(in: availability, booked: [], length: 600, from: day + 3500, until: day + 86_400)
                == day + 7200)
        #expect(Matchmaker.firstFreeStart(in: availability, booked: [], length: 600, from: day, until: day) == nil)
    }

    // MARK: Waitlist

    @Test func aMatchingTutorComingOnlineIsAnnouncedOnce() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let entry = try await h.matchmaker.joinWaitlist(student: student, filters: Harness.filters(maxRate: 20))
        #expect(entry.notifications.isEmpty)
        #expect(entry.expiresAt == Int64(Harness.start) + 86_400)
        // A tutor of another language, and one too expensive: no notification.
        try await h.tutor(1, rate: 10, languages: ["de"])
        try await h.tutor(2, rate: 50)
        #expect(try await h.matchmaker.waitlist(student: student).entries[0].notifications.isEmpty)
        // A matching one.
        await h.advance(5)
        let tutor = try await h.tutor(3, rate: 15)
        var notifications = try await h.matchmaker.waitlist(student: student).entries[0].notifications
        #expect(
            notifications == [WaitlistNotificationView(tutor: tutor, ratePerSecond: "15", at: Int64(Harness.start) + 5)]
        )
        // Renewing the lease is not coming online again.
        _ = try await h.matchmaker.goOnline(tutor: tutor, leaseSeconds: 300)
        #expect(try await h.matchmaker.waitlist(student: student).entries[0].notifications.count == 1)
        // Going offline and online again is.
        _ = try await h.matchmaker.goOffline(tutor: tutor)
        await h.advance(5)
        _ = try await h.matchmaker.goOnline(tutor: tutor, leaseSeconds: 300)
        notifications = try await h.matchmaker.waitlist(student: student).entries[0].notifications
        #expect(notifications.count == 2)
    }

    @Test func waitlistAppliesTheOnChainFiltersAndLapses() async throws {
        let h = Harness()
        h.fund(9, 1_000)
        _ = try await h.matchmaker.joinWaitlist(student: student, filters: Harness.filters(cap: 600, minRating: 4))
        h.chain.update { $0.ratings[DevKeys.address(1)] = Rating(count: 1, sum: 3) }
        try await h.tutor(1, rate: 1)  // rated 3: below the minimum
        try await h.tutor(2, rate: 2)  // 1200 for the cap: the student holds 1000
        #expect(try await h.matchmaker.waitlist(student: student).entries[0].notifications.isEmpty)
        await h.advance(86_400)
        #expect(try await h.matchmaker.waitlist(student: student).entries.isEmpty)
    }

    @Test func leavingTheWaitlist() async throws {
        let h = Harness()
        let entry = try await h.matchmaker.joinWaitlist(student: student, filters: Harness.filters())
        await expectError(.waitlistEntryNotFound(entry.entryId)) { () throws(MatchmakerError) in
            try await h.matchmaker.leaveWaitlist(entry.entryId, student: DevKeys.address(2))
        }
        try await h.matchmaker.leaveWaitlist(entry.entryId, student: student)
        #expect(try await h.matchmaker.waitlist(student: student).entries.isEmpty)
    }
}
