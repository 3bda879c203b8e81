import ChainSim
import EthPrimitives
import JSONRPC
import RLP
import Secp256k1
import Testing
import Transactions

/// The transaction pipeline: every refusal with geth's exact message, the pool (queued nonces, promotion,
/// replacement, ordering), execution and receipts (fees, burning, tips, logs, bloom, contract addresses).
@Suite struct PipelineTests {
    typealias F = Fixture

    // MARK: Refusals

    struct Refusal: Sendable, CustomStringConvertible {
        var name: String
        var raw: @Sendable () -> [UInt8]
        var message: String
        var minimumPriorityFee: UInt256 = 0
        var description: String { name }
    }

    static let sender = F.address(0)

    /// A signed transaction whose `s` is replaced by `n - s` (and the parity flipped): the same signature in its
    /// high-s form, which Ethereum refuses since Homestead.
    static func highS(_ signed: SignedTransaction) -> [UInt8] {
        let raw = signed.encode()
        var items = try! RLPDecoder.decode(RLPItem.self, from: Array(raw.dropFirst())).items!
        let s = Signature.curveOrder - signed.signature.s
        items[items.count - 1] = RLPItem(s.minimalBigEndianBytes)
        items[items.count - 3] = RLPItem(signed.signature.yParity ? [] : [1])
        return [raw[0]] + RLPEncoder.encode(RLPItem.list(items))
    }

