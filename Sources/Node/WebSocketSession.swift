import HummingbirdWebSocket
import JSONRPC
import Logging
import Synchronization

/// One WebSocket connection: JSON-RPC requests in, their responses and subscription notifications out.
///
/// Each text (or binary) message is a request or a batch, answered in arrival order through the connection's own
/// dispatcher: the server's methods plus `eth_subscribe` and `eth_unsubscribe`, bound to this connection's
/// subscriptions. Everything sent goes through one bounded queue drained by one writer, so a response and a
/// notification never interleave and a fragmented message stays whole. A client too slow to drain the queue is
/// disconnected (close code 1008, "subscription queue overflow"), as geth does, rather than letting memory grow.
struct WebSocketSession: Sendable {
    let dispatcher: JSONRPCDispatcher
    let subscriptions: (any SubscriptionSource)?
    let limits: JSONRPCServer.Configuration
    let logger: Logger

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (queue, continuation) = AsyncStream<[UInt8]>.makeStream(
            bufferingPolicy: .bufferingOldest(limits.maximumQueuedMessages))
        let overflow = OverflowFlag()
        let send: @Sendable ([UInt8]) -> Void = { message in
            if case .dropped = continuation.yield(message) {
                overflow.raise()
                continuation.finish()
            }
        }
        let table = SubscriptionTable(limit: limits.maximumSubscriptionsPerConnection)
        let dispatcher = connectionDispatcher(table: table)
        defer {
            table.closeAll()
            continuation.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in queue {
                    try await outbound.writeTextMessage(String(decoding: message, as: UTF8.self))
                }
                if overflow.isRaised {
                    logger.notice("closing a WebSocket connection whose client does not read its notifications")
                    try await outbound.close(.policyViolation, reason: "subscription queue overflow")
                }
            }
            group.addTask {
                defer { continuation.finish() }
                var messages = inbound.messages(maxSize: limits.maximumBodySize).makeAsyncIterator()
                while let message = try await messages.next() {
                    let body: [UInt8] =
                        switch message {
                        case .text(let text): Array(text.utf8)
                        case .binary(let buffer): Array(buffer.readableBytesView)
                        }
                    if let reply = await dispatcher.handle(body: body) { send(reply) }
                    // Subscriptions made by this message start only now, after their eth_subscribe response.
                    table.activatePending(send: send)
                }
            }
            // The reader ends when the client closes; the writer when the queue overflows or a write fails. Either
            // way the connection is done.
            try await group.next()
            group.cancelAll()
        }
    }

    /// The server's dispatcher plus the subscription methods of this connection.
    private func connectionDispatcher(table: SubscriptionTable) -> JSONRPCDispatcher {
        var dispatcher = self.dispatcher
        guard let subscriptions else { return dispatcher }
        dispatcher.register(
            "eth_subscribe",
            rawParams: { params throws(JSONRPCError) -> String in
                guard case .positional(let values) = params ?? .positional([]) else {
                    throw .invalidParams("invalid params: eth_subscribe takes positional params (an array)")
                }
                guard case .string(let kind)? = values.first else {
                    throw .invalidParams("invalid argument 0: expected the subscription's name, such as \"newHeads\"")
                }
                let stream = try subscriptions.subscribe(kind, params: Array(values.dropFirst()))
                return try table.add(stream)
            })
        dispatcher.register("eth_unsubscribe") { (id: String) throws -> Bool in
            guard table.remove(id) else {
                throw JSONRPCError(code: JSONRPCError.serverErrorCode, message: "subscription not found")
            }
            return true
        }
        return dispatcher
    }
}

/// Set once the outgoing queue has dropped a message.
private final class OverflowFlag: Sendable {
    private let raised = Atomic(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// The subscriptions of one connection: made (pending until their response is queued), forwarding, or ended.
final class SubscriptionTable: Sendable {
    private struct State {
        var pending: [(id: String, stream: AsyncStream<SubscriptionEvent>)] = []
        var active: [String: Task<Void, Never>] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Records a new subscription and returns its id; it forwards nothing until ``activatePending(send:)``.
    ///
    /// - Throws: -32005 when the connection already has `limit` subscriptions.
    func add(_ stream: AsyncStream<SubscriptionEvent>) throws(JSONRPCError) -> String {
        let id = Self.newID()
        let added = state.withLock { state -> Bool in
            guard !state.closed, state.pending.count + state.active.count < limit else { return false }
            state.pending.append((id, stream))
            return true
        }
        guard added else {
            throw .limitExceeded("too many subscriptions on this connection (at most \(limit))")
        }
        return id
    }

    /// Ends a subscription; false when the id is unknown (or already ended).
    func remove(_ id: String) -> Bool {
        state.withLock { state -> Bool in
            if let task = state.active.removeValue(forKey: id) {
                task.cancel()
                return true
            }
            if let index = state.pending.firstIndex(where: { $0.id == id }) {
                state.pending.remove(at: index)
                return true
            }
            return false
        }
    }

    /// Starts forwarding the subscriptions made since the last call.
    func activatePending(send: @escaping @Sendable ([UInt8]) -> Void) {
        state.withLock { state in
            for (id, stream) in state.pending {
                let prefix = Array(
                    #"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"\#(id)","result":"#.utf8)
                state.active[id] = Task { [weak self] in
                    for await event in stream {
                        var message = prefix
                        message.reserveCapacity(prefix.count + event.json.count + 2)
                        message.append(contentsOf: event.json)
                        message.append(contentsOf: "}}".utf8)
                        send(message)
                    }
                    self?.ended(id)
                }
            }
            state.pending.removeAll()
        }
    }

    /// Ends every subscription: the connection closed.
    func closeAll() {
        let tasks = state.withLock { state in
            state.closed = true
            state.pending.removeAll()
            defer { state.active.removeAll() }
            return Array(state.active.values)
        }
        for task in tasks { task.cancel() }
    }

    /// The number of subscriptions made and not ended.
    var count: Int { state.withLock { $0.pending.count + $0.active.count } }

    /// The source finished a stream: forget it.
    private func ended(_ id: String) {
        _ = state.withLock { $0.active.removeValue(forKey: id) }
    }

    /// A random id as geth makes them: `0x` and 32 hex digits.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return "0x" + digits(generator.next()) + digits(generator.next())
    }
}
