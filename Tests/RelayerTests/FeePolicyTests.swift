import EthPrimitives
import JSONRPC
import PropertyBased
import Relayer
import Testing

@Suite struct FeePolicyTests {
    static let gwei = FeePolicy.gwei

    static func history(baseFees: [UInt256], rewards: [UInt256]?) -> FeeHistory {
        FeeHistory(
            oldestBlock: 100, baseFeePerGas: baseFees,
            gasUsedRatio: Array(repeating: 0.5, count: max(0, baseFees.count - 1)),
            reward: rewards.map { $0.map { [$0] } })
    }

    struct EstimateRow: Sendable, CustomTestStringConvertible {
        var name: String
        var cap: UInt256
        var minimumTip: UInt256 = 0
        var baseFees: [UInt256]
        var rewards: [UInt256]?
        var suggested: UInt256?
        var expected: Result<Fees, FeePolicy.Refusal>
        var testDescription: String { name }
    }

    static let estimateRows: [EstimateRow] = [
        EstimateRow(
            name: "2 × next base fee + the node's suggested tip", cap: 500 * gwei, baseFees: [10 * gwei, 12 * gwei],
            rewards: [1 * gwei], suggested: 2 * gwei,
            expected: .success(Fees(maxFeePerGas: 26 * gwei, maxPriorityFeePerGas: 2 * gwei))),
        EstimateRow(
            name: "the history's median tip when it is above the suggestion", cap: 500 * gwei,
            baseFees: [10 * gwei, 10 * gwei, 10 * gwei, 10 * gwei], rewards: [1 * gwei, 5 * gwei, 3 * gwei],
            suggested: 2 * gwei, expected: .success(Fees(maxFeePerGas: 23 * gwei, maxPriorityFeePerGas: 3 * gwei))),
        EstimateRow(
            name: "empty blocks (zero tips) are left out of the median", cap: 500 * gwei,
            baseFees: [10 * gwei, 10 * gwei, 10 * gwei, 10 * gwei], rewards: [0, 0, 4 * gwei], suggested: nil,
            expected: .success(Fees(maxFeePerGas: 24 * gwei, maxPriorityFeePerGas: 4 * gwei))),
        EstimateRow(
            name: "the fallback tip when nobody suggests one", cap: 500 * gwei, baseFees: [7, 7], rewards: nil,
            suggested: nil, expected: .success(Fees(maxFeePerGas: 14 + gwei, maxPriorityFeePerGas: gwei))),
        EstimateRow(
            name: "the minimum tip wins over a lower suggestion", cap: 500 * gwei, minimumTip: 3 * gwei,
            baseFees: [gwei], rewards: nil, suggested: gwei,
            expected: .success(Fees(maxFeePerGas: 5 * gwei, maxPriorityFeePerGas: 3 * gwei))),
        EstimateRow(
            name: "capped: the fee cap is used and the tip still fits above the base fee", cap: 25 * gwei,
            baseFees: [20 * gwei], rewards: nil, suggested: 2 * gwei,
            expected: .success(Fees(maxFeePerGas: 25 * gwei, maxPriorityFeePerGas: 2 * gwei))),
        EstimateRow(
            name: "capped: the tip shrinks to what is left above the base fee", cap: 21 * gwei,
            baseFees: [20 * gwei], rewards: nil, suggested: 2 * gwei,
            expected: .success(Fees(maxFeePerGas: 21 * gwei, maxPriorityFeePerGas: gwei))),
        EstimateRow(
            name: "a base fee exactly at the cap leaves no tip", cap: 20 * gwei, baseFees: [20 * gwei], rewards: nil,
            suggested: 2 * gwei, expected: .success(Fees(maxFeePerGas: 20 * gwei, maxPriorityFeePerGas: 0))),
        EstimateRow(
            name: "a base fee above the cap is refused", cap: 20 * gwei, baseFees: [5 * gwei, 20 * gwei + 1],
            rewards: nil, suggested: nil,
            expected: .failure(.baseFeeAboveCap(baseFee: 20 * gwei + 1, cap: 20 * gwei))),
        EstimateRow(
            name: "no base fee at all is refused", cap: 20 * gwei, baseFees: [], rewards: nil, suggested: nil,
            expected: .failure(.noBaseFee)),
    ]

    @Test(arguments: estimateRows)
    func estimate(row: EstimateRow) {
        let policy = FeePolicy(maxFeePerGasCap: row.cap, minimumPriorityFee: row.minimumTip)
        let result = policy.estimate(
            history: Self.history(baseFees: row.baseFees, rewards: row.rewards), suggestedPriorityFee: row.suggested)
        #expect(result == row.expected)
    }

    struct BumpRow: Sendable, CustomTestStringConvertible {
        var name: String
        var cap: UInt256
        var previous: Fees
        var fresh: Fees?
        var expected: Fees?
        var testDescription: String { name }
    }

