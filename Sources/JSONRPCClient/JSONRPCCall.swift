import EthPrimitives
import JSONRPC

/// One JSON-RPC call and how to read its result: what ``JSONRPCClient/send(_:)`` sends alone and
/// ``JSONRPCClient/batch(_:)-(JSONRPCCall<each Value>...)`` sends together.
///
/// The Ethereum methods have factories named like the client's typed methods (``chainID()``,
/// ``balance(of:at:)``, …), so any of them can go in a batch: `client.batch(.chainID(), .balance(of: alice))`.
/// Other methods are built from their name, params and result type:
/// `JSONRPCCall("net_peerCount", as: Quantity<UInt64>.self)`.
public struct JSONRPCCall<Value: Sendable>: Sendable {
    /// The method's name.
    public var method: String
    /// The positional params.
    public var params: [JSONValue]
    /// Turns the result into a value; what it throws becomes a ``JSONRPCClientError/badResponse(_:)``.
    let decode: @Sendable (JSONValue) throws -> Value

    /// A call whose result decodes as `Value`.
    public init(_ method: String, params: [JSONValue] = [], as type: Value.Type) where Value: Decodable {
        self.init(method, params: params) { try $0.decode(Value.self) }
    }

    /// A call whose result is read by `decode`.
    ///
    /// - Parameter decode: reads the result; an error it throws is reported as a bad response naming the method.
    public init(_ method: String, params: [JSONValue] = [], decode: @escaping @Sendable (JSONValue) throws -> Value) {
        self.method = method
        self.params = params
        self.decode = decode
    }

    /// The call's value from its outcome.
    func read(_ outcome: Result<JSONValue, JSONRPCClientError>) throws(JSONRPCClientError) -> Value {
        let result = try outcome.get()
        do {
            return try decode(result)
        } catch {
            throw .badResponse(
                "the result of \(method) does not decode (\(describeDecodingError(error))): \(ResponseReading.excerpt(result.jsonBytes))"
            )
        }
    }
}

/// The JSON form of a parameter. The Ethereum types used here (addresses, hashes, block tags, requests, filters)
/// always encode; `null` would only stand for a value that cannot be written as JSON.
func parameter(_ value: some Encodable) -> JSONValue {
    (try? JSONValue(encoding: value)) ?? .null
}

// MARK: - Ethereum methods

extension JSONRPCCall where Value == UInt64 {
    /// `eth_chainId`: the chain id (EIP-155).
    public static func chainID() -> Self { quantity("eth_chainId") }

    /// `eth_blockNumber`: the number of the most recent block.
    public static func blockNumber() -> Self { quantity("eth_blockNumber") }

    /// `eth_getTransactionCount`: the account's nonce at a block (`.pending` counts the transactions in the pool).
    public static func transactionCount(of address: Address, at block: BlockTag = .latest) -> Self {
        quantity("eth_getTransactionCount", [parameter(address), parameter(block)])
    }

    /// `eth_estimateGas`: the gas the transaction would use; `block` nil leaves the block out (the node's default,
    /// `latest`, as older nodes require).
    public static func estimateGas(_ transaction: TransactionRequest, at block: BlockTag? = nil) -> Self {
        quantity("eth_estimateGas", [parameter(transaction)] + (block.map { [parameter($0)] } ?? []))
    }

    private static func quantity(_ method: String, _ params: [JSONValue] = []) -> Self {
        JSONRPCCall(method, params: params) { try $0.decode(Quantity<UInt64>.self).value }
    }
}

extension JSONRPCCall where Value == UInt256 {
    /// `eth_getBalance`: the account's balance in wei at a block.
    public static func balance(of address: Address, at block: BlockTag = .latest) -> Self {
        quantity("eth_getBalance", [parameter(address), parameter(block)])
    }

    /// `eth_gasPrice`: the node's suggested legacy gas price in wei.
    public static func gasPrice() -> Self { quantity("eth_gasPrice") }

    /// `eth_maxPriorityFeePerGas`: the node's suggested EIP-1559 priority fee in wei per gas.
    public static func maxPriorityFeePerGas() -> Self { quantity("eth_maxPriorityFeePerGas") }

