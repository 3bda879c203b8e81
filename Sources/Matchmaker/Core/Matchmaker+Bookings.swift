public import EthPrimitives

extension Matchmaker {
    // MARK: Bookings

    /// Books `durationSeconds` with `tutor` from `start` (unix seconds), at the tutor's current rate, which the
    /// booking keeps.
    ///
    /// The slot must lie inside one of the tutor's availability intervals and overlap none of their bookings.
    /// The check and the insertion are one compare-and-set on the tutor's record, so of two concurrent bookings
    /// of overlapping slots exactly one succeeds; the other gets ``MatchmakerError/bookingConflict(_:)``.
    ///
    /// - Throws: ``MatchmakerError/invalidRequest(_:)`` for a start in the past, a duration of less than a
    ///   minute or more than ``MatchmakerConfig/maximumBookingSeconds``, or booking oneself;
    ///   ``MatchmakerError/tutorNotFound(_:)``; ``MatchmakerError/bookingConflict(_:)``.
    public func book(student: Address, tutor: Address, start: Int64, durationSeconds: Int64)
        async throws(MatchmakerError)
        -> BookingView
    {
        let now = clock.now()
        guard Double(start) > now else {
            throw .invalidRequest("start must be in the future (now \(wholeSeconds(now)))")
        }
        guard durationSeconds >= 60, durationSeconds <= config.maximumBookingSeconds else {
            throw .invalidRequest("durationSeconds must be between 60 and \(config.maximumBookingSeconds)")
        }
        guard student != tutor else { throw .invalidRequest("a tutor cannot book themselves") }
        guard try await store.tutor(tutor) != nil else { throw .tutorNotFound(tutor.checksummed) }
        let slot = TimeInterval64(start: start, end: start + durationSeconds)
        let room = try await rooms.createRoom(title: "Metered booking", hostWallets: [tutor])
        do {
            let booking = try await commitLoop("book") { () throws(MatchmakerError) in
                guard let t = try await store.tutor(tutor) else { throw .tutorNotFound(tutor.checksummed) }
                guard t.availability.contains(where: { $0.contains(slot) }) else {
                    throw .bookingConflict(
                        "[\(slot.start), \(slot.end)) is outside the tutor's availability \(Self.describe(t.availability))"
                    )
                }
                if let other = try await store.activeBookings(tutor: tutor).first(where: { $0.interval.overlaps(slot) })
                {
                    throw .bookingConflict(
                        "the tutor is booked over [\(other.start), \(other.start + other.durationSeconds))")
                }
                guard
                    EscrowCalls.depositAmount(ratePerSecond: t.ratePerSecond, capSeconds: UInt64(durationSeconds))
                        != nil
                else { throw .invalidRequest("rate × durationSeconds exceeds 2^256") }
                let booking = BookingRecord(
                    id: "b_" + RandomIDs.make(byteCount: 12), tutor: tutor, student: student, start: start,
                    durationSeconds: durationSeconds, ratePerSecond: t.ratePerSecond, token: t.token,
                    roomID: room.roomID, createdAt: now)
                // The tutor's record, written back unchanged, serialises bookings of one tutor.
                return ([.insert(.booking(booking)), .update(.tutor(t))], booking)
            }
            metrics.bookings.increment()
            return BookingView(booking, roomOpensBefore: config.roomOpensBefore)
        } catch {
            if case .bookingConflict = error { metrics.bookingConflicts.increment() }
            throw error
        }
    }

    private static func describe(_ intervals: [TimeInterval64]) -> String {
        intervals.isEmpty
            ? "(none set)" : intervals.prefix(5).map { "[\($0.start), \($0.end))" }.joined(separator: ", ")
    }

    /// The caller's bookings, as student or tutor, by start.
    public func bookings(participant: Address) async throws(MatchmakerError) -> BookingsView {
        BookingsView(
            bookings: try await store.bookings(participant: participant).map {
                BookingView($0, roomOpensBefore: config.roomOpensBefore)
            })
    }

