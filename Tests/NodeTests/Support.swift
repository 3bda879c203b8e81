import EthPrimitives
import HummingbirdWSClient
import JSONRPC
import Logging
import NIOCore
import Synchronization
import Testing

@testable import Node

/// A logger that prints nothing.
let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// Parses JSON text written in a test.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(Array(text.utf8))
    } catch {
        Issue.record("test JSON does not parse: \(text)")
        return .null
    }
}

/// A small dispatcher for transport tests.
func echoDispatcher() -> JSONRPCDispatcher {
    var dispatcher = JSONRPCDispatcher()
    dispatcher.register("eth_chainId") { () in Quantity<UInt64>(31337) }
    dispatcher.register("echo") { (value: JSONValue) in value }
    dispatcher.register("fail") { () throws -> Bool in
        throw JSONRPCError(code: -32000, message: "nonce too low", data: .string("0x01"))
    }
    return dispatcher
}

/// Runs a server on a free loopback port for the duration of `body`.
@discardableResult
func withServer<T: Sendable>(
    _ dispatcher: JSONRPCDispatcher = echoDispatcher(), subscriptions: (any SubscriptionSource)? = nil,
    configuration: JSONRPCServer.Configuration = .init(),
    _ body: @Sendable (_ port: Int) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    let server = JSONRPCServer(
        dispatcher: dispatcher, subscriptions: subscriptions, configuration: configuration, logger: quiet)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await server.run()
            return nil
        }
        guard let port = await server.listeningPort() else {
            group.cancelAll()
            throw ServerDidNotStart()
        }
        defer { group.cancelAll() }
        return try await body(port)
    }
}

struct ServerDidNotStart: Error {}

/// A subscription source of numbered ticks, pushed by the test.
final class TickSource: SubscriptionSource {
    private struct State {
        var next = 0
        var live: [Int: AsyncStream<SubscriptionEvent>.Continuation] = [:]
        var ended = 0
        var params: [[JSONValue]] = []
    }

    private let state = Mutex(State())

    func subscribe(_ kind: String, params: [JSONValue]) throws(JSONRPCError) -> AsyncStream<SubscriptionEvent> {
        guard kind == "ticks" else {
            throw JSONRPCError(code: -32602, message: "no \"\(kind)\" subscription in eth namespace")
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: SubscriptionEvent.self, bufferingPolicy: .bufferingOldest(100_000))
        let number = state.withLock { state in
            defer { state.next += 1 }
            state.live[state.next] = continuation
            state.params.append(params)
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.live[number] = nil
                state.ended += 1
            }
        }
        return stream
    }

    /// Sends `json` to every live subscription.
    func tick(_ json: String) {
        let live = state.withLock { Array($0.live.values) }
        for continuation in live { continuation.yield(SubscriptionEvent(json: Array(json.utf8))) }
    }

    /// Ends every live subscription from the source's side.
    func finishAll() {
        let live = state.withLock { Array($0.live.values) }
        for continuation in live { continuation.finish() }
    }

    var liveCount: Int { state.withLock { $0.live.count } }
    var endedCount: Int { state.withLock { $0.ended } }
    var allParams: [[JSONValue]] { state.withLock { $0.params } }

    /// Waits (up to two seconds) until `condition` holds.
    func wait(until condition: @Sendable (TickSource) -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }
}

/// Reads messages off a WebSocket as JSON.
struct MessageReader {
    var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(_ inbound: WebSocketInboundStream) {
        iterator = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
    }

    /// The next message parsed as JSON, or nil when the connection closed.
    mutating func next() async throws -> JSONValue? {
        guard let message = try await iterator.next() else { return nil }
        switch message {
        case .text(let text): return try JSONValue.parse(Array(text.utf8))
        case .binary(let buffer): return try JSONValue.parse(Array(buffer.readableBytesView))
        }
    }
}

extension JSONValue {
    /// A member of an object, or null.
    subscript(_ key: String) -> JSONValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    /// The string, or nil.
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
