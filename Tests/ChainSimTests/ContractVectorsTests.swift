import ChainSim
import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import Secp256k1
import Testing
import Transactions

/// The acceptance test of the contract models: every step of every file under `vectors/contracts/` (recorded on the
/// compiled Vyper contracts in a real EVM) gives the same status, return or revert data, logs and balances in
/// ChainSim. Where they disagree, the contract is right.
@Suite struct ContractVectorsTests {
    /// Every vector file is here, none skipped: the directory holds the fourteen scenarios of its README.
    @Test func everyVectorFileIsReplayed() throws {
        #expect(ContractVectors.names.count >= 14)
        for name in ContractVectors.names {
            let vector = try ContractVectors.load(name)
            #expect(vector.format == 1)
            #expect(vector.name == name)
            #expect(!vector.steps.isEmpty)
        }
    }

    /// Each file through `WorldState.execute`: one message per step, at the step's block time.
    @Test(arguments: ContractVectors.names) func messageLevelReplay(file: String) throws {
        let vector = try ContractVectors.load(file)
        var replayer = try MessageReplayer(vector)
        var replayed = 0
        for (index, step) in vector.steps.enumerated() {
            let outcome = try replayer.run(step)
            let differences = try outcome.differences(from: step.expect, watched: vector.watched)
            #expect(differences.isEmpty, "\(file) step \(index) (\(step.note)): \(differences.joined(separator: "; "))")
            replayed += 1
        }
        #expect(replayed == vector.steps.count)
    }

    /// Each file through the chain's transaction pipeline: every transaction step signed by its sender's key (EIP-1559,
    /// real fees, added back before comparing native balances) and mined alone in a block at the step's timestamp,
    /// every call step an `eth_call` at the step's time. A node does not expose a transaction's return data, so each
    /// transaction is also previewed by an `eth_call` in the next block's context, which must agree with the
    /// receipt's status.
    @Test(arguments: ContractVectors.names) func transactionLevelReplay(file: String) throws {
        let vector = try ContractVectors.load(file)
        var replayer = try TransactionReplayer(vector)
        var replayed = 0
        for (index, step) in vector.steps.enumerated() {
            let outcome = try replayer.run(step)
            let differences = try outcome.differences(from: step.expect, watched: vector.watched)
            #expect(differences.isEmpty, "\(file) step \(index) (\(step.note)): \(differences.joined(separator: "; "))")
            replayed += 1
        }
        #expect(replayed == vector.steps.count)
        #expect(replayer.chain.blockNumber == UInt64(vector.steps.count(where: { !$0.call })))
    }

    /// The genesis the vectors describe is `MeteredGenesis`'s: the same accounts, balances, deployments (init code,
    /// deployer, nonce, address) and relayers.
    @Test(arguments: ContractVectors.names) func vectorGenesisIsTheMeteredGenesis(file: String) throws {
        let genesis = try ContractVectors.load(file).genesis
        #expect(genesis.chainId == MeteredGenesis.chainID)
        #expect(try genesis.accounts.map { try parseAddress($0.address) } == MeteredGenesis.accounts)
        for account in genesis.accounts {
            #expect(try parseAmount(account.balance) == MeteredGenesis.accountBalance)
        }
        let metered = genesis.deployments.filter { $0.auxiliary != true }
        #expect(metered.count == MeteredGenesis.deployments.count)
        for (deployment, expected) in zip(metered, MeteredGenesis.deployments) {
            #expect(deployment.name == expected.name)
            #expect(try deployment.initCode() == expected.initCode)
            #expect(try parseAddress(deployment.deployer) == MeteredGenesis.deployer)
            #expect(deployment.nonce == expected.nonce)
            #expect(try parseAddress(deployment.address) == expected.address)
        }
        #expect(try genesis.relayers.map(parseAddress) == MeteredGenesis.relayers)
        #expect(try parseAddress(genesis.owner) == MeteredGenesis.deployer)
    }
}

