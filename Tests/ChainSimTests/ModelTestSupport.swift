import ChainSim
import Contracts
import EthPrimitives

// A Metered world at the message level for the models' unit tests (the genesis laid down through the models, a
// block clock, sending and reading with the generated bindings), and test-only models that play the parts the
// four contracts and the Wallet cannot: ERC-20 tokens with quirks and a receiver that re-enters the escrow.

/// The Metered genesis on a `WorldState`, with a block clock that moves forward one second per transaction.
struct MeteredWorld {
    static let gas: UInt64 = 30_000_000
    static let genesisTime: UInt64 = 1_735_689_600

    var world: WorldState
    var time: UInt64 = MeteredWorld.genesisTime
    var number: UInt64 = 0

    /// The genesis: the ten funded accounts, the four contracts at their addresses, account 1 a relayer.
    init(extraModels: [any ContractModel.Type] = []) throws {
        world = WorldState(models: MeteredGenesis.models + [WalletModel.self] + extraModels)
        for account in MeteredGenesis.accounts { world.setBalance(MeteredGenesis.accountBalance, of: account) }
        for deployment in MeteredGenesis.deployments {
            let result = try world.deploy(
                initCode: deployment.initCode, from: MeteredGenesis.deployer, gas: Self.gas, block: block)
            guard result.contractAddress == deployment.address else {
                throw VectorError("\(deployment.name): \(result)")
            }
        }
        for relayer in MeteredGenesis.relayers {
            let result = send(
                SessionEscrow.SetRelayer(account: relayer, enabled: true), to: MeteredGenesis.escrow,
                from: MeteredGenesis.deployer, advance: 0)
            guard result.success else { throw VectorError("setRelayer: \(result)") }
        }
    }

    static let deployer = MeteredGenesis.accounts[0]
    static let relayer = MeteredGenesis.accounts[1]
    static let student = MeteredGenesis.accounts[2]
    static let tutor = MeteredGenesis.accounts[3]
    static let outsider = MeteredGenesis.accounts[4]
    static let student2 = MeteredGenesis.accounts[5]
    static let tutor2 = MeteredGenesis.accounts[6]

    var block: BlockContext {
        BlockContext(
            number: number, timestamp: time, chainID: MeteredGenesis.chainID, baseFee: .zero, gasLimit: Self.gas,
            coinbase: .zero)
    }

    /// Sends `call` to `to` as a transaction `advance` seconds after the last block.
    @discardableResult
    mutating func send<Function: ContractFunction>(
        _ call: Function, to: Address, from: Address, value: UInt256 = .zero, gas: UInt64 = MeteredWorld.gas,
        advance: UInt64 = 1
    ) -> ExecutionResult {
        send(call.calldata, to: to, from: from, value: value, gas: gas, advance: advance)
    }

    /// Sends raw calldata to `to` as a transaction `advance` seconds after the last block.
    @discardableResult
    mutating func send(
        _ input: [UInt8], to: Address, from: Address, value: UInt256 = .zero, gas: UInt64 = MeteredWorld.gas,
        advance: UInt64 = 1
    ) -> ExecutionResult {
        time += advance
        number += 1
        return world.execute(from: from, to: to, value: value, input: input, gas: gas, block: block)
    }

    /// Calls a function without changing the world (`eth_call` at the current block time).
    func call<Function: ContractFunction>(_ call: Function, to: Address, from: Address = .zero) -> ExecutionResult {
        var copy = world
        return copy.execute(from: from, to: to, input: call.calldata, gas: Self.gas, block: block)
    }

    /// Reads a view's result.
    func read<Function: ContractFunction>(_ call: Function, at: Address) throws -> Function.Output {
        let result = self.call(call, to: at)
        guard result.success else {
            throw VectorError("\(Function.signature) reverted: \(Revert(data: result.output))")
        }
        return try Function.decodeOutput(result.output)
    }

    /// Deploys init code from `from` at its next CREATE address.
    mutating func deploy(_ initCode: [UInt8], from: Address, value: UInt256 = .zero) throws -> ExecutionResult {
        try world.deploy(initCode: initCode, from: from, value: value, gas: Self.gas, block: block)
    }

