import ChainSim
import EthPrimitives

// Small models that exist only for the tests: they exercise the host (storage, nested calls, value, reverts, gas,
// the call stack) without depending on the four contract models. Their "ABI" is one opcode byte followed by
// operands, so that the tests read plainly.

/// A 32-byte word holding `value`.
func word(_ value: UInt256) -> [UInt8] { value.bigEndianBytes }

/// A 32-byte word holding `value`.
func word(_ value: Int) -> [UInt8] { UInt256(value).bigEndianBytes }

/// The topic of an event signature.
func topic(_ signature: String) -> Hash { Keccak256.hash(signature) }

/// A counter: `increment`, `get`, a refusal, a gas burner; payable with empty input.
///
/// Init code: `0xc0477e12` then a 32-byte start value.
enum CounterModel: ContractModel {
    struct Storage: Sendable, Equatable {
        var count: UInt256
        var deployer: Address
    }

    static let name = "Counter"
    static let initPrefix: [UInt8] = [0xc0, 0x47, 0x7e, 0x12]
    static let runtimeCode: [UInt8] = [0xc0, 0x47]

    static let increment: UInt8 = 0x01
    static let get: UInt8 = 0x02
    static let refuse: UInt8 = 0x03
    static let burn: UInt8 = 0x04
    static let gasLeft: UInt8 = 0x05
    static let blockTime: UInt8 = 0x06

    static let created = topic("Created(address,uint256)")
    static let incremented = topic("Incremented(uint256)")

    /// The init code deploying a counter that starts at `start`.
    static func initCode(start: UInt256 = 0) -> [UInt8] { initPrefix + word(start) }

    static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        guard initCode.starts(with: initPrefix) else { return nil }
        guard initCode.count == 36 else { throw .reason("counter: bad constructor arguments") }
        let start = try! UInt256(bigEndianBytes: initCode[4...])
        return (Storage(count: start, deployer: deployer), runtimeCode)
    }

    static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {
        let storage = host.storage(of: message.callee, as: Storage.self)!
        try host.charge(GasSchedule.storageNewSlot)
        try host.charge(GasSchedule.log(topics: 1, dataCount: 64))
        host.emit(
            LogEntry(
                address: message.callee, topics: [created],
                data: [UInt8](repeating: 0, count: 12) + storage.deployer.bytes + word(storage.count)))
    }

    static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        guard let op = message.input.first else { return [] }  // a plain payment
        guard message.value.isZero else { throw .bare }
        var storage = host.storage(of: message.callee, as: Storage.self)!
        switch op {
        case increment:
            try host.charge(GasSchedule.storageRead + GasSchedule.storageWrite)
            storage.count += 1
            host.setStorage(storage, of: message.callee)
            try host.charge(GasSchedule.log(topics: 1, dataCount: 32))
            host.emit(LogEntry(address: message.callee, topics: [incremented], data: word(storage.count)))
            return word(storage.count)
        case get:
            try host.charge(GasSchedule.storageRead)
            return word(storage.count)
        case refuse:
            throw .reason("counter: refused")
        case burn:
            try host.charge(.max)
            return []
        case gasLeft:
            return word(UInt256(host.gasLeft))
        case blockTime:
            return word(UInt256(host.block.timestamp)) + word(UInt256(host.block.number))
        default:
            throw .bare
        }
    }
}

/// A relay that calls other accounts: `[op] ‖ target (20 bytes) ‖ operands`.
///
/// Every operation first counts itself in storage (so that rollbacks show), then calls.
enum RelayModel: ContractModel {
    struct Storage: Sendable, Equatable {
        var calls: UInt64 = 0
    }

    static let name = "Relay"
    static let initCode: [UInt8] = [0x7e, 0x1a, 0xe0, 0x01]
    static let runtimeCode: [UInt8] = [0x7e, 0x1a]

    /// Calls the target with the rest of the input; bubbles a failure up.
    static let call: UInt8 = 0x01
    /// Calls the target (which must succeed), then reverts `relay: undo`.
    static let callThenRevert: UInt8 = 0x02
    /// Calls the target and returns `[success] ‖ data`, whatever happened.
    static let tryCall: UInt8 = 0x03
    /// Calls the target with all of `msg.value` and the rest of the input; bubbles a failure up.
    static let forward: UInt8 = 0x04
    /// Returns the call stack (20 bytes per frame) of the frame it runs in.
    static let callStack: UInt8 = 0x05
    /// Calls itself with the same input until a call fails; returns how many frames deep it got (32 bytes).
    static let recurse: UInt8 = 0x06
    /// `[op] ‖ target ‖ gas (8 bytes) ‖ input`: calls with that much gas and returns `[success] ‖ data`.
    static let callWithGas: UInt8 = 0x07
    /// `[op] ‖ target ‖ amount (32 bytes)`: sends `amount` of its own balance with no data; returns `[success]`.
    static let send: UInt8 = 0x08

    static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        initCode == Self.initCode ? (Storage(), runtimeCode) : nil
    }

    static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        guard let op = message.input.first else { return [] }  // a plain payment
        if op == callStack {
            return host.callStack.flatMap(\.bytes)
        }
        guard message.input.count >= 21 else { throw .bare }
        let target = try! Address(message.input[1..<21])
        let rest = Array(message.input[21...])
        var storage = host.storage(of: message.callee, as: Storage.self)!
        storage.calls += 1
        host.setStorage(storage, of: message.callee)
        switch op {
        case call:
            let result = try host.call(to: target, value: 0, input: rest, gas: nil)
            guard result.success else { throw Revert(data: result.data) }
            return result.data
        case callThenRevert:
            let result = try host.call(to: target, value: 0, input: rest, gas: nil)
            guard result.success else { throw .reason("relay: the call failed") }
            throw .reason("relay: undo")
        case tryCall:
            let result = try host.call(to: target, value: 0, input: rest, gas: nil)
            return [result.success ? 1 : 0] + result.data
        case forward:
            let result = try host.call(to: target, value: message.value, input: rest, gas: nil)
            guard result.success else { throw Revert(data: result.data) }
            return result.data
        case recurse:
            let result = try host.call(to: message.callee, value: 0, input: message.input, gas: nil)
            guard result.success else { return word(host.callStack.count) }
            return result.data
        case callWithGas:
            guard rest.count >= 8 else { throw .bare }
            let gas = rest[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let result = try host.call(to: target, value: 0, input: Array(rest[8...]), gas: gas)
            return [result.success ? 1 : 0] + result.data
        case send:
            guard rest.count == 32 else { throw .bare }
            let amount = try! UInt256(bigEndianBytes: rest)
            let result = try host.call(to: target, value: amount, input: [], gas: nil)
            return [result.success ? 1 : 0]
        default:
            throw .bare
        }
    }
}
