import ChainSim
import Contracts
import EthPrimitives
import JSONRPC
import JSONRPCClient
import Testing
import Transactions

@testable import Node

let ether = UInt256(1_000_000_000_000_000_000 as UInt64)

@Suite struct NodeIdentityTests {
    @Test func identityAndGenesis() async throws {
        let t = try TestNode()
        #expect(try await t.call("web3_clientVersion") == string("Metered/v0.1.0"))
        #expect(try await t.call("net_version") == string("31337"))
        #expect(try await t.call("net_listening") == .bool(true))
        #expect(try await t.call("net_peerCount") == string("0x0"))
        #expect(try await t.call("eth_coinbase") == string("0x0000000000000000000000000000000000000000"))
        #expect(try await t.call("eth_syncing") == .bool(false))
        #expect(try await t.client.chainID() == 31337)
        #expect(try await t.client.blockNumber() == 0)
        #expect(
            try await t.call("web3_sha3", [string("0x68656c6c6f")])
                == string("0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8"))
        let accounts = try await t.client.request("eth_accounts", as: [Address].self)
        #expect(accounts == MeteredGenesis.accounts)
        #expect(try await t.client.balance(of: t.account(2)) == 10_000 * ether)
        #expect(try await t.client.code(at: MeteredGenesis.escrow) == SessionEscrow.runtimeCode)
        #expect(try await t.client.code(at: t.account(2)).isEmpty)
        // Account 0 made four deployments and one call at genesis.
        #expect(try await t.client.transactionCount(of: t.account(0)) == 5)
        let genesis = try #require(try await t.client.block(.earliest))
        #expect(genesis.timestamp == genesisTime)
        #expect(genesis.baseFeePerGas == 1_000_000_000)
    }

    @Test func feesAndFeeHistory() async throws {
        let t = try TestNode()
        let tip = try await t.client.maxPriorityFeePerGas()
        #expect(tip == 1_000_000_000)
        let price = try await t.client.gasPrice()
        #expect(price == 875_000_000 + tip)
        let history = try await t.client.feeHistory(blockCount: 4, newest: .latest, rewardPercentiles: [50])
        #expect(history.oldestBlock == 0)
        #expect(history.baseFeePerGas == [1_000_000_000, 875_000_000])
        // anvil and geth also take the block count as a plain number.
        let plain = try await t.call("eth_feeHistory", [.integer(1), string("latest"), .array([])])
        #expect(plain["oldestBlock"] == string("0x0"))
        #expect(
            await t.failure(
                "eth_feeHistory", [string("0x1"), string("latest"), .array([.integer(90), .integer(10)])])?
                .code == -32602)
    }
}

@Suite struct TransactionTests {
    @Test func aTransferIsMinedWithItsReceipt() async throws {
        let t = try TestNode()
        let hash = try await t.send(from: 2, to: t.account(3), value: ether, gas: 21_000)
        #expect(try await t.client.blockNumber() == 1)
        let receipt = try #require(try await t.client.receipt(of: hash))
        #expect(receipt.status == 1)
        #expect(receipt.gasUsed == 21_000)
        #expect(receipt.blockNumber == 1)
        #expect(receipt.from == t.account(2))
        #expect(try await t.client.balance(of: t.account(3)) == 10_001 * ether)
        let paid = UInt256(21_000) * receipt.effectiveGasPrice
        #expect(try await t.client.balance(of: t.account(2)) == 9_999 * ether - paid)
        #expect(try await t.client.balance(of: t.account(2), at: .number(0)) == 10_000 * ether)
        let transaction = try #require(try await t.client.transaction(byHash: hash))
        #expect(transaction.blockNumber == 1)
        #expect(transaction.value == ether)
        let block = try #require(try await t.client.block(.latest, fullTransactions: true))
        #expect(block.transactions == .full([transaction]))
        let byHash = try #require(try await t.client.block(.hash(block.hash!, requireCanonical: true)))
        #expect(byHash.transactions.hashes == [hash])
        #expect(try await t.client.block(.number(2)) == nil)
        #expect(try await t.call("eth_getBlockByNumber", [string("0x0")]) != .null)
    }