    /// The escrow's storage.
    var escrow: SessionEscrowModel.Storage {
        world.storage(of: MeteredGenesis.escrow, as: SessionEscrowModel.Storage.self)!
    }

    /// The TestToken balance of `account`.
    func tokens(_ account: Address, token: Address = MeteredGenesis.testToken) throws -> UInt256 {
        try read(TestToken.BalanceOf(owner: account), at: token)
    }

    /// Mints `amount` tUSD to `account` and approves the escrow for it.
    mutating func fund(_ account: Address, tokens amount: UInt256, token: Address = MeteredGenesis.testToken) {
        send(TestToken.Mint(to: account, amount: amount), to: token, from: account)
        send(TestToken.Approve(spender: MeteredGenesis.escrow, amount: amount), to: token, from: account)
    }

    /// Opens a session: `rate × cap` deposited by `student` for `tutor`. Returns the session id.
    mutating func deposit(
        student: Address = MeteredWorld.student, tutor: Address = MeteredWorld.tutor, token: Address = .zero,
        rate: UInt256 = 1_000, cap: UInt256 = 600
    ) throws -> UInt256 {
        let result = send(
            SessionEscrow.Deposit(tutor: tutor, token: token, ratePerSecond: rate, capSeconds: cap),
            to: MeteredGenesis.escrow, from: student, value: token == .zero ? rate * cap : .zero)
        guard result.success else { throw VectorError("deposit reverted: \(Revert(data: result.output))") }
        return try SessionEscrow.Deposit.decodeOutput(result.output)
    }
}

/// The reason of an execution's revert, nil when it succeeded or reverted otherwise.
func reason(_ result: ExecutionResult) -> String? {
    result.success ? nil : Revert(data: result.output).reason
}

// MARK: - Test-only models

/// An ERC-20 with a quirk, answering the TestToken ABI (the standard ERC-20 functions): the tokens the escrow must
/// refuse or tolerate. No allowances: `transferFrom` moves whatever it is asked to.
///
/// Init code: `0x7e57700c` then one byte, the quirk's raw value.
enum QuirkyTokenModel: ContractModel {
    enum Quirk: UInt8, Sendable {
        /// Behaves (returns true).
        case standard = 0
        /// Delivers one unit less than asked (a fee on transfer).
        case feeOnTransfer = 1
        /// Returns nothing from `transfer` and `transferFrom` (USDT-style).
        case noBool = 2
        /// Returns false from `transfer` and `transferFrom`, moving nothing.
        case returnsFalse = 3
        /// Returns the word 2 from `transfer` and `transferFrom`.
        case returnsTwo = 4
        /// Returns 16 bytes from `transfer` and `transferFrom`.
        case shortReturn = 5
        /// `transfer` reverts with "quirky: blocked" (a block list); `transferFrom` behaves.
        case blocksTransfer = 6
        /// `transfer` burns all the gas it gets; `transferFrom` behaves.
        case burnsGas = 7
    }

    struct Storage: Sendable, Hashable {
        var quirk: Quirk
        var balances: [Address: UInt256] = [:]
    }

    static let name = "QuirkyToken"
    static let initPrefix: [UInt8] = [0x7e, 0x57, 0x70, 0x0c]
    static let runtimeCode: [UInt8] = [0x7e, 0x57]

    static func initCode(_ quirk: Quirk) -> [UInt8] { initPrefix + [quirk.rawValue] }

