import ABI

/// Why bindings could not be generated.
///
/// This is the one error type of `ContractsGenerator`. Each case is named after the rule broken; the description
/// starts with `contracts-generator:` and reads as one sentence a user can act on.
public enum ContractsGeneratorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A contract name (the ABI file's stem) with no letter to start a Swift type name.
    case invalidContractName(String)
    /// A JSON ABI that does not parse: `file` names it, `reason` is the ABI module's error.
    case invalidABI(file: String, reason: ABIError)
    /// A parameter of a type bindings cannot hold: fixed-point numbers, which no compiler lets a contract take or
    /// return.
    case unsupportedType(String, parameter: String)
    /// Two functions of one ABI with the same selector, which no compiler allows.
    case selectorClash(first: String, second: String, selector: String)
    /// Bytecode text (`.bin`, `.bin-runtime`) that is not hex: `file` names it. Unlinked library placeholders
    /// (`__$…$__`) make it so; link the libraries first.
    case invalidBytecode(file: String)
    /// A deployments file that is not what `contracts-abi/deployments.json` holds: `reason` says what is wrong.
    case invalidDeployments(file: String, reason: String)
    /// A file that could not be read or written.
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidContractName(let name):
            "contracts-generator: \(String(reflecting: name)) cannot name a Swift type; rename the ABI file so it "
                + "starts with a letter"
        case .invalidABI(let file, let reason):
            "contracts-generator: \(file) is not a JSON ABI: \(reason.description.dropFirst("abi: ".count))"
        case .unsupportedType(let type, let parameter):
            "contracts-generator: the \(type) parameter \(String(reflecting: parameter)) has a fixed-point type, which "
                + "bindings do not support (no compiler lets a contract take or return one)"
        case .selectorClash(let first, let second, let selector):
            "contracts-generator: \(first) and \(second) share the selector \(selector); a contract cannot have both"
        case .invalidBytecode(let file):
            "contracts-generator: \(file) is not hex bytecode (link any library placeholders __$…$__ first)"
        case .invalidDeployments(let file, let reason):
            "contracts-generator: \(file): \(reason)"
        case .fileSystem(let path, let reason):
            "contracts-generator: \(path): \(reason)"
        }
    }
}