    @Test func pendingTransactionsWithoutAutomine() async throws {
        let t = try TestNode()
        #expect(try await t.call("evm_setAutomine", [.bool(false)]) == .null)
        #expect(try await t.call("eth_mining") == .bool(false))
        let first = try await t.send(from: 2, to: t.account(3), value: 1, gas: 21_000)
        let second = try await t.send(from: 2, to: t.account(3), value: 2, gas: 21_000)
        #expect(try await t.client.transactionCount(of: t.account(2), at: .pending) == 2)
        #expect(try await t.client.transactionCount(of: t.account(2), at: .latest) == 0)
        #expect(try await t.client.receipt(of: first) == nil)
        let pending = try #require(try await t.client.transaction(byHash: second))
        #expect(pending.blockNumber == nil)
        #expect(try await t.call("evm_mine") == string("0x0"))
        #expect(try await t.client.blockNumber() == 1)
        #expect(try await t.client.receipt(of: first)?.blockNumber == 1)
        #expect(try await t.client.receipt(of: second)?.blockNumber == 1)
        #expect(try await t.call("evm_setAutomine", [.bool(true)]) == .null)
        #expect(try await t.call("eth_mining") == .bool(true))
    }

    @Test func aReplacementMustPayTenPercentMore() async throws {
        let t = try TestNode()
        #expect(try await t.call("evm_setAutomine", [.bool(false)]) == .null)
        let first = try await t.raw(from: 2, to: t.account(3), value: 1, gas: 21_000, nonce: 0)
        _ = try await t.client.sendRawTransaction(first)
        let cheap = try await t.raw(from: 2, to: t.account(3), value: 2, gas: 21_000, nonce: 0, maxFee: 10_500_000_000)
        #expect(
            await t.failure("eth_sendRawTransaction", [string(Hex.encode(cheap))])
                == JSONRPCError(code: -32000, message: "replacement transaction underpriced"))
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var message: String
        var testDescription: String { name }
    }

    @Test func refusedTransactionsCarryGethsMessages() async throws {
        let t = try TestNode()
        let raw = try await t.raw(from: 2, to: t.account(3), value: 1, gas: 21_000)
        _ = try await t.client.sendRawTransaction(raw)
        let again = await t.failure("eth_sendRawTransaction", [string(Hex.encode(raw))])
        #expect(again?.code == -32000)
        #expect(again?.message == "already known" || again?.message == "nonce too low: next nonce 1, tx nonce 0")
        let stale = try await t.raw(from: 2, to: t.account(3), value: 2, gas: 21_000, nonce: 0)
        #expect(
            await t.failure("eth_sendRawTransaction", [string(Hex.encode(stale))])
                == JSONRPCError(code: -32000, message: "nonce too low: next nonce 1, tx nonce 0"))
        let otherChain = try await t.raw(from: 2, to: t.account(3), gas: 21_000, chainID: 1)
        #expect(
            await t.failure("eth_sendRawTransaction", [string(Hex.encode(otherChain))])?.message
                == "invalid sender: invalid chain id for signer: have 1 want 31337")
        let tooLittleGas = try await t.raw(from: 2, to: t.account(3), gas: 20_000)
        #expect(
            await t.failure("eth_sendRawTransaction", [string(Hex.encode(tooLittleGas))])?.message
                == "intrinsic gas too low: gas 20000, minimum needed 21000")
        let broke = try await t.raw(from: 4, to: t.account(3), value: 20_000 * ether, gas: 21_000)
        let refusal = await t.failure("eth_sendRawTransaction", [string(Hex.encode(broke))])
        #expect(refusal?.message.hasPrefix("insufficient funds for gas * price + value: address ") == true)
        let cheap = try await t.raw(from: 2, to: t.account(3), gas: 21_000, maxFee: 1)
        #expect(
            await t.failure("eth_sendRawTransaction", [string(Hex.encode(cheap))])?.message
                == "max priority fee per gas higher than max fee per gas")
        #expect(
            await t.failure("eth_sendRawTransaction", [string("0x02c0")])?.message.hasPrefix("invalid transaction")
                == true)
    }
}

