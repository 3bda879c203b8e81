import Contracts
import EthPrimitives

// What the contract models share: answering a call the way a Vyper 0.4 contract's dispatcher does (bare reverts
// for value sent to a non-payable function and for calldata that does not decode), charging gas from the chain's
// `GasSchedule` for the storage slots and logs a call touches, emitting events through the generated bindings, and
// calling other contracts the way Vyper's `extcall`/`staticcall`/`raw_call` do.

// MARK: Dispatch

/// Decodes calldata with a generated binding's `decodeFunction`; calldata that names no function, or whose arguments
/// do not decode under the contract's rules, is a bare revert (what a Vyper contract without a fallback does).
func decodeCall<Function>(
    _ input: [UInt8], with decode: ([UInt8]) throws(ContractsError) -> Function
) throws(Revert) -> Function {
    do {
        return try decode(input)
    } catch {
        throw .bare
    }
}

/// The calldata of a function with one `Bytes[maxLength]` argument as a Vyper 0.4 contract reads it, re-encoded
/// canonically for the generated bindings to decode.
///
/// The bindings refuse an offset or a length that points past the end of the calldata, which no encoder writes, but
/// a Vyper contract reads calldata past its end as zeros and accepts them; and the bindings accept a byte string
/// longer than the contract's declared bound, which the ABI does not state. This applies the contract's rules
/// (measured in `vectors/models/calldata.json`): the head must be complete; `4 + offset` must not overflow; the
/// length word is read at that position and must be at most `maxLength`; the bytes follow it, zeros past the end.
/// The head's other words are kept as they are, for the bindings to check.
///
/// - Parameters:
///   - headWords: the number of 32-byte words in the arguments' head.
///   - index: the head word holding the byte string's offset.
/// - Throws: a bare revert where the contract's argument decoding refuses the calldata.
func vyperBytesCalldata(_ input: [UInt8], headWords: Int, bytesArgument index: Int, maxLength: Int) throws(Revert)
    -> [UInt8]
{
    let head = 4 + 32 * headWords
    guard input.count >= head else { throw .bare }
    func word(at position: UInt256) -> UInt256 {
        var bytes = [UInt8](repeating: 0, count: 32)
        if position < UInt256(input.count) {
            let start = Int(position)
            for offset in 0..<min(32, input.count - start) { bytes[offset] = input[start + offset] }
        }
        return try! UInt256(bigEndianBytes: bytes)  // 32 bytes always convert
    }
    let offsetStart = 4 + 32 * index
    let offset = word(at: UInt256(offsetStart))
    let position = try offset.adding(4)
    let length = word(at: position)
    guard length <= UInt256(maxLength) else { throw .bare }
    var data = [UInt8](repeating: 0, count: Int(length))
    let dataStart = position.addingReportingOverflow(32)
    if !dataStart.overflow, dataStart.partialValue < UInt256(input.count) {
        let start = Int(dataStart.partialValue)
        for offset in 0..<min(data.count, input.count - start) { data[offset] = input[start + offset] }
    }
    var canonical = Array(input[..<head])
    canonical.replaceSubrange(offsetStart..<offsetStart + 32, with: UInt256(32 * headWords).bigEndianBytes)
    canonical += length.bigEndianBytes + data + [UInt8](repeating: 0, count: (32 - data.count % 32) % 32)
    return canonical
}

/// Runs one external function: refuses value sent to a non-payable function (a bare revert, as Vyper checks
/// `msg.value` before anything else), runs `body`, and encodes its result with the binding's `encodeOutput`.
func respond<Function: ContractFunction>(
    to call: Function, _ message: Message, _ body: () throws(Revert) -> Function.Output
) throws(Revert) -> [UInt8] {
    if !Function.isPayable, !message.value.isZero { throw .bare }
    return Function.encodeOutput(try body())
}

/// Reverts with `Error(reason)` unless `condition` holds: Vyper's `assert condition, "reason"`.
func require(_ condition: Bool, _ reason: String) throws(Revert) {
    if !condition { throw .reason(reason) }
}

// MARK: Checked arithmetic

