public import EthPrimitives

// The seam between the chain simulator's core (accounts, blocks, the transaction pipeline) and the Swift models of
// the contracts. The core owns `Host`'s implementation; each model is a type conforming to `ContractModel` whose
// storage is a value kept in the world state, so snapshots copy it with everything else.

/// The block a message executes in, as the contracts see it (`block.number`, `block.timestamp`, `chain.id`, ...).
public struct BlockContext: Sendable, Hashable {
    /// `block.number`.
    public var number: UInt64
    /// `block.timestamp`, unix seconds.
    public var timestamp: UInt64
    /// `chain.id`.
    public var chainID: UInt64
    /// `block.basefee`, wei.
    public var baseFee: UInt256
    /// `block.gaslimit`.
    public var gasLimit: UInt64
    /// `block.coinbase`.
    public var coinbase: Address

    /// A block context with these fields.
    public init(
        number: UInt64, timestamp: UInt64, chainID: UInt64, baseFee: UInt256, gasLimit: UInt64, coinbase: Address
    ) {
        self.number = number
        self.timestamp = timestamp
        self.chainID = chainID
        self.baseFee = baseFee
        self.gasLimit = gasLimit
        self.coinbase = coinbase
    }
}

/// One call frame's inputs: `msg.sender`, `msg.value`, `msg.data`, the callee and `tx.origin`.
public struct Message: Sendable, Hashable {
    /// `msg.sender`.
    public var caller: Address
    /// The account being called (the model's own address).
    public var callee: Address
    /// `msg.value`, wei, already moved from the caller to the callee when the model runs.
    public var value: UInt256
    /// `msg.data`: selector and arguments.
    public var input: [UInt8]
    /// `tx.origin`.
    public var origin: Address

    /// A message with these fields.
    public init(caller: Address, callee: Address, value: UInt256, input: [UInt8], origin: Address) {
        self.caller = caller
        self.callee = callee
        self.value = value
        self.input = input
        self.origin = origin
    }
}

/// A log a model emits: what `LOG0`…`LOG4` write.
public struct LogEntry: Sendable, Hashable {
    /// The emitting contract.
    public var address: Address
    /// Up to four topics; the event's signature hash first for a non-anonymous event.
    public var topics: [Hash]
    /// The non-indexed data, ABI-encoded.
    public var data: [UInt8]

    /// A log with these fields.
    public init(address: Address, topics: [Hash], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
    }
}

/// A call frame that reverted, with its revert data (`Error(string)`, a custom error, or empty for a bare revert).
///
/// Thrown by a model to revert its frame; the host rolls back every change the frame made (storage, balances,
/// logs) and hands `data` to the caller, as the EVM does.
public struct Revert: Error, Sendable, Hashable, CustomStringConvertible {
    /// The revert data, exactly as the frame returned it.
    public var data: [UInt8]
    /// True when the frame ran out of gas (then `data` is empty and the frame consumed all its gas).
    public var outOfGas: Bool

    /// A revert with this data.
    public init(data: [UInt8], outOfGas: Bool = false) {
        self.data = data
        self.outOfGas = outOfGas
    }

    /// A bare revert (`revert` with no data): what a contract gives for an unknown selector, value sent to a
    /// non-payable function, malformed arguments or its reentrancy lock.
    public static let bare = Revert(data: [])

    /// `Error(string)` with this reason: what Vyper's `assert cond, "reason"` and `raise "reason"` revert with.
    public static func reason(_ reason: String) -> Revert {
        var data: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
        let bytes = Array(reason.utf8)
        data += UInt256(32).bigEndianBytes
        data += UInt256(bytes.count).bigEndianBytes
        data += bytes
        data += [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
        return Revert(data: data)
    }

    /// The reason of an `Error(string)` revert, nil for other data.
    public var reason: String? {
        guard data.count >= 68, data.prefix(4).elementsEqual([0x08, 0xc3, 0x79, 0xa0]) else { return nil }
        guard let offset = try? UInt256(bigEndianBytes: data[4..<36]), offset == 32,
            let length = try? UInt256(bigEndianBytes: data[36..<68]), length <= UInt256(data.count - 68)
        else { return nil }
        return String(decoding: data[68..<(68 + Int(length))], as: UTF8.self)
    }

    /// "revert: <reason>", "revert (bare)", "revert: out of gas" or "revert: 0x<data>".
    public var description: String {
        if outOfGas { return "revert: out of gas" }
        if data.isEmpty { return "revert (bare)" }
        if let reason { return "revert: \(reason)" }
        return "revert: \(Hex.encode(data))"
    }
}

/// What a nested call returned: its success flag and its return or revert data.
public struct CallResult: Sendable, Hashable {
    /// True when the callee returned, false when it reverted (its changes are already rolled back).
    public var success: Bool
    /// Return data on success, revert data on failure.
    public var data: [UInt8]

