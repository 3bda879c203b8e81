import EthPrimitives

/// A Solidity custom error (`error InsufficientBalance(uint256 available, uint256 required)`): what a contract
/// reverts with, encoded like a call.
public struct ABICustomError: Hashable, Sendable {
    /// The error's name.
    public let name: String
    /// Its parameters.
    public let inputs: [ABIParameter]
    /// The first four bytes of the Keccak-256 of ``signature``: what the revert data starts with.
    public let selector: Selector

    /// An error with these parts.
    public init(name: String, inputs: [ABIParameter]) {
        self.name = name
        self.inputs = inputs
        self.selector = ABIFunction.selector(of: ABIFunction.signature(name, inputs))
    }

    /// The canonical signature: `InsufficientBalance(uint256,uint256)`.
    public var signature: String { ABIFunction.signature(name, inputs) }

    /// `error InsufficientBalance(uint256 available, uint256 required)`.
    public var humanReadable: String {
        "error \(name)(" + inputs.map(\.humanReadable).joined(separator: ", ") + ")"
    }

    /// Revert data for this error with `arguments`: the selector, then their encoding.
    ///
    /// - Throws: as ``ABIEncoder/encode(_:as:)``.
    public func encode(_ arguments: [ABIValue]) throws(ABIError) -> [UInt8] {
        try ABIEncoder.encodeCall(selector: selector, arguments, as: inputs.map(\.type))
    }

    /// The arguments in revert data of this error.
    ///
    /// - Throws: ``ABIError/selectorMismatch(expected:actual:)`` for another error, or the errors of ``ABIDecoder``.
    public func decode<Bytes: Collection<UInt8>>(_ revertData: Bytes, mode: ABIDecoder.Mode = .strict)
        throws(ABIError) -> [ABIValue]
    {
        try ABIDecoder.decodeCall(selector: selector, inputs.map(\.type), from: revertData, mode: mode)
    }

    /// `Error(string)`: what `require(condition, "message")` and `revert("message")` revert with.
    public static let errorString = ABICustomError(
        name: "Error", inputs: [ABIParameter(name: "message", type: .string)])

    /// `Panic(uint256)`: what failed assertions, arithmetic overflow, division by zero and the like revert with.
    public static let panic = ABICustomError(name: "Panic", inputs: [ABIParameter(name: "code", type: .uint(256))])
}

/// A `Panic(uint256)` code and what the Solidity compiler uses it for.
public struct PanicCode: Hashable, Sendable, CustomStringConvertible {
    /// The code.
    public let code: UInt256

    /// A panic with this code.
    public init(_ code: UInt256) { self.code = code }

    /// What the code means, or nil for a code the compiler does not use.
    public var meaning: String? {
        guard code.leadingZeroBitCount >= 248 else { return nil }
        return switch code.bigEndianBytes[31] {
        case 0x00: "generic compiler-inserted panic"
        case 0x01: "assertion failed"
        case 0x11: "arithmetic overflow or underflow"
        case 0x12: "division or modulo by zero"
        case 0x21: "conversion of an out-of-range value to an enum"
        case 0x22: "access to an incorrectly encoded storage byte array"
        case 0x31: "pop() on an empty array"
        case 0x32: "array index out of bounds"
        case 0x41: "too much memory allocated, or an array too large"
        case 0x51: "call to a zero-initialized variable of internal function type"
        default: nil
        }
    }

    /// `panic 0x11: arithmetic overflow or underflow`.
    public var description: String {
        "panic \(code.hexQuantity)" + (meaning.map { ": " + $0 } ?? " (unknown code)")
    }
}

/// Why a call reverted, read from its revert data.
public enum RevertReason: Hashable, Sendable, CustomStringConvertible {
    /// No revert data: `revert()`, `require(condition)` without a message, or a failure such as running out of gas.
    case empty
    /// `Error(string)`: `require(condition, "message")` or `revert("message")`.
    case error(String)
    /// `Panic(uint256)`: a failed assertion, arithmetic overflow, division by zero, …
    case panic(PanicCode)
    /// One of the custom errors the decoder was given, with its arguments.
    case custom(ABICustomError, [ABIValue])
    /// Data that starts with no known selector (or is shorter than one).
    case unrecognized([UInt8])

    /// Reads revert data.
    ///
    /// - Parameters:
    ///   - data: the revert data (a failed `eth_call`'s error data, say).
    ///   - errors: the custom errors the contract may revert with (``JSONABI/errors``, say).
    /// - Throws: the errors of ``ABIDecoder`` when the data has a known selector but its arguments do not decode.
    public init<Bytes: Collection<UInt8>>(decoding data: Bytes, errors: [ABICustomError] = []) throws(ABIError) {
        let bytes = Array(data)
        guard !bytes.isEmpty else {
            self = .empty
            return
        }
        guard bytes.count >= 4 else {
            self = .unrecognized(bytes)
            return
        }
        let selector = try! Selector(bytes[0..<4])
        if selector == ABICustomError.errorString.selector {
            guard case .string(let message) = try ABICustomError.errorString.decode(bytes)[0] else {
                preconditionFailure("abi: Error(string) decoded to a non-string")
            }
            self = .error(message)
        } else if selector == ABICustomError.panic.selector {
            guard case .uint(let code, _) = try ABICustomError.panic.decode(bytes)[0] else {
                preconditionFailure("abi: Panic(uint256) decoded to a non-integer")
            }
            self = .panic(PanicCode(code))
        } else if let error = errors.first(where: { $0.selector == selector }) {
            self = .custom(error, try error.decode(bytes))
        } else {
            self = .unrecognized(bytes)
        }
    }

    /// One line: `reverted: Not enough funds`, `panic 0x11: arithmetic overflow or underflow`,
    /// `InsufficientBalance(5, 10)`, `reverted without data`, `unrecognized revert data 0x…`.
    public var description: String {
        switch self {
        case .empty: "reverted without data"
        case .error(let message): "reverted: \(message)"
        case .panic(let code): code.description
        case .custom(let error, let values):
            error.name + "(" + values.map { $0.displayText }.joined(separator: ", ") + ")"
        case .unrecognized(let bytes): "unrecognized revert data \(Hex.encode(bytes))"
        }
    }
}

extension ABIValue {
    /// The value in a form for people: numbers in decimal, strings quoted, lists in brackets.
    var displayText: String {
        switch self {
        case .uint(let number, _): number.description
        case .int(let number, _): number.description
        case .fixed(let raw, _, let decimals): ABIValue.decimalText(raw.description, decimals)
        case .ufixed(let raw, _, let decimals): ABIValue.decimalText(raw.description, decimals)
        case .bool(let flag): flag ? "true" : "false"
        case .address(let address): address.checksummed
        case .array(let values), .fixedArray(let values): "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .tuple(let values): "(" + values.map(\.displayText).joined(separator: ", ") + ")"
        default: json
        }
    }
}