// MARK: - The message-level replayer

/// Lays down a vector's genesis on a `WorldState` and runs its steps as messages.
struct MessageReplayer {
    /// The models a replay registers: the four contracts and the auxiliary Wallet.
    static let models: [any ContractModel.Type] = MeteredGenesis.models + [WalletModel.self]
    /// The gas every message gets, as the recording gave every transaction.
    static let gas: UInt64 = 30_000_000

    let vector: ContractVector
    var world: WorldState
    var blockNumber: UInt64 = 0

    /// The world after the vector's genesis: funded accounts, every deployment at its address with its code, the
    /// relayers enabled.
    init(_ vector: ContractVector) throws {
        self.vector = vector
        world = WorldState(models: Self.models)
        let genesis = vector.genesis
        for account in genesis.accounts {
            world.setBalance(try parseAmount(account.balance), of: try parseAddress(account.address))
        }
        let block = Self.block(number: 0, timestamp: genesis.timestamp, chainID: genesis.chainId)
        for deployment in genesis.deployments {
            let deployer = try parseAddress(deployment.deployer)
            guard world.nonce(of: deployer) == deployment.nonce else {
                throw VectorError("\(deployment.name): the deployer's nonce is \(world.nonce(of: deployer))")
            }
            let result = try world.deploy(
                initCode: try deployment.initCode(), from: deployer, gas: Self.gas, block: block)
            guard result.success, result.contractAddress == (try parseAddress(deployment.address)) else {
                throw VectorError("\(deployment.name) did not deploy at \(deployment.address): \(result)")
            }
            guard world.code(at: try parseAddress(deployment.address)) == (try deployment.expectedRuntimeCode()) else {
                throw VectorError("\(deployment.name) left other code than the compiled contract's")
            }
        }
        let owner = try parseAddress(genesis.owner)
        for relayer in genesis.relayers {
            let call = SessionEscrow.SetRelayer(account: try parseAddress(relayer), enabled: true)
            let result = world.execute(
                from: owner, to: MeteredGenesis.escrow, input: call.calldata, gas: Self.gas, block: block)
            guard result.success else { throw VectorError("setRelayer(\(relayer)) failed: \(result)") }
            world.setNonce(world.nonce(of: owner) + 1, of: owner)
        }
    }

    static func block(number: UInt64, timestamp: UInt64, chainID: UInt64) -> BlockContext {
        BlockContext(
            number: number, timestamp: timestamp, chainID: chainID, baseFee: .zero, gasLimit: 30_000_000,
            coinbase: .zero)
    }

    /// Runs one step: a transaction changes the world (in a new block at the step's time), a call runs on a copy.
    mutating func run(_ step: ContractVector.Step) throws -> StepOutcome {
        let from = try parseAddress(step.from)
        let to = try parseAddress(step.to)
        let value = try parseAmount(step.value)
        let input = try parseBytes(step.data)
        if !step.call { blockNumber += 1 }
        let block = Self.block(number: blockNumber, timestamp: step.timestamp, chainID: vector.genesis.chainId)
        var state = world
        let result = state.execute(from: from, to: to, value: value, input: input, gas: Self.gas, block: block)
        if !step.call { world = state }
        return StepOutcome(
            status: Int(result.status), output: result.output, logs: result.logs,
            balances: try balances(of: vector.watched, in: state, block: block))
    }

    /// The watched balances: native currency from the world, a token's through a call of its `balanceOf`.
    func balances(of watched: ContractVector.Watched, in state: WorldState, block: BlockContext) throws
        -> [Address: [Address: UInt256]]
    {
        var balances: [Address: [Address: UInt256]] = [:]
        for accountText in watched.accounts {
            let account = try parseAddress(accountText)
            for assetText in watched.assets {
                let asset = try parseAddress(assetText)
                if asset == .zero {
                    balances[account, default: [:]][asset] = state.balance(of: account)
                    continue
                }
                var copy = state
                let result = copy.execute(
                    from: account, to: asset, input: TestToken.BalanceOf(owner: account).calldata, gas: Self.gas,
                    block: block)
                guard result.success else { throw VectorError("balanceOf(\(account)) of \(asset) failed") }
                balances[account, default: [:]][asset] = try TestToken.BalanceOf.decodeOutput(result.output)
            }
        }
        return balances
    }
}

