public import EthPrimitives
public import JSONRPC
import Transactions

// Queries answered in JSON-RPC's wire types, so that a node is a thin layer over them; and eth_call and
// eth_estimateGas, which execute on a copy of a block's state and keep nothing.

extension ChainState {
    // MARK: Block tags

    /// The number of the block `tag` names: `latest`, `safe` and `finalized` are the latest block (a simulated chain
    /// has no reorganisations), `pending` the next one, `earliest` the genesis block.
    ///
    /// - Throws: ``ChainError/unknownBlock(_:)`` for a number past the next block or a hash not on the chain.
    public func blockNumber(of tag: BlockTag) throws(ChainError) -> UInt64 {
        switch tag {
        case .latest, .safe, .finalized: return blockNumber
        case .pending: return blockNumber + 1
        case .earliest: return 0
        case .number(let number):
            guard number <= blockNumber else { throw .unknownBlock(tag.description) }
            return number
        case .hash(let hash, _):
            guard let number = blockNumbers[hash] else { throw .unknownBlock(hash.description) }
            return number
        }
    }

    /// The world a query at `tag` reads, and the context a call at `tag` executes in (`pending`: the current world
    /// in the next block's context).
    ///
    /// - Throws: ``ChainError/unknownBlock(_:)``, or ``ChainError/historicalStateUnavailable(block:oldestKept:)``
    ///   for a block whose state is no longer kept.
    public func state(at tag: BlockTag, now: UInt64) throws(ChainError) -> (world: WorldState, context: BlockContext) {
        let number = try blockNumber(of: tag)
        if number == blockNumber + 1 { return (world, pendingContext(now: now)) }
        guard let world = world(atBlock: number) else {
            throw .historicalStateUnavailable(
                block: number, oldestKept: blockNumber - min(blockNumber, UInt64(config.stateHistory)) + 1)
        }
        return (world, context(of: blocks[Int(number)]))
    }

    // MARK: Accounts

    /// The balance of `address` at `tag`, wei.
    ///
    /// - Throws: as ``state(at:now:)``.
    public func balance(of address: Address, at tag: BlockTag = .latest) throws(ChainError) -> UInt256 {
        try state(at: tag, now: 0).world.balance(of: address)
    }

    /// The transaction count of `address` at `tag`; at `pending`, counting the pool's consecutive transactions.
    ///
    /// - Throws: as ``state(at:now:)``.
    public func nonce(of address: Address, at tag: BlockTag = .latest) throws(ChainError) -> UInt64 {
        if case .pending = tag { return pool.pendingNonce(of: address, stateNonce: world.nonce(of: address)) }
        return try state(at: tag, now: 0).world.nonce(of: address)
    }

    /// The runtime code at `address` at `tag`.
    ///
    /// - Throws: as ``state(at:now:)``.
    public func code(at address: Address, block tag: BlockTag = .latest) throws(ChainError) -> [UInt8] {
        try state(at: tag, now: 0).world.code(at: address)
    }

    // MARK: Blocks, transactions, receipts

    /// The block with this number in wire form, nil when not mined.
    public func wireBlock(number: UInt64, fullTransactions: Bool = false) -> Block? {
        block(number: number).map { wire($0, fullTransactions: fullTransactions) }
    }

    /// The block with this hash in wire form, nil when unknown.
    public func wireBlock(hash: Hash, fullTransactions: Bool = false) -> Block? {
        block(hash: hash).map { wire($0, fullTransactions: fullTransactions) }
    }

    /// `block` as `eth_getBlockBy*` returns it.
    public func wire(_ block: MinedBlock, fullTransactions: Bool) -> Block {
        let header = block.header
        return Block(
            number: header.number, hash: block.hash, parentHash: header.parentHash,
            nonce: HexBytes([UInt8](repeating: 0, count: 8)), sha3Uncles: header.ommersHash,
            logsBloom: HexBytes(header.logsBloom.bytes), transactionsRoot: header.transactionsRoot,
            stateRoot: header.stateRoot, receiptsRoot: header.receiptsRoot, miner: header.coinbase,
            difficulty: header.difficulty, totalDifficulty: 0, extraData: HexBytes(header.extraData),
            size: block.size, gasLimit: header.gasLimit, gasUsed: header.gasUsed, timestamp: header.timestamp,
            transactions: fullTransactions
                ? .full(block.transactions.map { wire($0, in: block) }) : .hashes(block.transactions.map(\.hash)),
            uncles: [], mixHash: header.mixHash, baseFeePerGas: header.baseFeePerGas,
            withdrawalsRoot: header.withdrawalsRoot, withdrawals: [], blobGasUsed: header.blobGasUsed,
            excessBlobGas: header.excessBlobGas, parentBeaconBlockRoot: header.parentBeaconBlockRoot,
            requestsHash: header.requestsHash)
    }

