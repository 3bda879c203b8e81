/// Why the relayer refused or could not do something. The one error type of the `Relayer` module; descriptions
/// start with `relayer:` and read as one sentence, and none ever contains key material.
public enum RelayerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The intent is malformed (`endedAt` missing for `stopAt`, or given for another action); the reason says
    /// which rule it broke.
    case invalidIntent(String)
    /// An HTTP request body that is not the expected JSON; the reason names the field.
    case malformedRequest(String)
    /// No intent has this idempotency key.
    case unknownIntent(String)
    /// The outbox's database could not be opened, read or written; nothing was committed.
    case outboxUnavailable(String)
    /// The outbox at this path was made for another account or chain; opening it with this key would mix two
    /// accounts' nonces.
    case outboxBelongsToAnotherAccount(stored: String, given: String)
    /// A state change the intent state machine does not allow (a bug, or the database edited by hand).
    case illegalTransition(key: String, from: IntentState, to: IntentState)
    /// The nonce is already reserved in the outbox (a bug, or the database edited by hand).
    case nonceAlreadyReserved(UInt64)
    /// The signing key could not be loaded; the reason says from where and why (never the key itself).
    case keyUnavailable(String)
    /// The node serves another chain than the one configured.
    case wrongChain(expected: UInt64, actual: UInt64)
    /// The relayer is not configured correctly; the reason says what to change.
    case misconfigured(String)

    /// One sentence starting with `relayer:`.
    public var description: String {
        switch self {
        case .invalidIntent(let reason):
            "relayer: invalid intent: \(reason.hasPrefix("intent: ") ? String(reason.dropFirst(8)) : reason)"
        case .malformedRequest(let reason): "relayer: malformed request: \(reason)"
        case .unknownIntent(let key): "relayer: no intent with key \(key)"
        case .outboxUnavailable(let reason): "relayer: the outbox cannot be used: \(reason)"
        case .outboxBelongsToAnotherAccount(let stored, let given):
            "relayer: the outbox belongs to \(stored), not \(given); give each key and chain its own outbox file"
        case .illegalTransition(let key, let from, let to):
            "relayer: intent \(key) cannot move from \(from) to \(to)"
        case .nonceAlreadyReserved(let nonce): "relayer: nonce \(nonce) is already reserved in the outbox"
        case .keyUnavailable(let reason): "relayer: no signing key: \(reason)"
        case .wrongChain(let expected, let actual):
            "relayer: the node serves chain \(actual), but the relayer is configured for chain \(expected)"
        case .misconfigured(let reason): "relayer: \(reason)"
        }
    }
}