    static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        guard initCode.count == 5, initCode.starts(with: initPrefix), let quirk = Quirk(rawValue: initCode[4]) else {
            return nil
        }
        return (Storage(quirk: quirk), runtimeCode)
    }

    static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        var storage = host.storage(of: message.callee, as: Storage.self)!
        let function: TestToken.Function
        do {
            function = try TestToken.decodeFunction(calldata: message.input)
        } catch {
            throw .bare
        }
        func move(from: Address, to: Address, amount: UInt256, delivered: UInt256) throws(Revert) {
            let balance = storage.balances[from] ?? .zero
            guard balance >= amount else { throw .reason("quirky: insufficient balance") }
            storage.balances[from] = balance - amount
            storage.balances[to, default: .zero] += delivered
            host.setStorage(storage, of: message.callee)
        }
        func result(_ quirk: Quirk) -> [UInt8] {
            switch quirk {
            case .noBool: []
            case .returnsFalse: TestToken.Transfer.encodeOutput(false)
            case .returnsTwo: UInt256(2).bigEndianBytes
            case .shortReturn: [UInt8](repeating: 0, count: 15) + [1]
            case .standard, .feeOnTransfer, .blocksTransfer, .burnsGas: TestToken.Transfer.encodeOutput(true)
            }
        }
        switch function {
        case .mint(let call):
            storage.balances[call.to, default: .zero] += call.amount
            host.setStorage(storage, of: message.callee)
            return []
        case .balanceOf(let call):
            return TestToken.BalanceOf.encodeOutput(storage.balances[call.owner] ?? .zero)
        case .approve:
            return TestToken.Approve.encodeOutput(true)
        case .transferFrom(let call):
            if storage.quirk == .returnsFalse { return result(.returnsFalse) }
            let delivered = storage.quirk == .feeOnTransfer ? call.amount - 1 : call.amount
            try move(from: call.owner, to: call.to, amount: call.amount, delivered: delivered)
            return result(storage.quirk)
        case .transfer(let call):
            switch storage.quirk {
            case .returnsFalse: return result(.returnsFalse)
            case .blocksTransfer: throw .reason("quirky: blocked")
            case .burnsGas: try host.charge(.max)
            default: break
            }
            let delivered = storage.quirk == .feeOnTransfer ? call.amount - 1 : call.amount
            try move(from: message.caller, to: call.to, amount: call.amount, delivered: delivered)
            return result(storage.quirk)
        case .allowance, .name, .symbol, .decimals, .totalSupply:
            throw .bare
        }
    }
}

/// A receiver that, when paid, calls the escrow back with `reentry` (a state-changing call the lock must refuse)
/// and reads `getSession(observedSession)` (a view that must answer with the final state), records both, and then
/// accepts the payment, or refuses it when `refuseAfter` is set.
///
/// Init code: `0x4ee47e40`, then `refuseAfter` (one byte), the observed session id (32 bytes) and the re-entry
/// calldata.
enum ReentrantReceiverModel: ContractModel {
    struct Storage: Sendable, Hashable {
        var refuseAfter: Bool
        var observedSession: UInt256
        var reentry: [UInt8]
        /// What the re-entry gave, once paid.
        var reentryResult: CallResult?
        /// The observed session's status during the push.
        var observedStatus: UInt8?
    }

    static let name = "ReentrantReceiver"
    static let initPrefix: [UInt8] = [0x4e, 0xe4, 0x7e, 0x40]
    static let runtimeCode: [UInt8] = [0x4e, 0xe4]

    static func initCode(refuseAfter: Bool, observedSession: UInt256, reentry: [UInt8]) -> [UInt8] {
        initPrefix + [refuseAfter ? 1 : 0] + observedSession.bigEndianBytes + reentry
    }

    static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        guard initCode.count >= 37, initCode.starts(with: initPrefix) else { return nil }
        let storage = Storage(
            refuseAfter: initCode[4] == 1, observedSession: try! UInt256(bigEndianBytes: initCode[5..<37]),
            reentry: Array(initCode[37...]))
        return (storage, runtimeCode)
    }

    static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        var storage = host.storage(of: message.callee, as: Storage.self)!
        guard message.input.isEmpty else { throw .bare }
        let escrow = MeteredGenesis.escrow
        storage.reentryResult = try host.call(to: escrow, value: .zero, input: storage.reentry, gas: nil)
        let view = try host.call(
            to: escrow, value: .zero, input: SessionEscrow.GetSession(sessionId: storage.observedSession).calldata,
            gas: nil)
        storage.observedStatus = try? SessionEscrow.GetSession.decodeOutput(view.data).status
        host.setStorage(storage, of: message.callee)
        if storage.refuseAfter { throw .reason("receiver: refused") }
        return []
    }
}
