public import EthPrimitives
import RLP
import Transactions

/// The whole state of a simulated chain as one value: accounts and model storage, blocks with their transactions
/// and receipts, the transaction pool, the time offsets and mining mode, and the journal of inputs that rebuilds
/// it. A copy is a snapshot; assigning it back is a revert.
///
/// `ChainState` never reads a clock: operations that need the time take `now` (unix seconds) from the caller,
/// which `Chain` reads from its injected ``JSONRPC/UnixClock``. Given the same configuration, inputs and times, it
/// produces the same blocks, hashes, receipts and state on every machine.
///
/// Block timestamps strictly increase. The next block's timestamp is, in order of precedence: the one given to
/// ``mine(now:timestamp:)``, the one set by ``setNextBlockTimestamp(_:)``, or `now` plus the time offset
/// (``increaseTime(by:)``), but at least the parent's plus one. Mining at an explicit timestamp moves the offset
/// so that time goes on from there, as anvil does.
///
/// The header's `stateRoot` is the simulator's own commitment, not a Merkle-Patricia root: the Keccak-256 of the
/// RLP list of `[address, nonce, balance, codeHash]` of every non-empty account, sorted by address. It changes
/// whenever a balance, a nonce or code does; model storage, which has no canonical encoding, is not part of it.
public struct ChainState: Sendable {
    /// The configuration the chain started from.
    public let config: ChainConfig
    /// The accounts and contracts now (after the latest block).
    public internal(set) var world: WorldState
    /// Every block, from the genesis block (number 0) to the latest.
    public internal(set) var blocks: [MinedBlock]
    /// The transactions waiting to be mined.
    public internal(set) var pool = TransactionPool()
    /// Seconds added to the clock's time for the next block's timestamp (``increaseTime(by:)``).
    public internal(set) var timeOffset: Int64 = 0
    /// The timestamp the next block takes, when one was set.
    public internal(set) var nextBlockTimestamp: UInt64?
    /// Whether each transaction is mined in its own block as soon as it can be.
    public internal(set) var automine: Bool
    /// The interval-mining period in seconds, when set: the caller (the node) mines a block that often.
    public internal(set) var intervalMining: UInt64?
    /// All the base fees burnt so far, wei.
    public internal(set) var burnt: UInt256 = 0
    /// Every input that changed the state since genesis, in order: what a state file holds (see ``ChainInput``).
    public internal(set) var journal: [ChainInput] = []

    var blockNumbers: [Hash: UInt64] = [:]
    var transactionLocations: [Hash: TransactionLocation] = [:]
    /// The world after recent blocks (and the genesis block), for queries at an older block.
    var history: [UInt64: WorldState] = [:]

    struct TransactionLocation: Sendable {
        var block: UInt64
        var index: Int
    }

