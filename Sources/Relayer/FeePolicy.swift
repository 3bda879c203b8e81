public import EthPrimitives
public import JSONRPC

/// The two fee fields of an EIP-1559 transaction, in wei per gas.
public struct Fees: Sendable, Hashable, CustomStringConvertible {
    /// The most paid per gas in all, base fee included.
    public var maxFeePerGas: UInt256
    /// The most paid per gas to the block producer on top of the base fee.
    public var maxPriorityFeePerGas: UInt256

    /// Fees with these two caps.
    public init(maxFeePerGas: UInt256, maxPriorityFeePerGas: UInt256) {
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
    }

    /// `maxFeePerGas=… maxPriorityFeePerGas=…` in wei.
    public var description: String {
        "maxFeePerGas=\(maxFeePerGas) maxPriorityFeePerGas=\(maxPriorityFeePerGas)"
    }
}

/// How the relayer prices its transactions: EIP-1559 fees from `eth_feeHistory` and `eth_maxPriorityFeePerGas`,
/// never above a configured cap, and the raise a stuck transaction's replacement gets.
///
/// Pure arithmetic on what the node said, so that every rule is tested without a node:
/// - the priority fee is the larger of the node's suggestion and the median, over the recent blocks that paid any,
///   of the ``rewardPercentile``-th percentile tip; ``fallbackPriorityFee`` when the node gives neither; never
///   below ``minimumPriorityFee``;
/// - the fee cap is `baseFeeMultiplier × next base fee + priority fee`, which keeps the transaction includable
///   while the base fee rises for a few full blocks (×2 survives six blocks of +12.5 %);
/// - neither is ever above ``maxFeePerGasCap``: when the formula exceeds it the cap is used, the priority fee
///   shrunk so that it fits above the next base fee; when the next base fee alone exceeds it the policy refuses
///   (``Refusal/baseFeeAboveCap(baseFee:cap:)``) and the relayer waits instead of signing;
/// - a replacement raises **both** fields by at least 12.5 % (⌈old × 9/8⌉, more than the 10 % geth, Erigon and
///   Nethermind require), takes today's estimate when that is higher, and is refused when the raise would pass the
///   cap (``bump(_:fresh:)`` returns nil): the transaction then waits at its fees.
public struct FeePolicy: Sendable, Hashable {
    /// The most wei per gas any transaction of the relayer may pay (its `maxFeePerGas` never exceeds this).
    public var maxFeePerGasCap: UInt256
    /// The least priority fee used, in wei per gas.
    public var minimumPriorityFee: UInt256
    /// The priority fee when the node suggests none and recent blocks paid none.
    public var fallbackPriorityFee: UInt256
    /// The fee cap is this many times the next block's base fee, plus the priority fee.
    public var baseFeeMultiplier: UInt64
    /// How many recent blocks `eth_feeHistory` is asked about.
    public var historyBlocks: UInt64
    /// The tip percentile asked of `eth_feeHistory` (0–100).
    public var rewardPercentile: Double

    /// One gwei, in wei.
    public static let gwei: UInt256 = 1_000_000_000

    /// A policy; the defaults suit a local chain and public testnets (cap 500 gwei).
    ///
    /// - Parameters:
    ///   - maxFeePerGasCap: the most wei per gas ever paid.
    ///   - minimumPriorityFee: the least tip, in wei per gas.
    ///   - fallbackPriorityFee: the tip when neither the node nor recent blocks suggest one.
    ///   - baseFeeMultiplier: how many next-block base fees the fee cap allows for (at least 1).
    ///   - historyBlocks: the number of recent blocks whose tips are looked at.
    ///   - rewardPercentile: the tip percentile read from each of those blocks.
    public init(
        maxFeePerGasCap: UInt256 = 500 * FeePolicy.gwei, minimumPriorityFee: UInt256 = 0,
        fallbackPriorityFee: UInt256 = FeePolicy.gwei, baseFeeMultiplier: UInt64 = 2, historyBlocks: UInt64 = 10,
        rewardPercentile: Double = 50
    ) {
        self.maxFeePerGasCap = maxFeePerGasCap
        self.minimumPriorityFee = minimumPriorityFee
        self.fallbackPriorityFee = fallbackPriorityFee
        self.baseFeeMultiplier = max(1, baseFeeMultiplier)
        self.historyBlocks = historyBlocks
        self.rewardPercentile = rewardPercentile
    }

