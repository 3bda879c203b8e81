public import EthPrimitives
import Transactions

/// What executing one message (a call or a deployment) gave: its status, return or revert data, logs and gas.
public struct ExecutionResult: Sendable, Hashable {
    /// How a message that did not succeed failed.
    public enum Failure: Sendable, Hashable {
        /// The model reverted (its ``Revert`` data is ``ExecutionResult/output``).
        case reverted
        /// The frame ran out of gas: it used all it had.
        case outOfGas
        /// The sender could not pay the value: nothing ran and nothing changed.
        case insufficientBalance(have: UInt256, want: UInt256)
        /// A deployment to an address that already holds a contract or has a nonce (a CREATE collision): it used
        /// all its gas, as in the EVM.
        case addressCollision
        /// A deployment whose runtime code is longer than EIP-170's 24,576 bytes: it used all its gas.
        case codeTooLarge(size: Int)
    }

    /// Nil when the message succeeded.
    public var failure: Failure?
    /// The return data on success, the revert data on failure (empty unless the model reverted with data).
    public var output: [UInt8]
    /// The logs emitted, in order; empty when the message failed.
    public var logs: [LogEntry]
    /// The gas the execution used, out of the gas it was given (a transaction adds its intrinsic gas).
    public var gasUsed: UInt64
    /// For a successful deployment, the new contract's address.
    public var contractAddress: Address?

    /// A result with these fields.
    public init(
        failure: Failure?, output: [UInt8], logs: [LogEntry], gasUsed: UInt64, contractAddress: Address? = nil
    ) {
        self.failure = failure
        self.output = output
        self.logs = logs
        self.gasUsed = gasUsed
        self.contractAddress = contractAddress
    }

    /// True when the message succeeded.
    public var success: Bool { failure == nil }
    /// The receipt status: 1 for success, 0 for failure.
    public var status: UInt64 { success ? 1 : 0 }
    /// The return data, nil when the message failed.
    public var returnData: [UInt8]? { success ? output : nil }
    /// The revert data, nil when the message succeeded.
    public var revertData: [UInt8]? { success ? nil : output }
}

extension WorldState {
    /// The longest runtime code a deployment may store (EIP-170).
    public static let maximumCodeSize = 24_576

    /// Executes a message: moves `value` from `from` to `to`, runs the model at `to` (if any) with `input`, and
    /// keeps its changes, or rolls all of them back (value included) if it reverts or runs out of gas.
    ///
    /// This is the message level: no signature, nonce or fee. `from` is `msg.sender` and `tx.origin`; `from`'s
    /// nonce does not change. A message to an account without a model just moves the value.
    ///
    /// - Parameters:
    ///   - gas: the gas the message may use, all of it available to the model (no intrinsic gas is taken).
    ///   - block: the block the message executes in.
    /// - Returns: the result; ``ExecutionResult/gasUsed`` counts only what the execution used.
    public mutating func execute(
        from: Address, to: Address, value: UInt256 = 0, input: [UInt8], gas: UInt64, block: BlockContext
    ) -> ExecutionResult {
        let have = balance(of: from)
        guard have >= value else {
            return ExecutionResult(
                failure: .insufficientBalance(have: have, want: value), output: [], logs: [], gasUsed: 0)
        }
        var host = ExecutionHost(world: take(), block: block, origin: from)
        defer { self = host.world }
        let outcome = host.run(Message(caller: from, callee: to, value: value, input: input, origin: from), gas: gas)
        switch outcome.result {
        case .success(let data):
            return ExecutionResult(failure: nil, output: data, logs: host.logs, gasUsed: gas - outcome.gasLeft)
        case .failure(let revert):
            return ExecutionResult(
                failure: revert.outOfGas ? .outOfGas : .reverted, output: revert.data, logs: [],
                gasUsed: gas - outcome.gasLeft)
        }
    }

