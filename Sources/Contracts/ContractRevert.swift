import ABI
import EthPrimitives

/// A custom error a contract's ABI declares (`error InsufficientBalance(uint256 available, uint256 required)`),
/// with its arguments: what revert data starting with its selector carries.
///
/// Generated bindings declare one conforming struct per error; ``ContractRevert`` reads revert data into one of them.
public protocol ContractCustomError: Sendable, Hashable {
    /// The canonical signature: `InsufficientBalance(uint256,uint256)`.
    static var signature: String { get }
    /// The first four bytes of the Keccak-256 of ``signature``: what the revert data starts with.
    static var selector: Selector { get }

    /// The revert data: ``selector`` followed by the ABI encoding of the arguments.
    var revertData: [UInt8] { get }

    /// Reads revert data of this error, strictly (only the canonical encoding).
    ///
    /// - Throws: ``ContractsError/selectorMismatch(signature:expected:actual:)`` for data of another error,
    ///   ``ContractsError/invalidEncoding(context:reason:)`` naming the ABI rule broken and its offset.
    static func decode(revertData: [UInt8]) throws(ContractsError) -> Self
}

/// Why a call reverted, read from its revert data.
///
/// ```swift
/// switch SessionEscrow.decodeRevert(revertData) {
/// case .error(let reason): print(reason)          // "escrow: not active"
/// case .custom(let error): print(error)
/// default: break
/// }
/// ```
public enum ContractRevert: Sendable, Hashable, CustomStringConvertible {
    /// `Error(string)`: `assert condition, "reason"` or `raise "reason"` in Vyper, `require(condition, "reason")`
    /// or `revert("reason")` in Solidity.
    case error(String)
    /// `Panic(uint256)`: Solidity's failed assertions, arithmetic overflow, division by zero and the like (see
    /// ``ABI/PanicCode`` for what each code means).
    case panic(UInt256)
    /// One of the custom errors the contract's ABI declares.
    case custom(any ContractCustomError)
    /// No revert data: a bare `revert`, a failed argument check, a call of a function that does not exist, value
    /// sent to a non-payable function, or running out of gas.
    case bare
    /// Revert data that is none of the above: an unknown selector, fewer than four bytes, or data whose arguments
    /// do not decode under the selector it starts with.
    case unknown([UInt8])

    /// Reads revert data.
    ///
    /// Never fails: data that does not decode as what its selector says is ``unknown(_:)``, so the bytes are kept.
    ///
    /// - Parameters:
    ///   - data: the revert data (a failed `eth_call`'s error data, or a simulator's revert output).
    ///   - errors: the custom errors the contract may revert with (the generated `customErrors`).
    public init(data: [UInt8], errors: [any ContractCustomError.Type] = []) {
        guard !data.isEmpty else {
            self = .bare
            return
        }
        guard data.count >= 4 else {
            self = .unknown(data)
            return
        }
        let selector = try! Selector(data[0..<4])
        if selector == ABICustomError.errorString.selector,
            let message = try? ABIDecoder.decodeCall(selector: selector, String.self, from: data)
        {
            self = .error(message)
        } else if selector == ABICustomError.panic.selector,
            let code = try? ABIDecoder.decodeCall(selector: selector, UInt256.self, from: data)
        {
            self = .panic(code)
        } else if let type = errors.first(where: { $0.selector == selector }),
            let error = try? type.decode(revertData: data)
        {
            self = .custom(error)
        } else {
            self = .unknown(data)
        }
    }

    /// The revert data this reason reads from (``init(data:errors:)`` of it gives it back).
    public var data: [UInt8] {
        switch self {
        case .error(let message): ABIEncoder.encodeCall(selector: ABICustomError.errorString.selector, message)
        case .panic(let code): ABIEncoder.encodeCall(selector: ABICustomError.panic.selector, code)
        case .custom(let error): error.revertData
        case .bare: []
        case .unknown(let bytes): bytes
        }
    }

    /// The reason string of ``error(_:)``, else nil.
    public var reason: String? {
        if case .error(let message) = self { message } else { nil }
    }

    /// One line: `reverted: escrow: not active`, `panic 0x11: arithmetic overflow or underflow`,
    /// `reverted with InsufficientBalance(available: 5, required: 10)`, `reverted without data`,
    /// `reverted with unknown data 0x…`.
    public var description: String {
        switch self {
        case .error(let message): "reverted: \(message)"
        case .panic(let code): PanicCode(code).description
        case .custom(let error): "reverted with \(error)"
        case .bare: "reverted without data"
        case .unknown(let bytes): "reverted with unknown data \(Hex.encode(bytes))"
        }
    }

    public static func == (lhs: ContractRevert, rhs: ContractRevert) -> Bool {
        switch (lhs, rhs) {
        case (.custom(let left), .custom(let right)):
            ObjectIdentifier(type(of: left)) == ObjectIdentifier(type(of: right)) && left.revertData == right.revertData
        case (.custom, _), (_, .custom):
            false
        default:
            lhs.data == rhs.data && lhs.kind == rhs.kind
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(data)
    }

    /// Which case this is, for equality and hashing.
    private var kind: Int {
        switch self {
        case .error: 0
        case .panic: 1
        case .custom: 2
        case .bare: 3
        case .unknown: 4
        }
    }
}
