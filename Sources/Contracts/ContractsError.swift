import ABI
import EthPrimitives

/// Why typed bindings refused calldata, return data, a log, revert data or a value.
///
/// This is the one error type of `Contracts`. Each case is named after the rule broken and says which function,
/// event or field it concerns; encoding failures keep the ``ABI/ABIError`` that names the broken ABI rule and its
/// byte offset. The description starts with `contracts:` and reads as one sentence a user can act on.
public enum ContractsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Calldata whose first four bytes are no function of the contract; `nil` when it is shorter than a selector.
    case unknownSelector(Selector?)
    /// Calldata (or revert data) for another function (or error) than the one asked for: the `signature` asked for,
    /// its selector, and the selector found (`nil` when the data is shorter than four bytes).
    case selectorMismatch(signature: String, expected: Selector, actual: Selector?)
    /// Bytes that are not a valid encoding of what they were read as. `context` says what was being read
    /// (`calldata of stopSessionAt(uint256,uint256)`); `reason` is the ABI rule broken, with its byte offset.
    case invalidEncoding(context: String, reason: ABIError)
    /// A log with the wrong number of topics for the event `signature` (the signature topic counts unless the
    /// event is anonymous).
    case topicCountMismatch(signature: String, expected: Int, actual: Int)
    /// A log whose first topic is not the signature hash of the event `signature`.
    case eventTopicMismatch(signature: String, expected: Hash, actual: Hash)
    /// A topic (by its index in the log's topics) that cannot hold the indexed value the event `signature` puts
    /// there: dirty bits above an `address` or `uintN`, a `bool` other than 0 or 1.
    case invalidTopic(signature: String, index: Int, reason: ABIError)
    /// A log whose first topic is no (non-anonymous) event of the contract; `nil` when it has no topics.
    case unknownEvent(topic: Hash?)
    /// A value too large for its ABI type (`2^96` for a `uint96` field): `field` names it (`order.amounts[2]`).
    case valueOutOfRange(field: String, type: ABIType, value: String)
    /// A byte string or fixed array of the wrong size for its ABI type (3 bytes for a `bytes4` field, 2 elements
    /// for a `uint256[3]` one): `field` names it.
    case wrongCount(field: String, type: ABIType, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .unknownSelector(let selector?):
            "contracts: the selector \(selector) is no function of this contract (check the address and the ABI)"
        case .unknownSelector(nil):
            "contracts: the calldata is shorter than a 4-byte selector, so it calls no function (a plain transfer)"
        case .selectorMismatch(let signature, let expected, let actual?):
            "contracts: the data starts with \(actual), not \(expected) of \(signature)"
        case .selectorMismatch(let signature, let expected, nil):
            "contracts: the data is shorter than the selector \(expected) of \(signature)"
        case .invalidEncoding(let context, let reason):
            "contracts: the \(context) is malformed: \(Self.withoutPrefix(reason))"
        case .topicCountMismatch(let signature, let expected, let actual):
            "contracts: a \(signature) log has \(expected) topic\(expected == 1 ? "" : "s"), this one has \(actual)"
        case .eventTopicMismatch(let signature, let expected, let actual):
            "contracts: the log's first topic \(actual) is not \(expected), the hash of \(signature)"
        case .invalidTopic(let signature, let index, let reason):
            "contracts: topic \(index) of the \(signature) log is malformed: \(Self.withoutPrefix(reason))"
        case .unknownEvent(let topic?):
            "contracts: the log's first topic \(topic) is no event of this contract (check the emitter and the ABI)"
        case .unknownEvent(nil):
            "contracts: the log has no topics, so it names no event (anonymous events are decoded by their own type)"
        case .valueOutOfRange(let field, let type, let value):
            "contracts: \(field) is \(value), which does not fit in \(type)"
        case .wrongCount(let field, let type, let expected, let actual):
            "contracts: \(field) must have exactly \(expected) \(Self.unit(of: type)) for \(type), not \(actual)"
        }
    }

    /// An ABI error's description without its `abi: ` prefix, to follow ours.
    private static func withoutPrefix(_ error: ABIError) -> String {
        let text = error.description
        return text.hasPrefix("abi: ") ? String(text.dropFirst(5)) : text
    }

    private static func unit(of type: ABIType) -> String {
        if case .fixedBytes = type { "bytes" } else { "elements" }
    }
}
