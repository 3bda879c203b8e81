import ABI
import EthPrimitives

/// A call of one contract function with its arguments: what a transaction's or `eth_call`'s data says.
///
/// Generated bindings declare one conforming struct per function of a contract (`SessionEscrow.StopSessionAt`),
/// its stored properties the function's arguments. The struct builds calldata (``calldata``), reads calldata back
/// (``decode(calldata:)``, checking values as a Vyper 0.4 contract does before it runs), and reads and writes the
/// function's return data (``decodeOutput(_:mode:)``, ``encodeOutput(_:)``).
///
/// ```swift
/// let stop = SessionEscrow.StopSessionAt(sessionId: 7, endedAt: 1_735_689_720)
/// let data = stop.calldata                                   // 0x4c6de72d + two words
/// let session = try SessionEscrow.GetSession.decodeOutput(returnData)
/// ```
public protocol ContractFunction: Sendable, Hashable {
    /// What the function returns: `Void` for nothing, the Swift type of its one result, or a generated struct
    /// with a field per result (also for a function returning one struct, whose fields it takes).
    associatedtype Output

    /// The canonical signature the selector is hashed from: `stopSessionAt(uint256,uint256)`.
    static var signature: String { get }
    /// The first four bytes of the Keccak-256 of ``signature``: what calldata starts with.
    static var selector: Selector { get }
    /// Whether the function accepts ether (`payable`); a call of another function with value reverts.
    static var isPayable: Bool { get }
    /// Whether the function only reads state (`view` or `pure`): call it with `eth_call`, not a transaction.
    static var isView: Bool { get }

    /// The calldata: ``selector`` followed by the ABI encoding of the arguments.
    var calldata: [UInt8] { get }
    /// The arguments as dynamic ABI values, in declaration order (for logs, JSON and generic tools).
    var arguments: [ABIValue] { get }

    /// Reads calldata of this function, as the contract would before running it.
    ///
    /// The checks are a Vyper 0.4 contract's: the selector must be this function's; an `address` word with
    /// non-zero high bytes, a `bool` word other than 0 or 1, a `uintN`/`intN` word out of range, a `bytesN` word
    /// with non-zero padding, and calldata too short for the arguments are refused; bytes after the arguments are
    /// ignored, offsets may point anywhere inside the calldata, and the padding of `bytes` and `string` is not
    /// checked. Three differences from a Vyper 0.4.3 contract, measured by `vectors/bindings/calldata.json`: an
    /// offset or length pointing outside the calldata is refused (the contract reads zeros past the end); a byte
    /// string or array longer than the contract's declared maximum is accepted (the ABI does not state it); a
    /// `string` must be valid UTF-8 (a Swift `String` cannot hold anything else).
    ///
    /// - Throws: ``ContractsError/selectorMismatch(signature:expected:actual:)`` for calldata of another function
    ///   (or shorter than a selector), ``ContractsError/invalidEncoding(context:reason:)`` naming the ABI rule
    ///   broken and its byte offset from the start of the calldata.
    static func decode(calldata: [UInt8]) throws(ContractsError) -> Self

    /// Reads the function's return data.
    ///
    /// - Parameter mode: ``ABI/ABIDecoder/Mode/strict`` (what ``decodeOutput(_:)`` uses) accepts only the
    ///   canonical encoding every compiler returns, so that return data of another function with other result
    ///   types is refused rather than misread; ``ABI/ABIDecoder/Mode/lenient`` accepts what Solidity's own
    ///   decoder accepts (trailing bytes, offsets anywhere).
    /// - Throws: ``ContractsError/invalidEncoding(context:reason:)`` naming the ABI rule broken and its offset.
    static func decodeOutput(_ data: [UInt8], mode: ABIDecoder.Mode) throws(ContractsError) -> Output

    /// The return data the function gives for `output` (what a contract model or a test double returns).
    static func encodeOutput(_ output: Output) -> [UInt8]
}

extension ContractFunction {
    /// Reads the function's return data strictly: only the canonical encoding, nothing after it.
    ///
    /// - Throws: ``ContractsError/invalidEncoding(context:reason:)`` naming the ABI rule broken and its offset.
    public static func decodeOutput(_ data: [UInt8]) throws(ContractsError) -> Output {
        try decodeOutput(data, mode: .strict)
    }
}
