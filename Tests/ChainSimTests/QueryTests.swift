import ChainSim
import EthPrimitives
import Foundation
import JSONRPC
import Synchronization
import Testing
import Transactions

/// Queries in wire types, eth_call and eth_estimateGas, log filters, fee history, historical state, the
/// development accounts, new-block observers and state files.
@Suite struct QueryTests {
    typealias F = Fixture

    /// A chain with a counter (start 7) deployed by account 0 and a relay deployed by account 1; automine.
    static func deployed() throws -> (chain: Chain, clock: ManualUnixClock, counter: Address, relay: Address) {
        let (chain, clock) = F.chain()
        try chain.sendRawTransaction(
            F.eip1559(from: 0, nonce: 0, to: nil, data: CounterModel.initCode(start: 7), gas: 200_000).encode())
        try chain.sendRawTransaction(
            F.eip1559(from: 1, nonce: 0, to: nil, data: RelayModel.initCode, gas: 200_000).encode())
        return (
            chain, clock, ContractAddress.create(sender: F.address(0), nonce: 0),
            ContractAddress.create(sender: F.address(1), nonce: 0)
        )
    }

    static func increment(_ chain: Chain, from: Int, nonce: UInt64, counter: Address) throws -> Hash {
        try chain.sendRawTransaction(
            F.eip1559(from: from, nonce: nonce, to: counter, data: [CounterModel.increment], gas: 100_000).encode())
    }

    // MARK: eth_call

    @Test func callReadsTheStateAtABlockAndKeepsNothing() throws {
        let (chain, _, counter, _) = try Self.deployed()
        let get = TransactionRequest(to: counter, input: HexBytes([CounterModel.get]))
        #expect(try chain.call(get) == word(7))
        _ = try Self.increment(chain, from: 2, nonce: 0, counter: counter)
        #expect(try chain.call(get) == word(8))
        #expect(try chain.call(get, at: .number(2)) == word(7))
        #expect(try chain.call(get, at: .pending) == word(8))
        // A call that would change state changes nothing.
        let increment = TransactionRequest(from: F.address(5), to: counter, input: HexBytes([CounterModel.increment]))
        #expect(try chain.call(increment) == word(9))
        #expect(try chain.call(get) == word(8))
        #expect(try chain.nonce(of: F.address(5)) == 0)
    }