// MARK: - The transaction-level replayer

/// Lays down a vector's genesis as a `Chain` (``ChainConfig/metered`` plus the auxiliary deployments) and runs its
/// steps as signed transactions and `eth_call`s.
struct TransactionReplayer {
    /// Where tips go: an account no vector watches.
    static let coinbase = try! Address(hex: "0x000000000000000000000000000000000000c0de")
    /// Each transaction's gas limit: ample, as the README asks.
    static let gas: UInt64 = 3_000_000

    let vector: ContractVector
    let chain: Chain
    let clock: ManualUnixClock
    var keys: [Address: PrivateKey] = [:]
    /// The fees each account paid, added back to its native balance before comparing.
    var fees: [Address: UInt256] = [:]

    init(_ vector: ContractVector) throws {
        self.vector = vector
        let genesis = vector.genesis
        var config = ChainConfig.metered(genesisTimestamp: genesis.timestamp, extraModels: [WalletModel.self])
        config.coinbase = Self.coinbase
        for deployment in genesis.deployments where deployment.auxiliary == true {
            config.genesisDeployments.append(
                GenesisDeployment(deployer: try parseAddress(deployment.deployer), initCode: try deployment.initCode()))
        }
        clock = ManualUnixClock(start: Double(genesis.timestamp))
        chain = try Chain(config: config, clock: clock)
        for account in genesis.accounts {
            let key = try PrivateKey(bytes: try parseBytes(account.privateKey))
            guard key.address == (try parseAddress(account.address)) else {
                throw VectorError("the key of \(account.name) is not its address's")
            }
            keys[key.address] = key
            guard try chain.balance(of: key.address) == (try parseAmount(account.balance)) else {
                throw VectorError("\(account.name) does not hold its genesis balance")
            }
        }
        for deployment in genesis.deployments {
            guard try chain.code(at: try parseAddress(deployment.address)) == (try deployment.expectedRuntimeCode())
            else {
                throw VectorError("\(deployment.name) is not at \(deployment.address) with the compiled code")
            }
        }
        guard try chain.nonce(of: try parseAddress(genesis.owner)) == 5 else {
            throw VectorError("account 0's next nonce after the genesis is not 5")
        }
    }

    /// Runs one step: a transaction through the pipeline in its own block, or a call.
    mutating func run(_ step: ContractVector.Step) throws -> StepOutcome {
        let from = try parseAddress(step.from)
        let request = TransactionRequest(
            from: from, to: try parseAddress(step.to), gas: Self.gas, value: try parseAmount(step.value),
            input: HexBytes(try parseBytes(step.data)))
        if step.call {
            let (status, output) = call(request, at: BlockOverrides(timestamp: step.timestamp))
            return StepOutcome(status: status, output: output, logs: [], balances: try balances())
        }
        let next = chain.blockNumber + 1
        let (status, output) = call(request, at: BlockOverrides(number: next, timestamp: step.timestamp))
        guard let key = keys[from] else { throw VectorError("no key for \(from)") }
        let transaction = try EIP1559Transaction(
            chainID: chain.chainID, nonce: try chain.nonce(of: from, at: .pending), maxPriorityFeePerGas: 1_000_000_000,
            maxFeePerGas: 100_000_000_000, gasLimit: Self.gas, to: request.to, value: request.value ?? .zero,
            data: request.input?.bytes ?? []
        ).sign(with: key)
        try chain.setNextBlockTimestamp(step.timestamp)
        let hash = try chain.sendRawTransaction(transaction.encode())
        guard let receipt = chain.receipt(hash: hash), let mined = chain.block(number: next) else {
            throw VectorError("the transaction was not mined at once")
        }
        guard mined.timestamp == step.timestamp, receipt.blockNumber == next else {
            throw VectorError("the transaction was mined at \(mined.timestamp) in block \(receipt.blockNumber)")
        }
        fees[from, default: .zero] += UInt256(receipt.gasUsed) * receipt.effectiveGasPrice
        let receiptStatus = Int(receipt.status ?? 0)
        guard receiptStatus == status else {
            throw VectorError("the receipt's status \(receiptStatus) differs from the preview's \(status)")
        }
        let logs = receipt.logs.map { LogEntry(address: $0.address, topics: $0.topics, data: $0.data.bytes) }
        return StepOutcome(status: status, output: output, logs: logs, balances: try balances())
    }

