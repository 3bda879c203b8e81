import EthPrimitives

/// The chain's ``Host``: one lives for one transaction, `eth_call` or message, owns the world state while it runs,
/// and keeps what is needed to roll a frame back.
///
/// Rollback is a journal: before an account changes, its previous value is recorded; a frame that reverts restores
/// the entries recorded since it began, newest first, and drops the logs it emitted. The journal costs one account
/// copy per change (balances, nonces and storage values are shared until written), whatever the size of the world.
struct ExecutionHost: Host {
    /// One executing frame: the contract running and the gas it has left.
    struct Frame {
        var address: Address
        var gasLeft: UInt64
    }

    /// A recorded change: the account's value before it (nil when it did not exist).
    struct JournalEntry {
        var address: Address
        var previous: Account?
    }

    /// Where the state was when a frame began.
    struct Checkpoint {
        var journal: Int
        var logs: Int
    }

    /// The EVM's call depth limit: a frame at this depth (the outermost frame is at depth 0) cannot call, so at most
    /// 1025 frames execute at once.
    static let maximumCallDepth = 1024

    var world: WorldState
    let block: BlockContext
    /// `tx.origin`.
    let origin: Address
    var frames: [Frame] = []
    var journal: [JournalEntry] = []
    var logs: [LogEntry] = []

    init(world: consuming WorldState, block: BlockContext, origin: Address) {
        self.world = world
        self.block = block
        self.origin = origin
    }

    // MARK: Host

    var gasLeft: UInt64 { frames.last?.gasLeft ?? 0 }

    var callStack: [Address] { frames.map(\.address) }

    mutating func charge(_ gas: UInt64) throws(Revert) {
        let last = frames.count - 1
        guard last >= 0 else { return }
        guard frames[last].gasLeft >= gas else {
            frames[last].gasLeft = 0
            throw Revert(data: [], outOfGas: true)
        }
        frames[last].gasLeft -= gas
    }

    func storage<S: Sendable>(of address: Address, as type: S.Type) -> S? {
        world.accounts[address]?.storage as? S
    }

    mutating func setStorage<S: Sendable>(_ storage: S, of address: Address) {
        modify(address) { $0.storage = storage }
    }

    func balance(of address: Address) -> UInt256 {
        world.balance(of: address)
    }

    func hasCode(_ address: Address) -> Bool {
        world.accounts[address]?.hasCode ?? false
    }

    mutating func call(to: Address, value: UInt256, input: [UInt8], gas: UInt64?) throws(Revert) -> CallResult {
        guard let caller = frames.last?.address else { return CallResult(success: false, data: []) }
        var cost = GasSchedule.call
        if !value.isZero {
            cost += GasSchedule.callValue
            if world.accounts[to]?.isEmpty ?? true { cost += GasSchedule.callNewAccount }
        }
        try charge(cost)
        let forwarded = min(gas ?? .max, GasSchedule.maximumForwarded(from: gasLeft))
        let stipend = value.isZero ? 0 : GasSchedule.callStipend
        guard frames.count <= Self.maximumCallDepth, world.balance(of: caller) >= value else {
            // As in geth: the callee's gas, stipend included, comes straight back.
            frames[frames.count - 1].gasLeft += stipend
            return CallResult(success: false, data: [])
        }
        frames[frames.count - 1].gasLeft -= forwarded
        let message = Message(caller: caller, callee: to, value: value, input: input, origin: origin)
        let outcome = run(message, gas: forwarded + stipend)
        frames[frames.count - 1].gasLeft += outcome.gasLeft
        switch outcome.result {
        case .success(let data): return CallResult(success: true, data: data)
        case .failure(let revert): return CallResult(success: false, data: revert.data)
        }
    }

    mutating func emit(_ log: LogEntry) {
        logs.append(log)
    }

    // MARK: Frames

    /// What a frame gave back: its result and the gas it did not use.
    struct FrameOutcome {
        var result: Result<[UInt8], Revert>
        var gasLeft: UInt64
    }

