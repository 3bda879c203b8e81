import ABI
import EthPrimitives

/// One log of a contract event, with its parameters: what a receipt or `eth_getLogs` returns, decoded.
///
/// Generated bindings declare one conforming struct per event (`SessionEscrow.SessionStopped`), its stored
/// properties the event's parameters in declaration order. An indexed parameter of a dynamic type (`string`,
/// `bytes`, an array or a tuple) is stored in the log only as the Keccak-256 of its encoding, so its property is
/// that ``EthPrimitives/Hash``. Each struct also has a static `topicFilter(…)` taking its indexed parameters as
/// optionals, for `eth_getLogs` and `eth_newFilter`.
///
/// ```swift
/// let settled = try SessionEscrow.Settled.decode(topics: log.topics, data: log.data)
/// let filter = SessionEscrow.Settled.topicFilter(sessionId: 7)    // [[topic], [0x…07]]
/// ```
public protocol ContractEvent: Sendable, Hashable {
    /// The canonical signature: `Settled(uint256,uint256,uint256)`.
    static var signature: String { get }
    /// The Keccak-256 of ``signature``: the first topic of every log of the event, unless it is anonymous.
    static var topic: Hash { get }
    /// Whether the event is anonymous: its logs do not start with ``topic``, so only its own type can read them.
    static var isAnonymous: Bool { get }

    /// The log's topics (``topic`` unless anonymous, then one per indexed parameter) and data (the ABI encoding
    /// of the other parameters), as the contract's `LOG` instruction writes them.
    func encode() -> (topics: [Hash], data: [UInt8])

    /// Reads a log of this event.
    ///
    /// Data is decoded strictly (only the canonical encoding); indexed values are checked like data words.
    ///
    /// - Throws: ``ContractsError/topicCountMismatch(signature:expected:actual:)``,
    ///   ``ContractsError/eventTopicMismatch(signature:expected:actual:)`` for a log of another event,
    ///   ``ContractsError/invalidTopic(signature:index:reason:)`` or
    ///   ``ContractsError/invalidEncoding(context:reason:)`` for values that break an ABI rule.
    static func decode(topics: [Hash], data: [UInt8]) throws(ContractsError) -> Self
}