    /// Deploys `initCode` from `from` at the CREATE address of `from` and its current nonce, and increments that
    /// nonce (whether the deployment succeeds or not, as a creation transaction does).
    ///
    /// The init code must be the committed creation bytecode of one of ``models``, followed by its constructor
    /// arguments: the model whose ``ContractModel/deploy(initCode:deployer:block:)`` recognises it sets up the
    /// storage and the runtime code. `value` goes to the new contract; a constructor that reverts rolls it back.
    /// Storing the runtime code costs ``GasSchedule/codeDepositByte`` per byte.
    ///
    /// - Parameters:
    ///   - gas: the gas the deployment may use (no intrinsic gas is taken).
    ///   - block: the block the deployment executes in.
    /// - Throws: ``ChainError/unknownBytecode(codeHash:models:)`` when no model recognises the init code; nothing
    ///   changes then, not even the nonce.
    public mutating func deploy(
        initCode: [UInt8], from: Address, value: UInt256 = 0, gas: UInt64, block: BlockContext
    ) throws(ChainError) -> ExecutionResult {
        let recognised = try recognise(initCode: initCode, deployer: from, block: block)
        let nonce = self.nonce(of: from)
        let address = ContractAddress.create(sender: from, nonce: nonce)
        setNonce(nonce &+ 1, of: from)
        return create(
            recognised, initCode: initCode, at: address, from: from, value: value, gas: gas, block: block, origin: from)
    }

    /// The outcome of running a model's constructor: the model, and its storage and code or its revert.
    struct Recognised {
        var model: any ContractModel.Type
        var result: Result<(storage: any Sendable, runtimeCode: [UInt8]), Revert>
    }

    /// Finds the model that recognises `initCode` and runs its constructor.
    ///
    /// - Throws: ``ChainError/unknownBytecode(codeHash:models:)`` when none does.
    func recognise(initCode: [UInt8], deployer: Address, block: BlockContext) throws(ChainError) -> Recognised {
        for model in models {
            do {
                if let deployed = try Self.deploy(model, initCode: initCode, deployer: deployer, block: block) {
                    return Recognised(model: model, result: .success(deployed))
                }
            } catch {
                return Recognised(model: model, result: .failure(error))
            }
        }
        throw .unknownBytecode(codeHash: Keccak256.hash(initCode), models: models.map { $0.name })
    }

    /// Opens the model's existential type to call its generic `deploy`.
    private static func deploy<Model: ContractModel>(
        _ model: Model.Type, initCode: [UInt8], deployer: Address, block: BlockContext
    ) throws(Revert) -> (storage: any Sendable, runtimeCode: [UInt8])? {
        guard let (storage, runtimeCode) = try Model.deploy(initCode: initCode, deployer: deployer, block: block)
        else { return nil }
        return (storage, runtimeCode)
    }

    /// Creates the contract `recognised` describes at `address`: checks for a collision, moves the value, stores
    /// the model, its storage and code (nonce 1), runs the constructor's effects and charges the code deposit.
    /// Rolls everything back on failure.
    mutating func create(
        _ recognised: Recognised, initCode: [UInt8], at address: Address, from: Address, value: UInt256, gas: UInt64,
        block: BlockContext, origin: Address
    ) -> ExecutionResult {
        let have = balance(of: from)
        guard have >= value else {
            return ExecutionResult(
                failure: .insufficientBalance(have: have, want: value), output: [], logs: [], gasUsed: 0)
        }
        let existing = account(address)
        guard !existing.hasCode, existing.nonce == 0 else {
            return ExecutionResult(failure: .addressCollision, output: [], logs: [], gasUsed: gas)
        }
        let deployed: (storage: any Sendable, runtimeCode: [UInt8])
        switch recognised.result {
        case .failure(let revert):
            return ExecutionResult(
                failure: revert.outOfGas ? .outOfGas : .reverted, output: revert.data, logs: [],
                gasUsed: revert.outOfGas ? gas : 0)
        case .success(let success):
            deployed = success
        }
        guard deployed.runtimeCode.count <= Self.maximumCodeSize else {
            return ExecutionResult(
                failure: .codeTooLarge(size: deployed.runtimeCode.count), output: [], logs: [], gasUsed: gas)
        }
        var host = ExecutionHost(world: take(), block: block, origin: origin)
        defer { self = host.world }
        let message = Message(caller: from, callee: address, value: value, input: initCode, origin: origin)
        let outcome = host.create(
            recognised.model, storage: deployed.storage, runtimeCode: deployed.runtimeCode, message: message, gas: gas)
        switch outcome.result {
        case .success(let code):
            return ExecutionResult(
                failure: nil, output: code, logs: host.logs, gasUsed: gas - outcome.gasLeft, contractAddress: address)
        case .failure(let revert):
            return ExecutionResult(
                failure: revert.outOfGas ? .outOfGas : .reverted, output: revert.data, logs: [],
                gasUsed: gas - outcome.gasLeft)
        }
    }

    /// Moves the state out, leaving an empty world with the same models, so that the caller holds the only
    /// reference and changes do not copy it.
    mutating func take() -> WorldState {
        var taken = WorldState(models: models)
        swap(&taken, &self)
        return taken
    }
}
