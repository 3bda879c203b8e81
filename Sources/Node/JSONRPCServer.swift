import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import JSONRPC
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Serves a ``JSONRPCDispatcher`` over HTTP and WebSocket on one port, as Ethereum nodes do.
///
/// **HTTP.** `POST` to one of the ``Configuration/paths`` (`/` and `/rpc` by default) with a JSON body: a request or
/// a batch, answered by the dispatcher with HTTP 200 whatever the JSON-RPC outcome (a parse error is a -32700
/// response, an invalid request -32600, as the specification says). The HTTP layer answers for itself only where
/// geth does:
/// - `415 Unsupported Media Type` when `Content-Type` is not `application/json` (or `application/json-rpc`,
///   `application/jsonrequest`; parameters such as `charset` allowed);
/// - `413 Payload Too Large` past ``Configuration/maximumBodySize`` (5 MiB, geth's limit);
/// - `405 Method Not Allowed` for methods other than `POST`, `GET` and `OPTIONS` (with `Allow`);
/// - `GET` without upgrade is a health check: `200` with an empty body;
/// - `404 Not Found` for other paths.
/// A notification (or a batch of notifications only) gets `200` with an empty body.
///
/// **CORS.** Browser apps on another origin may call the node: a request with an `Origin` that
/// ``Configuration/allowedOrigins`` admits gets `Access-Control-Allow-Origin`, and preflight `OPTIONS` requests are
/// answered with `204` and the allowed methods and headers. WebSocket upgrades from an origin not admitted get `403`.
///
/// **WebSocket.** A `GET` upgrade on the same paths opens a connection carrying the same JSON-RPC, one request or
/// batch per message, plus `eth_subscribe`/`eth_unsubscribe` when a ``SubscriptionSource`` is given; notifications
/// arrive as `eth_subscription` messages. Over HTTP, `eth_subscribe` answers -32601 `notifications not supported`, as
/// geth does.
///
/// **Lifecycle.** The server is a `Service`: run it in a `ServiceGroup` (with `gracefulShutdownSignals: [.sigterm,
/// .sigint]` in a process). On graceful shutdown it stops accepting connections, finishes the requests in flight,
/// closes WebSocket connections with 1000 (normal closure), and returns.
public final class JSONRPCServer: Service, Sendable {
    /// Where the server listens and the limits it enforces.
    public struct Configuration: Sendable {
        /// The interface to listen on (`127.0.0.1` by default: loopback only).
        public var host: String
        /// The port (8545 by default; 0 picks a free port, read back with ``JSONRPCServer/listeningPort()``).
        public var port: Int
        /// The paths that answer JSON-RPC (`/` and `/rpc` by default).
        public var paths: Set<String>
        /// The largest request body (HTTP) or message (WebSocket) accepted, in bytes (5 MiB by default).
        public var maximumBodySize: Int
        /// Which browser origins may call the node.
        public var allowedOrigins: AllowedOrigins
        /// Whether WebSocket upgrades are accepted (true by default).
        public var webSocket: Bool
        /// The most subscriptions one WebSocket connection may hold (1000 by default); more is a -32005 error.
        public var maximumSubscriptionsPerConnection: Int
        /// The most messages queued for one WebSocket client (20 000 by default, geth's figure); a client that falls
        /// further behind is disconnected.
        public var maximumQueuedMessages: Int
        /// The `Server` header, or nil for none.
        public var serverName: String?

        /// A configuration with the defaults above, changed where given.
        public init(
            host: String = "127.0.0.1", port: Int = 8545, paths: Set<String> = ["/", "/rpc"],
            maximumBodySize: Int = 5 * 1024 * 1024, allowedOrigins: AllowedOrigins = .any, webSocket: Bool = true,
            maximumSubscriptionsPerConnection: Int = 1000, maximumQueuedMessages: Int = 20_000,
            serverName: String? = nil
        ) {
            self.host = host
            self.port = port
            self.paths = paths
            self.maximumBodySize = maximumBodySize
            self.allowedOrigins = allowedOrigins
            self.webSocket = webSocket
            self.maximumSubscriptionsPerConnection = maximumSubscriptionsPerConnection
            self.maximumQueuedMessages = maximumQueuedMessages
            self.serverName = serverName
        }
    }