    /// Why the policy will not price a transaction now.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The next block's base fee is above the cap: no transaction within the cap can be included now.
        case baseFeeAboveCap(baseFee: UInt256, cap: UInt256)
        /// `eth_feeHistory` gave no base fee to build on.
        case noBaseFee

        /// One sentence, starting `relayer:`.
        public var description: String {
            switch self {
            case .baseFeeAboveCap(let baseFee, let cap):
                "relayer: the next base fee \(baseFee) wei is above the fee cap \(cap) wei; waiting for it to fall "
                    + "(or raise --max-fee-per-gas)"
            case .noBaseFee:
                "relayer: eth_feeHistory returned no base fee; the node may not support EIP-1559"
            }
        }
    }

    /// The fees for a new transaction.
    ///
    /// - Parameters:
    ///   - history: what `eth_feeHistory(historyBlocks, "latest", [rewardPercentile])` returned; its last base fee
    ///     is the next block's.
    ///   - suggestedPriorityFee: what `eth_maxPriorityFeePerGas` returned, or nil when the node does not have it.
    /// - Returns: the fees, or why none within the cap fits.
    public func estimate(history: FeeHistory, suggestedPriorityFee: UInt256?) -> Result<Fees, Refusal> {
        guard let nextBaseFee = history.baseFeePerGas.last else { return .failure(.noBaseFee) }
        guard nextBaseFee <= maxFeePerGasCap else {
            return .failure(.baseFeeAboveCap(baseFee: nextBaseFee, cap: maxFeePerGasCap))
        }
        var tip = Swift.max(suggestedPriorityFee ?? 0, Self.medianReward(history) ?? 0)
        if tip == 0 { tip = fallbackPriorityFee }
        tip = Swift.max(tip, minimumPriorityFee)
        // Fits within the cap above the next base fee.
        tip = Swift.min(tip, maxFeePerGasCap - nextBaseFee)
        let (scaled, overflow) = nextBaseFee.multipliedReportingOverflow(by: UInt256(baseFeeMultiplier))
        let (sum, overflow2) = scaled.addingReportingOverflow(tip)
        let maxFee = overflow || overflow2 ? maxFeePerGasCap : Swift.min(sum, maxFeePerGasCap)
        return .success(Fees(maxFeePerGas: maxFee, maxPriorityFeePerGas: tip))
    }

    /// The fees of a replacement for a transaction sent with `previous`: both fields raised by at least 12.5 %
    /// (⌈x × 9/8⌉), or to `fresh` (today's estimate) where that is higher.
    ///
    /// - Returns: nil when a 12.5 % raise of either field would pass ``maxFeePerGasCap`` (the priority fee may never
    ///   exceed the fee cap either): the transaction then stays at its fees.
    public func bump(_ previous: Fees, fresh: Fees?) -> Fees? {
        guard let minimumFee = Self.raised(previous.maxFeePerGas),
            let minimumTip = Self.raised(previous.maxPriorityFeePerGas)
        else { return nil }
        var fee = Swift.max(minimumFee, fresh?.maxFeePerGas ?? 0)
        var tip = Swift.max(minimumTip, fresh?.maxPriorityFeePerGas ?? 0)
        fee = Swift.min(fee, maxFeePerGasCap)
        guard fee >= minimumFee else { return nil }
        tip = Swift.min(tip, fee)
        guard tip >= minimumTip else { return nil }
        return Fees(maxFeePerGas: fee, maxPriorityFeePerGas: tip)
    }

    /// ⌈value × 9/8⌉: the smallest value at least 12.5 % above `value`; nil on overflow.
    static func raised(_ value: UInt256) -> UInt256? {
        let (times9, overflow) = value.multipliedReportingOverflow(by: 9)
        guard !overflow else { return nil }
        let (rounded, overflow2) = times9.addingReportingOverflow(7)
        guard !overflow2 else { return nil }
        return rounded / 8
    }

    /// The median of the first percentile column of `history.reward` over the blocks that paid any tip at all, or
    /// nil when there is no such block.
    static func medianReward(_ history: FeeHistory) -> UInt256? {
        let tips = (history.reward ?? []).compactMap(\.first).filter { $0 > 0 }.sorted()
        guard !tips.isEmpty else { return nil }
        return tips[tips.count / 2]
    }
}
