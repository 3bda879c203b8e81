import JSONRPC

/// Why the node refused a request of its own making (the chain's refusals are `ChainError`s): the one error type of
/// the `Node` module.
///
/// Each case maps to the JSON-RPC error a node answers with (``jsonRPCError``), in geth's or anvil's words where
/// they have one.
public enum NodeError: Error, Hashable, Sendable, CustomStringConvertible, JSONRPCErrorConvertible {
    /// `eth_getFilterChanges`, `eth_getFilterLogs` or `eth_uninstallFilter` with an id the node does not hold: never
    /// made, uninstalled, or expired after going unpolled for the filter timeout.
    case filterNotFound(String)
    /// `eth_subscribe` with a subscription kind the node does not offer.
    case unknownSubscription(String)
    /// A parameter the node understands but cannot honour (state overrides: ChainSim runs models of its contracts,
    /// not bytecode whose storage could be overridden).
    case unsupported(String)

    /// The message a node answers with.
    public var message: String {
        switch self {
        case .filterNotFound: "filter not found"
        case .unknownSubscription(let kind): "no \(String(reflecting: kind)) subscription in eth namespace"
        case .unsupported(let what): what
        }
    }

    /// "node: " and what went wrong.
    public var description: String {
        switch self {
        case .filterNotFound(let id): "node: filter not found: \(id)"
        default: "node: \(message)"
        }
    }

    /// -32000 for an unknown filter (geth), -32601 for an unknown subscription (geth), -32602 for an unsupported
    /// parameter.
    public var jsonRPCError: JSONRPCError {
        switch self {
        case .filterNotFound: JSONRPCError(code: JSONRPCError.serverErrorCode, message: message)
        case .unknownSubscription: JSONRPCError(code: JSONRPCError.methodNotFoundCode, message: message)
        case .unsupported: .invalidParams(message)
        }
    }
}