    /// Cancels a booking (either participant, until it ends); the slot is free again.
    ///
    /// - Throws: ``MatchmakerError/bookingNotFound(_:)``; ``MatchmakerError/bookingClosed(_:)`` when it is already
    ///   cancelled or over.
    public func cancelBooking(_ id: String, by participant: Address) async throws(MatchmakerError) -> BookingView {
        let now = clock.now()
        let booking = try await commitLoop("cancel booking") { () throws(MatchmakerError) in
            var b = try await ownBooking(id, participant: participant)
            guard b.status == .booked else { throw .bookingClosed("booking \(id) is already cancelled") }
            guard now < Double(b.interval.end) else { throw .bookingClosed("booking \(id) is over") }
            b.status = .cancelled
            b.cancelledAt = now
            b.cancelledBy = participant
            return ([.update(.booking(b))], b)
        }
        return BookingView(booking, roomOpensBefore: config.roomOpensBefore)
    }

    /// A participant's room token for a booking, from ``MatchmakerConfig/roomOpensBefore`` before the start until
    /// the end: host for the tutor, speaker for the student; the student's answer also carries the prepared
    /// deposit for the booked length at the booked rate.
    ///
    /// - Throws: ``MatchmakerError/bookingNotFound(_:)``; ``MatchmakerError/roomNotOpenYet(opensAt:)`` too early;
    ///   ``MatchmakerError/bookingClosed(_:)`` when cancelled or over.
    public func bookingRoom(_ id: String, participant: Address) async throws(MatchmakerError) -> BookingRoomView {
        let b = try await ownBooking(id, participant: participant)
        guard b.status == .booked else { throw .bookingClosed("booking \(id) was cancelled") }
        let now = clock.now()
        let opensAt = Double(b.start) - config.roomOpensBefore
        guard now >= opensAt else { throw .roomNotOpenYet(opensAt: wholeSeconds(opensAt)) }
        guard now < Double(b.interval.end) else { throw .bookingClosed("booking \(id) is over") }
        let isStudent = participant == b.student
        let expiresAt = Double(b.interval.end)
        let token = try await rooms.participantToken(
            roomID: b.roomID, role: isStudent ? .speaker : .host,
            metadata: RoomParticipantMetadata(wallet: participant),
            expiresAt: expiresAt)
        return BookingRoomView(
            bookingId: b.id, roomId: b.roomID, roomToken: token, role: isStudent ? .speaker : .host,
            expiresAt: wholeSeconds(expiresAt),
            deposit: isStudent
                ? EscrowCalls.deposit(
                    escrow: config.contracts.escrow, tutor: b.tutor, token: b.token, ratePerSecond: b.ratePerSecond,
                    capSeconds: UInt64(b.durationSeconds)) : nil)
    }

    private func ownBooking(_ id: String, participant: Address) async throws(MatchmakerError) -> BookingRecord {
        guard let b = try await store.booking(id), b.student == participant || b.tutor == participant else {
            throw .bookingNotFound(id)
        }
        return b
    }

    /// Free slots of eligible tutors (online or not) within ``MatchmakerConfig/suggestionHorizon``, for a
    /// `no_tutor` answer: the first free start of each tutor long enough for the requested cap (or for the longest
    /// booking allowed), earliest first.
    func suggestions(for filters: MatchFilters, student: Address) async throws(MatchmakerError) -> [BookingSuggestion] {
        let found = try await eligibility(for: filters, student: student, excluding: [], pool: .all)
        let now = clock.now()
        // Start on the next whole minute.
        let earliest = (Int64(now.rounded(.up)) + 59) / 60 * 60
        let horizon = earliest + config.suggestionHorizon
        let length = min(Int64(filters.capSeconds), config.maximumBookingSeconds)
        var suggestions: [BookingSuggestion] = []
        for tutor in found.eligible {
            let booked = try await store.activeBookings(tutor: tutor.address).map(\.interval)
            if let start = Self.firstFreeStart(
                in: tutor.availability, booked: booked, length: max(60, length), from: earliest, until: horizon)
            {
                suggestions.append(
                    BookingSuggestion(
                        tutor: tutor.address, ratePerSecond: String(tutor.ratePerSecond), start: start,
                        durationSeconds: max(60, length)))
            }
        }
        return Array(
            suggestions.sorted { ($0.start, $0.tutor) < ($1.start, $1.tutor) }.prefix(config.maximumSuggestions))
    }

