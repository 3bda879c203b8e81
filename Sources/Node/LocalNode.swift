import ChainSim
import EthPrimitives
import JSONRPC
import Logging
import ServiceLifecycle

/// The local node: a ``ChainSim/Chain`` behind the JSON-RPC methods wallets, web3 libraries and test scripts call.
///
/// ```swift
/// let chain = try Chain(config: config, clock: SystemUnixClock())
/// let node = LocalNode(chain: chain)
/// let group = ServiceGroup(
///     services: node.services(configuration: .init(port: 8545)),
///     gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// The methods (see ``methods``) answer as geth and anvil do: the `eth_`, `net_` and `web3_` methods with JSON-RPC's
/// strict quantities and geth's error messages (the chain's, in `ChainError`), and the test-node methods
/// (`evm_*`, `anvil_setBalance`) with the parameter shapes anvil takes (numbers as JSON numbers, hex or decimal
/// strings). The dispatcher can be served by ``JSONRPCServer`` or called in process (`InProcessTransport`).
public final class LocalNode: Sendable {
    /// The chain the node serves.
    public let chain: Chain
    /// What `web3_clientVersion` answers.
    public let clientVersion: String
    /// The dispatcher answering every method.
    public let dispatcher: JSONRPCDispatcher
    let filters: FilterRegistry

    /// `Metered/v0.1.0`: the default ``clientVersion``.
    public static let defaultClientVersion = "Metered/v0.1.0"

    /// A node serving `chain`.
    ///
    /// - Parameters:
    ///   - chain: the chain.
    ///   - clientVersion: what `web3_clientVersion` answers.
    ///   - filterTimeout: how long a polling filter may go unpolled before it is dropped (geth: 5 minutes).
    ///   - reportInternalError: told of failures that are answered only as -32603 `internal error`.
    public init(
        chain: Chain, clientVersion: String = LocalNode.defaultClientVersion, filterTimeout: Duration = .seconds(300),
        reportInternalError: (@Sendable (_ method: String, _ error: any Error) -> Void)? = nil
    ) {
        self.chain = chain
        self.clientVersion = clientVersion
        let filters = FilterRegistry(chain: chain, timeout: filterTimeout)
        self.filters = filters
        var dispatcher = JSONRPCDispatcher(reportInternalError: reportInternalError)
        Self.registerEthereum(&dispatcher, chain: chain, clientVersion: clientVersion)
        Self.registerFilters(&dispatcher, filters: filters)
        Self.registerTestMethods(&dispatcher, chain: chain)
        self.dispatcher = dispatcher
    }

    /// The `eth_subscribe` kinds over WebSocket: `newHeads` and `logs`.
    public var subscriptions: any SubscriptionSource { ChainSubscriptions(chain: chain) }

    /// The JSON-RPC server of this node (HTTP and WebSocket).
    public func server(
        configuration: JSONRPCServer.Configuration = .init(), logger: Logger = Logger(label: "metered.node")
    ) -> JSONRPCServer {
        JSONRPCServer(
            dispatcher: dispatcher, subscriptions: subscriptions, configuration: configuration, logger: logger)
    }

    /// The services to run for this node: its server and the interval miner (idle while interval mining is off).
    public func services(
        configuration: JSONRPCServer.Configuration = .init(), logger: Logger = Logger(label: "metered.node")
    ) -> (server: JSONRPCServer, miner: IntervalMiner) {
        (server(configuration: configuration, logger: logger), IntervalMiner(chain: chain, logger: logger))
    }

    /// Every method the node answers, sorted.
    public var methods: [String] { dispatcher.methods }

    // MARK: - eth_, net_, web3_

