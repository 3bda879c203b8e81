import Transactions

/// The gas the simulator charges: a documented schedule in place of the EVM's per-opcode costs.
///
/// ChainSim runs Swift models of the contracts, not their bytecode, so it cannot count opcodes. It charges instead:
///
/// - before any code runs, the intrinsic gas of ``Transactions/ChainRules`` (21,000, calldata bytes, access list,
///   creation surcharge and init-code words; under Prague, the EIP-7623 calldata floor as the least gas used);
/// - for what a model does, the costs below, which a model charges itself through ``Host/charge(_:)`` as it reads
///   and writes storage, emits logs and hashes; they are the EVM's own prices for the same operations (Berlin
///   access costs, Cancun otherwise), so totals land in the same range as the compiled contracts';
/// - for a nested call, ``call``, ``callValue`` and ``callNewAccount``, charged by the host itself in
///   ``Host/call(to:value:input:gas:)``, which forwards at most all but one 64th of what is left (EIP-150) and adds
///   ``callStipend`` to a call that carries value;
/// - for a deployment, ``codeDepositByte`` per byte of runtime code.
///
/// There are no refunds (a storage slot cleared back to zero earns nothing back), and a model's own computation
/// (arithmetic, ABI decoding, memory) is free: gas used is a deterministic function of what the call touches, not
/// of how the model is written. `docs/node.md` ("Gas") has the same table.
public enum GasSchedule {
    /// Reading one 32-byte storage slot (a cold `SLOAD`, EIP-2929). Models charge every slot they read once per
    /// call, including slots they then write.
    public static let storageRead: UInt64 = 2_100
    /// Writing a slot that held a non-zero value (`SSTORE` reset, warm: the read was charged already).
    public static let storageWrite: UInt64 = 2_900
    /// Writing a non-zero value into a slot that held zero (`SSTORE` set, warm).
    public static let storageNewSlot: UInt64 = 20_000
    /// The fixed part of a log (`LOG0`).
    public static let logBase: UInt64 = 375
    /// Each topic of a log.
    public static let logTopic: UInt64 = 375
    /// Each byte of a log's data.
    public static let logDataByte: UInt64 = 8
    /// A call to another account (a cold account access, EIP-2929); charged by the host.
    public static let call: UInt64 = 2_600
    /// A call that carries value, on top of ``call``; charged by the host.
    public static let callValue: UInt64 = 9_000
    /// A call that carries value to an account that does not exist yet, on top of ``callValue``; charged by the host.
    public static let callNewAccount: UInt64 = 25_000
    /// Gas the callee of a value-carrying call receives on top of what is forwarded (not taken from the caller).
    public static let callStipend: UInt64 = 2_300
    /// The fixed part of a Keccak-256 hash (`KECCAK256`).
    public static let keccakBase: UInt64 = 30
    /// Each 32-byte word hashed.
    public static let keccakWord: UInt64 = 6
    /// Each byte of runtime code a deployment stores.
    public static let codeDepositByte: UInt64 = 200

    /// The cost of a log with `topics` topics and `dataCount` bytes of data.
    public static func log(topics: Int, dataCount: Int) -> UInt64 {
        logBase + logTopic * UInt64(topics) + logDataByte * UInt64(dataCount)
    }

    /// The cost of hashing `byteCount` bytes.
    public static func keccak(byteCount: Int) -> UInt64 {
        keccakBase + keccakWord * ((UInt64(byteCount) + 31) / 32)
    }

    /// The most gas a nested call can forward out of `available`: all but one 64th (EIP-150).
    public static func maximumForwarded(from available: UInt64) -> UInt64 {
        available - available / 64
    }
}