    @Test func callReportsARevertWithItsData() throws {
        let (chain, _, counter, _) = try Self.deployed()
        let error = try #require(throws: ChainError.self) {
            try chain.call(TransactionRequest(to: counter, input: HexBytes([CounterModel.refuse])))
        }
        let data = Revert.reason("counter: refused").data
        #expect(error == .reverted(data: data))
        #expect(error.message == "execution reverted: counter: refused")
        #expect(error.jsonRPCError.code == 3)
        #expect(error.jsonRPCError.message == "execution reverted: counter: refused")
        #expect(error.jsonRPCError.revertData == data)
        let bare = ChainError.reverted(data: [])
        #expect(bare.message == "execution reverted")
        #expect(bare.jsonRPCError.data == .string("0x"))
    }

    @Test func callSeesTheBlockOfItsTagOrTheOverrides() throws {
        let (chain, clock, counter, _) = try Self.deployed()
        let time = TransactionRequest(to: counter, input: HexBytes([CounterModel.blockTime]))
        let latest = chain.state.latest
        #expect(try chain.call(time) == word(UInt256(latest.timestamp)) + word(2))
        #expect(try chain.call(time, at: .number(1)) == word(UInt256(chain.block(number: 1)!.timestamp)) + word(1))
        clock.advance(by: 100)
        #expect(try chain.call(time, at: .pending) == word(UInt256(Fixture.genesisTime + 110)) + word(3))
        let overridden = try chain.call(time, overrides: BlockOverrides(number: 77, timestamp: 1_800_000_000))
        #expect(overridden == word(1_800_000_000) + word(77))
    }

    @Test func callRefusals() throws {
        let (chain, _, counter, _) = try Self.deployed()
        let poor = try Address(hex: "0x000000000000000000000000000000000000dead")
        #expect(throws: ChainError.insufficientFunds(sender: poor, have: 0, want: 1)) {
            try chain.call(TransactionRequest(from: poor, to: counter, value: 1, input: []))
        }
        #expect(throws: ChainError.insufficientFunds(sender: poor, have: 0, want: 21_000 * F.gwei)) {
            try chain.call(TransactionRequest(from: poor, to: counter, gas: 21_000, gasPrice: F.gwei, input: []))
        }
        #expect(throws: ChainError.intrinsicGasTooLow(gas: 20_000, minimum: 21_016)) {
            try chain.call(TransactionRequest(to: counter, gas: 20_000, input: HexBytes([CounterModel.get])))
        }
        #expect(throws: ChainError.outOfGas(gas: 30_000)) {
            try chain.call(TransactionRequest(to: counter, gas: 30_000, input: HexBytes([CounterModel.burn])))
        }
        #expect(throws: ChainError.unknownBlock("0x63")) {
            try chain.call(TransactionRequest(to: counter, input: []), at: .number(99))
        }
        #expect(ChainError.unknownBlock("0x63").jsonRPCError.code == -32001)
    }

    @Test func callDeploysOnACopy() throws {
        let (chain, _, _, _) = try Self.deployed()
        let code = try chain.call(TransactionRequest(from: F.address(4), input: HexBytes(CounterModel.initCode())))
        #expect(code == CounterModel.runtimeCode)
        #expect(try chain.code(at: ContractAddress.create(sender: F.address(4), nonce: 0)).isEmpty)
        #expect(throws: ChainError.self) {
            try chain.call(TransactionRequest(from: F.address(4), input: HexBytes([0xfe])))
        }
    }

    // MARK: eth_estimateGas

    @Test func estimateIsTheLeastGasThatSucceeds() throws {
        let (chain, _, counter, relay) = try Self.deployed()
        let transfer = TransactionRequest(from: F.address(3), to: F.address(4), value: 1)
        #expect(try chain.estimateGas(transfer) == 21_000)

        let increment = TransactionRequest(from: F.address(3), to: counter, input: HexBytes([CounterModel.increment]))
        let direct = try chain.estimateGas(increment)
        #expect(
            direct == 21_016 + GasSchedule.storageRead + GasSchedule.storageWrite
                + GasSchedule.log(topics: 1, dataCount: 32))

        // Through the relay, the 63/64 rule makes the limit larger than what is used: the search finds it.
        let relayed = TransactionRequest(
            from: F.address(3), to: relay, input: HexBytes([RelayModel.call] + counter.bytes + [CounterModel.increment])
        )
        let estimate = try chain.estimateGas(relayed)
        for (gas, status) in [(estimate, UInt64(1)), (estimate - 1, 0)] {
            let nonce = try chain.nonce(of: F.address(3))
            let hash = try chain.sendRawTransaction(
                F.eip1559(from: 3, nonce: nonce, to: relay, data: relayed.input!.bytes, gas: gas).encode())
            #expect(chain.receipt(hash: hash)?.status == status)
        }
    }

    @Test func estimateRefusals() throws {
        let (chain, _, counter, _) = try Self.deployed()
        #expect(throws: ChainError.reverted(data: Revert.reason("counter: refused").data)) {
            try chain.estimateGas(TransactionRequest(to: counter, input: HexBytes([CounterModel.refuse])))
        }
        let error = try #require(throws: ChainError.self) {
            try chain.estimateGas(TransactionRequest(to: counter, gas: 100_000, input: HexBytes([CounterModel.burn])))
        }
        #expect(error.message == "gas required exceeds allowance (100000)")
    }

    // MARK: Logs

    @Test func logFiltersSelectByAddressTopicsAndRange() throws {
        let (chain, _, counter, relay) = try Self.deployed()
        _ = try Self.increment(chain, from: 2, nonce: 0, counter: counter)  // block 3
        try chain.sendRawTransaction(
            F.eip1559(
                from: 3, nonce: 0, to: relay, data: [RelayModel.call] + counter.bytes + [CounterModel.increment],
                gas: 200_000
            ).encode())  // block 4
        try chain.mine()  // block 5, empty

        let all = try chain.logs(filter: LogFilter(fromBlock: .earliest, toBlock: .latest))
        #expect(all.map(\.blockNumber) == [1, 3, 4])
        #expect(all.map(\.topics.first) == [CounterModel.created, CounterModel.incremented, CounterModel.incremented])
        #expect(all.allSatisfy { $0.address == counter })

        let incremented = try chain.logs(
            filter: LogFilter(fromBlock: .number(0), address: [relay, counter], topics: [[CounterModel.incremented]]))
        #expect(incremented.map(\.data.bytes) == [word(8), word(9)])
        let either = try chain.logs(
            filter: LogFilter(fromBlock: .earliest, topics: [[CounterModel.created, CounterModel.incremented]]))
        #expect(either.count == 3)
        let wildcardThenMissing = try chain.logs(filter: LogFilter(fromBlock: .earliest, topics: [nil, [.zero]]))
        #expect(wildcardThenMissing.isEmpty)
        #expect(try chain.logs(filter: LogFilter(fromBlock: .earliest, address: [relay])).isEmpty)
        #expect(try chain.logs(filter: LogFilter()).isEmpty)  // the latest block is empty
        #expect(try chain.logs(filter: LogFilter(fromBlock: .number(3), toBlock: .number(3))).map(\.logIndex) == [0])

        let block4 = try #require(chain.block(number: 4)?.hash)
        let byHash = try chain.logs(filter: LogFilter(blockHash: block4))
        #expect(byHash.map(\.blockHash) == [block4])
        #expect(byHash == [all[2]])

        #expect(throws: ChainError.invalidBlockRange(from: 4, to: 2)) {
            try chain.logs(filter: LogFilter(fromBlock: .number(4), toBlock: .number(2)))
        }
        #expect(throws: ChainError.unknownBlock(Hash.zero.description)) {
            try chain.logs(filter: LogFilter(blockHash: .zero))
        }
    }

    // MARK: Fees

    @Test func feeHistoryReportsBaseFeesRatiosAndRewards() throws {
        let (chain, _) = F.chain(automine: false)
        try chain.sendRawTransaction(F.eip1559(from: 0, nonce: 0, to: F.address(9), tip: F.gwei).encode())
        try chain.sendRawTransaction(F.eip1559(from: 1, nonce: 0, to: F.address(9), tip: 3 * F.gwei).encode())
        try chain.mine()
        try chain.mine()
        let history = try chain.feeHistory(blockCount: 2, newestBlock: .latest, rewardPercentiles: [0, 50, 100])
        #expect(history.oldestBlock == 1)
        let blocks = [chain.block(number: 1)!, chain.block(number: 2)!]
        #expect(history.baseFeePerGas == blocks.map { $0.baseFeePerGas! } + [chain.state.nextBaseFee])
        #expect(history.gasUsedRatio == [42_000 / 30_000_000, 0])
        #expect(history.reward == [[F.gwei, F.gwei, 3 * F.gwei], [0, 0, 0]])

        let capped = try chain.feeHistory(blockCount: 100, newestBlock: .number(1), rewardPercentiles: nil)
        #expect(capped.oldestBlock == 0)
        #expect(capped.baseFeePerGas.count == 3)
        #expect(capped.reward == nil)
        #expect(throws: ChainError.invalidParameter("invalid reward percentile: #0:60.0 > #1:50.0")) {
            try chain.feeHistory(blockCount: 1, rewardPercentiles: [60, 50])
        }
        #expect(throws: ChainError.invalidParameter("invalid reward percentile: 101.0")) {
            try chain.feeHistory(blockCount: 1, rewardPercentiles: [101])
        }
        #expect(chain.gasPrice == chain.state.nextBaseFee + F.gwei)
        #expect(chain.maxPriorityFeePerGas == F.gwei)
    }

    // MARK: Blocks and transactions in wire form

    @Test func wireBlocksAndTransactions() throws {
        let (chain, _, counter, _) = try Self.deployed()
        let hash = try Self.increment(chain, from: 2, nonce: 0, counter: counter)
        let block = try #require(chain.block(number: 3, fullTransactions: true))
        guard case .full(let transactions) = block.transactions else {
            Issue.record("expected full transactions")
            return
        }
        #expect(transactions.map(\.hash) == [hash])
        #expect(transactions[0].transactionIndex == 0)
        #expect(transactions[0].blockHash == block.hash)
        #expect(transactions[0].yParity != nil)
        #expect(transactions[0].input.bytes == [CounterModel.increment])
        #expect(chain.block(number: 3)?.transactions == .hashes([hash]))
        #expect(chain.block(.latest)?.number == 3)
        #expect(chain.block(.earliest)?.number == 0)
        #expect(chain.block(.pending) == nil)
        #expect(chain.block(hash: block.hash!)?.number == 3)
        #expect(chain.block(number: 4) == nil)
        #expect(block.size > 500)
        #expect(block.withdrawals == [])
        #expect(block.requestsHash == BlockHeader.emptyRequestsHash)
        // The wire form round-trips through JSON.
        let json = try JSONEncoder().encode(block)
        #expect(try JSONDecoder().decode(Block.self, from: json) == block)
        #expect(chain.transaction(hash: .zero) == nil)
        #expect(chain.receipt(hash: .zero) == nil)
    }

    @Test func olderStatesAreKeptForAWhile() throws {
        var config = F.config()
        config.stateHistory = 2
        let chain = try Chain(config: config, clock: ManualUnixClock(start: Double(F.genesisTime + 10)))
        for nonce in 0..<4 {
            try chain.sendRawTransaction(
                F.eip1559(from: 0, nonce: UInt64(nonce), to: F.address(1), value: 1).encode())
        }
        #expect(try chain.balance(of: F.address(1), at: .number(4)) == ChainConfig.devAccountBalance + 4)
        #expect(try chain.balance(of: F.address(1), at: .number(3)) == ChainConfig.devAccountBalance + 3)
        #expect(try chain.balance(of: F.address(1), at: .earliest) == ChainConfig.devAccountBalance)
        let error = try #require(throws: ChainError.self) { try chain.balance(of: F.address(1), at: .number(1)) }
        #expect(error == .historicalStateUnavailable(block: 1, oldestKept: 3))
        #expect(try chain.nonce(of: F.address(0), at: .number(3)) == 3)
    }

    // MARK: Accounts

    /// The well-known addresses of the test mnemonic, as hardhat and anvil list them.
    @Test func developmentAccountsComeFromTheTestMnemonic() throws {
        let expected = [
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
            "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
            "0x976EA74026E726554dB657fA54763abd0C3a0aa9", "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
            "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
        ]
        #expect(F.dev.map(\.address.checksummed) == expected)
        #expect(try ChainConfig.devAccounts(count: 3).map(\.address) == Array(F.dev.prefix(3).map(\.address)))
        #expect(throws: (any Error).self) { try ChainConfig.devAccounts(mnemonic: "not a mnemonic") }
        let config = ChainConfig.development()
        #expect(config.accounts.allSatisfy { $0.balance == 10_000 * F.ether })
        #expect(config.chainID == 31337)
    }

    @Test func setBalanceAndTheGenesisOfDeploymentsAndCalls() throws {
        var config = F.config()
        config.genesisDeployments = [
            GenesisDeployment(deployer: F.address(0), initCode: CounterModel.initCode(start: 1))
        ]
        let counter = ContractAddress.create(sender: F.address(0), nonce: 0)
        config.genesisCalls = [GenesisCall(from: F.address(0), to: counter, data: [CounterModel.increment])]
        let chain = try Chain(config: config, clock: ManualUnixClock(start: Double(F.genesisTime)))
        #expect(try chain.call(TransactionRequest(to: counter, input: HexBytes([CounterModel.get]))) == word(2))
        #expect(try chain.nonce(of: F.address(0)) == 2)
        // Gas price 0 at genesis: nothing was paid.
        #expect(chain.balance(F.address(0)) == ChainConfig.devAccountBalance)
        chain.setBalance(5, of: F.address(0))
        #expect(chain.balance(F.address(0)) == 5)

        config.genesisCalls = [GenesisCall(from: F.address(0), to: counter, data: [CounterModel.refuse])]
        let error = try #require(throws: ChainError.self) {
            try Chain(config: config, clock: ManualUnixClock(start: 0))
        }
        #expect(error.message.hasPrefix("genesis failed: call 0 from 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
        #expect(error.message.hasSuffix("failed: revert: counter: refused"))
    }

    // MARK: Observers

    @Test func observersSeeEveryBlockWithItsLogs() async throws {
        let (chain, _, counter, _) = try Self.deployed()
        final class Seen: Sendable {
            let numbers = Mutex<[UInt64]>([])
        }
        let seen = Seen()
        let token = chain.onNewBlock { event in seen.numbers.withLock { $0.append(event.block.number!) } }
        var blocks = chain.newBlocks().makeAsyncIterator()
        _ = try Self.increment(chain, from: 2, nonce: 0, counter: counter)
        try chain.mine()
        let first = try #require(await blocks.next())
        #expect(first.block.number == 3)
        #expect(first.logs.map(\.topics.first) == [CounterModel.incremented])
        #expect(first.logs.first?.logIndex == 0)
        let second = try #require(await blocks.next())
        #expect(second.block.number == 4)
        #expect(second.logs.isEmpty)
        chain.removeObserver(token)
        try chain.mine()
        #expect(seen.numbers.withLock { $0 } == [3, 4])
    }

    // MARK: State files

    @Test func aStateFileReplaysToTheSameChain() throws {
        let (chain, clock, counter, _) = try Self.deployed()
        _ = try Self.increment(chain, from: 2, nonce: 0, counter: counter)
        chain.setAutomine(false)
        try chain.sendRawTransaction(F.eip1559(from: 5, nonce: 1, to: F.address(6), value: 3).encode())  // queued
        try chain.sendRawTransaction(F.eip1559(from: 4, nonce: 0, to: F.address(6), value: 2).encode())  // pending
        chain.setBalance(12345, of: F.address(7))
        clock.advance(by: 50)
        try chain.mine()
        chain.increaseTime(by: 3_600)
        try chain.sendRawTransaction(F.eip1559(from: 4, nonce: 1, to: F.address(6), value: 2).encode())

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chainsim-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try chain.save(to: path)
        let loaded = try Chain(loading: path, config: F.config(), clock: ManualUnixClock(start: 0))
        let (original, copy) = (chain.state, loaded.state)
        #expect(copy.blocks.map(\.hash) == original.blocks.map(\.hash))
        #expect(copy.journal == original.journal)
        #expect(copy.pool.all.map(\.hash) == original.pool.all.map(\.hash))
        #expect(copy.timeOffset == original.timeOffset)
        #expect(copy.automine == false)
        for index in 0..<10 {
            #expect(try loaded.balance(of: F.address(index)) == chain.balance(of: F.address(index)))
            #expect(try loaded.nonce(of: F.address(index)) == chain.nonce(of: F.address(index)))
        }
        #expect(
            try loaded.call(TransactionRequest(to: counter, input: HexBytes([CounterModel.get]))) == word(8))
        #expect(
            loaded.receipt(hash: original.latest.transactions[0].hash)
                == chain.receipt(hash: original.latest.transactions[0].hash))
    }

    @Test func aStateFileFromAnotherChainIsRefused() throws {
        let (chain, _, counter, _) = try Self.deployed()
        _ = try Self.increment(chain, from: 2, nonce: 0, counter: counter)
        let file = StateFile(chain.state)

        var otherGenesis = F.config()
        otherGenesis.accounts.removeLast()
        let error = try #require(throws: ChainError.self) { try file.replay(config: otherGenesis) }
        #expect(error.message.contains("it was saved from another configuration"))

        var otherChain = F.config()
        otherChain.chainID = 1
        #expect(throws: ChainError.invalidStateFile("the file is for chain 31337, the configuration for chain 1")) {
            try file.replay(config: otherChain)
        }

        var altered = file
        altered.inputs.removeLast()  // the last block goes
        let replayError = try #require(throws: ChainError.self) { try altered.replay(config: F.config()) }
        #expect(replayError.message.hasPrefix("invalid state file: the replay ends at block 2"))

        #expect(throws: ChainError.self) { try StateFile.decode(Data("{}".utf8)) }
        let missing = try #require(throws: ChainError.self) {
            try Chain(loading: "/nonexistent/state.json", config: F.config(), clock: ManualUnixClock(start: 0))
        }
        #expect(missing.message.hasPrefix("invalid state file: cannot read /nonexistent/state.json"))
        // The JSON form round-trips.
        #expect(try StateFile.decode(file.encoded()) == file)
    }
}
