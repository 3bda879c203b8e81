/// What the relayer's nonces should be after comparing its own record with the node's: the next nonce to reserve
/// and the gaps to fill.
///
/// The relayer keeps its next nonce locally (in the ``Outbox``) and reserves one, under the outbox's write lock,
/// only when a simulated intent is signed; the reservation and the signed transaction are committed together, so
/// a nonce is never reserved without a transaction that uses it. It resynchronises from
/// `eth_getTransactionCount(address, "pending")` on start and after the node answers `nonce too low` or
/// `nonce too high`:
///
/// - **next** = the larger of the local next nonce and the node's pending count: another sender with the same key
///   (an operator, a second instance by mistake) may have used nonces, and they must not be reused;
/// - **gaps** = the nonces from the node's pending count up to the local next nonce that hold no live transaction
///   of the relayer: their transaction was dropped and given up (the node refused it for good, or it was
///   abandoned). Until each is used, every later transaction is stuck, so each is filled with a zero-value
///   transfer to the relayer itself. Nonces below the pending count are already used by transactions the node
///   holds or mined, and live transactions at or above it are re-sent from their stored bytes, not replaced.
public struct NoncePlan: Sendable, Hashable, CustomStringConvertible {
    /// The next nonce to reserve.
    public var next: UInt64
    /// The nonces to fill with zero-value self-transfers, ascending.
    public var gaps: [UInt64]

    /// A plan with this next nonce and these gaps.
    public init(next: UInt64, gaps: [UInt64]) {
        self.next = next
        self.gaps = gaps
    }

    /// The plan for this state.
    ///
    /// - Parameters:
    ///   - localNext: the next nonce the outbox would reserve.
    ///   - chainPending: `eth_getTransactionCount(address, "pending")`: mined transactions plus those the node
    ///     holds in a row after them.
    ///   - live: the nonces of the relayer's transactions that may still be mined (signed or sent, not given up).
    public static func resync(localNext: UInt64, chainPending: UInt64, live: Set<UInt64>) -> NoncePlan {
        let next = max(localNext, chainPending)
        guard localNext > chainPending else { return NoncePlan(next: next, gaps: []) }
        let gaps = (chainPending..<localNext).filter { !live.contains($0) }
        return NoncePlan(next: next, gaps: gaps)
    }

    /// `next=N gaps=[a, b]`.
    public var description: String { "next=\(next) gaps=\(gaps)" }
}