    /// The transaction with this hash, mined or waiting in the pool, as `eth_getTransactionByHash` returns it.
    public func wireTransaction(hash: Hash) -> Transaction? {
        if let (transaction, block) = minedTransaction(hash: hash) { return wire(transaction, in: block) }
        guard let pooled = pool.transaction(hash: hash) else { return nil }
        return Self.wire(pooled.transaction, hash: hash, sender: pooled.sender, location: nil)
    }

    /// A mined transaction in wire form (`gasPrice` is the effective price, as geth reports it).
    public func wire(_ transaction: MinedTransaction, in block: MinedBlock) -> Transaction {
        Self.wire(
            transaction.transaction, hash: transaction.hash, sender: transaction.sender,
            location: (block, transaction.index, transaction.effectiveGasPrice))
    }

    private static func wire(
        _ signed: SignedTransaction, hash: Hash, sender: Address,
        location: (block: MinedBlock, index: Int, price: UInt256)?
    ) -> Transaction {
        let envelope = signed.transaction
        let typed = envelope.type != .legacy
        return Transaction(
            hash: hash, type: UInt64(envelope.type.rawValue), nonce: envelope.nonce, from: sender, to: envelope.to,
            gas: envelope.gasLimit, value: envelope.value, input: HexBytes(envelope.data),
            gasPrice: envelope.gasPrice ?? location?.price ?? envelope.maxPricePerGas,
            maxFeePerGas: envelope.maxFeePerGas, maxPriorityFeePerGas: envelope.maxPriorityFeePerGas,
            accessList: typed
                ? envelope.accessList.map { AccessListEntry(address: $0.address, storageKeys: $0.storageKeys) } : nil,
            chainID: envelope.chainID, v: signed.v, r: signed.signature.r, s: signed.signature.s,
            yParity: typed ? (signed.signature.yParity ? 1 : 0) : nil, blockHash: location?.block.hash,
            blockNumber: location?.block.number, blockTimestamp: location?.block.timestamp,
            transactionIndex: location.map { UInt64($0.index) })
    }

    /// The receipt of a mined transaction, as `eth_getTransactionReceipt` returns it; nil when not mined.
    public func wireReceipt(hash: Hash) -> Receipt? {
        guard let (transaction, block) = minedTransaction(hash: hash) else { return nil }
        return wireReceipt(transaction, in: block)
    }

    /// `transaction`'s receipt in wire form.
    public func wireReceipt(_ transaction: MinedTransaction, in block: MinedBlock) -> Receipt {
        Receipt(
            transactionHash: transaction.hash, transactionIndex: UInt64(transaction.index), blockHash: block.hash,
            blockNumber: block.number, from: transaction.sender, to: transaction.transaction.transaction.to,
            cumulativeGasUsed: transaction.cumulativeGasUsed, gasUsed: transaction.gasUsed,
            effectiveGasPrice: transaction.effectiveGasPrice, contractAddress: transaction.contractAddress,
            logs: wireLogs(transaction, in: block), logsBloom: HexBytes(transaction.bloom.bytes),
            type: UInt64(transaction.transaction.type.rawValue), status: transaction.status)
    }

    /// The logs of `transaction` with their block, transaction and block-wide indexes.
    public func wireLogs(_ transaction: MinedTransaction, in block: MinedBlock) -> [Log] {
        transaction.logs.enumerated().map { offset, log in
            Log(
                address: log.address, topics: log.topics, data: HexBytes(log.data), blockNumber: block.number,
                blockHash: block.hash, blockTimestamp: block.timestamp, transactionHash: transaction.hash,
                transactionIndex: UInt64(transaction.index), logIndex: UInt64(transaction.firstLogIndex + offset))
        }
    }

    /// Every log of `block`, in order.
    public func wireLogs(of block: MinedBlock) -> [Log] {
        block.transactions.flatMap { wireLogs($0, in: block) }
    }

    // MARK: Logs