    /// The genesis state of `config`: funds the accounts, runs the genesis deployments and calls at gas price 0,
    /// and makes block 0.
    ///
    /// - Parameter now: the clock's time, used as the genesis timestamp when the configuration sets none.
    /// - Throws: ``ChainError/genesisFailed(_:)`` when a genesis deployment or call fails, or
    ///   ``ChainError/unknownBytecode(codeHash:models:)`` for a deployment no model recognises.
    public init(config: ChainConfig, now: UInt64) throws(ChainError) {
        self.config = config
        automine = config.automine
        world = WorldState(models: config.models)
        for account in config.accounts {
            world.setBalance(world.balance(of: account.address) + account.balance, of: account.address)
        }
        let timestamp = config.genesisTimestamp ?? now
        let context = BlockContext(
            number: 0, timestamp: timestamp, chainID: config.chainID, baseFee: config.initialBaseFee,
            gasLimit: config.gasLimit, coinbase: config.coinbase)
        for (index, deployment) in config.genesisDeployments.enumerated() {
            let result = try world.deploy(
                initCode: deployment.initCode, from: deployment.deployer, value: deployment.value,
                gas: config.gasLimit, block: context)
            guard result.success else {
                throw .genesisFailed("deployment \(index) by \(deployment.deployer) failed: \(Self.explain(result))")
            }
        }
        for (index, call) in config.genesisCalls.enumerated() {
            world.setNonce(world.nonce(of: call.from) + 1, of: call.from)
            let result = world.execute(
                from: call.from, to: call.to, value: call.value, input: call.data, gas: config.gasLimit,
                block: context)
            guard result.success else {
                throw .genesisFailed("call \(index) from \(call.from) to \(call.to) failed: \(Self.explain(result))")
            }
        }
        let header = BlockHeader(
            parentHash: .zero, coinbase: config.coinbase, stateRoot: Self.stateRoot(of: world),
            transactionsRoot: OrderedTrie.emptyRoot, receiptsRoot: OrderedTrie.emptyRoot, logsBloom: Bloom(),
            number: 0, gasLimit: config.gasLimit, gasUsed: 0, timestamp: timestamp,
            baseFeePerGas: config.initialBaseFee)
        let genesis = MinedBlock(header: header, transactions: [])
        blocks = [genesis]
        blockNumbers[genesis.hash] = 0
        history[0] = world
    }

    private static func explain(_ result: ExecutionResult) -> String {
        switch result.failure {
        case nil: "succeeded"
        case .reverted?: Revert(data: result.output).description
        case .outOfGas?: "out of gas"
        case .insufficientBalance(let have, let want)?: "insufficient balance (have \(have), want \(want))"
        case .addressCollision?: "a contract already exists at the address"
        case .codeTooLarge(let size)?: "runtime code of \(size) bytes exceeds 24576"
        }
    }

    // MARK: Blocks

    /// The latest block.
    public var latest: MinedBlock { blocks[blocks.count - 1] }

    /// The latest block's number.
    public var blockNumber: UInt64 { latest.number }

    /// The block with this number, if mined.
    public func block(number: UInt64) -> MinedBlock? {
        number < UInt64(blocks.count) ? blocks[Int(number)] : nil
    }

    /// The block with this hash, if mined.
    public func block(hash: Hash) -> MinedBlock? {
        blockNumbers[hash].map { blocks[Int($0)] }
    }

    /// The mined transaction with this hash and its block.
    public func minedTransaction(hash: Hash) -> (transaction: MinedTransaction, block: MinedBlock)? {
        guard let location = transactionLocations[hash] else { return nil }
        let block = blocks[Int(location.block)]
        return (block.transactions[location.index], block)
    }

    /// The base fee of the next block (EIP-1559, from the latest block).
    public var nextBaseFee: UInt256 {
        let header = latest.header
        return BaseFee.next(
            parentBaseFee: header.baseFeePerGas, parentGasUsed: header.gasUsed, parentGasLimit: header.gasLimit)
    }

    /// The block context a block's transactions executed in.
    public func context(of block: MinedBlock) -> BlockContext {
        BlockContext(
            number: block.number, timestamp: block.timestamp, chainID: config.chainID,
            baseFee: block.header.baseFeePerGas, gasLimit: block.header.gasLimit, coinbase: block.header.coinbase)
    }

    /// The context of the block that would be mined next at `now`.
    public func pendingContext(now: UInt64) -> BlockContext {
        BlockContext(
            number: blockNumber + 1, timestamp: nextTimestamp(now: now), chainID: config.chainID,
            baseFee: nextBaseFee, gasLimit: config.gasLimit, coinbase: config.coinbase)
    }

    /// The world after block `number`, when it is still kept (the last ``ChainConfig/stateHistory`` blocks and the
    /// genesis block).
    public func world(atBlock number: UInt64) -> WorldState? {
        number == blockNumber ? world : history[number]
    }

    // MARK: Time