    /// The browser origins admitted by CORS and WebSocket origin checks.
    public enum AllowedOrigins: Sendable, Hashable {
        /// Any origin (`Access-Control-Allow-Origin: *`), as anvil and Hardhat allow by default: right for a local
        /// development node.
        case any
        /// Only these origins (`https://app.example`), echoed back when they match exactly.
        case only(Set<String>)
        /// No cross-origin access: no CORS headers, and WebSocket upgrades that carry an `Origin` are refused.
        case none

        func admits(_ origin: String) -> Bool {
            switch self {
            case .any: true
            case .only(let origins): origins.contains(origin)
            case .none: false
            }
        }
    }

    /// The configuration the server was made with.
    public let configuration: Configuration
    /// The dispatcher of HTTP requests: the given one, with the subscription methods answering that HTTP cannot
    /// carry notifications.
    private let dispatcher: JSONRPCDispatcher
    /// The given dispatcher, to which each WebSocket connection adds its own subscription methods.
    private let webSocketDispatcher: JSONRPCDispatcher
    private let subscriptions: (any SubscriptionSource)?
    private let logger: Logger
    private let bound = BoundPort()

    /// A server for `dispatcher`.
    ///
    /// - Parameters:
    ///   - dispatcher: answers every request (HTTP and WebSocket).
    ///   - subscriptions: feeds `eth_subscribe` over WebSocket; nil leaves the subscription methods to the
    ///     dispatcher (which usually does not have them: -32601).
    ///   - configuration: address, paths and limits.
    ///   - logger: where the server logs connections and failures.
    public init(
        dispatcher: JSONRPCDispatcher, subscriptions: (any SubscriptionSource)? = nil,
        configuration: Configuration = .init(), logger: Logger = Logger(label: "metered.node")
    ) {
        self.configuration = configuration
        self.subscriptions = subscriptions
        self.logger = logger
        var httpDispatcher = dispatcher
        if subscriptions != nil {
            for method in ["eth_subscribe", "eth_unsubscribe"] {
                httpDispatcher.register(
                    method,
                    rawParams: { _ throws(JSONRPCError) -> Bool in
                        throw JSONRPCError(
                            code: JSONRPCError.methodNotFoundCode, message: "notifications not supported")
                    })
            }
        }
        self.dispatcher = httpDispatcher
        self.webSocketDispatcher = dispatcher
    }

    /// The port the server listens on, once it does; nil when the server stopped or failed to start.
    ///
    /// Waits until the server is bound (or has given up), so a test can start ``run()`` in a task and then ask. A
    /// server may be run again after it stopped; the port is then the new run's.
    public func listeningPort() async -> Int? {
        await bound.wait()
    }

    /// Runs the server until graceful shutdown (or cancellation).
    ///
    /// - Throws: the error that stopped the server, such as the address being in use.
    public func run() async throws {
        bound.reset()
        defer { bound.set(nil) }
        try await makeApplication().run()
    }

    /// The Hummingbird application ``run()`` runs: also what in-process tests drive.
    func makeApplication() -> Application<HTTPFace> {
        let configuration = self.configuration
        let responder = HTTPFace(dispatcher: dispatcher, configuration: configuration, logger: logger)
        let session = WebSocketSession(
            dispatcher: webSocketDispatcher, subscriptions: subscriptions, limits: configuration, logger: logger)
        let server: HTTPServerBuilder =
            configuration.webSocket
            ? .http1WebSocketUpgrade(
                configuration: .init(
                    ws: .init(maxFrameSize: configuration.maximumBodySize, autoPing: .enabled(timePeriod: .seconds(30)))
                )
            ) { head, _, _ in
                guard Self.isUpgradeAllowed(head, configuration: configuration) else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await session.run(inbound: inbound, outbound: outbound)
                }
            }
            : .http1()
        let bound = self.bound
        return Application(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: configuration.serverName),
            onServerRunning: { channel in bound.set(channel.localAddress?.port) },
            logger: logger)
    }

    /// Whether a WebSocket upgrade request may go ahead: a served path, and an admitted origin when there is one.
    static func isUpgradeAllowed(_ head: HTTPRequest, configuration: Configuration) -> Bool {
        guard configuration.paths.contains(HTTPFace.path(of: head.path ?? "/")) else { return false }
        // A browser sends one Origin; should a client send several, every one must be admitted.
        return head.headerFields[values: .origin].allSatisfy(configuration.allowedOrigins.admits)
    }
}