/// Vyper's checked arithmetic: an overflow or underflow reverts with empty data.
extension UInt256 {
    /// `self + other`, a bare revert on overflow.
    func adding(_ other: UInt256) throws(Revert) -> UInt256 {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { throw .bare }
        return sum
    }

    /// `self - other`, a bare revert on underflow.
    func subtracting(_ other: UInt256) throws(Revert) -> UInt256 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        if overflow { throw .bare }
        return difference
    }

    /// `self * other`, a bare revert on overflow.
    func multiplied(by other: UInt256) throws(Revert) -> UInt256 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        if overflow { throw .bare }
        return product
    }

    /// The value as a block timestamp or other 64-bit quantity, `nil` when it does not fit.
    var uint64: UInt64? { self <= UInt256(UInt64.max) ? UInt64(self) : nil }
}

// MARK: Gas, storage and logs

extension Host {
    /// The model's storage at `address`; a bare revert when the chain holds none of this type there (a call to a
    /// model whose deployment did not complete).
    func modelStorage<S: Sendable>(_ type: S.Type, at address: Address) throws(Revert) -> S {
        guard let storage = storage(of: address, as: type) else { throw .bare }
        return storage
    }

    /// Charges the cold reads of `slots` storage slots (`SLOAD`), each slot the call touches charged once.
    mutating func chargeReads(_ slots: Int) throws(Revert) {
        try charge(GasSchedule.storageRead * UInt64(slots))
    }

    /// Charges one `SSTORE` of `new` into a slot that held `old` (its read charged already): a new slot when it
    /// goes from zero to non-zero, a reset otherwise; nothing when the value does not change.
    mutating func chargeWrite<T: Equatable>(from old: T, to new: T, zero: T) throws(Revert) {
        if old == new { return }
        try charge(old == zero ? GasSchedule.storageNewSlot : GasSchedule.storageWrite)
    }

    /// Charges one `SSTORE` of a `uint256` slot.
    mutating func chargeWrite(from old: UInt256, to new: UInt256) throws(Revert) {
        try chargeWrite(from: old, to: new, zero: .zero)
    }

    /// Charges one `SSTORE` of an `address` slot.
    mutating func chargeWrite(from old: Address, to new: Address) throws(Revert) {
        try chargeWrite(from: old, to: new, zero: .zero)
    }

    /// Charges one `SSTORE` of a `bool` slot.
    mutating func chargeWrite(from old: Bool, to new: Bool) throws(Revert) {
        try chargeWrite(from: old, to: new, zero: false)
    }

    /// Emits `event` from `address`, encoded by its generated binding, charging `LOGn` gas.
    mutating func log(_ event: some ContractEvent, from address: Address) throws(Revert) {
        let (topics, data) = event.encode()
        try charge(GasSchedule.log(topics: topics.count, dataCount: data.count))
        emit(LogEntry(address: address, topics: topics, data: data))
    }
}

// MARK: Calls to other contracts

extension Host {
    /// An external call whose revert is the caller's revert (Vyper's `extcall`/`staticcall`, and `raw_call` with
    /// `revert_on_failure`): the callee's revert data passes through unchanged. Returns the return data.
    ///
    /// - Parameters:
    ///   - gas: the gas to forward; nil forwards all but one 64th of what is left.
    mutating func callRevertingOnFailure(
        _ target: Address, value: UInt256 = .zero, input: [UInt8], gas: UInt64? = nil
    ) throws(Revert) -> [UInt8] {
        let result = try call(to: target, value: value, input: input, gas: gas)
        guard result.success else { throw Revert(data: result.data) }
        return result.data
    }

    /// Calls a view function of `target` as Vyper's `staticcall` does and decodes its result with the binding:
    /// a revert passes through; return data shorter than the result's static size, or with a value out of the
    /// result type's range (an address with high bits, a bool other than 0 and 1), is a bare revert; bytes after
    /// the result are ignored.
    mutating func staticCall<Function: ContractFunction>(_ target: Address, _ call: Function) throws(Revert)
        -> Function.Output
    {
        let data = try callRevertingOnFailure(target, input: call.calldata)
        do {
            return try Function.decodeOutput(data, mode: .lenient)
        } catch {
            throw .bare
        }
    }
}