    private static func registerEthereum(_ d: inout JSONRPCDispatcher, chain: Chain, clientVersion: String) {
        d.register("web3_clientVersion") { () in clientVersion }
        d.register("web3_sha3") { (data: HexBytes) in Keccak256.hash(data.bytes) }
        d.register("net_version") { () in String(chain.chainID) }
        d.register("net_listening") { () in true }
        d.register("net_peerCount") { () in Quantity<UInt64>(0) }
        d.register("eth_chainId") { () in Quantity(chain.chainID) }
        d.register("eth_syncing") { () in false }
        d.register("eth_mining") { () in chain.automine || chain.intervalMining != nil }
        d.register("eth_blockNumber") { () in Quantity(chain.blockNumber) }
        d.register("eth_accounts") { () in chain.accounts }
        d.register("eth_coinbase") { () in chain.config.coinbase }
        d.register("eth_getBalance") { (address: Address, block: BlockTag?) throws in
            Quantity(try chain.balance(of: address, at: block ?? .latest))
        }
        d.register("eth_getTransactionCount") { (address: Address, block: BlockTag?) throws in
            Quantity(try chain.nonce(of: address, at: block ?? .latest))
        }
        d.register("eth_getCode") { (address: Address, block: BlockTag?) throws in
            HexBytes(try chain.code(at: address, block: block ?? .latest))
        }
        d.register("eth_gasPrice") { () in Quantity(chain.gasPrice) }
        d.register("eth_maxPriorityFeePerGas") { () in Quantity(chain.maxPriorityFeePerGas) }
        d.register("eth_feeHistory") {
            (count: LenientNumber<UInt64>, newest: BlockTag, percentiles: [Double]?) throws in
            try chain.feeHistory(blockCount: count.value, newestBlock: newest, rewardPercentiles: percentiles)
        }
        d.register("eth_call") {
            (request: TransactionRequest, block: BlockTag?, state: JSONValue?, overrides: BlockOverridesParam?) throws
            in
            try refuseStateOverrides(state)
            return HexBytes(try chain.call(request, at: block ?? .latest, overrides: overrides?.overrides))
        }
        d.register("eth_estimateGas") {
            (request: TransactionRequest, block: BlockTag?, state: JSONValue?, overrides: BlockOverridesParam?) throws
            in
            try refuseStateOverrides(state)
            return Quantity(try chain.estimateGas(request, at: block ?? .latest, overrides: overrides?.overrides))
        }
        d.register("eth_sendRawTransaction") { (raw: HexBytes) throws in try chain.sendRawTransaction(raw.bytes) }
        d.register("eth_getTransactionByHash") { (hash: Hash) in chain.transaction(hash: hash) }
        d.register("eth_getTransactionReceipt") { (hash: Hash) in chain.receipt(hash: hash) }
        d.register("eth_getBlockByNumber") { (tag: BlockTag, full: Bool?) in
            chain.block(tag, fullTransactions: full ?? false)
        }
        d.register("eth_getBlockByHash") { (hash: Hash, full: Bool?) in
            chain.block(hash: hash, fullTransactions: full ?? false)
        }
        d.register("eth_getLogs") { (filter: LogFilter) throws in try chain.logs(filter: filter) }
    }

    /// State overrides (`eth_call`'s third param) would replace contract storage, which ChainSim's models keep as
    /// Swift values; an empty object or null is accepted.
    private static func refuseStateOverrides(_ state: JSONValue?) throws(NodeError) {
        switch state {
        case nil, .null: return
        case .object(let members) where members.isEmpty: return
        default:
            throw .unsupported(
                "invalid argument 2: state overrides are not supported: ChainSim runs Swift models of its contracts, "
                    + "whose storage cannot be overridden")
        }
    }

    // MARK: - Filters

    private static func registerFilters(_ d: inout JSONRPCDispatcher, filters: FilterRegistry) {
        d.register("eth_newFilter") { (filter: LogFilter) throws in try filters.newLogFilter(filter) }
        d.register("eth_newBlockFilter") { () in filters.newBlockFilter() }
        d.register("eth_getFilterChanges") { (id: String) throws in try filters.changes(id) }
        d.register("eth_getFilterLogs") { (id: String) throws in try filters.logs(id) }
        d.register("eth_uninstallFilter") { (id: String) in filters.uninstall(id) }
    }

    // MARK: - evm_, anvil_

