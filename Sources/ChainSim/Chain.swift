public import EthPrimitives
public import JSONRPC
import Synchronization

/// A mined block with its logs, as subscriptions deliver it (`newHeads`, `logs`).
public struct NewBlockEvent: Sendable {
    /// The block, with transaction hashes.
    public var block: Block
    /// Every log the block's transactions emitted, in order.
    public var logs: [Log]
}

/// A live simulated chain: the state (a ``ChainState`` value behind a lock), its clock, snapshots and observers.
///
/// Every method is safe to call from any thread; each runs atomically on the state. Time comes only from the
/// injected clock (a ``JSONRPC/ManualUnixClock`` in tests, the system clock in a node) and the time controls
/// (``increaseTime(by:)``, ``setNextBlockTimestamp(_:)``, ``mine(blocks:timestamp:)``).
///
/// ```swift
/// let chain = try Chain(config: .development(), clock: ManualUnixClock(start: 1_735_689_600))
/// let hash = try chain.sendRawTransaction(signed.encode())   // mined at once (automine)
/// let receipt = chain.receipt(hash: hash)
/// ```
public final class Chain: Sendable {
    private struct Inner: Sendable {
        var state: ChainState
        var snapshots: [UInt64: ChainState] = [:]
        var nextSnapshot: UInt64 = 0
    }

    private struct Observers: Sendable {
        var handlers: [UInt64: @Sendable (NewBlockEvent) -> Void] = [:]
        var next: UInt64 = 0
    }

    private let inner: Mutex<Inner>
    private let observers = Mutex(Observers())
    /// The clock block timestamps follow.
    public let clock: any UnixClock

    /// A chain at the genesis of `config`, reading time from `clock`.
    ///
    /// - Throws: ``ChainError/genesisFailed(_:)`` or ``ChainError/unknownBytecode(codeHash:models:)`` when the
    ///   configuration's genesis deployments or calls fail.
    public init(config: ChainConfig, clock: any UnixClock) throws(ChainError) {
        self.clock = clock
        inner = Mutex(Inner(state: try ChainState(config: config, now: clock.nowSeconds())))
    }

    /// A chain whose state is `state` (a snapshot taken elsewhere, a replayed state file).
    public init(state: ChainState, clock: any UnixClock) {
        self.clock = clock
        inner = Mutex(Inner(state: state))
    }

    private var now: UInt64 { clock.nowSeconds() }

    /// A copy of the whole state: cheap (copy on write), and a consistent view for several queries.
    public var state: ChainState { inner.withLock { $0.state } }

    /// The configuration the chain started from.
    public var config: ChainConfig { inner.withLock { $0.state.config } }

    /// Runs `body` on the state and notifies observers of the blocks it mined, after the lock is released.
    private func update<R>(_ body: (inout ChainState) throws(ChainError) -> R) throws(ChainError) -> R {
        let observed = observers.withLock { !$0.handlers.isEmpty }
        let (result, mined) = try inner.withLock { inner throws(ChainError) -> (R, [NewBlockEvent]) in
            let before = inner.state.blockNumber
            let result = try body(&inner.state)
            // Building the wire forms costs; skip it when nobody listens.
            guard observed else { return (result, []) }
            let state = inner.state
            let mined = state.blocks[Int(before + 1)...].map { block in
                NewBlockEvent(block: state.wire(block, fullTransactions: false), logs: state.wireLogs(of: block))
            }
            return (result, mined)
        }
        notify(mined)
        return result
    }

    // MARK: Transactions

    /// Admits a raw transaction through the pipeline (see ``ChainState/admit(_:now:)``) and, with automine, mines
    /// it (and any queued transactions it unblocks) at once, one block each.
    ///
    /// - Returns: the transaction hash.
    /// - Throws: the ``ChainError`` of the first check that fails, in geth's words.
    @discardableResult
    public func sendRawTransaction(_ raw: [UInt8]) throws(ChainError) -> Hash {
        let now = self.now
        return try update { state throws(ChainError) in
            let hash = try state.admit(raw, now: now)
            if state.automine { state.mineReady(now: now) }
            return hash
        }
    }

    /// `eth_call`: executes `request` on a copy of the state at `tag`, in the block's context with `overrides`
    /// applied (see ``ChainState/call(_:at:overrides:now:)``).
    ///
    /// - Returns: the return data.
    /// - Throws: ``ChainError/reverted(data:)`` (JSON-RPC code 3 with the data) and the others of
    ///   ``ChainState/call(_:at:overrides:now:)``.
    public func call(_ request: TransactionRequest, at tag: BlockTag = .latest, overrides: BlockOverrides? = nil)
        throws(ChainError) -> [UInt8]
    {
        try state.call(request, at: tag, overrides: overrides, now: now)
    }

