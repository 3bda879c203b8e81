import AsyncHTTPClient
import Foundation
import JSONRPC
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// JSON-RPC over HTTP(S) to one node or several, with failover, a timeout per call, and retries for connection
/// failures only.
///
/// Each call POSTs the body with `Content-Type: application/json` and returns the response body. The endpoints are
/// tried in turn, starting with the last one that answered:
///
/// - **Connection failures** (refused, reset, DNS, TLS, the connection dropped before the whole answer arrived):
///   the next endpoint is tried at once. When every endpoint has failed, the round is retried after an exponential
///   backoff with full jitter (a random wait between zero and `initialBackoff · 2^(round − 1)`, capped at
///   `maximumBackoff`), up to ``Options/maximumRetries`` more rounds; then the call throws
///   ``JSONRPCClientError/unreachable(_:)`` naming each endpoint and its last failure.
/// - **An answer** is never retried, whatever it says: a JSON-RPC error, an HTTP error status, a malformed body. A
///   non-2xx status whose body is a JSON-RPC response is returned as the answer (some providers send rate-limit
///   errors that way); with any other body it throws ``JSONRPCClientError/badResponse(_:)``.
/// - **The timeout** (``Options/timeout``) bounds the whole call, retries and backoff included: when it passes
///   before an answer, the call throws ``JSONRPCClientError/timeout``. The node may still run the request.
///
/// A connection that drops after the request was written may have reached the node, so a retried
/// `eth_sendRawTransaction` can be answered `already known` (or `nonce too low` once mined) although the first
/// attempt succeeded; the transaction hash is the Keccak-256 of the raw bytes either way.
///
/// Endpoints are named in errors and events by scheme, host and port only: paths, queries and credentials (where
/// providers put API keys) never appear.
///
/// The transport owns an `HTTPClient` (AsyncHTTPClient) configured to report connection failures at once instead of
/// waiting out its own reconnection backoff, which failover needs. It is shut down when the transport is released,
/// or earlier with ``shutdown()``.
public final class HTTPTransport: JSONRPCTransport {
    /// How the transport connects, waits and retries.
    public struct Options: Sendable {
        /// The longest a call may take, retries and backoff included (30 s by default).
        public var timeout: Duration
        /// The longest one connection attempt may take before it counts as a connection failure (5 s by default).
        public var connectTimeout: Duration
        /// How many more rounds over the endpoints are tried after a round in which every endpoint failed to connect
        /// (2 by default; 0 tries each endpoint once).
        public var maximumRetries: Int
        /// The backoff cap of the first retry round (100 ms by default); it doubles each round.
        public var initialBackoff: Duration
        /// The largest backoff cap (5 s by default).
        public var maximumBackoff: Duration
        /// The largest response body accepted (64 MiB by default); a larger one is a bad response.
        public var maximumResponseSize: Int
        /// Extra HTTP headers sent with every request, such as `Authorization` (never shown in errors).
        public var headers: [(name: String, value: String)]
        /// Told of every connection failure and every backoff, for logs and metrics; called on the calling task.
        public var observer: (@Sendable (Event) -> Void)?

