import EthPrimitives
import Foundation
import Hummingbird
import JSONRPC
import Logging

/// The relayer's HTTP face: intents from other processes, their state, health and metrics.
///
/// | route | answer |
/// |---|---|
/// | `POST /v1/intents` with `{"action", "sessionId", "endedAt"?}` | `202` and the intent when it is new, `200` and the recorded intent when its key is known (a duplicate changes nothing); `400` malformed; `503` the outbox cannot commit |
/// | `GET /v1/intents/{key}` | `200` the intent: state, nonce, transactions (hash, nonce, fees), mined hash and block, detail; `404` unknown |
/// | `GET /healthz` | `200` `{"status": "ok"\|"degraded", …}`; `503` when the engine stopped on a fatal error |
/// | `GET /metrics` | `200` Prometheus text |
///
/// `action` is `start`, `stopAt`, `settle` or `cancel`; `sessionId` and `endedAt` are JSON integers or decimal
/// strings (a session id above 2^63 − 1 must be a string: JSON numbers that large lose precision). Unknown members
/// are refused, so a misspelt `sessionID` is an error rather than a missing field. Every error is
/// `{"error": {"code", "message"}}` with the status above (`invalid_intent`, `malformed_request`, `not_found`,
/// `method_not_allowed`, `outbox_unavailable`, `internal`); the message is one sentence, never a stack or a key.
public enum RelayerHTTP {
    /// The most bytes an intent's body may have.
    public static let maximumBodySize = 16 * 1024

    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// The status and code of a relayer error.
    static func mapping(_ error: RelayerError) -> (HTTPResponse.Status, String) {
        switch error {
        case .invalidIntent: (.badRequest, "invalid_intent")
        case .malformedRequest: (.badRequest, "malformed_request")
        case .unknownIntent: (.notFound, "not_found")
        case .outboxUnavailable: (.serviceUnavailable, "outbox_unavailable")
        default: (.internalServerError, "internal")
        }
    }

    static func errorResponse(status: HTTPResponse.Status, code: String, message: String) -> Response {
        let body: JSONValue = .object(["error": .object(["code": .string(code), "message": .string(message)])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Turns every error into `{"error": {"code", "message"}}`: relayer errors by ``mapping(_:)``, Hummingbird's own
    /// (no route, wrong method) by their status, anything else into a bare 500 whose cause is logged, not sent.
    struct ErrorMiddleware: RouterMiddleware {
        typealias Context = BasicRequestContext
        let logger: Logger

        func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let error as RelayerError {
                let (status, code) = RelayerHTTP.mapping(error)
                if status == .internalServerError || status == .serviceUnavailable {
                    logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                }
                return RelayerHTTP.errorResponse(status: status, code: code, message: error.description)
            } catch let error as HTTPError {
                let code: String =
                    switch error.status {
                    case .notFound: "not_found"
                    case .methodNotAllowed: "method_not_allowed"
                    case .contentTooLarge: "malformed_request"
                    default: error.status.code < 500 ? "bad_request" : "internal"
                    }
                let message =
                    error.body
                    ?? "relayer: \(error.status.reasonPhrase.lowercased()): \(request.method) \(request.uri.path)"
                return RelayerHTTP.errorResponse(status: error.status, code: code, message: message)
            } catch {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                return RelayerHTTP.errorResponse(
                    status: .internalServerError, code: "internal", message: "relayer: internal error")
            }
        }
    }
}
