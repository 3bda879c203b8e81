import EthPrimitives

/// Whether a function reads or changes state and accepts ether, as a JSON ABI's `stateMutability` says.
public enum StateMutability: String, Hashable, Sendable, Codable, CaseIterable {
    /// Reads no state.
    case pure
    /// Reads state, changes none.
    case view
    /// May change state; refuses ether.
    case nonpayable
    /// May change state and accepts ether.
    case payable
}

/// A contract function: its name, parameters, results and state mutability.
///
/// Made from a signature (`ABIFunction(parsing: "transfer(address,uint256)")`), a human-readable declaration
/// (`function balanceOf(address owner) external view returns (uint256)`) or a JSON ABI (``JSONABI``).
public struct ABIFunction: Hashable, Sendable {
    /// The function's name.
    public let name: String
    /// Its parameters.
    public let inputs: [ABIParameter]
    /// Its results.
    public let outputs: [ABIParameter]
    /// Whether it reads or changes state and accepts ether.
    public let stateMutability: StateMutability
    /// The first four bytes of the Keccak-256 of ``signature``: what calldata starts with.
    public let selector: Selector

    /// A function with these parts.
    public init(
        name: String, inputs: [ABIParameter], outputs: [ABIParameter] = [],
        stateMutability: StateMutability = .nonpayable
    ) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.stateMutability = stateMutability
        self.selector = ABIFunction.selector(of: ABIFunction.signature(name, inputs))
    }

    /// The canonical signature: `transfer(address,uint256)`, tuples as `(t1,t2)`, no names or spaces.
    public var signature: String { ABIFunction.signature(name, inputs) }

    /// The parameter types.
    public var inputTypes: [ABIType] { inputs.map(\.type) }

    /// The result types.
    public var outputTypes: [ABIType] { outputs.map(\.type) }

    /// The declaration in Solidity's words: `function transfer(address to, uint256 amount) returns (bool)`.
    public var humanReadable: String {
        var text = "function \(name)(" + inputs.map(\.humanReadable).joined(separator: ", ") + ")"
        if stateMutability != .nonpayable { text += " \(stateMutability.rawValue)" }
        if !outputs.isEmpty { text += " returns (" + outputs.map(\.humanReadable).joined(separator: ", ") + ")" }
        return text
    }

    /// Calldata calling this function with `arguments`: the selector, then their encoding.
    ///
    /// - Throws: as ``ABIEncoder/encode(_:as:)`` when the arguments do not match the parameters.
    public func encodeCall(_ arguments: [ABIValue]) throws(ABIError) -> [UInt8] {
        try ABIEncoder.encodeCall(selector: selector, arguments, as: inputTypes)
    }

    /// The arguments of calldata that calls this function.
    ///
    /// - Throws: ``ABIError/selectorMismatch(expected:actual:)`` when it calls another function, or the decoding
    ///   errors of ``ABIDecoder``.
    public func decodeCall<Bytes: Collection<UInt8>>(_ calldata: Bytes, mode: ABIDecoder.Mode = .strict)
        throws(ABIError) -> [ABIValue]
    {
        try ABIDecoder.decodeCall(selector: selector, inputTypes, from: calldata, mode: mode)
    }

    /// The encoding of results, as the function returns them.
    ///
    /// - Throws: as ``ABIEncoder/encode(_:as:)``.
    public func encodeOutput(_ results: [ABIValue]) throws(ABIError) -> [UInt8] {
        try ABIEncoder.encode(results, as: outputTypes)
    }

    /// The results in the data a call returned.
    ///
    /// - Throws: the decoding errors of ``ABIDecoder``.
    public func decodeOutput<Bytes: Collection<UInt8>>(_ data: Bytes, mode: ABIDecoder.Mode = .strict)
        throws(ABIError) -> [ABIValue]
    {
        try ABIDecoder.decode(outputTypes, from: data, mode: mode)
    }

    static func signature(_ name: String, _ parameters: [ABIParameter]) -> String {
        name + "(" + parameters.map(\.type.description).joined(separator: ",") + ")"
    }

    /// The selector of a canonical signature: the first four bytes of its Keccak-256.
    public static func selector(of signature: String) -> Selector {
        Selector(prefixOf: Keccak256.hash(signature))
    }
}

/// A contract's constructor: the arguments deployment code takes after the bytecode.
public struct ABIConstructor: Hashable, Sendable {
    /// Its parameters.
    public let inputs: [ABIParameter]
    /// `payable` when deployment may send ether, else `nonpayable`.
    public let stateMutability: StateMutability

    /// A constructor with these parameters.
    public init(inputs: [ABIParameter], stateMutability: StateMutability = .nonpayable) {
        self.inputs = inputs
        self.stateMutability = stateMutability
    }

    /// Deployment data: `bytecode` followed by the encoded arguments.
    ///
    /// - Throws: as ``ABIEncoder/encode(_:as:)``.
    public func encodeDeployment(bytecode: [UInt8], arguments: [ABIValue]) throws(ABIError) -> [UInt8] {
        bytecode + (try ABIEncoder.encode(arguments, as: inputs.map(\.type)))
    }

    /// `constructor(address owner, uint256 rate)`.
    public var humanReadable: String {
        "constructor(" + inputs.map(\.humanReadable).joined(separator: ", ") + ")"
            + (stateMutability == .payable ? " payable" : "")
    }
}