    /// `eth_estimateGas` (see ``ChainState/estimateGas(_:at:overrides:now:)``).
    ///
    /// - Throws: as ``ChainState/estimateGas(_:at:overrides:now:)``.
    public func estimateGas(
        _ request: TransactionRequest, at tag: BlockTag = .latest, overrides: BlockOverrides? = nil
    ) throws(ChainError) -> UInt64 {
        try state.estimateGas(request, at: tag, overrides: overrides, now: now)
    }

    // MARK: Queries

    /// The chain id.
    public var chainID: UInt64 { config.chainID }

    /// The latest block's number.
    public var blockNumber: UInt64 { inner.withLock { $0.state.blockNumber } }

    /// The balance of `address` at `tag`, wei.
    ///
    /// - Throws: ``ChainError/unknownBlock(_:)`` or ``ChainError/historicalStateUnavailable(block:oldestKept:)``.
    public func balance(of address: Address, at tag: BlockTag = .latest) throws(ChainError) -> UInt256 {
        try state.balance(of: address, at: tag)
    }

    /// The transaction count of `address` at `tag` (`pending` counts the pool).
    ///
    /// - Throws: as ``balance(of:at:)``.
    public func nonce(of address: Address, at tag: BlockTag = .latest) throws(ChainError) -> UInt64 {
        try state.nonce(of: address, at: tag)
    }

    /// The runtime code at `address` at `tag`.
    ///
    /// - Throws: as ``balance(of:at:)``.
    public func code(at address: Address, block tag: BlockTag = .latest) throws(ChainError) -> [UInt8] {
        try state.code(at: address, block: tag)
    }

    /// The block with this number, nil when not mined.
    public func block(number: UInt64, fullTransactions: Bool = false) -> Block? {
        state.wireBlock(number: number, fullTransactions: fullTransactions)
    }

    /// The block a tag names (`pending` gives nil: the pending block is not built ahead), nil when not mined.
    public func block(_ tag: BlockTag, fullTransactions: Bool = false) -> Block? {
        let state = self.state
        guard case .pending = tag else {
            guard let number = try? state.blockNumber(of: tag) else { return nil }
            return state.wireBlock(number: number, fullTransactions: fullTransactions)
        }
        return nil
    }

    /// The block with this hash, nil when unknown.
    public func block(hash: Hash, fullTransactions: Bool = false) -> Block? {
        state.wireBlock(hash: hash, fullTransactions: fullTransactions)
    }

    /// The transaction with this hash, mined or pending; nil when unknown.
    public func transaction(hash: Hash) -> Transaction? {
        state.wireTransaction(hash: hash)
    }

    /// The receipt of a mined transaction; nil when not mined (yet).
    public func receipt(hash: Hash) -> Receipt? {
        state.wireReceipt(hash: hash)
    }

    /// The logs `filter` selects (see ``ChainState/logs(filter:)``).
    ///
    /// - Throws: ``ChainError/unknownBlock(_:)`` or ``ChainError/invalidBlockRange(from:to:)``.
    public func logs(filter: LogFilter) throws(ChainError) -> [Log] {
        try state.logs(filter: filter)
    }

    /// `eth_feeHistory` (see ``ChainState/feeHistory(blockCount:newestBlock:rewardPercentiles:)``).
    ///
    /// - Throws: as ``ChainState/feeHistory(blockCount:newestBlock:rewardPercentiles:)``.
    public func feeHistory(blockCount: UInt64, newestBlock: BlockTag = .latest, rewardPercentiles: [Double]? = nil)
        throws(ChainError) -> FeeHistory
    {
        try state.feeHistory(blockCount: blockCount, newestBlock: newestBlock, rewardPercentiles: rewardPercentiles)
    }

    /// `eth_gasPrice`: the next base fee plus the suggested tip.
    public var gasPrice: UInt256 { state.gasPrice }

    /// `eth_maxPriorityFeePerGas`: the suggested tip.
    public var maxPriorityFeePerGas: UInt256 { state.maxPriorityFeePerGas }

    /// `eth_accounts`: the development accounts' addresses.
    public var accounts: [Address] { config.devAccounts.map(\.address) }

    // MARK: Mining and time