    /// A transaction with a signature from which no key can be recovered (r is not the x of a curve point).
    static func unrecoverable() -> [UInt8] {
        let call = EIP1559Transaction(
            chainID: 31337, nonce: 0, maxPriorityFeePerGas: F.gwei, maxFeePerGas: 10 * F.gwei, gasLimit: 21_000,
            to: F.address(1))
        var r: UInt256 = 1
        while true {
            let signed = try! SignedTransaction(
                transaction: .eip1559(call), signature: Signature(r: r, s: 1, yParity: false))
            if (try? signed.recoverSender()) == nil { return signed.encode() }
            r += 1
        }
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "unsupported type", raw: { [0x03, 0xc0] }, message: "transaction type not supported"),
        Refusal(
            name: "malformed", raw: { [0x02, 0xc1, 0x80] },
            message:
                "invalid transaction: transactions: wrongFieldCount: the EIP-1559 transaction list at offset 1 has 1 "
                + "field where 12 were expected"),
        Refusal(
            name: "high s", raw: { highS(F.eip1559(from: 0, nonce: 0, to: F.address(1))) },
            message: "invalid sender: invalid transaction v, r, s values"),
        Refusal(
            name: "wrong chain", raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), chainID: 1).encode() },
            message: "invalid sender: invalid chain id for signer: have 1 want 31337"),
        Refusal(
            name: "no sender", raw: { unrecoverable() }, message: "invalid sender: recovery failed"),
        Refusal(
            name: "init code too large",
            raw: {
                F.eip1559(from: 0, nonce: 0, to: nil, data: [UInt8](repeating: 1, count: 49_153), gas: 900_000).encode()
            },
            message: "max initcode size exceeded: code size 49153, limit 49152"),
        Refusal(
            name: "above the block gas limit",
            raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), gas: 30_000_001).encode() },
            message: "exceeds block gas limit"),
        Refusal(
            name: "tip above fee cap",
            raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), tip: 3 * F.gwei, feeCap: 2 * F.gwei).encode() },
            message: "max priority fee per gas higher than max fee per gas"),
        Refusal(
            name: "intrinsic gas", raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), gas: 20_999).encode() },
            message: "intrinsic gas too low: gas 20999, minimum needed 21000"),
        Refusal(
            name: "calldata floor",
            raw: {
                F.eip1559(from: 0, nonce: 0, to: F.address(1), data: [UInt8](repeating: 7, count: 100), gas: 23_000)
                    .encode()
            },
            message: "insufficient gas for floor data gas cost: gas 23000, minimum needed 25000"),
        Refusal(
            name: "tip below the minimum", raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), tip: 0).encode() },
            message: "transaction underpriced: gas tip cap 0, minimum needed 1000000000", minimumPriorityFee: F.gwei),
        Refusal(
            name: "fee cap below the base fee",
            raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), tip: 0, feeCap: 1).encode() },
            message:
                "max fee per gas less than block base fee: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, "
                + "maxFeePerGas: 1, baseFee: 875000000"),
        Refusal(
            name: "legacy price below the base fee",
            raw: { F.legacy(from: 0, nonce: 0, to: F.address(1), gasPrice: 874_999_999).encode() },
            message:
                "max fee per gas less than block base fee: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, "
                + "maxFeePerGas: 874999999, baseFee: 875000000"),
        Refusal(
            name: "nonce at its maximum", raw: { F.eip1559(from: 0, nonce: .max, to: F.address(1)).encode() },
            message: "nonce has max value"),
        Refusal(
            name: "insufficient funds",
            raw: { F.eip1559(from: 0, nonce: 0, to: F.address(1), value: ChainConfig.devAccountBalance).encode() },
            message:
                "insufficient funds for gas * price + value: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 "
                + "have 10000000000000000000000 want 10000000210000000000000"),
        Refusal(
            name: "unknown bytecode",
            raw: {
                F.eip1559(from: 0, nonce: 0, to: nil, data: [0x60, 0x80, 0x60, 0x40, 0x52], gas: 100_000).encode()
            },
            message:
                "unsupported contract code: the init code (keccak "
                + "\(Keccak256.hash([0x60, 0x80, 0x60, 0x40, 0x52]))) is not the committed "
                + "bytecode of a modelled contract (Counter, Relay); ChainSim runs Swift models of its contracts, not "
                + "EVM bytecode"),
    ]

    @Test(arguments: refusals)
    func eachRefusalHasGethsMessage(_ refusal: Refusal) throws {
        let (chain, _) = F.chain(minimumPriorityFee: refusal.minimumPriorityFee)
        let error = try #require(throws: ChainError.self) { try chain.sendRawTransaction(refusal.raw()) }
        #expect(error.message == refusal.message)
        #expect(error.description == "chainsim: " + refusal.message)
        #expect(error.jsonRPCError.code == -32000)
        #expect(error.jsonRPCError.message == refusal.message)
        #expect(chain.blockNumber == 0)
        #expect(chain.state.pool.isEmpty)
        #expect(try chain.nonce(of: Self.sender) == 0)
    }

    @Test func aKnownTransactionIsRefused() throws {
        let (chain, _) = F.chain()
        let raw = F.eip1559(from: 0, nonce: 0, to: F.address(1)).encode()
        try chain.sendRawTransaction(raw)
        #expect(throws: ChainError.alreadyKnown) { try chain.sendRawTransaction(raw) }
        #expect(ChainError.alreadyKnown.message == "already known")

        let (paused, _) = F.chain(automine: false)
        try paused.sendRawTransaction(raw)
        #expect(throws: ChainError.alreadyKnown) { try paused.sendRawTransaction(raw) }
    }

    @Test func aMinedNonceIsTooLow() throws {
        let (chain, _) = F.chain()
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(1)).encode())
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 1, to: F.address(1)).encode())
        let error = try #require(throws: ChainError.self) {
            try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(2)).encode())
        }
        #expect(error.message == "nonce too low: next nonce 2, tx nonce 0")
    }

    // MARK: The pool

    @Test func aFutureNonceWaitsAndIsPromotedWhenTheGapFills() throws {
        let (chain, _) = F.chain(automine: false)
        let later = try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 1, to: F.address(1), value: 2).encode())
        #expect(try chain.nonce(of: Self.sender, at: .pending) == 0)
        #expect(chain.transaction(hash: later)?.blockHash == nil)
        #expect(chain.receipt(hash: later) == nil)
        try chain.mine()
        #expect(chain.block(number: 1)?.transactions.hashes == [])

        let first = try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(1), value: 1).encode())
        #expect(try chain.nonce(of: Self.sender, at: .pending) == 2)
        #expect(try chain.nonce(of: Self.sender) == 0)
        try chain.mine()
        #expect(chain.block(number: 2)?.transactions.hashes == [first, later])
        #expect(try chain.nonce(of: Self.sender) == 2)
        #expect(chain.state.pool.isEmpty)
    }

    @Test func automineMinesEachPromotedTransactionInItsOwnBlock() throws {
        let (chain, _) = F.chain()
        let later = try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 1, to: F.address(1)).encode())
        #expect(chain.blockNumber == 0)
        let first = try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(1)).encode())
        #expect(chain.blockNumber == 2)
        #expect(chain.receipt(hash: first)?.blockNumber == 1)
        #expect(chain.receipt(hash: later)?.blockNumber == 2)
    }

    @Test func miningModes() throws {
        let (chain, _) = F.chain(automine: false)
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(1)).encode())
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 1, to: F.address(1)).encode())
        #expect(chain.blockNumber == 0)
        // Turning automine on mines what is ready, one block per transaction.
        chain.setAutomine(true)
        #expect(chain.automine)
        #expect(chain.blockNumber == 2)
        // An interval turns automine off; the caller mines on its timer.
        chain.setIntervalMining(5)
        #expect(chain.intervalMining == 5)
        #expect(!chain.automine)
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 2, to: F.address(1)).encode())
        #expect(chain.blockNumber == 2)
        try chain.mine()
        #expect(chain.block(number: 3)?.transactions.hashes.count == 1)
        chain.setIntervalMining(0)
        #expect(chain.intervalMining == nil)
    }

    /// A legacy transaction signed without a chain id (pre-EIP-155) is valid on every chain; like anvil, the
    /// simulator accepts it.
    @Test func aPreEIP155TransactionIsAccepted() throws {
        let (chain, _) = F.chain()
        let signed = try LegacyTransaction(
            chainID: nil, nonce: 0, gasPrice: 10 * F.gwei, gasLimit: 21_000, to: F.address(1), value: 1
        ).sign(with: F.dev[0].privateKey)
        let hash = try chain.sendRawTransaction(signed.encode())
        #expect(chain.receipt(hash: hash)?.status == 1)
        #expect(chain.transaction(hash: hash)?.v == 27 || chain.transaction(hash: hash)?.v == 28)
        #expect(chain.transaction(hash: hash)?.chainID == nil)
    }

    struct Replacement: Sendable, CustomStringConvertible {
        var tip: UInt256
        var feeCap: UInt256
        var accepted: Bool
        var description: String { "tip \(tip), fee cap \(feeCap): \(accepted ? "accepted" : "refused")" }
    }

    /// The original pays a tip of 1 gwei and a fee cap of 10 gwei.
    @Test(arguments: [
        Replacement(tip: 1_100_000_000, feeCap: 11_000_000_000, accepted: true),
        Replacement(tip: 2_000_000_000, feeCap: 20_000_000_000, accepted: true),
        Replacement(tip: 1_099_999_999, feeCap: 11_000_000_000, accepted: false),
        Replacement(tip: 1_100_000_000, feeCap: 10_999_999_999, accepted: false),
        Replacement(tip: 1_000_000_000, feeCap: 20_000_000_000, accepted: false),
        Replacement(tip: 5_000_000_000, feeCap: 10_000_000_000, accepted: false),
    ])
    func sameNonceReplacementNeedsTenPercentMoreOfBoth(_ row: Replacement) throws {
        let (chain, _) = F.chain(automine: false)
        let original = try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(1), value: 1).encode())
        let replacement = F.eip1559(from: 0, nonce: 0, to: F.address(2), value: 1, tip: row.tip, feeCap: row.feeCap)
        if row.accepted {
            let hash = try chain.sendRawTransaction(replacement.encode())
            #expect(chain.transaction(hash: original) == nil)
            #expect(chain.state.pool.count == 1)
            try chain.mine()
            #expect(chain.receipt(hash: hash)?.status == 1)
            #expect(chain.balance(F.address(2)) == ChainConfig.devAccountBalance + 1)
        } else {
            #expect(throws: ChainError.replacementUnderpriced) { try chain.sendRawTransaction(replacement.encode()) }
            #expect(ChainError.replacementUnderpriced.message == "replacement transaction underpriced")
            #expect(chain.transaction(hash: original) != nil)
            #expect(chain.state.pool.count == 1)
        }
    }

    @Test func aBlockTakesTheBestTipsFirst() throws {
        let (chain, _) = F.chain(automine: false)
        let low = try chain.sendRawTransaction(F.eip1559(from: 1, nonce: 0, to: F.address(9), tip: F.gwei).encode())
        let high = try chain.sendRawTransaction(
            F.eip1559(from: 2, nonce: 0, to: F.address(9), tip: 3 * F.gwei).encode())
        let middle = try chain.sendRawTransaction(
            F.eip1559(from: 3, nonce: 0, to: F.address(9), tip: 2 * F.gwei).encode())
        // Same tip as `low`, later: after it.
        let tie = try chain.sendRawTransaction(F.eip1559(from: 4, nonce: 0, to: F.address(9), tip: F.gwei).encode())
        try chain.mine()
        #expect(chain.block(number: 1)?.transactions.hashes == [high, middle, low, tie])
        let receipts = [high, middle, low, tie].map { chain.receipt(hash: $0)! }
        #expect(receipts.map(\.transactionIndex) == [0, 1, 2, 3])
        #expect(receipts.map(\.cumulativeGasUsed) == [21_000, 42_000, 63_000, 84_000])
    }

    // MARK: Execution and receipts

    /// A chain whose base fee starts at zero takes transactions at gas price 0, which then move only their value
    /// (how recorded contract vectors, made at gas price 0, replay through real transactions).
    @Test func aZeroBaseFeeChainTakesFreeTransactions() throws {
        var config = F.config()
        config.initialBaseFee = 0
        let chain = try Chain(config: config, clock: ManualUnixClock(start: Double(F.genesisTime + 10)))
        let hash = try chain.sendRawTransaction(
            F.legacy(from: 0, nonce: 0, to: F.address(1), value: 5, gasPrice: 0).encode())
        #expect(chain.receipt(hash: hash)?.effectiveGasPrice == 0)
        #expect(chain.balance(F.address(0)) == ChainConfig.devAccountBalance - 5)
        #expect(chain.block(number: 1)?.baseFeePerGas == 0)
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 1, to: F.address(1), tip: 0, feeCap: 0).encode())
        #expect(chain.balance(F.address(1)) == ChainConfig.devAccountBalance + 5)
    }

    @Test func aTransferPaysTheBaseFeeToNobodyAndTheTipToTheCoinbase() throws {
        let (chain, _) = F.chain()
        let before = chain.state.world.totalBalance
        let hash = try chain.sendRawTransaction(
            F.eip1559(from: 0, nonce: 0, to: F.address(1), value: F.ether, tip: 2 * F.gwei, feeCap: 10 * F.gwei)
                .encode())
        let receipt = try #require(chain.receipt(hash: hash))
        let baseFee: UInt256 = 875_000_000
        #expect(receipt.status == 1)
        #expect(receipt.gasUsed == 21_000)
        #expect(receipt.effectiveGasPrice == baseFee + 2 * F.gwei)
        #expect(receipt.type == 2)
        #expect(receipt.from == F.address(0))
        #expect(receipt.to == F.address(1))
        #expect(receipt.contractAddress == nil)
        #expect(receipt.logs.isEmpty)
        #expect(receipt.logsBloom.bytes == [UInt8](repeating: 0, count: 256))
        #expect(
            chain.balance(F.address(0)) == ChainConfig.devAccountBalance - F.ether - 21_000 * (baseFee + 2 * F.gwei))
        #expect(chain.balance(F.address(1)) == ChainConfig.devAccountBalance + F.ether)
        #expect(chain.balance(F.coinbase) == 21_000 * 2 * F.gwei)
        #expect(chain.state.burnt == 21_000 * baseFee)
        #expect(chain.state.world.totalBalance + chain.state.burnt == before)
        let transaction = try #require(chain.transaction(hash: hash))
        #expect(transaction.gasPrice == baseFee + 2 * F.gwei)
        #expect(transaction.blockNumber == 1)
        #expect(transaction.from == F.address(0))
    }

    @Test func theFeeCapLimitsTheTip() throws {
        let (chain, _) = F.chain()
        let hash = try chain.sendRawTransaction(
            F.eip1559(from: 0, nonce: 0, to: F.address(1), tip: F.gwei, feeCap: F.gwei).encode())
        #expect(chain.receipt(hash: hash)?.effectiveGasPrice == F.gwei)
        #expect(chain.balance(F.coinbase) == 21_000 * (F.gwei - 875_000_000))
    }

    @Test func aDeploymentReceiptNamesTheContract() throws {
        let (chain, _) = F.chain()
        let deploy = F.legacy(from: 3, nonce: 0, to: nil, data: CounterModel.initCode(start: 9), gas: 200_000)
        let hash = try chain.sendRawTransaction(deploy.encode())
        let receipt = try #require(chain.receipt(hash: hash))
        let address = ContractAddress.create(sender: F.address(3), nonce: 0)
        #expect(receipt.status == 1)
        #expect(receipt.contractAddress == address)
        #expect(receipt.to == nil)
        #expect(receipt.type == 0)
        #expect(try chain.code(at: address) == CounterModel.runtimeCode)
        let intrinsic = ChainRules(chainID: 31337).intrinsicGas(of: deploy.transaction)
        #expect(
            receipt.gasUsed
                == intrinsic + GasSchedule.codeDepositByte * 2 + GasSchedule.storageNewSlot
                + GasSchedule.log(topics: 1, dataCount: 64))
        #expect(receipt.logs.map(\.address) == [address])
        #expect(receipt.logs.first?.topics == [CounterModel.created])
    }

    @Test func logsCarryTheirIndexesAndTheBloom() throws {
        let (chain, _) = F.chain(automine: false)
        try chain.sendRawTransaction(
            F.eip1559(from: 0, nonce: 0, to: nil, data: CounterModel.initCode(), gas: 200_000).encode())
        try chain.mine()
        let counter = ContractAddress.create(sender: F.address(0), nonce: 0)
        let first = try chain.sendRawTransaction(
            F.eip1559(from: 1, nonce: 0, to: counter, data: [CounterModel.increment], gas: 100_000, tip: 2 * F.gwei)
                .encode())
        let second = try chain.sendRawTransaction(
            F.eip1559(from: 2, nonce: 0, to: counter, data: [CounterModel.increment], gas: 100_000).encode())
        try chain.mine()
        let block = try #require(chain.block(number: 2))
        let receipts = [first, second].map { chain.receipt(hash: $0)! }
        #expect(receipts.flatMap(\.logs).map(\.logIndex) == [0, 1])
        #expect(receipts.flatMap(\.logs).map(\.transactionIndex) == [0, 1])
        #expect(receipts.flatMap(\.logs).map(\.data.bytes) == [word(1), word(2)])
        #expect(receipts.flatMap(\.logs).allSatisfy { $0.blockHash == block.hash && $0.blockNumber == 2 })
        #expect(receipts[1].logs[0].transactionHash == second)
        let entries = receipts.flatMap(\.logs).map {
            LogEntry(address: $0.address, topics: $0.topics, data: $0.data.bytes)
        }
        #expect(receipts[0].logsBloom.bytes == Bloom(logs: [entries[0]]).bytes)
        #expect(block.logsBloom.bytes == Bloom(logs: entries).bytes)
        #expect(receipts[1].cumulativeGasUsed == receipts[0].gasUsed + receipts[1].gasUsed)
    }

    @Test func aRevertedTransactionIsMinedAndChangesOnlyNonceAndFees() throws {
        let (chain, _) = F.chain()
        try chain.sendRawTransaction(
            F.eip1559(from: 0, nonce: 0, to: nil, data: CounterModel.initCode(), gas: 200_000).encode())
        let counter = ContractAddress.create(sender: F.address(0), nonce: 0)
        let before = chain.balance(F.address(1))
        let hash = try chain.sendRawTransaction(
            F.eip1559(from: 1, nonce: 0, to: counter, data: [CounterModel.refuse], gas: 100_000).encode())
        let receipt = try #require(chain.receipt(hash: hash))
        let mined = try #require(chain.state.minedTransaction(hash: hash)?.transaction)
        #expect(receipt.status == 0)
        #expect(receipt.logs.isEmpty)
        #expect(mined.result.revertData == Revert.reason("counter: refused").data)
        #expect(try chain.nonce(of: F.address(1)) == 1)
        #expect(chain.balance(F.address(1)) == before - UInt256(receipt.gasUsed) * receipt.effectiveGasPrice)
        #expect(chain.balance(counter) == 0)
        // Calldata of one non-zero byte: 21,016 intrinsic, the revert costs nothing more, and Prague's calldata
        // floor (21,000 + 10 * 4 tokens) is the gas used.
        #expect(receipt.gasUsed == 21_040)
    }
}
