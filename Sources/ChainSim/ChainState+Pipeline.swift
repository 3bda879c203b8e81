public import EthPrimitives
import Transactions

extension ChainState {
    /// Admits a raw transaction into the pool the way a node does, or refuses it with the error geth would give.
    ///
    /// The checks, in geth's order: decoding (well-formed, low s); already known; chain id; init-code size; gas
    /// limit against the block's; tip against fee cap; the sender (signature recovery); the nonce's EIP-2681 cap;
    /// intrinsic gas and, under Prague, the calldata floor; the minimum tip; the fee cap against the next block's
    /// base fee; the nonce against the sender's; same-nonce replacement (fee cap and tip both at least 10% higher);
    /// the balance for `gasLimit * maxFeePerGas + value`; and, for a creation, that the init code is a modelled
    /// contract's. A nonce ahead of the sender's is accepted and waits (queued) until the gap fills. A legacy
    /// transaction signed without a chain id (pre-EIP-155) names no chain and is accepted, as anvil accepts it.
    ///
    /// Admission does not mine: ``Chain`` mines at once when automine is on.
    ///
    /// - Parameter now: the clock's time, for the next block's context.
    /// - Returns: the transaction hash.
    /// - Throws: the ``ChainError`` of the first check that fails.
    @discardableResult
    public mutating func admit(_ raw: [UInt8], now: UInt64) throws(ChainError) -> Hash {
        let signed: SignedTransaction
        do {
            signed = try SignedTransaction.decode(raw)
        } catch {
            throw .malformedTransaction(error)
        }
        let hash = signed.hash
        let sender = try validate(signed, hash: hash, now: now)
        pool.insert(signed, hash: hash, sender: sender)
        journal.append(.transaction(raw: raw))
        return hash
    }

    /// Runs every admission check on a decoded transaction; returns its sender.
    func validate(_ signed: SignedTransaction, hash: Hash, now: UInt64) throws(ChainError) -> Address {
        let transaction = signed.transaction
        guard pool.transaction(hash: hash) == nil, transactionLocations[hash] == nil else { throw .alreadyKnown }
        if let chainID = transaction.chainID, chainID != config.chainID {
            throw .invalidChainID(expected: config.chainID, actual: chainID)
        }
        let rules = config.rules
        if transaction.isContractCreation, transaction.data.count > rules.maxInitCodeSize {
            throw .initCodeTooLarge(size: transaction.data.count, limit: rules.maxInitCodeSize)
        }
        guard transaction.gasLimit <= config.gasLimit else {
            throw .gasLimitExceeded(gas: transaction.gasLimit, blockGasLimit: config.gasLimit)
        }
        if let tip = transaction.maxPriorityFeePerGas, let feeCap = transaction.maxFeePerGas, tip > feeCap {
            throw .tipAboveFeeCap(maxPriorityFeePerGas: tip, maxFeePerGas: feeCap)
        }
        let sender: Address
        do {
            sender = try signed.recoverSender()
        } catch {
            throw .invalidSender
        }
        guard transaction.nonce < .max else { throw .nonceMax }
        let intrinsic = rules.intrinsicGas(of: transaction)
        guard transaction.gasLimit >= intrinsic else {
            throw .intrinsicGasTooLow(gas: transaction.gasLimit, minimum: intrinsic)
        }
        let floor = rules.minimumGasLimit(of: transaction)
        guard transaction.gasLimit >= floor else {
            throw .floorDataGasTooLow(gas: transaction.gasLimit, minimum: floor)
        }
        let pooled = PooledTransaction(transaction: signed, hash: hash, sender: sender, sequence: 0)
        guard pooled.tipCap >= config.minimumPriorityFee else {
            throw .underpriced(tip: pooled.tipCap, minimum: config.minimumPriorityFee)
        }
        let baseFee = nextBaseFee
        guard pooled.feeCap >= baseFee else {
            throw .feeCapTooLow(sender: sender, maxFeePerGas: pooled.feeCap, baseFee: baseFee)
        }
        let next = world.nonce(of: sender)
        guard transaction.nonce >= next else { throw .nonceTooLow(next: next, transaction: transaction.nonce) }
        try pool.checkReplacement(signed, sender: sender)
        guard let cost = Self.upfrontCost(transaction) else { throw .feeOverflow }
        let balance = world.balance(of: sender)
        guard balance >= cost else { throw .insufficientFunds(sender: sender, have: balance, want: cost) }
        if transaction.isContractCreation {
            _ = try world.recognise(initCode: transaction.data, deployer: sender, block: pendingContext(now: now))
        }
        return sender
    }
}
