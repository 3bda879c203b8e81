public import ABI

/// What a reverted simulation (`eth_call` of the escrow call) means for the intent.
///
/// The escrow's revert reasons are short stable strings (docs/contracts.md, "Revert reasons"); each is judged once
/// here:
///
/// | reason | verdict | why |
/// |---|---|---|
/// | `escrow: not active`, `escrow: not funded`, `escrow: not funded or active` | ``moot(_:)`` | the session has moved on (stopped, settled, cancelled, started): it never comes back |
/// | `escrow: unknown session` | ``moot(_:)`` | there is no such session to act on |
/// | `escrow: ended in future`, `escrow: cap not reached` | ``wait(_:)`` | the chain's clock is behind the intent's: the next blocks fix it |
/// | anything else (`escrow: not relayer`, `escrow: ended before start`, a panic, no data) | ``failed(_:)`` | no retry fixes it: the key is not a relayer, the intent is wrong |
public enum SimulationVerdict: Sendable, Hashable {
    /// The call can no longer do anything: finish the intent as ``IntentState/moot``, never retried.
    case moot(String)
    /// The call will succeed once the chain's time catches up: simulate again later.
    case wait(String)
    /// The call cannot succeed: finish the intent as ``IntentState/failed``.
    case failed(String)

    /// The reasons that make an intent moot.
    public static let mootReasons: Set<String> = [
        "escrow: not active", "escrow: not funded", "escrow: not funded or active", "escrow: unknown session",
    ]
    /// The reasons that depend only on the chain's clock.
    public static let waitReasons: Set<String> = ["escrow: ended in future", "escrow: cap not reached"]

    /// The verdict for a simulation that reverted with `reason`.
    public static func judge(_ reason: RevertReason) -> SimulationVerdict {
        if case .error(let message) = reason {
            if mootReasons.contains(message) { return .moot(message) }
            if waitReasons.contains(message) { return .wait(message) }
            return .failed(message)
        }
        return .failed(reason.description)
    }
}