    /// The logs `filter` selects, as `eth_getLogs` returns them: from the blocks of its range (by default the latest
    /// block) or its one block hash, emitted by one of its addresses (any when empty), whose topics match its
    /// positions (each nil for any, or a list of alternatives).
    ///
    /// - Throws: ``ChainError/unknownBlock(_:)`` for a block hash or a bound past the latest block, or
    ///   ``ChainError/invalidBlockRange(from:to:)`` when the range ends before it starts.
    public func logs(filter: LogFilter) throws(ChainError) -> [Log] {
        let range: ClosedRange<UInt64>
        if let hash = filter.blockHash {
            guard let number = blockNumbers[hash] else { throw .unknownBlock(hash.description) }
            range = number...number
        } else {
            let from = try min(blockNumber(of: filter.fromBlock ?? .latest), blockNumber)
            let to = try min(blockNumber(of: filter.toBlock ?? .latest), blockNumber)
            guard from <= to else { throw .invalidBlockRange(from: from, to: to) }
            range = from...to
        }
        var selected: [Log] = []
        for number in range {
            let block = blocks[Int(number)]
            guard Self.mightMatch(block.header.logsBloom, filter) else { continue }
            for transaction in block.transactions where Self.mightMatch(transaction.bloom, filter) {
                for (offset, log) in transaction.logs.enumerated() where Self.matches(log, filter) {
                    selected.append(
                        Log(
                            address: log.address, topics: log.topics, data: HexBytes(log.data),
                            blockNumber: block.number, blockHash: block.hash, blockTimestamp: block.timestamp,
                            transactionHash: transaction.hash, transactionIndex: UInt64(transaction.index),
                            logIndex: UInt64(transaction.firstLogIndex + offset)))
                }
            }
        }
        return selected
    }

    /// True when `log` satisfies the filter's address and topic conditions.
    public static func matches(_ log: LogEntry, _ filter: LogFilter) -> Bool {
        guard filter.address.isEmpty || filter.address.contains(log.address) else { return false }
        for (position, alternatives) in filter.topics.enumerated() {
            guard let alternatives else { continue }
            guard position < log.topics.count, alternatives.contains(log.topics[position]) else { return false }
        }
        return true
    }

    /// False when the bloom proves no log can match the filter.
    static func mightMatch(_ bloom: Bloom, _ filter: LogFilter) -> Bool {
        guard filter.address.isEmpty || filter.address.contains(where: { bloom.mightContain(address: $0) }) else {
            return false
        }
        for alternatives in filter.topics {
            guard let alternatives else { continue }
            guard alternatives.contains(where: { bloom.mightContain(topic: $0) }) else { return false }
        }
        return true
    }

    // MARK: Fees

    /// What `eth_gasPrice` suggests: the next block's base fee plus ``ChainConfig/suggestedPriorityFee``.
    public var gasPrice: UInt256 { nextBaseFee + config.suggestedPriorityFee }

    /// What `eth_maxPriorityFeePerGas` suggests: ``ChainConfig/suggestedPriorityFee``.
    public var maxPriorityFeePerGas: UInt256 { config.suggestedPriorityFee }

    /// The most blocks `eth_feeHistory` reports at once (geth's limit).
    public static let maximumFeeHistoryBlocks: UInt64 = 1024

    /// `eth_feeHistory`: for up to `blockCount` blocks ending at `newestBlock` (at most 1024), each block's base fee
    /// (plus the next block's), the fraction of its gas limit it used, and for each of `rewardPercentiles` the tip
    /// paid at that percentile of its gas (geth's method: transactions sorted by tip, weighted by gas used; zero for
    /// an empty block).
    ///
    /// - Throws: ``ChainError/unknownBlock(_:)`` for a newest block not mined, or
    ///   ``ChainError/invalidParameter(_:)`` for percentiles outside 0...100 or not in ascending order.
    public func feeHistory(blockCount: UInt64, newestBlock: BlockTag, rewardPercentiles: [Double]?) throws(ChainError)
        -> FeeHistory
    {
        if let rewardPercentiles {
            for (index, percentile) in rewardPercentiles.enumerated() {
                guard percentile >= 0, percentile <= 100 else {
                    throw .invalidParameter("invalid reward percentile: \(percentile)")
                }
                if index > 0, percentile < rewardPercentiles[index - 1] {
                    throw .invalidParameter(
                        "invalid reward percentile: #\(index - 1):\(rewardPercentiles[index - 1]) > "
                            + "#\(index):\(percentile)")
                }
            }
        }
        let newest = min(try blockNumber(of: newestBlock), blockNumber)
        let count = min(blockCount, newest + 1, Self.maximumFeeHistoryBlocks)
        guard count > 0 else { return FeeHistory(oldestBlock: 0, baseFeePerGas: [], gasUsedRatio: []) }
        let oldest = newest + 1 - count
        let reported = blocks[Int(oldest)...Int(newest)]
        let last = reported.last!.header
        let baseFees =
            reported.map(\.header.baseFeePerGas)
            + [
                BaseFee.next(
                    parentBaseFee: last.baseFeePerGas, parentGasUsed: last.gasUsed, parentGasLimit: last.gasLimit)
            ]
        let ratios = reported.map { Double($0.header.gasUsed) / Double($0.header.gasLimit) }
        let rewards = rewardPercentiles.map { percentiles in reported.map { Self.rewards($0, percentiles) } }
        return FeeHistory(oldestBlock: oldest, baseFeePerGas: baseFees, gasUsedRatio: ratios, reward: rewards)
    }