@Suite struct MinedRevertTests {
    @Test func aRevertingTransactionIsMinedWithStatusZero() async throws {
        let t = try TestNode()
        let hash = try await t.send(
            from: 2, to: MeteredGenesis.escrow, data: SessionEscrow.StartSession(sessionId: 999).calldata, gas: 100_000)
        let receipt = try #require(try await t.client.receipt(of: hash))
        #expect(receipt.status == 0)
        #expect(receipt.logs.isEmpty)
    }

    @Test func bytecodeThatNoModelRunsIsRefused() async throws {
        let t = try TestNode()
        let raw = try await t.raw(from: 2, to: nil, data: [0x60, 0x00, 0x60, 0x00, 0xf3], gas: 100_000)
        let refusal = await t.failure("eth_sendRawTransaction", [string(Hex.encode(raw))])
        #expect(refusal?.code == -32000)
        #expect(refusal?.message.hasPrefix("unsupported contract code: the init code (keccak ") == true)
    }
}

@Suite struct CallTests {
    @Test func callsReadContractsAndRevertsCarryTheirData() async throws {
        let t = try TestNode()
        let mint = TestToken.Mint(to: t.account(2), amount: 5_000_000)
        try await t.send(from: 2, to: MeteredGenesis.testToken, data: mint.calldata)
        let output = try await t.client.call(
            TransactionRequest(
                to: MeteredGenesis.testToken, input: HexBytes(TestToken.BalanceOf(owner: t.account(2)).calldata)))
        #expect(try TestToken.BalanceOf.decodeOutput(output, mode: .strict) == 5_000_000)
        // At genesis the balance was zero.
        let before = try await t.client.call(
            TransactionRequest(
                to: MeteredGenesis.testToken, input: HexBytes(TestToken.BalanceOf(owner: t.account(2)).calldata)),
            at: .number(0))
        #expect(try TestToken.BalanceOf.decodeOutput(before, mode: .strict) == 0)

        let start = SessionEscrow.StartSession(sessionId: 999)
        let request = TransactionRequest(from: t.account(2), to: MeteredGenesis.escrow, input: HexBytes(start.calldata))
        do {
            _ = try await t.client.call(request)
            Issue.record("the call did not revert")
        } catch {
            #expect(error.nodeError?.code == 3)
            #expect(error.nodeError?.message == "execution reverted: escrow: unknown session")
            #expect(error.revertData.map { SessionEscrow.decodeRevert($0) }?.reason == "escrow: unknown session")
        }
        let estimate = await t.failure("eth_estimateGas", [try JSONValue(encoding: request)])
        #expect(estimate?.code == 3)
        #expect(estimate?.message == "execution reverted: escrow: unknown session")
    }

