import ChainSim
import EthPrimitives
import Foundation
import JSONRPC

/// The `eth_subscribe` kinds of the local node, fed by the chain's mined blocks:
///
/// - `newHeads`: each new block's header (the block as `eth_getBlockByNumber` gives it, without `transactions`,
///   `uncles`, `size` and `totalDifficulty`, as geth sends headers);
/// - `logs`, with an optional filter object of `address` and `topics`: each matching log of each new block, one
///   notification per log, in block order (`removed` is always false: a simulated chain never reorganises).
///
/// `newPendingTransactions` is not offered (the pool does not report admissions); asking for it, or any other kind,
/// is a -32601 error in geth's words.
struct ChainSubscriptions: SubscriptionSource {
    let chain: Chain
    /// The most notifications one subscription holds before its connection's writer takes them.
    var buffer: Int = 10_000

    func subscribe(_ kind: String, params: [JSONValue]) throws(JSONRPCError) -> AsyncStream<SubscriptionEvent> {
        switch kind {
        case "newHeads":
            guard params.isEmpty else { throw .invalidParams("too many arguments, want at most 1") }
            return stream { event in [Self.header(event.block)] }
        case "logs":
            guard params.count <= 1 else { throw .invalidParams("too many arguments, want at most 2") }
            var parsed = LogFilter()
            if let first = params.first, first != .null {
                do {
                    parsed = try first.decode(LogFilter.self)
                } catch {
                    throw .invalidParams("invalid argument 1: \(error)")
                }
            }
            let filter = parsed
            return stream { event in
                event.logs.filter { FilterRegistry.matches($0, filter) }.compactMap {
                    try? SubscriptionEvent(encoding: $0)
                }
            }
        default:
            throw NodeError.unknownSubscription(kind).jsonRPCError
        }
    }

    /// A stream of the events `events` makes of each mined block; it stops observing when the subscriber leaves.
    private func stream(_ events: @escaping @Sendable (NewBlockEvent) -> [SubscriptionEvent])
        -> AsyncStream<SubscriptionEvent>
    {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SubscriptionEvent.self, bufferingPolicy: .bufferingOldest(buffer))
        let token = chain.onNewBlock { event in
            for notification in events(event) { continuation.yield(notification) }
        }
        let chain = self.chain
        continuation.onTermination = { _ in chain.removeObserver(token) }
        return stream
    }

    /// A block header as geth's `newHeads` sends it.
    static func header(_ block: Block) -> SubscriptionEvent {
        // A block always encodes; the fallback is never taken.
        guard case .object(var members) = (try? JSONValue(encoding: block)) ?? .null else {
            return SubscriptionEvent(json: Array("null".utf8))
        }
        for key in ["transactions", "uncles", "size", "totalDifficulty", "withdrawals"] {
            members.removeValue(forKey: key)
        }
        return SubscriptionEvent(json: JSONValue.object(members).jsonBytes)
    }
}
