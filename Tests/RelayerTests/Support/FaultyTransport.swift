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
    /// What a rule does with a matching `eth_sendRawTransaction`.
    enum Misbehaviour: Sendable {
        /// Answers this error instead of passing the request on.
        case answer(JSONRPCError)
        /// Answers the transaction's hash without passing it on: accepted, then dropped.
        case swallow
        /// Fails as if the node could not be reached (the request may or may not have arrived).
        case unreachable
    }

    /// A rule for `eth_sendRawTransaction`: when `matches` says yes for the raw bytes, misbehave (while `remaining`
    /// is above zero; nil means always).
    struct SendRule {
        var matches: @Sendable ([UInt8]) -> Bool
        var misbehaviour: Misbehaviour
        var remaining: Int?
    }

    private struct State {
        var unreachable = false
        var sendRules: [SendRule] = []
        var methodRules: [(method: String, misbehaviour: Misbehaviour, remaining: Int)] = []
        var methods: [String] = []
        var rawSends: [[UInt8]] = []
    }

    private let inner: any JSONRPCTransport
    private let state = Mutex(State())

    init(_ inner: any JSONRPCTransport) { self.inner = inner }

    /// Makes every request fail as if no endpoint answered.
    func setUnreachable(_ flag: Bool) { state.withLock { $0.unreachable = flag } }

    /// Misbehaves on matching raw transactions (`remaining` times, or always).
    func onSend(
        times remaining: Int? = nil, _ misbehaviour: Misbehaviour,
        matching matches: @escaping @Sendable ([UInt8]) -> Bool = { _ in true }
    ) {
        state.withLock {
            $0.sendRules.append(SendRule(matches: matches, misbehaviour: misbehaviour, remaining: remaining))
        }
    }

    /// Misbehaves on the next `times` calls of `method`.
    func onMethod(_ method: String, times: Int, _ misbehaviour: Misbehaviour) {
        state.withLock { $0.methodRules.append((method, misbehaviour, times)) }
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
            if let index = state.methodRules.firstIndex(where: { $0.method == method && $0.remaining > 0 }) {
                state.methodRules[index].remaining -= 1
                switch state.methodRules[index].misbehaviour {
                case .answer(let error): return .fail(error)
                case .swallow: return .swallow
                case .unreachable: return .down
                }
            }
            guard let raw else { return .pass }
            for index in state.sendRules.indices where state.sendRules[index].matches(raw) {
                if let remaining = state.sendRules[index].remaining {
                    guard remaining > 0 else { continue }
                    state.sendRules[index].remaining = remaining - 1
                }
                switch state.sendRules[index].misbehaviour {
                case .answer(let error): return .fail(error)
                case .swallow: return .swallow
                case .unreachable: return .down
                }
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
