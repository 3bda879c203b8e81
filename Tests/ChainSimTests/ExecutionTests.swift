import ChainSim
import EthPrimitives
import Testing
import Transactions

/// The execution engine at the message level: deployments through the registered models, calls, nested calls,
/// value, rollback, logs, gas and the call stack, with the test-only models.
@Suite struct ExecutionTests {
    static let alice = try! Address(hex: "0x00000000000000000000000000000000000a11ce")
    static let bob = try! Address(hex: "0x0000000000000000000000000000000000000b0b")
    static let block = BlockContext(
        number: 1, timestamp: 1_735_689_600, chainID: 31337, baseFee: 1_000_000_000, gasLimit: 30_000_000,
        coinbase: .zero)
    static let gas: UInt64 = 1_000_000

    /// A world with alice funded, a counter (starting at 7) and a relay deployed by alice.
    static func world() -> (world: WorldState, counter: Address, relay: Address) {
        var world = WorldState(models: [CounterModel.self, RelayModel.self])
        world.setBalance(1_000_000, of: alice)
        let counter = try! world.deploy(initCode: CounterModel.initCode(start: 7), from: alice, gas: gas, block: block)
        let relay = try! world.deploy(initCode: RelayModel.initCode, from: alice, gas: gas, block: block)
        return (world, counter.contractAddress!, relay.contractAddress!)
    }

    static func count(_ world: WorldState, _ counter: Address) -> UInt256? {
        world.storage(of: counter, as: CounterModel.Storage.self)?.count
    }

    static func calls(_ world: WorldState, _ relay: Address) -> UInt64? {
        world.storage(of: relay, as: RelayModel.Storage.self)?.calls
    }

    // MARK: Deployments

    @Test func deploymentCreatesTheModelAtTheCreateAddress() throws {
        var world = WorldState(models: [CounterModel.self, RelayModel.self])
        world.setNonce(3, of: Self.alice)
        let result = try world.deploy(
            initCode: CounterModel.initCode(start: 7), from: Self.alice, gas: Self.gas, block: Self.block)
        let address = ContractAddress.create(sender: Self.alice, nonce: 3)
        #expect(result.success)
        #expect(result.contractAddress == address)
        #expect(result.output == CounterModel.runtimeCode)
        #expect(world.nonce(of: Self.alice) == 4)
        #expect(world.nonce(of: address) == 1)
        #expect(world.code(at: address) == CounterModel.runtimeCode)
        #expect(world.model(at: address).map(ObjectIdentifier.init) == ObjectIdentifier(CounterModel.self))
        #expect(world.storage(of: address, as: CounterModel.Storage.self) == .init(count: 7, deployer: Self.alice))
        #expect(result.logs.map(\.topics) == [[CounterModel.created]])
        #expect(result.logs.first?.address == address)
        let deposit = GasSchedule.codeDepositByte * UInt64(CounterModel.runtimeCode.count)
        #expect(result.gasUsed == deposit + GasSchedule.storageNewSlot + GasSchedule.log(topics: 1, dataCount: 64))
    }