        /// Options with the defaults above, changed where given.
        public init(
            timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(5), maximumRetries: Int = 2,
            initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5),
            maximumResponseSize: Int = 64 << 20, headers: [(name: String, value: String)] = [],
            observer: (@Sendable (Event) -> Void)? = nil
        ) {
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.maximumRetries = max(0, maximumRetries)
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.maximumResponseSize = maximumResponseSize
            self.headers = headers
            self.observer = observer
        }
    }

    /// Something the transport did on the way to an answer, reported to ``Options/observer``.
    public enum Event: Sendable, Hashable, CustomStringConvertible {
        /// Connecting to (or reading from) an endpoint failed; the next endpoint, or a retry round, comes next.
        ///
        /// - `endpoint`: the endpoint's redacted name (`https://host:port`); `round`: 0 for the first pass over the
        ///   endpoints, then 1, 2… for retries; `reason`: what failed.
        case connectionFailed(endpoint: String, round: Int, reason: String)
        /// Every endpoint failed in round `round − 1`; the transport waits `delay` before round `round`.
        case backoff(round: Int, delay: Duration)

        /// One line for logs.
        public var description: String {
            switch self {
            case .connectionFailed(let endpoint, let round, let reason):
                "rpc: \(endpoint) failed in round \(round): \(reason)"
            case .backoff(let round, let delay): "rpc: every endpoint failed; round \(round) after \(delay)"
            }
        }
    }

    /// One endpoint: its URL (secret parts included, used only to connect) and the name shown in errors.
    struct Endpoint: Sendable {
        var url: String
        var name: String
    }

    private let endpoints: [Endpoint]
    private let invalidEndpoint: String?
    private let options: Options
    private let client: HTTPClient
    private let ownsClient: Bool
    /// The index of the endpoint that answered last: calls start there.
    private let preferred = Mutex(0)
    private let isShutDown = Mutex(false)

    /// A transport to these endpoints, tried in this order at first.
    ///
    /// - Parameters:
    ///   - urls: `http://` or `https://` URLs of JSON-RPC endpoints. An empty list, or a URL that is not an HTTP URL
    ///     with a host, makes every call throw ``JSONRPCClientError/invalidEndpoint(_:)``.
    ///   - options: timeouts, retries and headers.
    public convenience init(urls: [String], options: Options = .init()) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .nanoseconds(Self.nanoseconds(options.connectTimeout)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.init(urls: urls, options: options, client: client, ownsClient: true)
    }

    /// A transport that sends through an `HTTPClient` the caller owns (and shuts down).
    ///
    /// For failover to work, the client's `connectionPool.retryConnectionEstablishment` must be false; otherwise a
    /// dead endpoint holds each call until its connect timeout. ``Options/connectTimeout`` is not applied: the
    /// client's own connect timeout is.
    public convenience init(urls: [String], options: Options = .init(), client: HTTPClient) {
        self.init(urls: urls, options: options, client: client, ownsClient: false)
    }

    private init(urls: [String], options: Options, client: HTTPClient, ownsClient: Bool) {
        var endpoints: [Endpoint] = []
        var invalid: String?
        if urls.isEmpty { invalid = "no endpoint URL was given" }
        for url in urls {
            switch Self.name(of: url) {
            case .success(let name): endpoints.append(Endpoint(url: url, name: name))
            case .failure(let reason): invalid = invalid ?? reason.text
            }
        }
        self.endpoints = endpoints
        self.invalidEndpoint = invalid
        self.options = options
        self.client = client
        self.ownsClient = ownsClient
    }

    deinit {
        guard ownsClient, !isShutDown.withLock({ $0 }) else { return }
        // The client keeps itself alive until its connections are closed.
        client.shutdown { _ in }
    }

    /// Closes the transport's connections now. Calls made afterwards fail; without it, the connections close when
    /// the transport is released. Does nothing for a transport given a client it does not own.
    ///
    /// - Throws: the `HTTPClient`'s shutdown error.
    public func shutdown() async throws {
        guard ownsClient else { return }
        let first = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        if first { try await client.shutdown() }
    }

    /// The endpoints' redacted names, in the order given.
    public var endpointNames: [String] { endpoints.map(\.name) }

    // MARK: - Sending

    /// POSTs the body to the endpoints as the type's overview describes and returns the first answer.
    ///
    /// - Throws: ``JSONRPCClientError/invalidEndpoint(_:)``, ``JSONRPCClientError/unreachable(_:)``,
    ///   ``JSONRPCClientError/timeout``, ``JSONRPCClientError/cancelled`` or ``JSONRPCClientError/badResponse(_:)``.
    public func send(_ body: [UInt8]) async throws -> [UInt8] {
        if let invalidEndpoint { throw JSONRPCClientError.invalidEndpoint(invalidEndpoint) }
        if Task.isCancelled { throw JSONRPCClientError.cancelled }
        let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(options.timeout))
        let start = preferred.withLock { $0 }
        var lastFailure: [String?] = Array(repeating: nil, count: endpoints.count)
        for round in 0...options.maximumRetries {
            if round > 0 {
                let delay = backoff(round: round)
                if NIODeadline.now() + .nanoseconds(Self.nanoseconds(delay)) >= deadline { break }
                options.observer?(.backoff(round: round, delay: delay))
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw JSONRPCClientError.cancelled
                }
            }
            for offset in 0..<endpoints.count {
                let index = (start + offset) % endpoints.count
                let endpoint = endpoints[index]
                switch await exchange(body, with: endpoint, deadline: deadline) {
                case .answer(let answer):
                    preferred.withLock { $0 = index }
                    return answer
                case .failed(let error):
                    throw error
                case .connectionFailed(let reason):
                    lastFailure[index] = reason
                    options.observer?(.connectionFailed(endpoint: endpoint.name, round: round, reason: reason))
                }
            }
        }
        let attempts = options.maximumRetries + 1
        let detail = endpoints.indices.map { index in
            "\(endpoints[index].name) (\(lastFailure[index] ?? "not tried"))"
        }
        throw JSONRPCClientError.unreachable(
            "\(detail.joined(separator: ", ")); \(attempts) round\(attempts == 1 ? "" : "s") at most")
    }

    /// The result of one attempt at one endpoint.
    private enum Outcome {
        case answer([UInt8])
        case connectionFailed(String)
        case failed(JSONRPCClientError)
    }

    /// One POST to one endpoint, its failure sorted into "try elsewhere" and "stop".
    private func exchange(_ body: [UInt8], with endpoint: Endpoint, deadline: NIODeadline) async -> Outcome {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        for header in options.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: HTTPResponseStatus
        var buffer: ByteBuffer
        do {
            let response = try await client.execute(request, deadline: deadline)
            status = response.status
            buffer = try await response.body.collect(upTo: options.maximumResponseSize)
        } catch {
            return classify(error, endpoint: endpoint, deadline: deadline)
        }
        let answer = buffer.readBytes(length: buffer.readableBytes) ?? []
        guard (200..<300).contains(status.code) else {
            if Self.isJSONRPCResponse(answer) { return .answer(answer) }
            let excerpt = String(decoding: answer.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed(
                .badResponse(
                    "HTTP \(status.code) \(status.reasonPhrase) from \(endpoint.name)"
                        + (excerpt.isEmpty ? "" : ": \(excerpt)")))
        }
        return .answer(answer)
    }

    /// Sorts an error met before a whole answer arrived.
    private func classify(_ error: any Error, endpoint: Endpoint, deadline: NIODeadline) -> Outcome {
        if error is CancellationError { return .failed(.cancelled) }
        if error is NIOTooManyBytesError {
            return .failed(
                .badResponse(
                    "the answer from \(endpoint.name) is larger than \(options.maximumResponseSize) bytes"))
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .failed(.timeout)
            case .cancelled, .requestStreamCancelled:
                return .failed(NIODeadline.now() >= deadline ? .timeout : .cancelled)
            case .alreadyShutdown: return .failed(.unreachable("the transport was shut down"))
            case .invalidURL, .emptyHost, .emptyScheme:
                return .failed(.invalidEndpoint("\(endpoint.name): \(error)"))
            default: break
            }
        }
        if NIODeadline.now() >= deadline { return .failed(.timeout) }
        return .connectionFailed(Self.reason(error))
    }

    /// A short reason for a connection failure, free of URLs.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connect timeout"
            case .remoteConnectionClosed: return "connection closed before the answer"
            case .tlsHandshakeTimeout: return "TLS handshake timeout"
            default: return String(describing: error)
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset"
            case EPIPE: return "broken pipe"
            case ETIMEDOUT: return "connection timed out"
            case EHOSTUNREACH: return "host unreachable"
            case ENETUNREACH: return "network unreachable"
            default: return String(describing: error)
            }
        }
        if let error = error as? NIOConnectionError {
            if let dns = error.dnsAAAAError ?? error.dnsAError { return "name resolution failed: \(dns)" }
            if let first = error.connectionErrors.first { return reason(first.error) }
            return "connection failed"
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return "connect timeout"
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
                return "connection closed before the answer"
            default: return String(describing: error)
            }
        }
        return String(describing: error)
    }

    /// True when the body parses as a JSON-RPC response object or an array of them.
    private static func isJSONRPCResponse(_ body: [UInt8]) -> Bool {
        guard let value = try? JSONValue.parse(body) else { return false }
        func isResponse(_ value: JSONValue) -> Bool {
            guard case .object(let members) = value, case .string("2.0") = members["jsonrpc"] else { return false }
            return members["result"] != nil || members["error"] != nil
        }
        if case .array(let items) = value { return !items.isEmpty && items.allSatisfy(isResponse) }
        return isResponse(value)
    }

    /// A random wait in `0 ... min(maximumBackoff, initialBackoff · 2^(round − 1))`.
    private func backoff(round: Int) -> Duration {
        let cap = min(
            Self.nanoseconds(options.maximumBackoff),
            Self.nanoseconds(options.initialBackoff) << min(round - 1, 30))
        guard cap > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...cap))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The name of an endpoint shown in errors: `scheme://host[:port]`, nothing else.
    static func name(of url: String) -> Result<String, Reason> {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            return .failure(Reason("\(String(reflecting: redactedGuess(url))) is not a URL"))
        }
        guard scheme == "http" || scheme == "https" else {
            return .failure(Reason("\(scheme):// is not supported; use an http:// or https:// URL"))
        }
        guard let host = parsed.host?.lowercased(), !host.isEmpty else {
            return .failure(Reason("\(scheme):// URL without a host"))
        }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return .success("\(scheme)://\(shownHost)" + (parsed.port.map { ":\($0)" } ?? ""))
    }

    /// What can safely be shown of a string that is not a URL: up to the first `/`, `?`, `@` or `#` past the scheme.
    private static func redactedGuess(_ text: String) -> String {
        let afterScheme = text.range(of: "://").map { text[$0.upperBound...] } ?? Substring(text)
        let cut = afterScheme.firstIndex { "/?@#".contains($0) } ?? afterScheme.endIndex
        return String(text[..<cut]) + (cut == afterScheme.endIndex ? "" : "…")
    }

    /// Why an endpoint URL is refused.
    struct Reason: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}
