import EthPrimitives
import JSONRPC

/// Why a JSON-RPC call failed: the one error type of the `JSONRPCClient` module.
///
/// The cases say who failed. ``unreachable(_:)``, ``timeout`` and ``cancelled`` mean no answer came back: the
/// request may or may not have reached a node. ``node(_:)`` is the node's own answer, kept whole. ``badResponse(_:)``
/// is an answer that is not what JSON-RPC 2.0 promises (or does not decode as the method's result type).
public enum JSONRPCClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every endpoint failed to connect (or dropped the connection) on every attempt. The text names the endpoints by
    /// scheme, host and port only (never their paths, queries or credentials, which often hold API keys) and says
    /// what went wrong with each.
    case unreachable(String)
    /// No answer came back within the configured timeout. The node may still have run the request.
    case timeout
    /// The task making the call was cancelled before an answer came back.
    case cancelled
    /// The node answered with a JSON-RPC error object: its code, message and `data`, exactly as sent.
    case node(JSONRPCError)
    /// The answer is not a valid JSON-RPC 2.0 response to the request, or its result does not decode as the method's
    /// result type; the text says which rule was broken.
    case badResponse(String)
    /// An endpoint URL cannot be used (not `http` or `https`, no host); thrown before anything is sent.
    case invalidEndpoint(String)

    /// One line saying what failed, starting with `rpc:`.
    public var description: String {
        switch self {
        case .unreachable(let detail): "rpc: no endpoint could be reached: \(detail)"
        case .timeout: "rpc: no answer before the timeout; the node may still have run the request"
        case .cancelled: "rpc: the call was cancelled before an answer came back"
        case .node(let error):
            if let data = error.data {
                "rpc: the node answered error \(error.code): \(error.message) (data: \(String(decoding: data.jsonBytes, as: UTF8.self)))"
            } else {
                "rpc: the node answered error \(error.code): \(error.message)"
            }
        case .badResponse(let detail): "rpc: bad response: \(detail)"
        case .invalidEndpoint(let detail): "rpc: invalid endpoint: \(detail)"
        }
    }

    /// The node's error object when the node answered with one.
    public var nodeError: JSONRPCError? {
        if case .node(let error) = self { return error }
        return nil
    }

    /// The return data of a reverted call (`eth_call`, `eth_estimateGas`, `eth_sendRawTransaction` on nodes that
    /// execute on submission), or nil when this is not a revert or the node sent no data.
    ///
    /// Nodes put it in different places, all of which are read:
    /// - geth, anvil, Erigon, Besu, Reth and Metered's node: `data` is the `0x` hex string;
    /// - Nethermind: `data` is `"Reverted 0x…"`;
    /// - Hardhat: `data` is an object whose `data` member is the hex string;
    /// - Ganache 7: `data` is an object whose `result` (or older `return`) member is the hex string.
    ///
    /// Only an error that is a revert is read: code 3 (`execution reverted`), a message that mentions a revert, or
    /// Nethermind's `Reverted` data.
    /// `0x` alone is an empty revert (`revert()` with no reason) and gives `[]`.
    public var revertData: [UInt8]? {
        guard case .node(let error) = self, let data = error.data else { return nil }
        if case .string(let text) = data, text.hasPrefix("Reverted ") { return Self.revertBytes(in: data) }
        guard error.code == JSONRPCError.executionRevertedCode || error.message.lowercased().contains("revert")
        else { return nil }
        return Self.revertBytes(in: data)
    }

    private static func revertBytes(in value: JSONValue) -> [UInt8]? {
        switch value {
        case .string(let text):
            var hex = Substring(text)
            if hex.hasPrefix("Reverted ") { hex = hex.dropFirst("Reverted ".count) }
            return try? Hex.decode(hex, requirePrefix: true)
        case .object(let members):
            for key in ["data", "result", "return"] {
                if let inner = members[key], let bytes = revertBytes(in: inner) { return bytes }
            }
            return nil
        default:
            return nil
        }
    }
}