    /// The timestamp the next block takes at `now`.
    public func nextTimestamp(now: UInt64) -> UInt64 {
        if let nextBlockTimestamp { return nextBlockTimestamp }
        let shifted = Int64(clamping: now).addingReportingOverflow(timeOffset)
        let candidate = shifted.overflow ? (timeOffset > 0 ? UInt64.max : 0) : UInt64(max(0, shifted.partialValue))
        return max(candidate, latest.timestamp + 1)
    }

    /// Moves the chain's time forward by `seconds` for the blocks to come; returns the total offset, in seconds.
    @discardableResult
    public mutating func increaseTime(by seconds: UInt64) -> Int64 {
        timeOffset = timeOffset.addingReportingOverflow(Int64(clamping: seconds)).partialValue
        return timeOffset
    }

    /// Sets the next block's timestamp.
    ///
    /// - Throws: ``ChainError/timestampNotIncreasing(timestamp:parent:)`` unless it is after the latest block's.
    public mutating func setNextBlockTimestamp(_ timestamp: UInt64) throws(ChainError) {
        guard timestamp > latest.timestamp else {
            throw .timestampNotIncreasing(timestamp: timestamp, parent: latest.timestamp)
        }
        nextBlockTimestamp = timestamp
    }

    /// Turns automine on or off; turning it on mines what is ready, one block per transaction.
    @discardableResult
    public mutating func setAutomine(_ enabled: Bool, now: UInt64) -> [MinedBlock] {
        automine = enabled
        return enabled ? mineReady(now: now) : []
    }

    /// Records the interval-mining period (nil or 0 to stop); a period turns automine off, as in anvil. The caller
    /// mines on its timer.
    public mutating func setIntervalMining(_ seconds: UInt64?) {
        intervalMining = seconds == 0 ? nil : seconds
        if intervalMining != nil { automine = false }
    }

    // MARK: Mining

    /// Mines one block at `timestamp` (or the next automatic one) with the best ready transactions of the pool,
    /// as many as fit in the block gas limit.
    ///
    /// - Throws: ``ChainError/timestampNotIncreasing(timestamp:parent:)`` for a timestamp not after the latest
    ///   block's.
    @discardableResult
    public mutating func mine(now: UInt64, timestamp: UInt64? = nil) throws(ChainError) -> MinedBlock {
        try mine(now: now, timestamp: timestamp, selection: .best(limit: nil))
    }

    /// Mines one block per ready transaction, as automine does, until none is ready.
    @discardableResult
    public mutating func mineReady(now: UInt64) -> [MinedBlock] {
        var mined: [MinedBlock] = []
        while dropUnpayableReadyTransactions() {
            // A timestamp set by setNextBlockTimestamp was checked then, and an automatic one is always after the
            // latest block's: this cannot throw.
            guard let block = try? mine(now: now, timestamp: nil, selection: .best(limit: 1)) else { break }
            mined.append(block)
        }
        return mined
    }

    /// True when the pool holds a transaction the next block could include.
    public var hasReadyTransaction: Bool {
        let world = self.world
        return pool.best(baseFee: nextBaseFee, gasAvailable: config.gasLimit) { world.nonce(of: $0) } != nil
    }

    /// Drops ready transactions whose senders can no longer pay for them (their balance moved since they were
    /// admitted), so that automine never mines an empty block for them; true when one that can be paid is left.
    private mutating func dropUnpayableReadyTransactions() -> Bool {
        while true {
            let world = self.world
            guard let best = pool.best(baseFee: nextBaseFee, gasAvailable: config.gasLimit, stateNonce: world.nonce)
            else { return false }
            if let cost = Self.upfrontCost(best.transaction.transaction), world.balance(of: best.sender) >= cost {
                return true
            }
            pool.remove(hash: best.hash)
        }
    }

    /// Which pooled transactions a block takes.
    enum Selection {
        /// The best ready ones, at most `limit`.
        case best(limit: Int?)
        /// Exactly these, in this order (replaying a journal).
        case exactly([Hash])
    }

