public import EthPrimitives
import Foundation
public import Secp256k1

/// A Swift type that describes itself as an EIP-712 struct, so its values can be hashed and signed without JSON.
///
/// ```swift
/// struct Heartbeat: EIP712Struct {
///     var sessionId: UInt256, participant: Address, seq: UInt64, issuedAt: UInt64
///     static let eip712TypeName = "Heartbeat"
///     static let eip712Members = [
///         TypedDataMember(name: "sessionId", type: "uint256"), TypedDataMember(name: "participant", type: "address"),
///         TypedDataMember(name: "seq", type: "uint64"), TypedDataMember(name: "issuedAt", type: "uint64"),
///     ]
///     var eip712Values: [TypedDataValue] { [.uint(sessionId), .address(participant), .uint(seq), .uint(issuedAt)] }
/// }
/// let digest = try heartbeat.signingHash(domainSeparator: domain.separator)
/// ```
public protocol EIP712Struct: Sendable {
    /// The struct's type name in `encodeType`.
    static var eip712TypeName: String { get }
    /// The members, in declaration order.
    static var eip712Members: [TypedDataMember] { get }
    /// The struct types the members refer to (directly); default none.
    static var eip712ReferencedTypes: [any EIP712Struct.Type] { get }
    /// This value's members, in the order of ``eip712Members``; a nested struct is `.structure(value)`.
    var eip712Values: [TypedDataValue] { get }
}

extension EIP712Struct {
    public static var eip712ReferencedTypes: [any EIP712Struct.Type] { [] }

    /// The checked definitions of this type and every type it references, built once per type and cached.
    ///
    /// A malformed description (an unknown member type) is a programming error and stops the program with the
    /// reason.
    public static var eip712Types: TypedDataTypes { TypesCache.shared.entry(for: Self.self).types }

    /// `hashStruct` of this value.
    ///
    /// - Throws: ``SigningError`` when a member value does not fit its declared type (for example an `.int` of 300
    ///   for `uint8`).
    public func hashStruct() throws(SigningError) -> Hash {
        let entry = TypesCache.shared.entry(for: Self.self)
        return try entry.types.hashStruct(entry.root, name: Self.eip712TypeName, orderedValues: eip712Values)
    }

    /// The hash to sign for this value in the domain whose separator is given (see ``EIP712Domain/separator``).
    public func signingHash(domainSeparator: Hash) throws(SigningError) -> Hash {
        EIP712.signingHash(domainSeparator: domainSeparator, messageHash: try hashStruct())
    }

    /// Signs this value for `domain` with `key`.
    public func sign(domain: EIP712Domain, with key: PrivateKey) throws(SigningError) -> Signature {
        do {
            return try key.sign(digest: try signingHash(domainSeparator: domain.separator))
        } catch let error as SigningError {
            throw error
        } catch {
            throw .secp256k1(error as! Secp256k1Error)
        }
    }
}

/// Built type sets, by Swift type, with the type's own compiled record so hashing needs no name lookup.
private final class TypesCache: @unchecked Sendable {
    struct Entry {
        var types: TypedDataTypes
        var root: TypedDataTypes.Compiled
    }

    static let shared = TypesCache()
    private let lock = NSLock()
    private var cache: [ObjectIdentifier: Entry] = [:]

    func entry(for type: any EIP712Struct.Type) -> Entry {
        let key = ObjectIdentifier(type)
        if let cached = lock.withLock({ cache[key] }) { return cached }
        var definitions: [String: [TypedDataMember]] = [:]
        var stack: [any EIP712Struct.Type] = [type]
        while let next = stack.popLast() {
            guard definitions[next.eip712TypeName] == nil else { continue }
            definitions[next.eip712TypeName] = next.eip712Members
            stack += next.eip712ReferencedTypes
        }
        let built: TypedDataTypes
        do {
            built = try TypedDataTypes(definitions)
        } catch {
            fatalError("\(type): invalid EIP-712 description: \(error)")
        }
        let entry = Entry(types: built, root: built.compiled[type.eip712TypeName]!)
        lock.withLock { cache[key] = entry }
        return entry
    }
}
