import Foundation
import JSONRPC

/// What feeds `eth_subscribe` over WebSocket: starts a subscription and streams its notifications.
///
/// The server owns the protocol side (subscription ids, `eth_subscription` messages, `eth_unsubscribe`, cleanup
/// when the connection closes); the source owns the meaning: which kinds exist (`newHeads`, `logs`, …), what their
/// params are, and what each notification's `result` is.
///
/// ```swift
/// struct Ticks: SubscriptionSource {
///     func subscribe(_ kind: String, params: [JSONValue]) throws(JSONRPCError) -> AsyncStream<SubscriptionEvent> {
///         guard kind == "ticks" else { throw .invalidParams("no \"\(kind)\" subscription") }
///         return AsyncStream { continuation in … continuation.yield(SubscriptionEvent(encoding: n)) … }
///     }
/// }
/// ```
public protocol SubscriptionSource: Sendable {
    /// Starts a subscription.
    ///
    /// The returned stream's elements are sent, in order, as `eth_subscription` notifications after the
    /// `eth_subscribe` response. When the client unsubscribes or disconnects, the server stops iterating the stream
    /// (its `onTermination` runs): release what the subscription holds there. When the source finishes the stream,
    /// the subscription ends without a message, as geth ends one. Choose the stream's buffering so that a slow client
    /// cannot make memory grow without bound.
    ///
    /// - Parameters:
    ///   - kind: the first param of `eth_subscribe` (`"newHeads"`, `"logs"`).
    ///   - params: the params after the kind (for `logs`, the filter object).
    /// - Throws: the ``JSONRPCError`` to answer `eth_subscribe` with: an unknown kind, or params that do not decode
    ///   (-32602).
    func subscribe(_ kind: String, params: [JSONValue]) throws(JSONRPCError) -> AsyncStream<SubscriptionEvent>
}

/// One notification's `result`, already encoded as JSON, so that an event shared by many subscribers (a new block
/// header) is encoded once.
public struct SubscriptionEvent: Sendable, Hashable {
    /// The `result` member's value as UTF-8 JSON text.
    public var json: [UInt8]

    /// An event whose result is this JSON text.
    ///
    /// - Parameter json: one complete JSON value, UTF-8; it is spliced into the notification as it is.
    public init(json: [UInt8]) {
        self.json = json
    }

    /// An event whose result is the JSON encoding of `value`.
    ///
    /// - Throws: the `EncodingError` of `value`'s `encode(to:)`.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        self.json = try [UInt8](encoder.encode(value))
    }
}