    /// Mines `blocks` blocks (each with the best ready transactions); the first at `timestamp` when given.
    ///
    /// - Returns: the mined blocks' hashes.
    /// - Throws: ``ChainError/timestampNotIncreasing(timestamp:parent:)`` for a timestamp not after the latest
    ///   block's (nothing is mined then).
    @discardableResult
    public func mine(blocks: Int = 1, timestamp: UInt64? = nil) throws(ChainError) -> [Hash] {
        let now = self.now
        return try update { state throws(ChainError) in
            var hashes: [Hash] = []
            for index in 0..<max(0, blocks) {
                hashes.append(try state.mine(now: now, timestamp: index == 0 ? timestamp : nil).hash)
            }
            return hashes
        }
    }

    /// Turns automine on or off; turning it on mines what is ready.
    public func setAutomine(_ enabled: Bool) {
        let now = self.now
        _ = try? update { state in state.setAutomine(enabled, now: now) }
    }

    /// Whether automine is on.
    public var automine: Bool { inner.withLock { $0.state.automine } }

    /// Records the interval-mining period (nil or 0 stops it; a period turns automine off). The caller mines on its
    /// timer: `Chain` never starts one.
    public func setIntervalMining(_ seconds: UInt64?) {
        inner.withLock { $0.state.setIntervalMining(seconds) }
    }

    /// The interval-mining period in seconds, nil when off.
    public var intervalMining: UInt64? { inner.withLock { $0.state.intervalMining } }

    /// Moves time forward by `seconds` for the blocks to come; returns the total offset in seconds.
    @discardableResult
    public func increaseTime(by seconds: UInt64) -> Int64 {
        inner.withLock { $0.state.increaseTime(by: seconds) }
    }

    /// Sets the next block's timestamp.
    ///
    /// - Throws: ``ChainError/timestampNotIncreasing(timestamp:parent:)`` unless it is after the latest block's.
    public func setNextBlockTimestamp(_ timestamp: UInt64) throws(ChainError) {
        try inner.withLock { inner throws(ChainError) in try inner.state.setNextBlockTimestamp(timestamp) }
    }

    /// Sets the balance of `address` (`anvil_setBalance`).
    public func setBalance(_ balance: UInt256, of address: Address) {
        inner.withLock { $0.state.setBalance(balance, of: address) }
    }

    // MARK: Snapshots

    /// Saves the whole state; returns an id for ``revert(to:)`` (0, 1, 2, … as anvil numbers them).
    public func snapshot() -> UInt64 {
        inner.withLock { inner in
            let id = inner.nextSnapshot
            inner.snapshots[id] = inner.state
            inner.nextSnapshot += 1
            return id
        }
    }

    /// Restores the state saved as `id` (time offsets, pool and mining mode included). The snapshot and every
    /// later one are used up, as in anvil and hardhat.
    ///
    /// - Returns: false when there is no such snapshot.
    @discardableResult
    public func revert(to id: UInt64) -> Bool {
        inner.withLock { inner in
            guard let saved = inner.snapshots[id] else { return false }
            inner.state = saved
            inner.snapshots = inner.snapshots.filter { $0.key < id }
            return true
        }
    }

    // MARK: Observers

    /// A handle to stop observing.
    public struct ObserverToken: Sendable, Hashable {
        let id: UInt64
    }

    /// Calls `handler` with every block mined from now on, in order, after the chain's lock is released (it may
    /// query the chain).
    @discardableResult
    public func onNewBlock(_ handler: @escaping @Sendable (NewBlockEvent) -> Void) -> ObserverToken {
        observers.withLock { observers in
            let id = observers.next
            observers.next += 1
            observers.handlers[id] = handler
            return ObserverToken(id: id)
        }
    }

    /// Stops calling the handler registered with `token`.
    public func removeObserver(_ token: ObserverToken) {
        _ = observers.withLock { $0.handlers.removeValue(forKey: token.id) }
    }

    /// The blocks mined from now on, as a stream that ends when the consumer stops iterating.
    public func newBlocks() -> AsyncStream<NewBlockEvent> {
        let (stream, continuation) = AsyncStream<NewBlockEvent>.makeStream(bufferingPolicy: .unbounded)
        let token = onNewBlock { continuation.yield($0) }
        continuation.onTermination = { [weak self] _ in self?.removeObserver(token) }
        return stream
    }

    private func notify(_ events: [NewBlockEvent]) {
        guard !events.isEmpty else { return }
        let handlers = observers.withLock { $0.handlers.sorted { $0.key < $1.key }.map(\.value) }
        for event in events {
            for handler in handlers { handler(event) }
        }
    }
}