    private static func quantity(_ method: String, _ params: [JSONValue] = []) -> Self {
        JSONRPCCall(method, params: params) { try $0.decode(Quantity<UInt256>.self).value }
    }
}

extension JSONRPCCall where Value == [UInt8] {
    /// `eth_getCode`: the account's code at a block (empty for an account without code).
    public static func code(at address: Address, block: BlockTag = .latest) -> Self {
        bytes("eth_getCode", [parameter(address), parameter(block)])
    }

    /// `eth_call`: the return data of a call run against a block's state, nothing mined. A revert is the node's
    /// error (``JSONRPCClientError/node(_:)``), its data in ``JSONRPCClientError/revertData``.
    public static func call(_ transaction: TransactionRequest, at block: BlockTag = .latest) -> Self {
        bytes("eth_call", [parameter(transaction), parameter(block)])
    }

    private static func bytes(_ method: String, _ params: [JSONValue]) -> Self {
        JSONRPCCall(method, params: params) { try $0.decode(HexBytes.self).bytes }
    }
}

extension JSONRPCCall where Value == Hash {
    /// `eth_sendRawTransaction`: submits a signed transaction (its EIP-2718 envelope bytes) and returns its hash.
    public static func sendRawTransaction(_ raw: [UInt8]) -> Self {
        JSONRPCCall("eth_sendRawTransaction", params: [.string(Hex.encode(raw))], as: Hash.self)
    }
}

extension JSONRPCCall where Value == FeeHistory {
    /// `eth_feeHistory`: base fees, gas used ratios and (for the percentiles asked, each in 0…100, rising) priority
    /// fees of up to `blockCount` blocks ending at `newest`.
    public static func feeHistory(blockCount: UInt64, newest: BlockTag, rewardPercentiles: [Double]) -> Self {
        JSONRPCCall(
            "eth_feeHistory",
            params: [.string(blockCount.quantity), parameter(newest), .array(rewardPercentiles.map { .number($0) })],
            as: FeeHistory.self)
    }
}

extension JSONRPCCall where Value == Transaction? {
    /// `eth_getTransactionByHash`: the transaction, pending or mined, or nil when the node does not know it.
    public static func transaction(byHash hash: Hash) -> Self {
        JSONRPCCall("eth_getTransactionByHash", params: [parameter(hash)], as: Transaction?.self)
    }
}

extension JSONRPCCall where Value == Receipt? {
    /// `eth_getTransactionReceipt`: the receipt of a mined transaction, or nil while it is pending or unknown.
    public static func receipt(of hash: Hash) -> Self {
        JSONRPCCall("eth_getTransactionReceipt", params: [parameter(hash)], as: Receipt?.self)
    }
}

extension JSONRPCCall where Value == Block? {
    /// `eth_getBlockByNumber` (or `eth_getBlockByHash` for a ``BlockTag/hash(_:requireCanonical:)`` tag): the block
    /// with its transactions' hashes, or whole transactions when `fullTransactions`; nil when there is no such block.
    public static func block(_ tag: BlockTag, fullTransactions: Bool = false) -> Self {
        if case .hash(let hash, _) = tag {
            return JSONRPCCall(
                "eth_getBlockByHash", params: [parameter(hash), .bool(fullTransactions)], as: Block?.self)
        }
        return JSONRPCCall("eth_getBlockByNumber", params: [parameter(tag), .bool(fullTransactions)], as: Block?.self)
    }
}

extension JSONRPCCall where Value == [Log] {
    /// `eth_getLogs`: the logs matching the filter.
    public static func logs(_ filter: LogFilter) -> Self {
        JSONRPCCall("eth_getLogs", params: [parameter(filter)], as: [Log].self)
    }
}

// MARK: - Typed methods

extension JSONRPCClient {
    /// `eth_chainId`: the chain id (EIP-155).
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func chainID() async throws(JSONRPCClientError) -> UInt64 { try await send(.chainID()) }

    /// `eth_blockNumber`: the number of the most recent block.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func blockNumber() async throws(JSONRPCClientError) -> UInt64 { try await send(.blockNumber()) }