    /// The first start `s >= from` with `[s, s + length)` inside an availability interval, clear of every booked
    /// interval, and starting before `until`.
    static func firstFreeStart(
        in availability: [TimeInterval64], booked: [TimeInterval64], length: Int64, from: Int64, until: Int64
    ) -> Int64? {
        let busy = Validate.merge(booked)
        for window in availability where window.end > from {
            var start = max(window.start, from)
            for b in busy where b.end > start && b.start < window.end {
                if b.start - start >= length { break }
                start = max(start, b.end)
            }
            if start < until, window.end - start >= length { return start }
        }
        return nil
    }

    // MARK: Waitlist

    /// Puts the student on the waitlist for tutors matching `filters`, for ``MatchmakerConfig/waitlistLifetime``.
    /// When such a tutor comes online, the entry records it; the student reads it with ``waitlist(student:)``.
    public func joinWaitlist(student: Address, filters: MatchFilters) async throws(MatchmakerError) -> WaitlistEntryView
    {
        let now = clock.now()
        let entry = WaitlistRecord(
            id: "w_" + RandomIDs.make(byteCount: 12), student: student, filters: filters, createdAt: now,
            expiresAt: now + config.waitlistLifetime)
        guard try await store.commit([.insert(.waitlist(entry))]) else { throw .storage("could not store the entry") }
        return Self.view(entry)
    }

    /// The student's waitlist entries that have not lapsed, with the tutors who came online for each.
    public func waitlist(student: Address) async throws(MatchmakerError) -> WaitlistView {
        let now = clock.now()
        return WaitlistView(
            entries: try await store.waitlist(student: student).filter { $0.expiresAt > now }.map(Self.view))
    }

    /// Removes one of the student's waitlist entries.
    ///
    /// - Throws: ``MatchmakerError/waitlistEntryNotFound(_:)``.
    public func leaveWaitlist(_ id: String, student: Address) async throws(MatchmakerError) {
        try await commitLoop("leave waitlist") { () throws(MatchmakerError) in
            guard let entry = try await store.waitlistEntry(id), entry.student == student else {
                throw .waitlistEntryNotFound(id)
            }
            return ([.delete(.waitlist(entry))], ())
        }
    }

    private static func view(_ e: WaitlistRecord) -> WaitlistEntryView {
        WaitlistEntryView(
            entryId: e.id, filters: MatchRequestBody(e.filters), expiresAt: wholeSeconds(e.expiresAt),
            notifications: e.notifications.map {
                WaitlistNotificationView(
                    tutor: $0.tutor, ratePerSecond: String($0.ratePerSecond), at: wholeSeconds($0.at))
            })
    }

    /// Records, on every live waitlist entry whose filters `tutor` meets (with the same on-chain checks as the
    /// roulette), that the tutor came online — once per online period of the tutor.
    func notifyWaitlist(about tutor: TutorRecord, now: Double) async {
        do {
            for entry in try await store.activeWaitlist(at: now) where entry.student != tutor.address {
                let f = entry.filters
                guard tutor.languages.contains(f.language), tutor.levels.contains(f.level), tutor.token == f.token,
                    tutor.ratePerSecond <= f.maxRatePerSecond
                else { continue }
                let since = tutor.onlineSince ?? now
                if entry.notifications.contains(where: { $0.tutor == tutor.address && $0.at >= since }) { continue }
                let found = try await eligibility(for: f, student: entry.student, excluding: [], pool: .only(tutor))
                guard found.eligible.contains(where: { $0.address == tutor.address }) else { continue }
                try await commitLoop("notify waitlist") { () throws(MatchmakerError) in
                    guard var e = try await store.waitlistEntry(entry.id) else { return ([], ()) }
                    if e.notifications.contains(where: { $0.tutor == tutor.address && $0.at >= since }) {
                        return ([], ())
                    }
                    e.notifications.append(
                        WaitlistNotification(tutor: tutor.address, ratePerSecond: tutor.ratePerSecond, at: now))
                    return ([.update(.waitlist(e))], ())
                }
            }
        } catch {
            logger.warning(
                "waitlist notification failed", metadata: ["tutor": "\(tutor.address)", "error": "\(error)"])
        }
    }
}