/// The port once bound, and the tasks waiting for it.
private final class BoundPort: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int?, Never>])
        case known(Int?)
    }

    private let state = Mutex(State.waiting([]))

    func set(_ port: Int?) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int?, Never>] in
            defer { state = .known(port) }
            if case .waiting(let waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Forgets a port from an earlier run, so that waiters wait for this one.
    func reset() {
        state.withLock { state in
            if case .known = state { state = .waiting([]) }
        }
    }

    func wait() async -> Int? {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> Int?? in
                switch state {
                case .known(let port): return .some(port)
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return .none
                }
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}

/// The HTTP side: status codes, CORS, body limit, then the dispatcher.
struct HTTPFace: HTTPResponder {
    typealias Context = BasicRequestContext

    let dispatcher: JSONRPCDispatcher
    let configuration: JSONRPCServer.Configuration
    let logger: Logger

    static let acceptedContentTypes: Set<String> = [
        "application/json", "application/json-rpc", "application/jsonrequest",
    ]

    func respond(to request: Request, context: Context) async throws -> Response {
        var cors = HTTPFields()
        if let origin = request.headers[.origin], configuration.allowedOrigins.admits(origin) {
            if case .any = configuration.allowedOrigins {
                cors[.accessControlAllowOrigin] = "*"
            } else {
                cors[.accessControlAllowOrigin] = origin
                cors[.vary] = "Origin"
            }
        }
        guard configuration.paths.contains(Self.path(of: request.uri.path)) else {
            return Self.text(.notFound, "not found", extra: cors)
        }
        switch request.method {
        case .options:
            var headers = cors
            if cors[.accessControlAllowOrigin] != nil {
                headers[.accessControlAllowMethods] = "POST, GET, OPTIONS"
                headers[.accessControlAllowHeaders] =
                    request.headers[.accessControlRequestHeaders] ?? "Content-Type, Authorization"
                headers[.accessControlMaxAge] = "600"
            }
            headers[.allow] = "POST, GET, OPTIONS"
            return Response(status: .noContent, headers: headers)
        case .get, .head:
            if request.headers[.upgrade] != nil,
                !request.headers[values: .origin].allSatisfy(configuration.allowedOrigins.admits)
            {
                return Self.text(.forbidden, "origin not allowed", extra: cors)
            }
            return Response(status: .ok, headers: cors)
        case .post:
            return try await post(request, cors: cors)
        default:
            var headers = cors
            headers[.allow] = "POST, GET, OPTIONS"
            return Self.text(.methodNotAllowed, "method not allowed", extra: headers)
        }
    }

    private func post(_ request: Request, cors: HTTPFields) async throws -> Response {
        let mediaType = request.headers[.contentType]?
            .split(separator: ";", maxSplits: 1).first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard let mediaType, Self.acceptedContentTypes.contains(mediaType) else {
            return Self.text(
                .unsupportedMediaType, "invalid content type, only application/json is supported", extra: cors)
        }
        let limit = configuration.maximumBodySize
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return Self.text(.contentTooLarge, "content length too large (\(declared)>\(limit))", extra: cors)
        }
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return Self.text(.contentTooLarge, "content length too large (>\(limit))", extra: cors)
        }
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        var headers = cors
        guard let reply = await dispatcher.handle(body: bytes) else {
            return Response(status: .ok, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply)))
    }

    /// The path without its query, `/` for an empty one.
    static func path(of target: some StringProtocol) -> String {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return path.isEmpty ? "/" : String(path)
    }

    private static func text(_ status: HTTPResponse.Status, _ message: String, extra: HTTPFields) -> Response {
        var headers = extra
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