    mutating func mine(now: UInt64, timestamp: UInt64?, selection: Selection) throws(ChainError) -> MinedBlock {
        let time: UInt64
        if let explicit = timestamp ?? nextBlockTimestamp {
            guard explicit > latest.timestamp else {
                throw .timestampNotIncreasing(timestamp: explicit, parent: latest.timestamp)
            }
            time = explicit
            nextBlockTimestamp = nil
            timeOffset = Int64(clamping: explicit) &- Int64(clamping: now)
        } else {
            time = nextTimestamp(now: now)
        }
        return buildBlock(timestamp: time, selection: selection)
    }

    /// Executes the selected transactions on top of the latest block and appends the block.
    mutating func buildBlock(timestamp: UInt64, selection: Selection) -> MinedBlock {
        let baseFee = nextBaseFee
        let context = BlockContext(
            number: blockNumber + 1, timestamp: timestamp, chainID: config.chainID, baseFee: baseFee,
            gasLimit: config.gasLimit, coinbase: config.coinbase)
        var mined: [MinedTransaction] = []
        var gasUsed: UInt64 = 0
        var logCount = 0
        var bloom = Bloom()
        var explicit: [Hash] = []
        if case .exactly(let hashes) = selection { explicit = hashes.reversed() }
        while true {
            let next: PooledTransaction?
            switch selection {
            case .best(let limit):
                if let limit, mined.count >= limit {
                    next = nil
                    break
                }
                let world = self.world
                next = pool.best(baseFee: baseFee, gasAvailable: config.gasLimit - gasUsed) { world.nonce(of: $0) }
            case .exactly:
                next = explicit.popLast().flatMap { pool.transaction(hash: $0) }
                if next == nil, !explicit.isEmpty { continue }
            }
            guard let pooled = next else { break }
            pool.remove(hash: pooled.hash)
            guard
                let transaction = apply(
                    pooled, in: context, index: mined.count, gasUsedBefore: gasUsed, firstLogIndex: logCount)
            else { continue }
            mined.append(transaction)
            gasUsed = transaction.cumulativeGasUsed
            logCount += transaction.logs.count
            bloom.formUnion(transaction.bloom)
        }
        let header = BlockHeader(
            parentHash: latest.hash, coinbase: config.coinbase, stateRoot: Self.stateRoot(of: world),
            transactionsRoot: OrderedTrie.root(mined.map { $0.transaction.encode() }),
            receiptsRoot: OrderedTrie.root(mined.map(\.encodedReceipt)), logsBloom: bloom, number: context.number,
            gasLimit: config.gasLimit, gasUsed: gasUsed, timestamp: timestamp, baseFeePerGas: baseFee)
        let block = MinedBlock(header: header, transactions: mined)
        blocks.append(block)
        blockNumbers[block.hash] = block.number
        for transaction in mined {
            transactionLocations[transaction.hash] = TransactionLocation(
                block: block.number, index: transaction.index)
        }
        history[block.number] = world
        let forgotten = Int64(block.number) - Int64(config.stateHistory)
        if forgotten > 0 { history[UInt64(forgotten)] = nil }
        journal.append(.block(timestamp: timestamp, transactions: mined.map(\.hash)))
        return block
    }