    /// An `eth_call` at the latest block with `overrides`: its status and its return or revert data.
    func call(_ request: TransactionRequest, at overrides: BlockOverrides) -> (Int, [UInt8]) {
        do {
            return (1, try chain.call(request, at: .latest, overrides: overrides))
        } catch .reverted(let data) {
            return (0, data)
        } catch {
            return (0, Array("unexpected \(error)".utf8))
        }
    }

    /// The watched balances at the latest block, each account's fees added back to its native balance.
    func balances() throws -> [Address: [Address: UInt256]] {
        var balances: [Address: [Address: UInt256]] = [:]
        for accountText in vector.watched.accounts {
            let account = try parseAddress(accountText)
            for assetText in vector.watched.assets {
                let asset = try parseAddress(assetText)
                if asset == .zero {
                    balances[account, default: [:]][asset] =
                        try chain.balance(of: account) + fees[account, default: .zero]
                    continue
                }
                let output = try chain.call(
                    TransactionRequest(to: asset, input: HexBytes(TestToken.BalanceOf(owner: account).calldata)))
                balances[account, default: [:]][asset] = try TestToken.BalanceOf.decodeOutput(output)
            }
        }
        return balances
    }
}

/// What a step gave, to compare with its `expect`.
struct StepOutcome {
    var status: Int
    var output: [UInt8]
    var logs: [LogEntry]
    var balances: [Address: [Address: UInt256]]

    /// Every way the outcome differs from `expect`, as readable lines; empty when it matches.
    func differences(from expect: ContractVector.Expect, watched: ContractVector.Watched) throws -> [String] {
        var differences: [String] = []
        if status != expect.status {
            differences.append("status \(status), expected \(expect.status) (output \(Hex.encode(output)))")
            return differences
        }
        let expectedOutput = try parseBytes((status == 1 ? expect.returnData : expect.revertData) ?? "0x")
        if output != expectedOutput {
            if status == 1 {
                differences.append("return data \(Hex.encode(output)), expected \(Hex.encode(expectedOutput))")
            } else {
                differences.append("\(Revert(data: output)), expected \(Revert(data: expectedOutput))")
            }
        }
        if logs.count != expect.logs.count {
            differences.append("\(logs.count) logs, expected \(expect.logs.count)")
        }
        for (index, (log, expected)) in zip(logs, expect.logs).enumerated() {
            let address = try parseAddress(expected.address)
            let topics = try expected.topics.map { try Hash(hex: $0) }
            let data = try parseBytes(expected.data)
            if log.address != address || log.topics != topics || log.data != data {
                differences.append(
                    "log \(index) (\(expected.event ?? "?")) is \(log.address) \(log.topics) \(Hex.encode(log.data))")
            }
        }
        for (accountText, assets) in expect.balances {
            let account = try parseAddress(accountText)
            for (assetText, amountText) in assets {
                let asset = try parseAddress(assetText)
                let expected = try parseAmount(amountText)
                let actual = balances[account]?[asset]
                if actual != expected {
                    differences.append(
                        "balance of \(account) in \(asset) is \(actual.map(\.description) ?? "missing"), expected \(expected)"
                    )
                }
            }
        }
        return differences
    }
}
