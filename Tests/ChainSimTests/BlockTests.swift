import ChainSim
import EthPrimitives
import JSONRPC
import Testing
import Transactions

/// Blocks: the base fee rule, header hashing, the tries and blooms against reference implementations, the genesis
/// block, timestamps under the manual clock, snapshots and determinism.
@Suite struct BlockTests {
    // MARK: Base fee

    struct BaseFeeRow: Sendable, CustomStringConvertible {
        var parent: UInt256
        var used: UInt64
        var limit: UInt64
        var expected: UInt256
        var description: String { "\(parent) wei, \(used)/\(limit) gas → \(expected)" }
    }

    @Test(arguments: [
        // At the target (half the limit): unchanged.
        BaseFeeRow(parent: 1_000_000_000, used: 15_000_000, limit: 30_000_000, expected: 1_000_000_000),
        // Empty: down one eighth.
        BaseFeeRow(parent: 1_000_000_000, used: 0, limit: 30_000_000, expected: 875_000_000),
        // Full: up one eighth.
        BaseFeeRow(parent: 1_000_000_000, used: 30_000_000, limit: 30_000_000, expected: 1_125_000_000),
        // One plain transfer: down by 1e9 * (15e6 - 21000) / 15e6 / 8, rounded down.
        BaseFeeRow(parent: 1_000_000_000, used: 21_000, limit: 30_000_000, expected: 875_175_000),
        // Just above the target with a tiny fee: the increase is at least 1 wei.
        BaseFeeRow(parent: 7, used: 15_000_001, limit: 30_000_000, expected: 8),
        // Just below the target with a tiny fee: the decrease rounds to nothing.
        BaseFeeRow(parent: 7, used: 14_999_999, limit: 30_000_000, expected: 7),
        // Zero stays zero going down, and rises by the 1 wei minimum going up.
        BaseFeeRow(parent: 0, used: 0, limit: 30_000_000, expected: 0),
        BaseFeeRow(parent: 0, used: 20_000_000, limit: 30_000_000, expected: 1),
    ])
    func baseFeeFollowsEIP1559(_ row: BaseFeeRow) {
        #expect(
            BaseFee.next(parentBaseFee: row.parent, parentGasUsed: row.used, parentGasLimit: row.limit) == row.expected)
    }

    @Test func baseFeeEvolvesBlockByBlock() throws {
        let (chain, _) = Fixture.chain(automine: false)
        // Empty blocks, then a block with one transfer, then empty again: each follows the formula from its parent.
        try chain.mine(blocks: 3)
        try chain.sendRawTransaction(Fixture.eip1559(from: 0, nonce: 0, to: Fixture.address(1), value: 1).encode())
        try chain.mine(blocks: 2)
        let blocks = (0...5).map { chain.block(number: $0)! }
        #expect(blocks[0].baseFeePerGas == 1_000_000_000)
        #expect(blocks[1].baseFeePerGas == 875_000_000)
        #expect(blocks[4].gasUsed == 21_000)
        for (parent, child) in zip(blocks, blocks.dropFirst()) {
            let target = UInt256(parent.gasLimit / 2)
            let fee = parent.baseFeePerGas!
            let expected =
                UInt256(parent.gasUsed) < target
                ? fee - fee * (target - UInt256(parent.gasUsed)) / target / 8 : fee
            #expect(child.baseFeePerGas == expected)
        }
        #expect(
            chain.state.nextBaseFee
                == BaseFee.next(
                    parentBaseFee: blocks[5].baseFeePerGas!, parentGasUsed: 0, parentGasLimit: 30_000_000))
    }

    // MARK: Hashes, tries, blooms

    /// A Prague header hashed by py-evm (`PragueBlockHeader`, the same fields): the field order and encodings match.
    @Test func headerHashMatchesPyEVM() throws {
        var bloom = [UInt8](repeating: 0, count: 256)
        bloom[200] = 0x80
        bloom[255] = 0x01
        let header = BlockHeader(
            parentHash: Keccak256.hash("parent"),
            coinbase: try Address(hex: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
            stateRoot: Keccak256.hash("state"), transactionsRoot: Keccak256.hash("txs"),
            receiptsRoot: Keccak256.hash("receipts"), logsBloom: Bloom(bytes: bloom)!, number: 7, gasLimit: 30_000_000,
            gasUsed: 21_000, timestamp: 1_735_689_700, baseFeePerGas: 765_625_000)
        #expect(header.encoded.count == 612)
        #expect(header.hash == (try Hash(hex: "0x88d29f16244ed9c4ac5e00515105170a3b1a0f34672897883c13718b1085986c")))
    }

    /// Roots computed by py-trie's `HexaryTrie` over `rlp(i) → value(i)`: single leaves, branches with values,
    /// extensions, embedded short nodes and keys of two lengths.
    @Test(arguments: [
        (0, "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
        (1, "af74a304136366d7a9f93f05c6738dced46e7d12a8d41fc2e542b50fa00080ab"),
        (2, "ca9a422a1da32a989850f8fcb343118fd9f8d3e5d9973ca2235ba2a13a721b68"),
        (3, "a6247b92cfb376c3369a88046a8b40553e849d7da06fb338fabcd9156c1a8440"),
        (16, "97c6cf247aaf7a83bd1da6ed327a509888835fbdee6c49301eecd1adf7a3f146"),
        (17, "286fffa55e23f923b1ed9b20671d481a1d661411b9f45c53e4ff4ed64462697d"),
        (128, "e115878412d35ab202e0fb278e053bef346f17b8dcb930e90b5bc2ac5d27f943"),
        (129, "45fa2fe6f821de524951a13efef10d2da4bd10ee4452f6c628853849885f6757"),
        (300, "0913d4eefd09b41baf68e5ee7bceb9a63859946f8cc857b610ab08f84303508a"),
    ])
    func orderedTrieRootMatchesPyTrie(count: Int, root: String) throws {
        let values = (0..<count).map { i in [UInt8](repeating: UInt8((i * 7 + 3) % 256), count: i % 40 + 1) }
        #expect(OrderedTrie.root(values) == (try Hash(hex: "0x" + root)))
    }

    /// Geth's block 1 of its API tests (`internal/ethapi/testdata/eth_getHeaderByNumber-number-1.json`): one legacy
    /// transfer, so one receipt (status 1, 21,000 gas, no logs); its receipts root is the one geth computed.
    @Test func receiptsRootMatchesGeth() throws {
        let (chain, _) = Fixture.chain()
        try chain.sendRawTransaction(Fixture.legacy(from: 0, nonce: 0, to: Fixture.address(1), value: 1).encode())
        let block = chain.state.latest
        #expect(block.transactions.count == 1)
        #expect(
            block.header.receiptsRoot
                == (try Hash(hex: "0x056b23fbba480696b65fe5a59b8f2148a1299103c4f57df839233af2cf4ca2d2")))
        #expect(block.header.transactionsRoot == OrderedTrie.root([block.transactions[0].transaction.encode()]))
    }

    /// A receipt from geth's API tests (`eth_getTransactionReceipt-with-logs.json`): an ERC-20 Transfer log and the
    /// logs bloom geth computed for it.
    @Test func bloomMatchesGethReceipt() throws {
        let log = LogEntry(
            address: try Address(hex: "0x0000000000000000000000000000000000031ec7"),
            topics: [
                try Hash(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
                try Hash(hex: "0x000000000000000000000000703c4b2bd70c169f5717101caee543299fc946c7"),
                try Hash(hex: "0x0000000000000000000000000000000000000000000000000000000000000003"),
            ],
            data: try [UInt8](hex: "0x000000000000000000000000000000000000000000000000000000000000000d"))
        let expected = try [UInt8](
            hex:
                "0x0000000000000000000000800000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000020000000000000000000000000000800000000000000008000000000000000000000000000000000020000000080000"
                + "0000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000000000000000000000000000000000080000000000000000040000000000200000000"
                + "0000800000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000"
                + "000000000000")
        let bloom = Bloom(logs: [log])
        #expect(bloom.bytes == expected)
        #expect(bloom.mightContain(address: log.address))
        #expect(bloom.mightContain(topic: log.topics[0]))
        #expect(!bloom.mightContain(topic: Keccak256.hash("Approval(address,address,uint256)")))
        #expect(Bloom().isEmpty)
    }

    // MARK: Genesis and determinism

    @Test func genesisBlockHasTheConfiguredFields() throws {
        let (chain, _) = Fixture.chain()
        let genesis = try #require(chain.block(number: 0))
        #expect(genesis.number == 0)
        #expect(genesis.parentHash == .zero)
        #expect(genesis.timestamp == Fixture.genesisTime)
        #expect(genesis.baseFeePerGas == 1_000_000_000)
        #expect(genesis.gasLimit == 30_000_000)
        #expect(genesis.gasUsed == 0)
        #expect(genesis.transactionsRoot == OrderedTrie.emptyRoot)
        #expect(genesis.sha3Uncles == BlockHeader.emptyOmmersHash)
        #expect(genesis.hash == chain.state.latest.header.hash)
        #expect(chain.block(hash: genesis.hash!)?.number == 0)
        #expect(chain.blockNumber == 0)
        #expect(chain.balance(Fixture.address(9)) == ChainConfig.devAccountBalance)
        #expect(chain.accounts == Fixture.dev.map(\.address))
        #expect(chain.accounts[0] == (try Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")))
    }

    @Test func theSameInputsGiveTheSameHashes() throws {
        func run() throws -> [Hash] {
            let (chain, clock) = Fixture.chain()
            try chain.sendRawTransaction(Fixture.eip1559(from: 0, nonce: 0, to: Fixture.address(1), value: 5).encode())
            clock.advance(by: 7)
            let deploy = Fixture.eip1559(
                from: 1, nonce: 0, to: nil, data: CounterModel.initCode(start: 3), gas: 200_000)
            try chain.sendRawTransaction(deploy.encode())
            let counter = ContractAddress.create(sender: Fixture.address(1), nonce: 0)
            chain.increaseTime(by: 100)
            try chain.sendRawTransaction(
                Fixture.legacy(from: 2, nonce: 0, to: counter, data: [CounterModel.increment], gas: 60_000).encode())
            try chain.mine(blocks: 2)
            return (0...chain.blockNumber).map { chain.block(number: $0)!.hash! }
        }
        let first = try run()
        #expect(first.count == 6)
        #expect(try run() == first)
    }

    // MARK: Time

    @Test func timestampsFollowTheClockAndStrictlyIncrease() throws {
        let (chain, clock) = Fixture.chain()
        try chain.mine()
        #expect(chain.block(number: 1)?.timestamp == Fixture.genesisTime + 10)
        // Same second: one more than the parent.
        try chain.mine(blocks: 2)
        #expect(chain.block(number: 3)?.timestamp == Fixture.genesisTime + 12)
        clock.advance(by: 100)
        try chain.mine()
        #expect(chain.block(number: 4)?.timestamp == Fixture.genesisTime + 110)
    }

    @Test func increaseTimeMovesLaterBlocks() throws {
        let (chain, clock) = Fixture.chain()
        #expect(chain.increaseTime(by: 3600) == 3600)
        #expect(chain.increaseTime(by: 60) == 3660)
        try chain.mine()
        #expect(chain.block(number: 1)?.timestamp == Fixture.genesisTime + 10 + 3660)
        clock.advance(by: 5)
        try chain.mine()
        #expect(chain.block(number: 2)?.timestamp == Fixture.genesisTime + 15 + 3660)
    }

    @Test func setNextBlockTimestampAppliesOnceAndTimeGoesOnFromThere() throws {
        let (chain, clock) = Fixture.chain()
        try chain.setNextBlockTimestamp(Fixture.genesisTime + 1_000)
        try chain.mine()
        #expect(chain.block(number: 1)?.timestamp == Fixture.genesisTime + 1_000)
        clock.advance(by: 30)
        try chain.mine()
        #expect(chain.block(number: 2)?.timestamp == Fixture.genesisTime + 1_030)
        // Back in time is refused, and so is the parent's own timestamp.
        #expect(
            throws: ChainError.timestampNotIncreasing(
                timestamp: Fixture.genesisTime + 1_030, parent: Fixture.genesisTime + 1_030)
        ) {
            try chain.setNextBlockTimestamp(Fixture.genesisTime + 1_030)
        }
        #expect(throws: ChainError.timestampNotIncreasing(timestamp: 5, parent: Fixture.genesisTime + 1_030)) {
            try chain.mine(timestamp: 5)
        }
        #expect(chain.blockNumber == 2)
        let error = ChainError.timestampNotIncreasing(timestamp: 5, parent: 6)
        #expect(error.message == "timestamp 5 is not after the parent block's timestamp 6")
        #expect(error.jsonRPCError.code == -32602)
    }

    @Test func mineAtAnExplicitTimestamp() throws {
        let (chain, _) = Fixture.chain()
        let hashes = try chain.mine(blocks: 3, timestamp: Fixture.genesisTime + 500)
        #expect(hashes.count == 3)
        #expect((1...3).map { chain.block(number: $0)!.timestamp } == [500, 501, 502].map { Fixture.genesisTime + $0 })
        #expect(chain.block(number: 2)?.hash == hashes[1])
    }

    // MARK: Snapshots

    @Test func revertRestoresEverythingAndUsesTheSnapshotUp() throws {
        let (chain, _) = Fixture.chain()
        let before = chain.snapshot()
        #expect(before == 0)
        try chain.sendRawTransaction(Fixture.eip1559(from: 0, nonce: 0, to: Fixture.address(1), value: 7).encode())
        chain.increaseTime(by: 1_000)
        chain.setBalance(42, of: Fixture.address(5))
        let middle = chain.snapshot()
        #expect(middle == 1)
        try chain.mine()
        #expect(chain.blockNumber == 2)

        #expect(chain.revert(to: before))
        #expect(chain.blockNumber == 0)
        #expect(chain.balance(Fixture.address(1)) == ChainConfig.devAccountBalance)
        #expect(chain.balance(Fixture.address(5)) == ChainConfig.devAccountBalance)
        #expect(chain.state.timeOffset == 0)
        #expect(chain.state.journal.isEmpty)
        // Used up, and the later snapshot with it.
        #expect(!chain.revert(to: before))
        #expect(!chain.revert(to: middle))
        #expect(chain.snapshot() == 2)
    }
}
