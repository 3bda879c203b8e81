import EthPrimitives
import Foundation
public import Hummingbird
import NIOCore

/// The matchmaker's HTTP face: every route of SERVICES.md's Matchmaker section under `/v1`, plus `GET /healthz`
/// and Prometheus `GET /metrics`. Errors are answered as `{"error": {"code", "message"}}` with the status of
/// ``MatchmakerError/status``, by ``MatchmakerErrorMiddleware``.
public enum MatchmakerRoutes {
    /// The largest request body accepted.
    public static let maximumBodySize = 64 * 1024

    /// A router serving `matchmaker`, with CORS for browser apps (any origin, bearer tokens in `Authorization`;
    /// no cookies are used, so no credentials mode is needed).
    public static func router(_ matchmaker: Matchmaker) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // CORS outside, so that error answers carry its headers too.
        router.add(
            middleware: CORSMiddleware(
                allowOrigin: .all, allowHeaders: [.accept, .authorization, .contentType, .origin],
                allowMethods: [.get, .post, .put, .delete, .options], maxAge: .seconds(600)))
        router.add(middleware: MatchmakerErrorMiddleware())
        let mm = matchmaker

        router.get("/healthz") { _, _ in try json(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: mm.metrics.exposition())))
        }

        // Sign-in.
        router.get("/v1/auth/nonce") { _, _ in try json(try await mm.issueNonce()) }
        router.post("/v1/auth/login") { request, _ in
            let body = try await decode(LoginBody.self, request)
            return try json(try await mm.login(message: body.message, signature: body.signature))
        }
        router.post("/v1/auth/logout") { request, _ in
            try await mm.logout(token: try bearer(request))
            return try json(["status": "signed_out"])
        }

        // Rooms.
        router.get("/v1/rooms/jwks") { _, _ in
            guard let jwks = mm.rooms.jwks else {
                throw MatchmakerError.notFound("/v1/rooms/jwks (the room provider has no local keys)")
            }
            return try json(jwks)
        }

        // Tutors.
        router.put("/v1/tutors/me") { request, _ in
            let me = try await caller(mm, request)
            let body = try await decode(ProfileBody.self, request)
            let rate = try Validate.decimal(body.ratePerSecond.text, field: "ratePerSecond")
            let token = try Validate.address(body.token, field: "token")
            return try json(
                try await mm.setProfile(
                    tutor: me, languages: body.languages, levels: body.levels, ratePerSecond: rate, token: token))
        }
        router.get("/v1/tutors/me") { request, _ in try json(try await mm.tutorView(try await caller(mm, request))) }
        router.post("/v1/tutors/me/online") { request, _ in
            let me = try await caller(mm, request)
            let body = try await decode(OnlineBody.self, request)
            return try json(try await mm.goOnline(tutor: me, leaseSeconds: Double(body.leaseSeconds.value)))
        }
        router.post("/v1/tutors/me/offline") { request, _ in
            try json(try await mm.goOffline(tutor: try await caller(mm, request)))
        }
        router.put("/v1/tutors/me/availability") { request, _ in
            let me = try await caller(mm, request)
            let body = try await decode(AvailabilityBody.self, request)
            let intervals = body.intervals.map { TimeInterval64(start: $0.start.value, end: $0.end.value) }
            return try json(try await mm.setAvailability(tutor: me, intervals: intervals))
        }
        router.get("/v1/tutors/me/proposals") { request, _ in
            let me = try await caller(mm, request)
            return try json(try await mm.proposals(tutor: me, wait: try waitParameter(request)))
        }
        router.post("/v1/proposals/:id/accept") { request, context in
            let me = try await caller(mm, request)
            return try json(try await mm.accept(proposalID: try context.parameters.require("id"), tutor: me))
        }
        router.post("/v1/proposals/:id/decline") { request, context in
            let me = try await caller(mm, request)
            return try json(try await mm.decline(proposalID: try context.parameters.require("id"), tutor: me))
        }
        router.get("/v1/tutors/:address") { request, context in
            _ = try await caller(mm, request)
            let address = try Validate.address(try context.parameters.require("address"), field: "address")
            return try json(try await mm.tutorProfile(address))
        }
        router.get("/v1/students/:address/progress") { request, context in
            _ = try await caller(mm, request)
            let address = try Validate.address(try context.parameters.require("address"), field: "address")
            return try json(try await mm.studentProgress(address))
        }

        // Roulette.
        router.post("/v1/match") { request, _ in
            let me = try await caller(mm, request)
            let filters = try mm.filters(from: try await decode(MatchBody.self, request).body)
            return try json(try await mm.requestMatch(student: me, filters: filters), status: .accepted)
        }
        router.get("/v1/match/:id") { request, context in
            let me = try await caller(mm, request)
            return try json(
                try await mm.matchStatus(
                    requestID: try context.parameters.require("id"), student: me, wait: try waitParameter(request)))
        }
        router.delete("/v1/match/:id") { request, context in
            let me = try await caller(mm, request)
            return try json(try await mm.cancelRequest(requestID: try context.parameters.require("id"), student: me))
        }
        router.get("/v1/matches/:id") { request, context in
            let me = try await caller(mm, request)
            return try json(try await mm.match(try context.parameters.require("id"), participant: me))
        }

        // Bookings and waitlist.
        router.post("/v1/bookings") { request, _ in
            let me = try await caller(mm, request)
            let body = try await decode(BookingBody.self, request)
            let tutor = try Validate.address(body.tutor, field: "tutor")
            return try json(
                try await mm.book(
                    student: me, tutor: tutor, start: body.start.value, durationSeconds: body.durationSeconds.value),
                status: .created)
        }
        router.get("/v1/bookings") { request, _ in
            try json(try await mm.bookings(participant: try await caller(mm, request)))
        }
        router.delete("/v1/bookings/:id") { request, context in
            let me = try await caller(mm, request)
            return try json(try await mm.cancelBooking(try context.parameters.require("id"), by: me))
        }
        router.get("/v1/bookings/:id/room") { request, context in
            let me = try await caller(mm, request)
            return try json(try await mm.bookingRoom(try context.parameters.require("id"), participant: me))
        }
        router.post("/v1/waitlist") { request, _ in
            let me = try await caller(mm, request)
            let filters = try mm.filters(from: try await decode(MatchBody.self, request).body)
            return try json(try await mm.joinWaitlist(student: me, filters: filters), status: .created)
        }
        router.get("/v1/waitlist") { request, _ in
            try json(try await mm.waitlist(student: try await caller(mm, request)))
        }
        router.delete("/v1/waitlist/:id") { request, context in
            let me = try await caller(mm, request)
            try await mm.leaveWaitlist(try context.parameters.require("id"), student: me)
            return try json(["status": "removed"])
        }
        return router
    }

    // MARK: Helpers

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// A JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body decoded as JSON.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodySize)
        } catch {
            throw MatchmakerError.invalidRequest("the body is larger than \(maximumBodySize) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw MatchmakerError.invalidRequest(error.summary)
        }
    }

    /// The bearer token of `Authorization: Bearer <token>`.
    static func bearer(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization] else {
            throw MatchmakerError.unauthenticated("no Authorization header")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw MatchmakerError.unauthenticated("the Authorization header must be \"Bearer <token>\"")
        }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// The address the request's bearer token acts as.
    static func caller(_ matchmaker: Matchmaker, _ request: Request) async throws -> Address {
        try await matchmaker.authenticate(token: try bearer(request))
    }

    /// The `wait` query parameter (seconds) of a long-poll, if given.
    static func waitParameter(_ request: Request) throws -> Double? {
        guard let text = request.uri.queryParameters.get("wait") else { return nil }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            throw MatchmakerError.invalidRequest("wait must be a number of seconds")
        }
        return seconds
    }
}

/// Answers every error as `{"error": {"code", "message"}}`: a ``MatchmakerError`` with its status and code,
/// Hummingbird's own errors (no such route, method not allowed) with theirs, anything else as a 500 whose
/// message hides internals.
public struct MatchmakerErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware.
    public init() {}

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as MatchmakerError {
            return try Self.response(status: .init(code: error.status), code: error.code, message: error.description)
        } catch let error as HTTPError {
            let code =
                switch error.status {
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                case .contentTooLarge: "body_too_large"
                default: "http_\(error.status.code)"
                }
            let message =
                error.status == .notFound
                ? "matchmaker: no route \(request.method) \(request.uri.path)"
                : "matchmaker: \(error.body ?? error.status.reasonPhrase)"
            return try Self.response(status: error.status, code: code, message: message)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return try Self.response(
                status: .internalServerError, code: "internal", message: "matchmaker: internal error; see the logs")
        }
    }

    static func response(status: HTTPResponse.Status, code: String, message: String) throws -> Response {
        var response = try MatchmakerRoutes.json(Body(error: .init(code: code, message: message)), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