    @Test func unknownBytecodeIsRefusedAndChangesNothing() throws {
        var world = WorldState(models: [CounterModel.self, RelayModel.self])
        let code: [UInt8] = [0x60, 0x80, 0x60, 0x40, 0x52]
        #expect(throws: ChainError.unknownBytecode(codeHash: Keccak256.hash(code), models: ["Counter", "Relay"])) {
            try world.deploy(initCode: code, from: Self.alice, gas: Self.gas, block: Self.block)
        }
        #expect(world.nonce(of: Self.alice) == 0)
        let error = ChainError.unknownBytecode(codeHash: Keccak256.hash(code), models: ["Counter", "Relay"])
        #expect(error.description.hasPrefix("chainsim: unsupported contract code: "))
        #expect(error.message.contains("(Counter, Relay)"))
        #expect(error.jsonRPCError.code == -32000)
    }

    @Test func aRevertingConstructorLeavesNoContractButUsesTheNonce() throws {
        var world = WorldState(models: [CounterModel.self])
        world.setBalance(100, of: Self.alice)
        let result = try world.deploy(
            initCode: CounterModel.initPrefix + [1, 2], from: Self.alice, value: 10, gas: Self.gas, block: Self.block)
        #expect(result.failure == .reverted)
        #expect(Revert(data: result.output).reason == "counter: bad constructor arguments")
        #expect(result.contractAddress == nil)
        #expect(world.nonce(of: Self.alice) == 1)
        #expect(world.balance(of: Self.alice) == 100)
        #expect(!world.account(ContractAddress.create(sender: Self.alice, nonce: 0)).hasCode)
    }

    @Test func aDeploymentWithoutGasForItsCodeFailsWhole() throws {
        var world = WorldState(models: [CounterModel.self])
        world.setBalance(100, of: Self.alice)
        let result = try world.deploy(
            initCode: CounterModel.initCode(), from: Self.alice, value: 10, gas: 20_000, block: Self.block)
        #expect(result.failure == .outOfGas)
        #expect(result.gasUsed == 20_000)
        #expect(world.balance(of: Self.alice) == 100)
        #expect(world.accounts.count == 1)
    }

    @Test func aDeploymentOntoAnExistingContractCollides() throws {
        var (world, counter, _) = Self.world()
        // Rewind alice's nonce so that her next CREATE address is the counter's.
        world.setNonce(0, of: Self.alice)
        let result = try world.deploy(
            initCode: CounterModel.initCode(), from: Self.alice, gas: 50_000, block: Self.block)
        #expect(result.failure == .addressCollision)
        #expect(result.gasUsed == 50_000)
        #expect(Self.count(world, counter) == 7)
    }

    // MARK: Calls

    @Test func aCallRunsTheModelAndKeepsItsChanges() {
        var (world, counter, _) = Self.world()
        let result = world.execute(
            from: Self.bob, to: counter, input: [CounterModel.increment], gas: Self.gas, block: Self.block)
        #expect(result.success)
        #expect(result.status == 1)
        #expect(result.returnData == word(8))
        #expect(result.logs == [LogEntry(address: counter, topics: [CounterModel.incremented], data: word(8))])
        #expect(
            result.gasUsed == GasSchedule.storageRead + GasSchedule.storageWrite
                + GasSchedule.log(topics: 1, dataCount: 32))
        #expect(Self.count(world, counter) == 8)
        #expect(world.nonce(of: Self.bob) == 0)
    }

    @Test func aRevertReturnsItsDataAndChangesNothing() {
        var (world, counter, _) = Self.world()
        let result = world.execute(
            from: Self.bob, to: counter, input: [CounterModel.refuse], gas: Self.gas, block: Self.block)
        #expect(result.failure == .reverted)
        #expect(result.status == 0)
        #expect(result.revertData == Revert.reason("counter: refused").data)
        #expect(result.returnData == nil)
        #expect(result.gasUsed == 0)
        #expect(Self.count(world, counter) == 7)
    }

    @Test func runningOutOfGasUsesItAll() {
        var (world, counter, _) = Self.world()
        let result = world.execute(
            from: Self.bob, to: counter, input: [CounterModel.burn], gas: 50_000, block: Self.block)
        #expect(result.failure == .outOfGas)
        #expect(result.output.isEmpty)
        #expect(result.gasUsed == 50_000)
    }

    @Test func aCallToAnAccountWithoutAModelMovesTheValueOnly() {
        var (world, _, _) = Self.world()
        let result = world.execute(
            from: Self.alice, to: Self.bob, value: 250, input: [1, 2, 3], gas: Self.gas, block: Self.block)
        #expect(result.success)
        #expect(result.output.isEmpty)
        #expect(result.gasUsed == 0)
        #expect(world.balance(of: Self.bob) == 250)
        #expect(world.balance(of: Self.alice) == 1_000_000 - 250)
    }

    @Test func aSenderWithoutTheValueFailsBeforeRunning() {
        var (world, counter, _) = Self.world()
        let result = world.execute(from: Self.bob, to: counter, value: 1, input: [], gas: Self.gas, block: Self.block)
        #expect(result.failure == .insufficientBalance(have: 0, want: 1))
        #expect(world.balance(of: counter) == 0)
    }

    @Test func valueSentToARevertingModelComesBack() {
        var (world, counter, _) = Self.world()
        // The counter refuses value with an operation (non-payable).
        let result = world.execute(
            from: Self.alice, to: counter, value: 5, input: [CounterModel.get], gas: Self.gas, block: Self.block)
        #expect(result.failure == .reverted)
        #expect(result.output.isEmpty)
        #expect(world.balance(of: Self.alice) == 1_000_000)
        #expect(world.balance(of: counter) == 0)
    }

    // MARK: Nested calls

    @Test func aNestedCallReturnsTheCalleesDataAndLogs() {
        var (world, counter, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.call] + counter.bytes + [CounterModel.increment],
            gas: Self.gas, block: Self.block)
        #expect(result.success)
        #expect(result.returnData == word(8))
        #expect(result.logs.map(\.address) == [counter])
        #expect(Self.count(world, counter) == 8)
        #expect(Self.calls(world, relay) == 1)
        let callee =
            GasSchedule.storageRead + GasSchedule.storageWrite + GasSchedule.log(topics: 1, dataCount: 32)
        #expect(result.gasUsed == GasSchedule.call + callee)
    }

    @Test func aBubbledRevertRollsBackEveryFrame() {
        var (world, counter, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.call] + counter.bytes + [CounterModel.refuse],
            gas: Self.gas, block: Self.block)
        #expect(result.failure == .reverted)
        #expect(Revert(data: result.output).reason == "counter: refused")
        #expect(Self.calls(world, relay) == 0)
    }

    @Test func aCallerRevertingAfterASuccessfulCallUndoesTheCallee() {
        var (world, counter, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.callThenRevert] + counter.bytes + [CounterModel.increment],
            gas: Self.gas, block: Self.block)
        #expect(result.failure == .reverted)
        #expect(Revert(data: result.output).reason == "relay: undo")
        #expect(result.logs.isEmpty)
        #expect(Self.count(world, counter) == 7)
        #expect(Self.calls(world, relay) == 0)
    }

    @Test func aCallerKeepsItsChangesWhenItsCalleeFails() {
        var (world, counter, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.tryCall] + counter.bytes + [CounterModel.refuse],
            gas: Self.gas, block: Self.block)
        #expect(result.success)
        #expect(result.output == [0] + Revert.reason("counter: refused").data)
        #expect(Self.calls(world, relay) == 1)
        #expect(Self.count(world, counter) == 7)
    }

    @Test func logsOfAFailedNestedCallAreDropped() {
        var (world, counter, relay) = Self.world()
        // relay → relay (callThenRevert → counter.increment): the inner relay reverts after the counter logged.
        let inner = [RelayModel.callThenRevert] + counter.bytes + [CounterModel.increment]
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.tryCall] + relay.bytes + inner, gas: Self.gas,
            block: Self.block)
        #expect(result.success)
        #expect(result.logs.isEmpty)
        #expect(Self.count(world, counter) == 7)
        #expect(Self.calls(world, relay) == 1)
    }

    @Test func valueIsForwardedAndComesBackWhenTheForwardFails() {
        var (world, counter, relay) = Self.world()
        let paid = world.execute(
            from: Self.alice, to: relay, value: 300, input: [RelayModel.forward] + Self.bob.bytes, gas: Self.gas,
            block: Self.block)
        #expect(paid.success)
        #expect(world.balance(of: Self.bob) == 300)
        #expect(world.balance(of: relay) == 0)
        #expect(world.balance(of: Self.alice) == 1_000_000 - 300)
        // Bob did not exist: the new-account surcharge; the unused stipend comes back to the caller.
        #expect(
            paid.gasUsed
                == GasSchedule.call + GasSchedule.callValue + GasSchedule.callNewAccount - GasSchedule.callStipend)

        let refused = world.execute(
            from: Self.alice, to: relay, value: 300,
            input: [RelayModel.forward] + counter.bytes + [CounterModel.increment], gas: Self.gas, block: Self.block)
        #expect(refused.failure == .reverted)
        #expect(world.balance(of: Self.alice) == 1_000_000 - 300)
        #expect(world.balance(of: relay) == 0)
        #expect(world.balance(of: counter) == 0)
    }

    @Test func aNestedCallWithoutTheBalanceFailsButChargesTheCall() {
        var (world, _, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.send] + Self.bob.bytes + word(1), gas: Self.gas,
            block: Self.block)
        #expect(result.success)
        #expect(result.output == [0])
        // Bob does not exist: the new-account surcharge applies even though the transfer fails, as in geth.
        #expect(
            result.gasUsed
                == GasSchedule.call + GasSchedule.callValue + GasSchedule.callNewAccount - GasSchedule.callStipend)
    }

    @Test func aNestedCallOutOfGasUsesWhatWasForwardedOnly() {
        var (world, counter, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.tryCall] + counter.bytes + [CounterModel.burn], gas: 640_000,
            block: Self.block)
        #expect(result.success)
        #expect(result.output == [0])
        let forwarded = GasSchedule.maximumForwarded(from: 640_000 - GasSchedule.call)
        #expect(result.gasUsed == GasSchedule.call + forwarded)
        #expect(Self.calls(world, relay) == 1)
    }

    @Test func aCallForwardsAllButOneSixtyFourth() {
        var (world, counter, relay) = Self.world()
        let plain = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.call] + counter.bytes + [CounterModel.gasLeft], gas: 100_000,
            block: Self.block)
        #expect(plain.returnData == word(UInt256(GasSchedule.maximumForwarded(from: 100_000 - GasSchedule.call))))

        let limited = world.execute(
            from: Self.bob, to: relay,
            input: [RelayModel.callWithGas] + counter.bytes + [0, 0, 0, 0, 0, 0, 0x13, 0x88] + [CounterModel.gasLeft],
            gas: 100_000, block: Self.block)
        #expect(limited.returnData == [1] + word(5_000))

        let greedy = world.execute(
            from: Self.bob, to: relay,
            input: [RelayModel.callWithGas] + counter.bytes + [0xff, 0, 0, 0, 0, 0, 0, 0] + [CounterModel.gasLeft],
            gas: 100_000, block: Self.block)
        #expect(
            greedy.returnData == [1] + word(UInt256(GasSchedule.maximumForwarded(from: 100_000 - GasSchedule.call))))
    }

    @Test func theCallStackListsTheFramesOutermostFirst() {
        var (world, _, relay) = Self.world()
        let direct = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.callStack], gas: Self.gas, block: Self.block)
        #expect(direct.returnData == relay.bytes)
        let nested = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.call] + relay.bytes + [RelayModel.callStack], gas: Self.gas,
            block: Self.block)
        #expect(nested.returnData == relay.bytes + relay.bytes)
    }

    @Test func callsStopAtTheDepthLimit() {
        var (world, _, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.recurse] + relay.bytes, gas: .max / 2, block: Self.block)
        #expect(result.success)
        // Frames at depths 0 through 1024 run; the one at depth 1024 cannot call.
        #expect(result.returnData == word(1025))
        #expect(Self.calls(world, relay) == 1025)
    }

    @Test func gasLimitsTheDepthBeforeTheLimitDoes() {
        var (world, _, relay) = Self.world()
        let result = world.execute(
            from: Self.bob, to: relay, input: [RelayModel.recurse] + relay.bytes, gas: 30_000_000, block: Self.block)
        #expect(result.success)
        let depth = try! UInt256(bigEndianBytes: result.output)
        #expect(depth > 100 && depth < 1024)
    }
}