    /// A call result with these fields.
    public init(success: Bool, data: [UInt8]) {
        self.success = success
        self.data = data
    }
}

/// The services the chain gives a contract model while it executes: its own and other contracts' storage,
/// balances, nested calls, logs and gas. One `Host` lives for one transaction or `eth_call`.
///
/// Semantics follow the EVM's: a nested `call` runs the callee's model (or, for an account without a model,
/// moves the value and returns success with no data); if the callee reverts, every change it made is rolled back
/// before `call` returns. Storage is a value per contract; a model reads it with ``storage(of:as:)`` at entry,
/// changes its copy, and writes it back with ``setStorage(_:of:)`` *before* making an external call (checks,
/// effects, interactions), so that a re-entrant call sees the state as the EVM would.
public protocol Host {
    /// The block the transaction or call executes in.
    var block: BlockContext { get }
    /// Gas left in the current frame.
    var gasLeft: UInt64 { get }
    /// The addresses of the frames currently executing, outermost first (the current frame last).
    var callStack: [Address] { get }

    /// Charges `gas` to the current frame.
    ///
    /// - Throws: ``Revert`` with `outOfGas` when less than `gas` is left; the model must let it propagate.
    mutating func charge(_ gas: UInt64) throws(Revert)

    /// The storage value of the model at `address`, nil when there is none of this type there.
    func storage<S: Sendable>(of address: Address, as type: S.Type) -> S?
    /// Replaces the storage value of the model at `address` (rolled back if the frame reverts).
    mutating func setStorage<S: Sendable>(_ storage: S, of address: Address)

    /// The native balance of `address`, wei.
    func balance(of address: Address) -> UInt256
    /// True when `address` holds a contract (a model).
    func hasCode(_ address: Address) -> Bool

    /// Calls `to` with `input` and `value` wei taken from the current frame's contract, forwarding `gas` (nil: all
    /// but one 64th of what is left, as the EVM forwards). A value call to an account without code succeeds.
    ///
    /// - Throws: only ``Revert`` with `outOfGas` when the current frame cannot pay for the call itself.
    mutating func call(to: Address, value: UInt256, input: [UInt8], gas: UInt64?) throws(Revert) -> CallResult

    /// Appends a log to the transaction's receipt (dropped if the frame reverts).
    mutating func emit(_ log: LogEntry)
}

/// A Swift model of a contract: the behaviour of one compiled contract, with its storage kept as a value in the
/// chain state.
///
/// The chain creates a model when a transaction deploys init code whose runtime part matches the model's
/// committed bytecode (``matches(initCode:)``), and runs ``execute(_:host:)`` for every call to its address.
public protocol ContractModel: Sendable {
    /// The model's storage: a value type holding every storage variable of the contract.
    associatedtype Storage: Sendable

    /// The contract's name, as in `contracts-abi/<name>.json` ("SessionEscrow").
    static var name: String { get }

    /// Recognises a deployment of this contract: when `initCode` is the contract's committed creation bytecode
    /// followed by ABI-encoded constructor arguments, returns the decoded storage the constructor would set up,
    /// and the runtime code `eth_getCode` reports (including any immutables Vyper appends); nil when the init code
    /// is not this contract's.
    ///
    /// - Parameters:
    ///   - initCode: the deployment's complete init code.
    ///   - deployer: `msg.sender` of the constructor.
    ///   - block: the block the deployment executes in.
    /// - Throws: ``Revert`` when the code is this contract's but the constructor would revert (bad arguments).
    static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )?

    /// Runs what the constructor does beyond setting up its storage: the logs it emits (`OwnershipTransferred`,
    /// a mint's `Transfer`) and the gas its storage writes cost.
    ///
    /// The chain calls it once the storage ``deploy(initCode:deployer:block:)`` returned is in place at
    /// `message.callee`, with `message.caller` the deployer, `message.value` the value sent and `message.input` the
    /// init code, inside the deployment's frame: throwing rolls the whole deployment back. The default does nothing.
    ///
    /// - Throws: ``Revert`` to fail the deployment (out of gas, typically).
    static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert)

    /// Executes one call to the model at `message.callee`.
    ///
    /// - Returns: the return data.
    /// - Throws: ``Revert`` to revert the frame with its data.
    static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8]
}

extension ContractModel {
    /// No logs and no gas beyond the code deposit: for a constructor that only sets storage.
    public static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {}
}
