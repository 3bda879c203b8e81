import AsyncHTTPClient
import Foundation
public import JSONRPC
import NIOCore
import NIOHTTP1

/// An ``JSONRPC/IntentSink`` that hands intents to a relayer running in another process, through its HTTP face
/// (`POST /v1/intents`).
///
/// This is how the heartbeat reaches the relayer when the two are deployed apart (`metered heartbeat
/// --relayer-url …`); under `metered up` the relayer engine itself is the heartbeat's sink.
///
/// The relayer commits the intent to its durable outbox before it answers, and an intent submitted twice (same
/// `sessionId:action`) is one intent, so a submission whose answer was lost can simply be repeated: the heartbeat
/// engine retries a failed hand-over with a growing delay.
public final class RelayerHTTPSink: IntentSink {
    /// The relayer's base URL, such as `http://127.0.0.1:8601`.
    public let baseURL: String
    /// The longest one submission may take.
    public let timeout: Duration
    private let client: HTTPClient

    /// A sink posting to the relayer at `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: the relayer's base URL (`http://host:port`, an optional path prefix, no trailing `/v1`).
    ///   - timeout: the longest one submission may take (10 s by default).
    ///   - client: the HTTP client to use (the process-wide shared one by default).
    /// - Throws: ``BackendError/misconfigured(_:)`` when `baseURL` is not an `http` or `https` URL with a host.
    public init(baseURL: String, timeout: Duration = .seconds(10), client: HTTPClient = .shared) throws(BackendError) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else {
            throw .misconfigured("the relayer URL \(baseURL) is not an http:// or https:// URL with a host")
        }
        self.baseURL = base
        self.timeout = timeout
        self.client = client
    }

    /// Posts the intent and returns the key the relayer recorded it under.
    ///
    /// - Throws: ``BackendError/relayerUnreachable(url:reason:)`` when no answer came (the intent may or may not be
    ///   recorded: submit it again); ``BackendError/relayerRefused(status:code:message:)`` when the relayer refused
    ///   it (a malformed intent, an outbox that cannot commit); ``BackendError/relayerBadResponse(_:)`` for an
    ///   answer that is not an intent.
    public func submit(_ intent: SessionIntent) async throws -> String {
        var body: [String: JSONValue] = [
            "action": .string(intent.action.rawValue), "sessionId": .string(intent.sessionID.description),
        ]
        if let endedAt = intent.endedAt { body["endedAt"] = .string(String(endedAt)) }
        var request = HTTPClientRequest(url: baseURL + "/v1/intents")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(JSONValue.object(body))))

        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .init(timeout))
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw BackendError.relayerUnreachable(url: baseURL, reason: Self.reason(error))
        }
        let data = Data(buffer: bytes)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let (code, message) = Self.errorBody(data)
            throw BackendError.relayerRefused(status: status, code: code, message: message)
        }
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data),
            case .string(let key)? = members["key"]
        else {
            throw BackendError.relayerBadResponse("HTTP \(status) without a \"key\" member")
        }
        return key
    }

    /// `code` and `message` of a `{"error": {"code", "message"}}` body, or placeholders naming what came instead.
    static func errorBody(_ data: Data) -> (code: String, message: String) {
        if case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data),
            case .object(let error)? = members["error"]
        {
            let code: String = if case .string(let text)? = error["code"] { text } else { "unknown" }
            let message: String = if case .string(let text)? = error["message"] { text } else { "" }
            return (code, message)
        }
        let text = String(decoding: data.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return ("unknown", text.isEmpty ? "empty body" : text)
    }

    /// A one-line reason for a failed request.
    static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded { return "no answer in time" }
        return String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }
}
