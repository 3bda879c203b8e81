import EthPrimitives
import Foundation
import JSONRPC
import JSONRPCClient
import Synchronization

/// A transport in front of another that records every request and can misbehave on demand, as real networks and
/// nodes do: be unreachable, or answer a chosen `eth_sendRawTransaction` with an error of its own (a node policy
/// the in-process chain does not have), or swallow a transaction (accept it and drop it, as a node restarting with
/// an empty pool does).
final class FaultyTransport: JSONRPCTransport {
    /// A rule for `eth_sendRawTransaction`: when `matches` says yes for the raw bytes, answer `error` instead of
    /// passing the request on (while `remaining` is above zero; nil means always).
    struct SendRule {
        var matches: @Sendable ([UInt8]) -> Bool
        var error: JSONRPCError?
        var remaining: Int?
    }

    private struct State {
        var unreachable = false
        var sendRules: [SendRule] = []
        var methods: [String] = []
        var rawSends: [[UInt8]] = []
    }

    private let inner: any JSONRPCTransport
    private let state = Mutex(State())

    init(_ inner: any JSONRPCTransport) { self.inner = inner }

    /// Makes every request fail as if no endpoint answered.
    func setUnreachable(_ flag: Bool) { state.withLock { $0.unreachable = flag } }

    /// Answers matching raw transactions with `error` (`remaining` times, or always); a nil error makes the node
    /// accept them (it answers their hash) without ever passing them on: a dropped transaction.
    func onSend(
        times remaining: Int? = nil, error: JSONRPCError?, matching matches: @escaping @Sendable ([UInt8]) -> Bool
    ) {
        state.withLock { $0.sendRules.append(SendRule(matches: matches, error: error, remaining: remaining)) }
    }

    /// Every method called, in order.
    var methods: [String] { state.withLock { $0.methods } }
    /// Every raw transaction handed to `eth_sendRawTransaction`, in order (passed on or not).
    var rawSends: [[UInt8]] { state.withLock { $0.rawSends } }
    /// Forgets what was recorded.
    func clearRecords() {
        state.withLock {
            $0.methods = []
            $0.rawSends = []
        }
    }

    func send(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try? JSONValue.parse(body)
        var method = ""
        var id: JSONValue = .null
        var raw: [UInt8]?
        if case .object(let members)? = request {
            if case .string(let name)? = members["method"] { method = name }
            id = members["id"] ?? .null
            if method == "eth_sendRawTransaction", case .array(let params)? = members["params"],
                case .string(let hex)? = params.first
            {
                raw = try? Hex.decode(hex, requirePrefix: true)
            }
        }
        enum Decision {
            case pass
            case fail(JSONRPCError)
            case swallow, down
        }
        let decision: Decision = state.withLock { state in
            state.methods.append(method)
            if let raw { state.rawSends.append(raw) }
            if state.unreachable { return .down }
            guard let raw else { return .pass }
            for index in state.sendRules.indices where state.sendRules[index].matches(raw) {
                if let remaining = state.sendRules[index].remaining {
                    guard remaining > 0 else { continue }
                    state.sendRules[index].remaining = remaining - 1
                }
                return state.sendRules[index].error.map(Decision.fail) ?? .swallow
            }
            return .pass
        }
        switch decision {
        case .pass:
            return try await inner.send(body)
        case .down:
            throw JSONRPCClientError.unreachable("http://127.0.0.1:1: connection refused")
        case .fail(let error):
            return Self.encode(["jsonrpc": .string("2.0"), "id": id, "error": try JSONValue(encoding: error)])
        case .swallow:
            let hash = Keccak256.hash(raw ?? []).hexString
            return Self.encode(["jsonrpc": .string("2.0"), "id": id, "result": .string(hash)])
        }
    }

    private static func encode(_ members: [String: JSONValue]) -> [UInt8] {
        Array((try? JSONEncoder().encode(JSONValue.object(members))) ?? Data())
    }
}