    private static func rewards(_ block: MinedBlock, _ percentiles: [Double]) -> [UInt256] {
        guard !block.transactions.isEmpty else { return percentiles.map { _ in 0 } }
        let baseFee = block.header.baseFeePerGas
        let sorted = block.transactions.map { (tip: $0.effectiveGasPrice - baseFee, gas: $0.gasUsed) }
            .sorted { $0.tip < $1.tip }
        return percentiles.map { percentile in
            let threshold = Double(block.header.gasUsed) * percentile / 100
            var sum: UInt64 = 0
            for entry in sorted {
                sum += entry.gas
                if Double(sum) >= threshold { return entry.tip }
            }
            return sorted.last!.tip
        }
    }

    // MARK: eth_call and eth_estimateGas

    /// Executes `request` on a copy of the state at `tag` and keeps nothing: `eth_call`.
    ///
    /// `overrides` replaces fields of the block context the call sees (geth's `blockOverrides`), for a call "as if"
    /// at another time.
    ///
    /// `from` defaults to the zero address, `gas` to the block gas limit; a request with a gas price (or fee cap)
    /// must be paid for by `from`'s balance, one without only needs the value. A request without `to` runs a
    /// deployment and returns the runtime code.
    ///
    /// - Returns: the return data.
    /// - Throws: ``ChainError/reverted(data:)`` with the revert data, ``ChainError/outOfGas(gas:)``,
    ///   ``ChainError/insufficientFunds(sender:have:want:)``, ``ChainError/intrinsicGasTooLow(gas:minimum:)``,
    ///   ``ChainError/unknownBytecode(codeHash:models:)``, or a block error of ``state(at:now:)``.
    public func call(
        _ request: TransactionRequest, at tag: BlockTag = .latest, overrides: BlockOverrides? = nil, now: UInt64
    ) throws(ChainError) -> [UInt8] {
        let (world, original) = try state(at: tag, now: now)
        let context = overrides?.applied(to: original) ?? original
        let gas = request.gas ?? config.gasLimit
        let outcome = try simulate(request, gas: gas, world: world, context: context)
        switch outcome.result.failure {
        case nil: return outcome.result.output
        case .reverted?: throw .reverted(data: outcome.result.output)
        case .outOfGas?, .addressCollision?, .codeTooLarge?: throw .outOfGas(gas: gas)
        case .insufficientBalance(let have, let want)?:
            throw .insufficientFunds(sender: request.from ?? .zero, have: have, want: want)
        }
    }