    static let bumpRows: [BumpRow] = [
        BumpRow(
            name: "both fields raised by exactly 12.5 %", cap: 500 * gwei,
            previous: Fees(maxFeePerGas: 80 * gwei, maxPriorityFeePerGas: 8 * gwei), fresh: nil,
            expected: Fees(maxFeePerGas: 90 * gwei, maxPriorityFeePerGas: 9 * gwei)),
        BumpRow(
            name: "rounded up: 12.5 % of 1 wei is 1 wei", cap: 500 * gwei,
            previous: Fees(maxFeePerGas: 1, maxPriorityFeePerGas: 1), fresh: nil,
            expected: Fees(maxFeePerGas: 2, maxPriorityFeePerGas: 2)),
        BumpRow(
            name: "rounded up: 9 wei becomes 11, not 10", cap: 500 * gwei,
            previous: Fees(maxFeePerGas: 9, maxPriorityFeePerGas: 0), fresh: nil,
            expected: Fees(maxFeePerGas: 11, maxPriorityFeePerGas: 0)),
        BumpRow(
            name: "today's estimate when it is higher", cap: 500 * gwei,
            previous: Fees(maxFeePerGas: 20 * gwei, maxPriorityFeePerGas: gwei),
            fresh: Fees(maxFeePerGas: 60 * gwei, maxPriorityFeePerGas: 3 * gwei),
            expected: Fees(maxFeePerGas: 60 * gwei, maxPriorityFeePerGas: 3 * gwei)),
        BumpRow(
            name: "a higher fresh estimate is capped", cap: 50 * gwei,
            previous: Fees(maxFeePerGas: 20 * gwei, maxPriorityFeePerGas: gwei),
            fresh: Fees(maxFeePerGas: 60 * gwei, maxPriorityFeePerGas: 3 * gwei),
            expected: Fees(maxFeePerGas: 50 * gwei, maxPriorityFeePerGas: 3 * gwei)),
        BumpRow(
            name: "a raise that lands exactly on the cap", cap: 90 * gwei,
            previous: Fees(maxFeePerGas: 80 * gwei, maxPriorityFeePerGas: 8 * gwei), fresh: nil,
            expected: Fees(maxFeePerGas: 90 * gwei, maxPriorityFeePerGas: 9 * gwei)),
        BumpRow(
            name: "refused when 12.5 % would pass the cap", cap: 90 * gwei - 1,
            previous: Fees(maxFeePerGas: 80 * gwei, maxPriorityFeePerGas: 8 * gwei), fresh: nil, expected: nil),
        BumpRow(
            name: "a tip equal to its fee cap rises with it", cap: 500 * gwei,
            previous: Fees(maxFeePerGas: 10 * gwei, maxPriorityFeePerGas: 10 * gwei),
            fresh: Fees(maxFeePerGas: 11 * gwei, maxPriorityFeePerGas: 2 * gwei),
            expected: Fees(maxFeePerGas: UInt256(11_250_000_000), maxPriorityFeePerGas: UInt256(11_250_000_000))),
        BumpRow(
            name: "refused when the tip cannot rise 12.5 % under the fee cap", cap: 500 * gwei,
            previous: Fees(maxFeePerGas: 10 * gwei, maxPriorityFeePerGas: 12 * gwei), fresh: nil, expected: nil),
        BumpRow(
            name: "refused at the cap itself", cap: 10 * gwei,
            previous: Fees(maxFeePerGas: 10 * gwei, maxPriorityFeePerGas: gwei), fresh: nil, expected: nil),
        BumpRow(
            name: "refused on overflow", cap: .max,
            previous: Fees(maxFeePerGas: .max, maxPriorityFeePerGas: 1), fresh: nil, expected: nil),
    ]

    @Test(arguments: bumpRows)
    func bump(row: BumpRow) {
        let policy = FeePolicy(maxFeePerGasCap: row.cap)
        #expect(policy.bump(row.previous, fresh: row.fresh) == row.expected)
    }

    /// A replacement always raises both fields by at least 12.5 % (what geth's 10 % rule needs, with room) and never
    /// passes the cap; it is refused only when such a raise would pass the cap.
    @Test func bumpInvariants() async {
        let amount = Gen<UInt64>.value(in: 0...1_000_000_000_000).map { UInt256($0) }
        await propertyCheck(count: 500, input: amount, amount, amount, amount) { fee, tipSeed, cap, fresh in
            let tip = fee == 0 ? 0 : tipSeed % (fee + 1)
            let previous = Fees(maxFeePerGas: fee, maxPriorityFeePerGas: tip)
            let policy = FeePolicy(maxFeePerGasCap: cap)
            let freshFees = Fees(maxFeePerGas: fresh, maxPriorityFeePerGas: fresh / 10)
            let minimumFee = (fee * 9 + 7) / 8
            let minimumTip = (tip * 9 + 7) / 8
            let bumped = policy.bump(previous, fresh: freshFees)
            #expect((bumped == nil) == (minimumFee > cap))
            if let bumped {
                #expect(bumped.maxFeePerGas * 8 >= fee * 9)
                #expect(bumped.maxPriorityFeePerGas * 8 >= tip * 9)
                #expect(bumped.maxFeePerGas <= cap)
                #expect(bumped.maxPriorityFeePerGas <= bumped.maxFeePerGas)
                #expect(bumped.maxPriorityFeePerGas >= minimumTip)
            }
        }
    }

    /// An estimate never passes the cap and never leaves the fee cap below the next base fee plus the tip.
    @Test func estimateInvariants() async {
        let amount = Gen<UInt64>.value(in: 0...1_000_000_000_000).map { UInt256($0) }
        await propertyCheck(count: 500, input: amount, amount, amount) { base, tip, cap in
            let policy = FeePolicy(maxFeePerGasCap: cap)
            switch policy.estimate(history: Self.history(baseFees: [base], rewards: nil), suggestedPriorityFee: tip) {
            case .success(let fees):
                #expect(fees.maxFeePerGas <= cap)
                #expect(fees.maxFeePerGas >= base + fees.maxPriorityFeePerGas)
            case .failure(let refusal):
                #expect(refusal == .baseFeeAboveCap(baseFee: base, cap: cap))
                #expect(base > cap)
            }
        }
    }

    @Test func refusalsDescribeThemselves() {
        #expect(
            FeePolicy.Refusal.baseFeeAboveCap(baseFee: 30, cap: 20).description
                == "relayer: the next base fee 30 wei is above the fee cap 20 wei; waiting for it to fall "
                + "(or raise --max-fee-per-gas)")
        #expect(FeePolicy.Refusal.noBaseFee.description.hasPrefix("relayer: "))
    }
}