    private static func registerTestMethods(_ d: inout JSONRPCDispatcher, chain: Chain) {
        d.register("evm_increaseTime") { (seconds: LenientNumber<UInt64>) in chain.increaseTime(by: seconds.value) }
        d.register("evm_setNextBlockTimestamp") { (timestamp: LenientNumber<UInt64>) throws in
            try chain.setNextBlockTimestamp(timestamp.value)
            return JSONValue.null
        }
        d.register("evm_mine") { (options: MineOptions?) throws in
            try chain.mine(blocks: Int(options?.blocks ?? 1), timestamp: options?.timestamp)
            return "0x0"
        }
        d.register("anvil_mine") { (blocks: LenientNumber<UInt64>?, interval: LenientNumber<UInt64>?) throws in
            try mine(chain, blocks: blocks?.value ?? 1, interval: interval?.value)
            return JSONValue.null
        }
        d.register("evm_snapshot") { () in Quantity(chain.snapshot()) }
        d.register("evm_revert") { (id: LenientNumber<UInt64>) in chain.revert(to: id.value) }
        d.register("evm_setAutomine") { (enabled: Bool) in
            chain.setAutomine(enabled)
            return JSONValue.null
        }
        d.register("evm_setIntervalMining") { (seconds: LenientNumber<UInt64>) in
            chain.setIntervalMining(seconds.value == 0 ? nil : seconds.value)
            return JSONValue.null
        }
        for method in ["anvil_setBalance", "hardhat_setBalance"] {
            d.register(method) { (address: Address, balance: LenientNumber<UInt256>) in
                chain.setBalance(balance.value, of: address)
                return JSONValue.null
            }
        }
    }

    /// `anvil_mine`: `blocks` blocks, each `interval` seconds after the previous one (the first at the next
    /// timestamp the chain would give).
    private static func mine(_ chain: Chain, blocks: UInt64, interval: UInt64?) throws(ChainError) {
        guard let interval, blocks > 0 else {
            try chain.mine(blocks: Int(min(blocks, UInt64(Int.max))))
            return
        }
        try chain.mine()
        for _ in 1..<blocks {
            let last = chain.state.latest.timestamp
            try chain.mine(timestamp: last + max(interval, 1))
        }
    }
}

/// `evm_mine`'s optional argument: a timestamp (number or hex), or `{"timestamp": …, "blocks": …}` as anvil takes.
struct MineOptions: Decodable, Sendable {
    var timestamp: UInt64?
    var blocks: UInt64?

    private enum CodingKeys: String, CodingKey {
        case timestamp, blocks
    }

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: CodingKeys.self) {
            timestamp = try object.decodeIfPresent(LenientNumber<UInt64>.self, forKey: .timestamp)?.value
            blocks = try object.decodeIfPresent(LenientNumber<UInt64>.self, forKey: .blocks)?.value
        } else {
            timestamp = try LenientNumber<UInt64>(from: decoder).value
            blocks = nil
        }
    }
}

/// `eth_call`'s fourth param, geth's block overrides: `number`, `time`, `gasLimit`, `feeRecipient`,
/// `baseFeePerGas`. The fields a model cannot read (`difficulty`, `prevRandao`, `blobBaseFee`) are refused.
struct BlockOverridesParam: Decodable, Sendable {
    var overrides: BlockOverrides

    private enum CodingKeys: String, CodingKey {
        case number, time, gasLimit, feeRecipient, baseFeePerGas, difficulty, prevRandao, random, blobBaseFee
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.difficulty, .prevRandao, .random, .blobBaseFee] where c.contains(key) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "the \(key.stringValue) override is not supported by ChainSim")
        }
        overrides = BlockOverrides(
            number: try c.decodeIfPresent(Quantity<UInt64>.self, forKey: .number)?.value,
            timestamp: try c.decodeIfPresent(Quantity<UInt64>.self, forKey: .time)?.value,
            baseFee: try c.decodeIfPresent(Quantity<UInt256>.self, forKey: .baseFeePerGas)?.value,
            gasLimit: try c.decodeIfPresent(Quantity<UInt64>.self, forKey: .gasLimit)?.value,
            coinbase: try c.decodeIfPresent(Address.self, forKey: .feeRecipient))
    }
}
