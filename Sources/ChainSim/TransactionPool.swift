public import EthPrimitives
public import Transactions

/// A transaction waiting in the pool, with its recovered sender and its arrival order.
public struct PooledTransaction: Sendable {
    /// The transaction as sent.
    public var transaction: SignedTransaction
    /// Its hash.
    public var hash: Hash
    /// The recovered sender.
    public var sender: Address
    /// Arrival order: ties between equally paying transactions go to the earlier one.
    public var sequence: UInt64

    /// The transaction's nonce.
    public var nonce: UInt64 { transaction.transaction.nonce }

    /// The most the transaction pays per gas in all: its gas price, or its fee cap.
    public var feeCap: UInt256 { transaction.transaction.maxPricePerGas }

    /// The most the transaction pays per gas on top of the base fee, before the fee cap: its gas price (legacy and
    /// EIP-2930), or its priority fee.
    public var tipCap: UInt256 {
        transaction.transaction.maxPriorityFeePerGas ?? transaction.transaction.maxPricePerGas
    }

    /// The tip per gas the block producer gets at `baseFee`: `min(tipCap, feeCap - baseFee)`; nil when the fee cap
    /// is below the base fee (the transaction cannot be included).
    public func effectiveTip(baseFee: UInt256) -> UInt256? {
        guard feeCap >= baseFee else { return nil }
        return Swift.min(tipCap, feeCap - baseFee)
    }
}

/// The transactions sent but not mined yet: per sender, by nonce.
///
/// A transaction whose nonce is the sender's next is *pending* (ready to mine); one further ahead is *queued* and
/// waits until the transactions before it arrive, then is promoted without being sent again. A transaction with
/// the nonce of one already in the pool replaces it only if it raises both the fee cap and the tip by at least
/// ``replacementBump`` percent (geth's rule).
public struct TransactionPool: Sendable {
    /// The least raise, in percent of the old fee cap and of the old tip, for a replacement to be accepted.
    public static let replacementBump: UInt256 = 10

    private var bySender: [Address: [UInt64: PooledTransaction]] = [:]
    private var locations: [Hash: Location] = [:]
    private var nextSequence: UInt64 = 0

    private struct Location {
        var sender: Address
        var nonce: UInt64
    }

    /// An empty pool.
    public init() {}

    /// The number of transactions in the pool.
    public var count: Int { locations.count }

    /// True when the pool holds nothing.
    public var isEmpty: Bool { locations.isEmpty }

    /// The transaction with this hash, if it waits in the pool.
    public func transaction(hash: Hash) -> PooledTransaction? {
        guard let location = locations[hash] else { return nil }
        return bySender[location.sender]?[location.nonce]
    }

    /// The transaction of `sender` with `nonce`, if there is one.
    public func transaction(sender: Address, nonce: UInt64) -> PooledTransaction? {
        bySender[sender]?[nonce]
    }

    /// Every transaction in the pool, in arrival order.
    public var all: [PooledTransaction] {
        bySender.values.flatMap(\.values).sorted { $0.sequence < $1.sequence }
    }

    /// The nonce after the run of consecutive transactions of `sender` starting at `stateNonce`: the next nonce a
    /// wallet should use (the `pending` transaction count).
    public func pendingNonce(of sender: Address, stateNonce: UInt64) -> UInt64 {
        guard let transactions = bySender[sender] else { return stateNonce }
        var nonce = stateNonce
        while transactions[nonce] != nil { nonce += 1 }
        return nonce
    }

    /// Checks that `transaction` may replace what the pool holds at its sender and nonce (if anything).
    ///
    /// - Throws: ``ChainError/replacementUnderpriced`` when a transaction is there and the new one does not raise
    ///   both the fee cap and the tip by at least 10%, and strictly.
    func checkReplacement(_ transaction: SignedTransaction, sender: Address) throws(ChainError) {
        guard let old = bySender[sender]?[transaction.transaction.nonce] else { return }
        let candidate = PooledTransaction(transaction: transaction, hash: .zero, sender: sender, sequence: 0)
        let feeCapFloor = old.feeCap * (100 + Self.replacementBump) / 100
        let tipFloor = old.tipCap * (100 + Self.replacementBump) / 100
        guard candidate.feeCap > old.feeCap, candidate.tipCap > old.tipCap, candidate.feeCap >= feeCapFloor,
            candidate.tipCap >= tipFloor
        else { throw .replacementUnderpriced }
    }

    /// Adds a checked transaction, replacing the one with the same sender and nonce; returns what it replaced.
    @discardableResult
    mutating func insert(_ transaction: SignedTransaction, hash: Hash, sender: Address) -> PooledTransaction? {
        let nonce = transaction.transaction.nonce
        let replaced = bySender[sender]?[nonce]
        if let replaced { locations[replaced.hash] = nil }
        bySender[sender, default: [:]][nonce] = PooledTransaction(
            transaction: transaction, hash: hash, sender: sender, sequence: nextSequence)
        nextSequence += 1
        locations[hash] = Location(sender: sender, nonce: nonce)
        return replaced
    }

    /// Removes the transaction with this hash; returns it.
    @discardableResult
    mutating func remove(hash: Hash) -> PooledTransaction? {
        guard let location = locations.removeValue(forKey: hash) else { return nil }
        let removed = bySender[location.sender]?.removeValue(forKey: location.nonce)
        if bySender[location.sender]?.isEmpty == true { bySender[location.sender] = nil }
        return removed
    }

    /// The ready transaction a block producer takes next at `baseFee`: among each sender's transaction at its
    /// state nonce, the one paying the highest tip (ties to the earliest arrival), skipping those whose fee cap is
    /// below the base fee or whose gas limit is above `gasAvailable`.
    func best(baseFee: UInt256, gasAvailable: UInt64, stateNonce: (Address) -> UInt64) -> PooledTransaction? {
        var best: (transaction: PooledTransaction, tip: UInt256)?
        for (sender, transactions) in bySender {
            guard let candidate = transactions[stateNonce(sender)],
                candidate.transaction.transaction.gasLimit <= gasAvailable,
                let tip = candidate.effectiveTip(baseFee: baseFee)
            else { continue }
            if let current = best,
                current.tip > tip || (current.tip == tip && current.transaction.sequence < candidate.sequence)
            {
                continue
            }
            best = (candidate, tip)
        }
        return best?.transaction
    }
}