    /// `eth_getBalance`: the account's balance in wei at a block.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func balance(of address: Address, at block: BlockTag = .latest) async throws(JSONRPCClientError) -> UInt256 {
        try await send(.balance(of: address, at: block))
    }

    /// `eth_getTransactionCount`: the account's nonce at a block; `.pending` counts the transactions in the pool.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func transactionCount(
        of address: Address, at block: BlockTag = .latest
    ) async throws(JSONRPCClientError) -> UInt64 {
        try await send(.transactionCount(of: address, at: block))
    }

    /// `eth_getCode`: the account's code at a block, empty for an account without code.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func code(at address: Address, block: BlockTag = .latest) async throws(JSONRPCClientError) -> [UInt8] {
        try await send(.code(at: address, block: block))
    }

    /// `eth_gasPrice`: the node's suggested legacy gas price in wei.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func gasPrice() async throws(JSONRPCClientError) -> UInt256 { try await send(.gasPrice()) }

    /// `eth_maxPriorityFeePerGas`: the node's suggested EIP-1559 priority fee in wei per gas.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func maxPriorityFeePerGas() async throws(JSONRPCClientError) -> UInt256 {
        try await send(.maxPriorityFeePerGas())
    }

    /// `eth_feeHistory`: base fees, gas used ratios and priority fee percentiles of up to `blockCount` blocks ending
    /// at `newest`.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func feeHistory(
        blockCount: UInt64, newest: BlockTag, rewardPercentiles: [Double]
    ) async throws(JSONRPCClientError) -> FeeHistory {
        try await send(.feeHistory(blockCount: blockCount, newest: newest, rewardPercentiles: rewardPercentiles))
    }

    /// `eth_estimateGas`: the gas the transaction would use; `block` nil leaves the param out.
    ///
    /// - Throws: ``JSONRPCClientError``; a transaction that would revert is the node's error, with
    ///   ``JSONRPCClientError/revertData``.
    public func estimateGas(
        _ transaction: TransactionRequest, at block: BlockTag? = nil
    ) async throws(JSONRPCClientError) -> UInt64 {
        try await send(.estimateGas(transaction, at: block))
    }

    /// `eth_call`: the return data of a call against a block's state.
    ///
    /// - Throws: ``JSONRPCClientError``; a revert is ``JSONRPCClientError/node(_:)`` (code 3 on geth and anvil)
    ///   with the revert data in ``JSONRPCClientError/revertData``.
    public func call(_ transaction: TransactionRequest, at block: BlockTag = .latest) async throws(JSONRPCClientError)
        -> [UInt8]
    {
        try await send(.call(transaction, at: block))
    }

    /// `eth_sendRawTransaction`: submits a signed transaction and returns its hash.
    ///
    /// - Throws: ``JSONRPCClientError``; a rejected transaction is ``JSONRPCClientError/node(_:)`` with the node's
    ///   reason (`nonce too low: next nonce 4, tx nonce 3`, `insufficient funds for gas * price + value: …`).
    public func sendRawTransaction(_ raw: [UInt8]) async throws(JSONRPCClientError) -> Hash {
        try await send(.sendRawTransaction(raw))
    }

    /// `eth_getTransactionByHash`: the transaction, or nil when the node does not know it.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func transaction(byHash hash: Hash) async throws(JSONRPCClientError) -> Transaction? {
        try await send(.transaction(byHash: hash))
    }

    /// `eth_getTransactionReceipt`: the receipt, or nil while the transaction is pending or unknown.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func receipt(of hash: Hash) async throws(JSONRPCClientError) -> Receipt? {
        try await send(.receipt(of: hash))
    }

    /// `eth_getBlockByNumber` or, for a hash tag, `eth_getBlockByHash`: the block, or nil when there is none.
    ///
    /// - Throws: ``JSONRPCClientError``.
    public func block(_ tag: BlockTag, fullTransactions: Bool = false) async throws(JSONRPCClientError) -> Block? {
        try await send(.block(tag, fullTransactions: fullTransactions))
    }

    /// `eth_getLogs`: the logs matching the filter.
    ///
    /// - Throws: ``JSONRPCClientError``; nodes refuse ranges too large for them with their own error.
    public func logs(_ filter: LogFilter) async throws(JSONRPCClientError) -> [Log] {
        try await send(.logs(filter))
    }
}
