import EthPrimitives
public import Hummingbird
import JSONRPC

/// The heartbeat's HTTP face (Hummingbird): the routes of SERVICES.md over a ``HeartbeatEngine``.
///
/// - `POST /v1/ping` → `200 {"status", "serverTime"}` or a refusal;
/// - `GET /v1/sessions/{id}` → the ``SessionView`` as JSON;
/// - `POST /v1/webhooks/room` → `200 {"status": "applied"}` or `{"status": "ignored", "reason"}`, or a refusal;
/// - `GET /healthz` → `200 {"status": "ok", "trackedSessions"}`;
/// - `GET /metrics` → the Prometheus text exposition.
///
/// Every error, unknown routes included, is `{"error": {"code", "message"}}` with its status (``ErrorMiddleware``); a
/// 422 `clock_skew` also carries `"serverTime"` beside `"error"`, so the client can correct its clock at once.
public enum HeartbeatHTTP {
    /// The largest ping body accepted (a ping is about 250 bytes).
    public static let pingBodyLimit = 4096
    /// The largest webhook body accepted.
    public static let webhookBodyLimit = 256 * 1024

    /// A router serving the heartbeat's routes.
    public static func makeRouter(engine: HeartbeatEngine) -> Router<BasicRequestContext> {
        let router = Router()
        addRoutes(to: router, engine: engine)
        return router
    }

    /// Adds the heartbeat's routes, with the error middleware, to `router` (for a process that serves several
    /// services from one router).
    public static func addRoutes<Context: RequestContext>(to router: Router<Context>, engine: HeartbeatEngine) {
        router.add(middleware: ErrorMiddleware())
        router.post("/v1/ping") { request, _ -> Response in
            let body = try await collect(request, limit: pingBodyLimit)
            let acknowledgement = try await engine.receivePing(json: body)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: acknowledgementJSON(acknowledgement)))
        }
        router.get("/v1/sessions/{id}") { _, context -> Response in
            let text = context.parameters.get("id") ?? ""
            let id: UInt256
            do {
                id = try JSONField.decimal(text, "session id")
            } catch {
                throw HeartbeatError.malformedPath(
                    "the session id must be decimal digits, got \(String(reflecting: text))")
            }
            return json(sessionJSON(try await engine.view(of: id)))
        }
        router.post("/v1/webhooks/room") { request, _ -> Response in
            let body = try await collect(request, limit: webhookBodyLimit)
            let signature = request.headers.first { $0.name.canonicalName == "huddle01-signature" }?.value
            let acknowledgement = try await engine.receiveWebhook(body: body, signature: signature)
            if let reason = acknowledgement.ignoredBecause {
                return json(.object(["status": .string("ignored"), "reason": .string(reason)]))
            }
            return json(.object(["status": .string("applied")]))
        }
        router.get("/healthz") { _, _ -> Response in
            json(.object(["status": .string("ok"), "trackedSessions": .integer(Int64(engine.trackedSessions))]))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: engine.metrics.exposition())))
        }
    }

    /// The request's body, refused with 413 as soon as it passes `limit` bytes.
    private static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limit else { throw HeartbeatError.bodyTooLarge(limit: limit) }
            bytes += buffer.readableBytesView
        }
        return bytes
    }

    /// `{"status": …, "serverTime": …}`, written directly: the answer to every accepted ping, on the hot path, where
    /// going through `JSONEncoder` cost more than the rest of the response.
    static func acknowledgementJSON(_ acknowledgement: PingAcknowledgement) -> ByteBuffer {
        let time = acknowledgement.serverTime.isFinite ? acknowledgement.serverTime.description : "null"
        var buffer = ByteBuffer()
        buffer.reserveCapacity(64)
        buffer.writeString("{\"status\":\"\(acknowledgement.phase.rawValue)\",\"serverTime\":\(time)}")
        return buffer
    }

    /// A `200` JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
    }

    /// The JSON form of a session view.
    static func sessionJSON(_ view: SessionView) -> JSONValue {
        func participant(_ side: SessionView.Participant) -> JSONValue {
            .object([
                "address": .string(side.address.checksummed),
                "lastSeenAt": side.lastSeenAt.map(JSONValue.number) ?? .null,
                "seq": side.seq.map(integer) ?? .null,
                "room": side.room.map { .string($0.rawValue) } ?? .null,
            ])
        }
        let intents = view.pendingIntents.map { record -> JSONValue in
            .object([
                "key": .string(record.intent.idempotencyKey),
                "action": .string(record.intent.action.rawValue),
                "endedAt": record.intent.endedAt.map(integer) ?? .null,
                "decidedAt": .number(record.decidedAt),
                "submitted": .bool(record.submittedAt != nil),
                "submittedAt": record.submittedAt.map(JSONValue.number) ?? .null,
                "failedAttempts": .integer(Int64(record.failedAttempts)),
                "lastError": record.lastError.map(JSONValue.string) ?? .null,
            ])
        }
        return .object([
            "sessionId": .string(view.sessionID.description),
            "status": .string(view.phase.rawValue),
            "chainStatus": .string(view.chainStatus.description),
            "student": participant(view.student),
            "tutor": participant(view.tutor),
            "startedAt": view.startedAt.map(integer) ?? .null,
            "capSeconds": integer(view.capSeconds),
            "ratePerSecond": .string(view.ratePerSecond.description),
            "roomId": view.roomID.map(JSONValue.string) ?? .null,
            "pendingIntents": .array(intents),
            "endedAt": view.endedAt.map(JSONValue.number) ?? .null,
            "serverTime": .number(view.serverTime),
        ])
    }

    /// A `UInt64` as a JSON integer, or as a decimal string beyond `Int64.max`.
    private static func integer(_ value: UInt64) -> JSONValue {
        value <= UInt64(Int64.max) ? .integer(Int64(value)) : .string(String(value))
    }

    /// Turns every error into `{"error": {"code", "message"}}`: ``HeartbeatError`` with its own status and code,
    /// Hummingbird's errors (unknown route, wrong method) with theirs, anything else as a 500 without details.
    public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
        /// The middleware.
        public init() {}

        /// Runs the next responder and turns its errors into JSON error responses.
        public func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let error as HeartbeatError {
                var extra: [String: JSONValue] = [:]
                if case .issuedAtOutsideWindow(_, let serverTime, _) = error {
                    extra["serverTime"] = .number(serverTime)
                }
                return errorResponse(
                    status: .init(code: error.httpStatus), code: error.code, message: error.description, extra: extra)
            } catch let error as HTTPError {
                let code: String =
                    switch error.status {
                    case .notFound: "not_found"
                    case .methodNotAllowed: "method_not_allowed"
                    case .contentTooLarge: "body_too_large"
                    case .badRequest: "malformed"
                    default: "http_\(error.status.code)"
                    }
                let message = error.body ?? "heartbeat: \(error.status.reasonPhrase.lowercased())"
                return errorResponse(status: error.status, code: code, message: message)
            } catch {
                context.logger.error("heartbeat: unexpected error", metadata: ["error": "\(error)"])
                return errorResponse(
                    status: .internalServerError, code: "internal", message: "heartbeat: internal error")
            }
        }

        private func errorResponse(
            status: HTTPResponse.Status, code: String, message: String, extra: [String: JSONValue] = [:]
        ) -> Response {
            var body = extra
            body["error"] = .object(["code": .string(code), "message": .string(message)])
            return json(.object(body), status: status)
        }
    }
}