    /// The least gas limit with which `request` succeeds at `tag`: `eth_estimateGas`. A binary search over
    /// executions on copies of the state, between what a run with all the gas used and `request.gas` (by default the
    /// block gas limit), as geth searches.
    ///
    /// - Throws: ``ChainError/reverted(data:)`` when it reverts even with all the gas,
    ///   ``ChainError/gasRequiredExceedsAllowance(allowance:)`` when it runs out of it, or what
    ///   ``call(_:at:overrides:now:)``
    ///   throws before executing.
    public func estimateGas(
        _ request: TransactionRequest, at tag: BlockTag = .latest, overrides: BlockOverrides? = nil, now: UInt64
    ) throws(ChainError) -> UInt64 {
        let (world, original) = try state(at: tag, now: now)
        let context = overrides?.applied(to: original) ?? original
        let cap = request.gas ?? config.gasLimit
        let first = try simulate(request, gas: cap, world: world, context: context)
        switch first.result.failure {
        case nil: break
        case .reverted?: throw .reverted(data: first.result.output)
        case .outOfGas?, .addressCollision?, .codeTooLarge?: throw .gasRequiredExceedsAllowance(allowance: cap)
        case .insufficientBalance(let have, let want)?:
            throw .insufficientFunds(sender: request.from ?? .zero, have: have, want: want)
        }
        func succeeds(_ gas: UInt64) -> Bool {
            (try? simulate(request, gas: gas, world: world, context: context))?.result.success ?? false
        }
        var low = first.gasUsed - 1
        var high = cap
        // Most calls need little more than they use: try that first, as geth does.
        let optimistic = (first.gasUsed + GasSchedule.callStipend) * 64 / 63
        if optimistic < high, succeeds(optimistic) { high = optimistic }
        while low + 1 < high {
            let middle = low + (high - low) / 2
            if succeeds(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// Runs `request` with `gas` on a copy of `world`; returns the result and the gas used, intrinsic included.
    func simulate(_ request: TransactionRequest, gas: UInt64, world: WorldState, context: BlockContext)
        throws(ChainError) -> (result: ExecutionResult, gasUsed: UInt64)
    {
        let from = request.from ?? .zero
        let value = request.value ?? 0
        let data = request.input?.bytes ?? []
        let shape = TransactionEnvelope.eip1559(
            EIP1559Transaction(
                chainID: config.chainID, nonce: 0, maxPriorityFeePerGas: 0, maxFeePerGas: 0, gasLimit: gas,
                to: request.to, value: value, data: data,
                accessList: AccessList(
                    (request.accessList ?? []).map { AccessListItem(address: $0.address, storageKeys: $0.storageKeys) })
            ))
        let rules = config.rules
        let intrinsic = rules.intrinsicGas(of: shape)
        guard gas >= intrinsic else { throw .intrinsicGasTooLow(gas: gas, minimum: intrinsic) }
        let price = request.gasPrice ?? request.maxFeePerGas ?? 0
        let balance = world.balance(of: from)
        if !price.isZero {
            let fee = UInt256(gas).multipliedReportingOverflow(by: price)
            let want = fee.partialValue.addingReportingOverflow(value)
            guard !fee.overflow, !want.overflow else { throw .feeOverflow }
            guard balance >= want.partialValue else {
                throw .insufficientFunds(sender: from, have: balance, want: want.partialValue)
            }
        }
        var copy = world
        let result: ExecutionResult
        if let to = request.to {
            result = copy.execute(from: from, to: to, value: value, input: data, gas: gas - intrinsic, block: context)
        } else {
            let recognised = try copy.recognise(initCode: data, deployer: from, block: context)
            let address = ContractAddress.create(sender: from, nonce: copy.nonce(of: from))
            result = copy.create(
                recognised, initCode: data, at: address, from: from, value: value, gas: gas - intrinsic,
                block: context, origin: from)
        }
        return (result, max(intrinsic + result.gasUsed, rules.minimumGasLimit(of: shape)))
    }
}

/// Fields of the block context an `eth_call` or `eth_estimateGas` sees in place of the block's own (geth's
/// `blockOverrides`): to ask what a call would return at another time, say.
public struct BlockOverrides: Sendable, Hashable {
    /// `block.number`.
    public var number: UInt64?
    /// `block.timestamp`.
    public var timestamp: UInt64?
    /// `block.basefee`.
    public var baseFee: UInt256?
    /// `block.gaslimit`.
    public var gasLimit: UInt64?
    /// `block.coinbase`.
    public var coinbase: Address?

    /// Overrides of the given fields; the others keep the block's values.
    public init(
        number: UInt64? = nil, timestamp: UInt64? = nil, baseFee: UInt256? = nil, gasLimit: UInt64? = nil,
        coinbase: Address? = nil
    ) {
        self.number = number
        self.timestamp = timestamp
        self.baseFee = baseFee
        self.gasLimit = gasLimit
        self.coinbase = coinbase
    }

    /// `context` with the overridden fields replaced.
    public func applied(to context: BlockContext) -> BlockContext {
        var context = context
        if let number { context.number = number }
        if let timestamp { context.timestamp = timestamp }
        if let baseFee { context.baseFee = baseFee }
        if let gasLimit { context.gasLimit = gasLimit }
        if let coinbase { context.coinbase = coinbase }
        return context
    }
}
