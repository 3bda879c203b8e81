import ABI
import EthPrimitives

/// The arguments of a contract's constructor: what a deployment's init code carries after the creation code.
///
/// Generated bindings declare one conforming `Constructor` struct per contract (with no properties when the
/// contract's constructor takes none), and beside it `deploymentCode(…)` (creation code followed by
/// ``encodedArguments``) and `decodeConstructorArguments(_:)`.
public protocol ContractConstructor: Sendable, Hashable {
    /// Whether the constructor accepts ether.
    static var isPayable: Bool { get }

    /// The ABI encoding of the arguments, appended to the creation code to deploy.
    var encodedArguments: [UInt8] { get }

    /// Reads encoded constructor arguments, checking them as calldata (see
    /// ``ContractFunction/decode(calldata:)``): bytes after them are ignored.
    ///
    /// - Throws: ``ContractsError/invalidEncoding(context:reason:)`` naming the ABI rule broken and its offset
    ///   from the start of the arguments.
    static func decode(arguments: [UInt8]) throws(ContractsError) -> Self
}
