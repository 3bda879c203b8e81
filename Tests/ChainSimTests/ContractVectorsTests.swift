import ChainSim
import Contracts
import EthPrimitives
import Foundation
import Testing

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