    /// Executes one transaction on the world: takes the nonce and the gas at the effective price, runs the message
    /// or the deployment, refunds the unused gas, pays the tip to the coinbase and burns the base fee. Nil when the
    /// transaction can no longer be included (its nonce, fee cap or balance no longer fits); it is dropped then.
    private mutating func apply(
        _ pooled: PooledTransaction, in context: BlockContext, index: Int, gasUsedBefore: UInt64, firstLogIndex: Int
    ) -> MinedTransaction? {
        let transaction = pooled.transaction.transaction
        let sender = pooled.sender
        guard world.nonce(of: sender) == transaction.nonce, let tip = pooled.effectiveTip(baseFee: context.baseFee),
            let cost = Self.upfrontCost(transaction), world.balance(of: sender) >= cost
        else { return nil }
        let price = context.baseFee + tip
        let gasLimit = transaction.gasLimit
        world.setNonce(transaction.nonce + 1, of: sender)
        world.setBalance(world.balance(of: sender) - UInt256(gasLimit) * price, of: sender)

        let rules = config.rules
        let intrinsic = rules.intrinsicGas(of: transaction)
        let executionGas = gasLimit - intrinsic
        let result: ExecutionResult
        if transaction.isContractCreation {
            let address = ContractAddress.create(sender: sender, nonce: transaction.nonce)
            if let recognised = try? world.recognise(initCode: transaction.data, deployer: sender, block: context) {
                result = world.create(
                    recognised, initCode: transaction.data, at: address, from: sender, value: transaction.value,
                    gas: executionGas, block: context, origin: sender)
            } else {
                // Checked when the transaction was admitted; the models cannot change since.
                result = ExecutionResult(failure: .reverted, output: [], logs: [], gasUsed: executionGas)
            }
        } else {
            result = world.execute(
                from: sender, to: transaction.to!, value: transaction.value, input: transaction.data,
                gas: executionGas, block: context)
        }
        let gasUsed = max(intrinsic + result.gasUsed, rules.minimumGasLimit(of: transaction))
        world.setBalance(world.balance(of: sender) + UInt256(gasLimit - gasUsed) * price, of: sender)
        world.setBalance(world.balance(of: context.coinbase) + UInt256(gasUsed) * tip, of: context.coinbase)
        burnt += UInt256(gasUsed) * context.baseFee
        return MinedTransaction(
            transaction: pooled.transaction, hash: pooled.hash, sender: sender, index: index, result: result,
            gasUsed: gasUsed, cumulativeGasUsed: gasUsedBefore + gasUsed, effectiveGasPrice: price,
            contractAddress: result.success ? result.contractAddress : nil, bloom: Bloom(logs: result.logs),
            firstLogIndex: firstLogIndex)
    }

    /// `gasLimit * maxPricePerGas + value`: what the sender must hold; nil when it does not fit in 256 bits.
    static func upfrontCost(_ transaction: TransactionEnvelope) -> UInt256? {
        let gas = UInt256(transaction.gasLimit).multipliedReportingOverflow(by: transaction.maxPricePerGas)
        guard !gas.overflow else { return nil }
        let total = gas.partialValue.addingReportingOverflow(transaction.value)
        return total.overflow ? nil : total.partialValue
    }

    /// The state commitment of `world` (see the type's documentation).
    static func stateRoot(of world: WorldState) -> Hash {
        let accounts = world.accounts.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
        return Keccak256.hash(RLPEncoder.encode(AccountList(accounts: accounts)))
    }

    /// `[[address, nonce, balance, codeHash], …]`.
    private struct AccountList: RLPListEncodable {
        var accounts: [(key: Address, value: Account)]

        private static func payloadLength(_ account: Account) -> Int {
            21 + account.nonce.encodedLength + account.balance.encodedLength + 33
        }

        var listPayloadLength: Int {
            accounts.reduce(0) { $0 + RLPEncoder.encodedLength(listPayloadLength: Self.payloadLength($1.value)) }
        }

        func encodeListItems(to encoder: inout RLPEncoder) {
            for (address, account) in accounts {
                encoder.writeListHeader(payloadLength: Self.payloadLength(account))
                encoder.write(address)
                encoder.write(account.nonce)
                encoder.write(account.balance)
                encoder.write(account.codeHash)
            }
        }
    }

    // MARK: Accounts

    /// Sets the balance of `address`, as `anvil_setBalance` does (recorded in the journal).
    public mutating func setBalance(_ balance: UInt256, of address: Address) {
        world.setBalance(balance, of: address)
        journal.append(.setBalance(address: address, balance: balance))
    }
}