    /// Runs one frame: moves `message.value` from the caller to the callee, runs the callee's model (an account
    /// without one just receives the value), and rolls everything back if the model reverts. An out-of-gas revert
    /// uses all of `gas`; any other gives back what is left.
    mutating func run(_ message: Message, gas: UInt64) -> FrameOutcome {
        let checkpoint = self.checkpoint
        guard transfer(message.value, from: message.caller, to: message.callee) else {
            return FrameOutcome(result: .failure(.bare), gasLeft: gas)
        }
        guard let model = world.accounts[message.callee]?.model else {
            return FrameOutcome(result: .success([]), gasLeft: gas)
        }
        frames.append(Frame(address: message.callee, gasLeft: gas))
        let result: Result<[UInt8], Revert>
        do {
            result = .success(try Self.execute(model, message, host: &self))
        } catch {
            result = .failure(error)
        }
        let frame = frames.removeLast()
        guard case .failure(let revert) = result else { return FrameOutcome(result: result, gasLeft: frame.gasLeft) }
        rollBack(to: checkpoint)
        return FrameOutcome(result: result, gasLeft: revert.outOfGas ? 0 : frame.gasLeft)
    }

    /// Runs a deployment's frame: moves `message.value` to `message.callee`, puts the model, its storage and its
    /// runtime code there (nonce 1), runs the constructor's effects and charges the code deposit; rolls it all back
    /// if any of that fails. Returns the runtime code.
    mutating func create(
        _ model: any ContractModel.Type, storage: any Sendable, runtimeCode: [UInt8], message: Message, gas: UInt64
    ) -> FrameOutcome {
        let checkpoint = self.checkpoint
        guard transfer(message.value, from: message.caller, to: message.callee) else {
            return FrameOutcome(result: .failure(.bare), gasLeft: gas)
        }
        modify(message.callee) {
            $0.nonce = 1
            $0.code = runtimeCode
            $0.model = model
            $0.storage = storage
        }
        frames.append(Frame(address: message.callee, gasLeft: gas))
        let result: Result<[UInt8], Revert>
        do {
            try Self.constructorEffects(model, message, host: &self)
            try charge(GasSchedule.codeDepositByte * UInt64(runtimeCode.count))
            result = .success(runtimeCode)
        } catch {
            result = .failure(error)
        }
        let frame = frames.removeLast()
        guard case .failure(let revert) = result else { return FrameOutcome(result: result, gasLeft: frame.gasLeft) }
        rollBack(to: checkpoint)
        return FrameOutcome(result: result, gasLeft: revert.outOfGas ? 0 : frame.gasLeft)
    }

    /// Opens the model's existential type to call its generic `constructorEffects`.
    private static func constructorEffects<Model: ContractModel>(
        _ model: Model.Type, _ message: Message, host: inout ExecutionHost
    ) throws(Revert) {
        try Model.constructorEffects(message, host: &host)
    }

    /// Opens the model's existential type to call its generic `execute`.
    private static func execute<Model: ContractModel>(
        _ model: Model.Type, _ message: Message, host: inout ExecutionHost
    ) throws(Revert) -> [UInt8] {
        try Model.execute(message, host: &host)
    }

    // MARK: State changes and rollback

    var checkpoint: Checkpoint {
        Checkpoint(journal: journal.count, logs: logs.count)
    }

    /// Undoes every change recorded since `checkpoint`, newest first, and drops the logs emitted since.
    mutating func rollBack(to checkpoint: Checkpoint) {
        while journal.count > checkpoint.journal {
            let entry = journal.removeLast()
            world.accounts[entry.address] = entry.previous
        }
        logs.removeSubrange(checkpoint.logs...)
    }

    /// Changes the account at `address` (creating it if needed), recording its previous value.
    mutating func modify(_ address: Address, _ change: (inout Account) -> Void) {
        let previous = world.accounts[address]
        journal.append(JournalEntry(address: address, previous: previous))
        change(&world.accounts[address, default: Account()])
    }

    /// Moves `value` wei; false (and nothing changed) when `from` has less.
    mutating func transfer(_ value: UInt256, from: Address, to: Address) -> Bool {
        guard !value.isZero else { return true }
        let balance = world.balance(of: from)
        guard balance >= value else { return false }
        modify(from) { $0.balance = balance - value }
        modify(to) { $0.balance += value }
        return true
    }
}
