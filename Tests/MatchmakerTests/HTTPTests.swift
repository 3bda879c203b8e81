import Contracts
import EthPrimitives
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Signing
import Testing

@testable import Matchmaker

/// The HTTP face in process (Hummingbird's router test client), and once over loopback.
@Suite struct HTTPTests {
    /// A client for the router of `h`'s matchmaker.
    struct Client {
        let client: any TestClientProtocol

        func call(
            _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil
        ) async throws -> (status: Int, body: [String: Any], text: String, headers: HTTPFields) {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            if json != nil { headers[.contentType] = "application/json" }
            let response = try await client.execute(
                uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            let text = String(buffer: response.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return (Int(response.status.code), object, text, response.headers)
        }
    }

    func withClient(_ h: Harness, _ body: @Sendable (Client) async throws -> Void) async throws {
        let app = Application(router: MatchmakerRoutes.router(h.matchmaker))
        try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    static func error(_ body: [String: Any]) -> (code: String, message: String)? {
        guard let e = body["error"] as? [String: Any], let code = e["code"] as? String,
            let message = e["message"] as? String
        else { return nil }
        return (code, message)
    }

    @Test func healthMetricsAndJWKSNeedNoToken() async throws {
        let h = Harness()
        try await withClient(h) { c in
            let health = try await c.call(.get, "/healthz")
            #expect(health.status == 200 && health.body["status"] as? String == "ok")
            let metrics = try await c.call(.get, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("# TYPE matchmaker_logins_total counter"))
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let jwks = try await c.call(.get, "/v1/rooms/jwks")
            let keys = try #require(jwks.body["keys"] as? [[String: Any]])
            #expect(keys.first?["kid"] as? String == h.rooms.keyID)
        }
    }

    @Test func signInOverHTTPWithEveryRefusalAsAnErrorBody() async throws {
        let h = Harness()
        try await withClient(h) { c in
            let nonce = try await c.call(.get, "/v1/auth/nonce")
            #expect(nonce.status == 200)
            let value = try #require(nonce.body["nonce"] as? String)
            #expect(nonce.body["expiresAt"] as? Int == Int(Harness.start) + 300)
            let message = h.message(2, nonce: value)
            let signature = Hex.encode(try message.sign(with: DevKeys.keys[2]).rsv)
            let body = try String(
                decoding: JSONSerialization.data(withJSONObject: ["message": message.text, "signature": signature]),
                as: UTF8.self)
            let login = try await c.call(.post, "/v1/auth/login", json: body)
            #expect(login.status == 200)
            #expect(login.body["address"] as? String == DevKeys.address(2).checksummed)
            let token = try #require(login.body["token"] as? String)
            #expect(try await h.matchmaker.authenticate(token: token) == DevKeys.address(2))

            let again = try await c.call(.post, "/v1/auth/login", json: body)
            #expect(again.status == 401)
            #expect(Self.error(again.body)?.code == "nonce_reused")
            #expect(again.headers[.wwwAuthenticate] == "Bearer")

            let malformed = try await c.call(.post, "/v1/auth/login", json: #"{"message": 3}"#)
            #expect(malformed.status == 400)
            #expect(
                Self.error(malformed.body)?.message
                    == "matchmaker: invalid request: message has the wrong type: Expected to decode String but found number instead."
            )
            let missing = try await c.call(.post, "/v1/auth/login", json: #"{"message": "x"}"#)
            #expect(Self.error(missing.body)?.message == "matchmaker: invalid request: signature is missing")
            let notJSON = try await c.call(.post, "/v1/auth/login", json: "{")
            #expect(Self.error(notJSON.body)?.message == "matchmaker: invalid request: the body is not valid JSON")

            let logout = try await c.call(.post, "/v1/auth/logout", token: token)
            #expect(logout.status == 200)
            let after = try await c.call(.get, "/v1/tutors/me", token: token)
            #expect(after.status == 401)
        }
    }

    @Test func routesNeedABearerToken() async throws {
        let h = Harness()
        try await withClient(h) { c in
            for (method, uri) in [
                (HTTPRequest.Method.put, "/v1/tutors/me"), (.post, "/v1/tutors/me/online"),
                (.get, "/v1/tutors/me/proposals"),
                (.post, "/v1/match"), (.get, "/v1/match/x"), (.delete, "/v1/match/x"), (.post, "/v1/bookings"),
                (.get, "/v1/bookings"), (.get, "/v1/waitlist"), (.get, "/v1/tutors/\(DevKeys.address(1).checksummed)"),
                (.get, "/v1/students/\(DevKeys.address(1).checksummed)/progress"), (.post, "/v1/proposals/p/accept"),
            ] {
                let none = try await c.call(method, uri)
                #expect(none.status == 401, "\(uri)")
                #expect(Self.error(none.body)?.code == "unauthenticated")
                let bad = try await c.call(method, uri, token: "nope")
                #expect(bad.status == 401)
                #expect(Self.error(bad.body)?.message.contains("unknown or revoked") == true)
            }
            let unknown = try await c.call(.get, "/v1/nothing")
            #expect(unknown.status == 404)
            #expect(Self.error(unknown.body)?.code == "not_found")
        }
    }

    @Test func rouletteOverHTTP() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutorToken = try await h.signIn(1)
        let studentToken = try await h.signIn(9)
        try await withClient(h) { c in
            let profile = try await c.call(
                .put, "/v1/tutors/me", token: tutorToken,
                json: #"{"languages": ["EN", "es"], "levels": ["B1"], "ratePerSecond": "10", "token": "0x0"}"#)
            #expect(profile.status == 200)
            #expect(profile.body["languages"] as? [String] == ["en", "es"])
            #expect(profile.body["ratePerSecond"] as? String == "10")
            let badProfile = try await c.call(
                .put, "/v1/tutors/me", token: tutorToken,
                json: #"{"languages": [], "levels": ["b1"], "ratePerSecond": "10", "token": "0x0"}"#)
            #expect(badProfile.status == 400)
            #expect(
                Self.error(badProfile.body)?.message
                    == "matchmaker: invalid request: languages must hold 1 to 20 entries")

            let online = try await c.call(
                .post, "/v1/tutors/me/online", token: tutorToken, json: #"{"leaseSeconds": 120}"#)
            #expect(online.status == 200 && online.body["online"] as? Bool == true)
            #expect(online.body["onlineUntil"] as? Int == Int(Harness.start) + 120)

            let request = try await c.call(
                .post, "/v1/match", token: studentToken,
                json: #"{"language": "en", "level": "b1", "maxRatePerSecond": "20", "token": "0x0", "capSeconds": 600}"#
            )
            #expect(request.status == 202)
            let requestID = try #require(request.body["requestId"] as? String)
            #expect(request.body["status"] as? String == "matching")

            let proposals = try await c.call(.get, "/v1/tutors/me/proposals?wait=0", token: tutorToken)
            let list = try #require(proposals.body["proposals"] as? [[String: Any]])
            let proposalID = try #require(list.first?["proposalId"] as? String)
            #expect(list.first?["student"] as? String == DevKeys.address(9).checksummed)

            // Someone else cannot accept it.
            let strangerToken = try await h.signIn(5)
            let stranger = try await c.call(.post, "/v1/proposals/\(proposalID)/accept", token: strangerToken)
            #expect(stranger.status == 403 && Self.error(stranger.body)?.code == "not_your_proposal")

            let accepted = try await c.call(.post, "/v1/proposals/\(proposalID)/accept", token: tutorToken)
            #expect(accepted.status == 200)
            let matchID = try #require(accepted.body["matchId"] as? String)
            let twice = try await c.call(.post, "/v1/proposals/\(proposalID)/accept", token: tutorToken)
            #expect(twice.status == 409)
            #expect(
                Self.error(twice.body)?.message
                    == "matchmaker: proposal \(proposalID) is no longer open: it was already accepted")

            let status = try await c.call(.get, "/v1/match/\(requestID)?wait=0", token: studentToken)
            #expect(status.body["status"] as? String == "matched")
            let match = try #require(status.body["match"] as? [String: Any])
            #expect(match["matchId"] as? String == matchID)
            #expect(match["ratePerSecond"] as? String == "10")
            let deposit = try #require(match["deposit"] as? [String: Any])
            #expect(deposit["to"] as? String == Deployments.chain31337.sessionEscrow.checksummed)
            #expect(deposit["value"] as? String == "6000")
            let data = try Hex.decode(try #require(deposit["data"] as? String))
            #expect(try SessionEscrow.Deposit.decode(calldata: data).tutor == DevKeys.address(1))
            #expect(match["roomToken"] is String)

            let other = try await c.call(.get, "/v1/match/\(requestID)", token: tutorToken)
            #expect(other.status == 404 && Self.error(other.body)?.code == "request_not_found")
            let viewed = try await c.call(.get, "/v1/matches/\(matchID)", token: tutorToken)
            #expect(viewed.status == 200 && viewed.body["status"] as? String == "awaiting_deposit")

            let cancel = try await c.call(.delete, "/v1/match/\(requestID)", token: studentToken)
            #expect(cancel.status == 200 && cancel.body["status"] as? String == "cancelled")

            let offline = try await c.call(.post, "/v1/tutors/me/offline", token: tutorToken)
            #expect(offline.body["online"] as? Bool == false)

            // No one online now: no_tutor at once, with the waitlist offer.
            let none = try await c.call(
                .post, "/v1/match", token: studentToken,
                json: #"{"language": "en", "level": "b1", "maxRatePerSecond": 20, "token": "0x0", "capSeconds": "600"}"#
            )
            #expect(none.body["status"] as? String == "no_tutor")
            #expect((none.body["waitlist"] as? [String: Any])?["path"] as? String == "/v1/waitlist")
            #expect(none.body["suggestions"] as? [Any] != nil)

            let badMatch = try await c.call(
                .post, "/v1/match", token: studentToken,
                json: #"{"language": "en", "level": "b1", "maxRatePerSecond": "-1", "token": "0x0", "capSeconds": 600}"#
            )
            #expect(badMatch.status == 400)
            #expect(
                Self.error(badMatch.body)?.message
                    == "matchmaker: invalid request: maxRatePerSecond must be a decimal string of token units below 2^256"
            )
        }
    }

    @Test func bookingsWaitlistAndProfilesOverHTTP() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutorToken = try await h.signIn(1)
        let studentToken = try await h.signIn(9)
        let day = Int(Harness.start) + 86_400
        try await withClient(h) { c in
            _ = try await c.call(
                .put, "/v1/tutors/me", token: tutorToken,
                json: #"{"languages": ["en"], "levels": ["b1"], "ratePerSecond": "3", "token": "0x0"}"#)
            let availability = try await c.call(
                .put, "/v1/tutors/me/availability", token: tutorToken,
                json: #"{"intervals": [{"start": \#(day), "end": \#(day + 3600)}]}"#)
            #expect(availability.status == 200)

            let tutor = DevKeys.address(1).checksummed
            let booking = try await c.call(
                .post, "/v1/bookings", token: studentToken,
                json: #"{"tutor": "\#(tutor)", "start": \#(day), "durationSeconds": 1800}"#)
            #expect(booking.status == 201)
            let bookingID = try #require(booking.body["bookingId"] as? String)
            let clash = try await c.call(
                .post, "/v1/bookings", token: studentToken,
                json: #"{"tutor": "\#(tutor)", "start": \#(day + 900), "durationSeconds": 1800}"#)
            #expect(clash.status == 409 && Self.error(clash.body)?.code == "booking_conflict")

            let list = try await c.call(.get, "/v1/bookings", token: tutorToken)
            #expect((list.body["bookings"] as? [Any])?.count == 1)
            let early = try await c.call(.get, "/v1/bookings/\(bookingID)/room", token: studentToken)
            #expect(early.status == 409 && Self.error(early.body)?.code == "room_not_open_yet")
            h.clock.set(to: Double(day - 600))
            let room = try await c.call(.get, "/v1/bookings/\(bookingID)/room", token: tutorToken)
            #expect(room.status == 200 && room.body["role"] as? String == "host")
            let cancel = try await c.call(.delete, "/v1/bookings/\(bookingID)", token: studentToken)
            #expect(cancel.body["status"] as? String == "cancelled")

            let entry = try await c.call(
                .post, "/v1/waitlist", token: studentToken,
                json: #"{"language": "en", "level": "b1", "maxRatePerSecond": "5", "token": "0x0", "capSeconds": 60}"#)
            #expect(entry.status == 201)
            _ = try await c.call(.post, "/v1/tutors/me/online", token: tutorToken, json: #"{"leaseSeconds": "60"}"#)
            let waitlist = try await c.call(.get, "/v1/waitlist", token: studentToken)
            let entries = try #require(waitlist.body["entries"] as? [[String: Any]])
            let notifications = try #require(entries.first?["notifications"] as? [[String: Any]])
            #expect(notifications.first?["tutor"] as? String == tutor)
            let entryID = try #require(entries.first?["entryId"] as? String)
            #expect(try await c.call(.delete, "/v1/waitlist/\(entryID)", token: studentToken).status == 200)

            h.chain.update { $0.ratings[DevKeys.address(1)] = Rating(count: 2, sum: 9) }
            let profile = try await c.call(.get, "/v1/tutors/\(tutor)", token: studentToken)
            #expect(profile.status == 200)
            #expect(profile.body["averageRating"] as? Double == 4.5)
            #expect(profile.body["online"] as? Bool == true)
            let progress = try await c.call(
                .get, "/v1/students/\(DevKeys.address(9).checksummed)/progress", token: tutorToken)
            #expect(progress.status == 200 && progress.body["secondsLearned"] as? String == "0")
            let nobody = try await c.call(.get, "/v1/tutors/\(DevKeys.address(7).checksummed)", token: tutorToken)
            #expect(nobody.status == 404 && Self.error(nobody.body)?.code == "tutor_not_found")
        }
    }

    @Test func chainOutagesAre503() async throws {
        let h = Harness()
        let token = try await h.signIn(9)
        _ = try await h.tutor(1)
        h.chain.update { $0.failing = true }
        try await withClient(h) { c in
            let r = try await c.call(
                .post, "/v1/match", token: token,
                json: #"{"language": "en", "level": "b1", "maxRatePerSecond": "50", "token": "0x0", "capSeconds": 60}"#)
            #expect(r.status == 503 && Self.error(r.body)?.code == "chain_unavailable")
        }
    }

    @Test func corsAllowsBrowserApps() async throws {
        let h = Harness()
        let app = Application(router: MatchmakerRoutes.router(h.matchmaker))
        try await app.test(.router) { client in
            let preflight = try await client.execute(
                uri: "/v1/match", method: .options,
                headers: [.origin: "http://localhost:3000", .accessControlRequestMethod: "POST"])
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)
            let error = try await client.execute(
                uri: "/v1/waitlist", method: .get, headers: [.origin: "http://localhost:3000"])
            #expect(error.status == .unauthorized)
            #expect(error.headers[.accessControlAllowOrigin] == "*")
        }
    }

    /// Once end to end: the service on a loopback port, a long-poll answered when the proposal arrives.
    @Test func theServiceOverLoopback() async throws {
        let h = Harness()
        h.fund(9, 1_000_000)
        let tutorToken = try await h.signIn(1)
        _ = try await h.tutor(1)
        let app = Application(router: MatchmakerRoutes.router(h.matchmaker))
        try await app.test(.live) { client in
            let c = Client(client: client)
            async let poll = c.call(.get, "/v1/tutors/me/proposals", token: tutorToken)
            try await Task.sleep(for: .milliseconds(100))
            _ = try await h.matchmaker.requestMatch(student: DevKeys.address(9), filters: Harness.filters())
            let answer = try await poll
            #expect(answer.status == 200)
            #expect((answer.body["proposals"] as? [Any])?.count == 1)
        }
    }
}
