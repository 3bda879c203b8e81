public import EthPrimitives

/// Everything the relayer engine needs to know besides its key, its outbox, its node and its clock.
public struct RelayerConfiguration: Sendable, Hashable {
    /// The chain the relayer signs for; the node must serve it (checked on start).
    public var chainID: UInt64
    /// The `SessionEscrow` contract the intents call.
    public var escrow: Address
    /// How fees are priced and capped.
    public var fees: FeePolicy
    /// Blocks a receipt needs (its own included) before the intent is ``IntentState/confirmed``: 1 on a local
    /// chain, more where blocks can be reorganised.
    public var confirmations: UInt64
    /// Seconds a transaction may wait for a receipt after it was signed before it is replaced with higher fees.
    public var replaceAfter: Double
    /// Seconds after which an accepted, unmined transaction is sent again (a node may have dropped it).
    public var rebroadcastAfter: Double
    /// Seconds a simulation stays good for signing; an older one is simulated again.
    public var simulationMaxAge: Double
    /// Seconds an intent may keep waiting for the chain's clock (`escrow: ended in future`, `escrow: cap not
    /// reached`) before it fails.
    public var waitWindow: Double
    /// How many times an intent may be requeued because its mined transaction reverted before it fails.
    public var maxAttempts: Int
    /// How many transient failures of an intent's `eth_call` or `eth_estimateGas` (a node error other than a revert
    /// or a connection failure) are retried before it fails.
    public var maxTransientFailures: Int
    /// Added to `eth_estimateGas`, in percent.
    public var gasHeadroomPercent: UInt64
    /// The least gas limit an escrow call is sent with.
    public var minimumGasLimit: UInt64
    /// Backoff for retries (node unreachable, transient errors, insufficient funds).
    public var backoff: Backoff
    /// The most intents simulated, and the most signed, in one step.
    public var batchSize: Int
    /// Time between steps when nothing wakes the engine earlier (a submitted intent does).
    public var pollInterval: Duration

    /// A configuration; the defaults suit a local chain and public testnets.
    ///
    /// - Parameters:
    ///   - chainID: the chain to sign for.
    ///   - escrow: the escrow contract's address.
    ///   - fees: the fee policy, with its cap.
    ///   - confirmations: blocks needed before an intent is confirmed (at least 1).
    ///   - replaceAfter: seconds before a stuck transaction is replaced.
    ///   - rebroadcastAfter: seconds before an accepted, unmined transaction is sent again.
    ///   - simulationMaxAge: seconds a simulation stays good for signing.
    ///   - waitWindow: seconds an intent may wait for the chain's clock.
    ///   - maxAttempts: requeues after a reverted transaction allowed before an intent fails.
    ///   - maxTransientFailures: transient simulation failures allowed before an intent fails.
    ///   - gasHeadroomPercent: percent added to gas estimates.
    ///   - minimumGasLimit: the least gas limit of an escrow call.
    ///   - backoff: the retry backoff.
    ///   - batchSize: intents simulated and signed per step, at most.
    ///   - pollInterval: time between steps.
    public init(
        chainID: UInt64, escrow: Address, fees: FeePolicy = FeePolicy(), confirmations: UInt64 = 1,
        replaceAfter: Double = 60, rebroadcastAfter: Double = 120, simulationMaxAge: Double = 30,
        waitWindow: Double = 900, maxAttempts: Int = 5, maxTransientFailures: Int = 20, gasHeadroomPercent: UInt64 = 25,
        minimumGasLimit: UInt64 = 21_000, backoff: Backoff = Backoff(base: 1, maximum: 60), batchSize: Int = 64,
        pollInterval: Duration = .seconds(1)
    ) {
        self.chainID = chainID
        self.escrow = escrow
        self.fees = fees
        self.confirmations = max(1, confirmations)
        self.replaceAfter = replaceAfter
        self.rebroadcastAfter = rebroadcastAfter
        self.simulationMaxAge = simulationMaxAge
        self.waitWindow = waitWindow
        self.maxAttempts = max(1, maxAttempts)
        self.maxTransientFailures = max(1, maxTransientFailures)
        self.gasHeadroomPercent = gasHeadroomPercent
        self.minimumGasLimit = minimumGasLimit
        self.backoff = backoff
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
    }
}
