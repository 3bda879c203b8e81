import ChainSim
import Contracts
import EthPrimitives
import JSONRPC
import JSONRPCClient
import Secp256k1
import Testing
import Transactions

@testable import Node

/// The genesis timestamp of the test chains: 2025-01-01T00:00:00Z.
let genesisTime: UInt64 = 1_735_689_600

/// A node on the Metered genesis with a clock the test moves, and a client talking to it in process.
struct TestNode {
    let clock: ManualUnixClock
    let chain: Chain
    let node: LocalNode
    let client: JSONRPCClient

    init(filterTimeout: Duration = .seconds(300), automine: Bool = true) throws {
        clock = ManualUnixClock(start: Double(genesisTime) + 1)
        var config = LocalNode.meteredConfig(genesisTimestamp: genesisTime)
        config.automine = automine
        chain = try Chain(config: config, clock: clock)
        node = LocalNode(chain: chain, filterTimeout: filterTimeout)
        client = JSONRPCClient(transport: InProcessTransport(dispatcher: node.dispatcher))
    }

    /// Calls a method and returns its raw result.
    func call(_ method: String, _ params: [JSONValue] = []) async throws(JSONRPCClientError) -> JSONValue {
        try await client.request(method, params: params, as: JSONValue.self)
    }

    /// The node's error for a call that must fail.
    func failure(_ method: String, _ params: [JSONValue] = []) async -> JSONRPCError? {
        do {
            let result = try await call(method, params)
            Issue.record("\(method) succeeded with \(result)")
            return nil
        } catch {
            guard let node = error.nodeError else {
                Issue.record("\(method) failed without the node's error: \(error)")
                return nil
            }
            return node
        }
    }

    /// Signs an EIP-1559 transaction from development account `from` and sends it.
    @discardableResult
    func send(
        from account: Int, to: Address?, value: UInt256 = 0, data: [UInt8] = [], gas: UInt64 = 300_000,
        nonce: UInt64? = nil, chainID: UInt64 = 31337
    ) async throws -> Hash {
        try await client.sendRawTransaction(
            raw(from: account, to: to, value: value, data: data, gas: gas, nonce: nonce, chainID: chainID))
    }

    /// The raw bytes of a signed EIP-1559 transaction from development account `from`.
    func raw(
        from account: Int, to: Address?, value: UInt256 = 0, data: [UInt8] = [], gas: UInt64 = 300_000,
        nonce: UInt64? = nil, chainID: UInt64 = 31337, maxFee: UInt256 = 10_000_000_000
    ) async throws -> [UInt8] {
        let key = MeteredGenesis.devAccounts[account].privateKey
        let next: UInt64
        if let nonce {
            next = nonce
        } else {
            next = try await client.transactionCount(of: key.address, at: .pending)
        }
        let transaction = EIP1559Transaction(
            chainID: chainID, nonce: next, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: maxFee, gasLimit: gas,
            to: to, value: value, data: data)
        return try transaction.sign(with: key).encode()
    }

    /// Development account `index`.
    func account(_ index: Int) -> Address { MeteredGenesis.accounts[index] }
}

/// A JSON string value.
func string(_ text: String) -> JSONValue { .string(text) }

extension JSONValue {
    /// The integer, or nil.
    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The array, or empty.
    var array: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }
}