    @Test func typedContractCallsThroughTheBindings() async throws {
        let t = try TestNode()
        try await t.send(
            from: 2, to: MeteredGenesis.testToken, data: TestToken.Mint(to: t.account(2), amount: 5_000_000).calldata)
        #expect(
            try await t.client.call(TestToken.BalanceOf(owner: t.account(2)), on: MeteredGenesis.testToken) == 5_000_000
        )
        #expect(
            try await t.client.call(
                TestToken.BalanceOf(owner: t.account(2)), on: MeteredGenesis.testToken, at: .number(0))
                == 0)
        let (symbol, relayer) = try await t.client.batch(
            .call(TestToken.Symbol(), on: MeteredGenesis.testToken),
            .call(SessionEscrow.IsRelayer(account: t.account(1)), on: MeteredGenesis.escrow))
        #expect(try symbol.get() == "tUSD")
        #expect(try relayer.get() == true)
        do throws(JSONRPCClientError) {
            try await t.client.call(
                SessionEscrow.StartSession(sessionId: 999), on: MeteredGenesis.escrow, from: t.account(2))
            Issue.record("the call did not revert")
        } catch {
            #expect(error.revertData.map { SessionEscrow.decodeRevert($0).reason } == "escrow: unknown session")
        }
        // A function the contract does not have reverts with empty data.
        do throws(JSONRPCClientError) {
            _ = try await t.client.call(TestToken.Symbol(), on: MeteredGenesis.escrow)
            Issue.record("the escrow answered symbol()")
        } catch {
            #expect(error.nodeError?.code == 3)
            #expect(error.revertData == [])
        }
    }

    @Test func estimateGasAndBlockOverrides() async throws {
        let t = try TestNode()
        #expect(
            try await t.client.estimateGas(TransactionRequest(from: t.account(2), to: t.account(3), value: 1)) == 21_000
        )
        let mint = TestToken.Mint(to: t.account(2), amount: 1)
        let gas = try await t.client.estimateGas(
            TransactionRequest(from: t.account(2), to: MeteredGenesis.testToken, input: HexBytes(mint.calldata)),
            at: .latest)
        #expect(gas > 21_000)
        // Block overrides: `settle` needs the cap to have passed, which a later `time` simulates.
        let overrides = json(#"{"time":"0x7fffffff"}"#)
        let call = try JSONValue(
            encoding: TransactionRequest(
                to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.NextSessionId().calldata)))
        #expect(try await t.call("eth_call", [call, string("latest"), .null, overrides]) != .null)
        #expect(
            await t.failure(
                "eth_call",
                [call, string("latest"), json(#"{"0x0000000000000000000000000000000000000001":{"balance":"0x1"}}"#)])?
                .message.contains("state overrides are not supported") == true)
        #expect(try await t.call("eth_call", [call, string("latest"), json("{}")]) != .null)
        #expect(
            await t.failure("eth_call", [call, string("latest"), .null, json(#"{"prevRandao":"0x01"}"#)])?.code
                == -32602)
    }

    @Test func logsByAddressAndTopic() async throws {
        let t = try TestNode()
        try await t.send(
            from: 2, to: MeteredGenesis.testToken, data: TestToken.Mint(to: t.account(2), amount: 7).calldata)
        try await t.send(
            from: 3, to: MeteredGenesis.testToken, data: TestToken.Mint(to: t.account(3), amount: 8).calldata)
        let all = try await t.client.logs(LogFilter(fromBlock: .earliest, address: [MeteredGenesis.testToken]))
        #expect(all.count == 2)
        #expect(all.map(\.blockNumber) == [1, 2])
        let toThree = try await t.client.logs(
            LogFilter(
                fromBlock: .number(0), toBlock: .latest,
                topics: [[TestToken.TransferEvent.topic], nil, [topic(t.account(3))]]))
        #expect(toThree.count == 1)
        #expect(toThree.first?.transactionHash != nil)
        #expect(await t.failure("eth_getLogs", [json(#"{"fromBlock":"0x2","toBlock":"0x1"}"#)])?.code == -32602)
    }
}

/// An address as an indexed topic.
func topic(_ address: Address) -> Hash {
    try! Hash([UInt8](repeating: 0, count: 12) + address.bytes)
}

@Suite struct FilterTests {
    @Test func blockAndLogFiltersCollectBetweenPolls() async throws {
        let t = try TestNode()
        let blocks = try #require(try await t.call("eth_newBlockFilter").string)
        let logs = try #require(
            try await t.call("eth_newFilter", [json(#"{"address":"\#(MeteredGenesis.testToken)"}"#)]).string)
        #expect(blocks != logs)
        #expect(try await t.call("eth_getFilterChanges", [string(blocks)]) == .array([]))
        let transfer = try await t.send(from: 2, to: t.account(3), value: 1, gas: 21_000)
        let mint = try await t.send(
            from: 2, to: MeteredGenesis.testToken, data: TestToken.Mint(to: t.account(2), amount: 1).calldata)
        let hashes = try await t.call("eth_getFilterChanges", [string(blocks)]).array
        let first = try #require(try await t.client.block(.number(1)))
        let second = try #require(try await t.client.block(.number(2)))
        #expect(hashes == [try JSONValue(encoding: first.hash), try JSONValue(encoding: second.hash)])
        #expect(try await t.call("eth_getFilterChanges", [string(blocks)]) == .array([]))
        let collected = try await t.call("eth_getFilterChanges", [string(logs)]).array
        #expect(collected.count == 1)
        #expect(collected.first?["transactionHash"] == (try JSONValue(encoding: mint)))
        #expect(transfer != mint)
        #expect(try await t.call("eth_getFilterLogs", [string(logs)]).array.count == 1)
        #expect(try await t.call("eth_uninstallFilter", [string(logs)]) == .bool(true))
        #expect(try await t.call("eth_uninstallFilter", [string(logs)]) == .bool(false))
        #expect(
            await t.failure("eth_getFilterChanges", [string(logs)])
                == JSONRPCError(code: -32000, message: "filter not found"))
        #expect(await t.failure("eth_getFilterLogs", [string(blocks)])?.message == "filter not found")
    }

    @Test func aLogFilterKeepsToItsRange() async throws {
        let t = try TestNode()
        let bounded = try #require(
            try await t.call("eth_newFilter", [json(#"{"fromBlock":"0x2","toBlock":"0x2"}"#)]).string)
        for amount in 1...3 {
            try await t.send(
                from: 2, to: MeteredGenesis.testToken,
                data: TestToken.Mint(to: t.account(2), amount: UInt256(amount)).calldata)
        }
        let collected = try await t.call("eth_getFilterChanges", [string(bounded)]).array
        #expect(collected.map { $0["blockNumber"] } == [string("0x2")])
        #expect(await t.failure("eth_newFilter", [json(#"{"fromBlock":"0x3","toBlock":"0x1"}"#)])?.code == -32602)
        #expect(
            await t.failure(
                "eth_newFilter",
                [json(#"{"blockHash":"0x0000000000000000000000000000000000000000000000000000000000000001"}"#)])?.code
                == -32602)
    }

    @Test func unpolledFiltersExpire() async throws {
        let t = try TestNode(filterTimeout: .milliseconds(100))
        let id = try #require(try await t.call("eth_newBlockFilter").string)
        #expect(t.node.filters.count == 1)
        try await Task.sleep(for: .milliseconds(200))
        #expect(await t.failure("eth_getFilterChanges", [string(id)])?.message == "filter not found")
        #expect(t.node.filters.count == 0)
    }
}

@Suite struct TimeTravelTests {
    @Test func increaseTimeTakesNumbersAndHexAndReturnsTheOffset() async throws {
        let t = try TestNode()
        #expect(try await t.call("evm_increaseTime", [.integer(3600)]) == .integer(3600))
        #expect(try await t.call("evm_increaseTime", [string("0xe10")]) == .integer(7200))
        #expect(try await t.call("evm_increaseTime", [string("60")]) == .integer(7260))
        #expect(try await t.call("evm_mine") == string("0x0"))
        let block = try #require(try await t.client.block(.latest))
        #expect(block.timestamp == genesisTime + 1 + 7260)
        #expect(await t.failure("evm_increaseTime", [.integer(-5)])?.code == -32602)
        #expect(await t.failure("evm_increaseTime", [.number(1.5)])?.code == -32602)
        #expect(await t.failure("evm_increaseTime", [string("soon")])?.code == -32602)
    }

    @Test func nextBlockTimestampAndMineOptions() async throws {
        let t = try TestNode()
        #expect(try await t.call("evm_setNextBlockTimestamp", [.integer(1_800_000_000)]) == .null)
        try await t.send(from: 2, to: t.account(3), value: 1, gas: 21_000)
        #expect(try await t.client.block(.latest)?.timestamp == 1_800_000_000)
        #expect(await t.failure("evm_setNextBlockTimestamp", [.integer(1_700_000_000)])?.code == -32602)
        #expect(try await t.call("evm_mine", [.integer(1_800_000_100)]) == string("0x0"))
        #expect(try await t.client.block(.latest)?.timestamp == 1_800_000_100)
        #expect(try await t.call("evm_mine", [json(#"{"blocks":3}"#)]) == string("0x0"))
        #expect(try await t.client.blockNumber() == 5)
        #expect(try await t.call("evm_mine", [json(#"{"timestamp":"0x6b49d300","blocks":"0x2"}"#)]) == string("0x0"))
        #expect(try await t.client.blockNumber() == 7)
        #expect(try await t.client.block(.number(6))?.timestamp == 0x6b49_d300)
        #expect(try await t.call("anvil_mine", [string("0x3"), string("0x10")]) == .null)
        #expect(try await t.client.blockNumber() == 10)
        let eighth = try #require(try await t.client.block(.number(8))).timestamp
        #expect(try await t.client.block(.number(10))?.timestamp == eighth + 32)
    }

    @Test func snapshotAndRevert() async throws {
        let t = try TestNode()
        let id = try await t.call("evm_snapshot")
        #expect(id == string("0x0"))
        try await t.send(from: 2, to: t.account(3), value: ether, gas: 21_000)
        #expect(try await t.client.blockNumber() == 1)
        #expect(try await t.call("evm_snapshot") == string("0x1"))
        #expect(try await t.call("evm_revert", [id]) == .bool(true))
        #expect(try await t.client.blockNumber() == 0)
        #expect(try await t.client.balance(of: t.account(3)) == 10_000 * ether)
        // Reverting uses the snapshot and every later one up.
        #expect(try await t.call("evm_revert", [string("0x1")]) == .bool(false))
        #expect(try await t.call("evm_revert", [.integer(0)]) == .bool(false))
    }

    @Test func setBalanceAndIntervalMiningSettings() async throws {
        let t = try TestNode()
        #expect(try await t.call("anvil_setBalance", [try JSONValue(encoding: t.account(5)), string("0x01")]) == .null)
        #expect(try await t.client.balance(of: t.account(5)) == 1)
        #expect(
            try await t.call("hardhat_setBalance", [try JSONValue(encoding: t.account(5)), string("1000")]) == .null)
        #expect(try await t.client.balance(of: t.account(5)) == 1000)
        #expect(try await t.call("evm_setIntervalMining", [.integer(5)]) == .null)
        #expect(t.chain.intervalMining == 5)
        #expect(t.chain.automine == false)
        #expect(try await t.call("evm_setIntervalMining", [.integer(0)]) == .null)
        #expect(t.chain.intervalMining == nil)
    }
}

@Suite struct IntervalMinerTests {
    @Test func minesOnItsPeriodAndStopsWhenTurnedOff() async throws {
        let t = try TestNode()
        t.chain.setIntervalMining(1)
        let miner = IntervalMiner(chain: t.chain, logger: quiet, tick: .milliseconds(20))
        let clock = ContinuousClock()
        let started = clock.now
        let task = Task { try await miner.run() }
        var reached: [Duration] = []
        // Generous: a machine busy with other tests can starve the miner's task for a while.
        while reached.count < 2, clock.now - started < .seconds(120) {
            if t.chain.blockNumber > UInt64(reached.count) { reached.append(clock.now - started) }
            try await Task.sleep(for: .milliseconds(10))
        }
        // One block a second: never early (a busy machine may make it late).
        #expect(reached.count == 2)
        #expect(reached.first.map { $0 >= .milliseconds(990) } == true)
        #expect(reached.last.map { $0 >= .milliseconds(1_990) } == true)
        t.chain.setIntervalMining(nil)
        // A tick that read the period just before it was cleared may still mine once.
        try await Task.sleep(for: .milliseconds(300))
        let stopped = t.chain.blockNumber
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(t.chain.blockNumber == stopped)
        task.cancel()
        _ = await task.result
    }
}

@Suite struct MethodListTests {
    @Test func everyMethodOfTheIssueIsServed() throws {
        let t = try TestNode()
        let required = [
            "web3_clientVersion", "net_version", "eth_chainId", "eth_blockNumber", "eth_getBalance",
            "eth_getTransactionCount", "eth_getCode", "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_feeHistory",
            "eth_estimateGas", "eth_call", "eth_sendRawTransaction", "eth_getTransactionByHash",
            "eth_getTransactionReceipt", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getLogs", "eth_newFilter",
            "eth_newBlockFilter", "eth_getFilterChanges", "eth_uninstallFilter", "eth_accounts", "evm_increaseTime",
            "evm_setNextBlockTimestamp", "evm_mine", "evm_snapshot", "evm_revert", "evm_setAutomine",
            "evm_setIntervalMining", "anvil_setBalance",
        ]
        #expect(Set(required).subtracting(t.node.methods).isEmpty)
    }
}
