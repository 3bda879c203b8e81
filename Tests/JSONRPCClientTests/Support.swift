import EthPrimitives
import Hummingbird
import JSONRPC
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import JSONRPCClient
@testable import Node

/// A logger that prints nothing: the servers of these tests would otherwise log every connection.
let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `body` with a JSON-RPC server for `dispatcher` listening on a free loopback port, then stops the server.
@discardableResult
func withNode<T: Sendable>(
    _ dispatcher: JSONRPCDispatcher, configuration: JSONRPCServer.Configuration = .init(),
    _ body: @Sendable (_ url: String) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    let server = JSONRPCServer(dispatcher: dispatcher, configuration: configuration, logger: quiet)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await server.run()
            return nil
        }
        guard let port = await server.listeningPort() else {
            Issue.record("the server did not start")
            group.cancelAll()
            throw CancellationError()
        }
        do {
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Runs `body` with a Hummingbird server that answers every POST with what `answer` returns for the request body:
/// for answers no well-behaved node gives.
@discardableResult
func withCannedServer<T: Sendable>(
    answer: @escaping @Sendable (CannedRequest) -> (status: HTTPResponse.Status, body: String),
    then body: @Sendable (_ url: String, _ requests: RequestCounter) async throws -> T
) async throws -> T {
    let counter = RequestCounter()
    let router = Router()
    let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
        counter.increment()
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let parsed = try? JSONValue.parse(Array(bytes.readableBytesView))
        let (status, text) = answer(
            CannedRequest(path: request.uri.path, authorization: request.headers[.authorization], json: parsed))
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
    router.post("/", use: handler)
    router.post("**", use: handler)
    let ready = PortBox()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { ready.set($0.localAddress?.port ?? 0) }, logger: quiet)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.run()
            return nil
        }
        let port = await ready.wait()
        do {
            let result = try await body("http://127.0.0.1:\(port)", counter)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// What the canned server saw of a request.
struct CannedRequest: Sendable {
    var path: String
    var authorization: String?
    var json: JSONValue?
}

/// Runs `body` with a TCP server that accepts every connection and closes it at once, counting them: an endpoint
/// that is up but never answers.
@discardableResult
func withSlammingServer<T: Sendable>(_ body: @Sendable (_ url: String, _ accepted: RequestCounter) async throws -> T)
    async throws -> T
{
    let counter = RequestCounter()
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { child in
            counter.increment()
            return child.close()
        }
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    do {
        let result = try await body("http://127.0.0.1:\(port)", counter)
        try await channel.close()
        return result
    } catch {
        try? await channel.close()
        throw error
    }
}

/// A loopback URL on which nothing listens: a port that was bound and released.
func deadURL() async throws -> String {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return "http://127.0.0.1:\(port)"
}

/// Counts events across tasks.
final class RequestCounter: Sendable {
    private let value = Atomic(0)
    func increment() { value.add(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}

/// Collects the transport's events.
final class EventLog: Sendable {
    private let events = Mutex<[HTTPTransport.Event]>([])
    func record(_ event: HTTPTransport.Event) { events.withLock { $0.append(event) } }
    var all: [HTTPTransport.Event] { events.withLock { $0 } }
    var connectionFailures: Int {
        all.filter { if case .connectionFailed = $0 { true } else { false } }.count
    }
    var backoffs: Int {
        all.filter { if case .backoff = $0 { true } else { false } }.count
    }
}

/// A port number handed from the server's start callback to the test.
final class PortBox: Sendable {
    private let state = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    func set(_ port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func wait() async -> Int {
        await withCheckedContinuation { continuation in
            let port = state.withLock { state -> Int? in
                if let port = state.port { return port }
                state.waiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }
}

/// Parses JSON text written in a test.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(Array(text.utf8))
    } catch {
        Issue.record("test JSON does not parse: \(text)")
        return .null
    }
}

/// An address whose last byte is `last`.
func address(_ last: UInt8) -> Address {
    var bytes = [UInt8](repeating: 0, count: 20)
    bytes[19] = last
    return try! Address(bytes)
}

/// A hash whose bytes are all `byte`.
func hash(_ byte: UInt8) -> Hash {
    try! Hash([UInt8](repeating: byte, count: 32))
}
