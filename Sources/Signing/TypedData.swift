public import EthPrimitives
import Foundation
public import Secp256k1

/// EIP-712 typed structured data: types, a primary type, a domain and a message, as `eth_signTypedData_v4` takes
/// them. Its hashes are computed and checked when it is built, so a value of this type always hashes and signs.
public struct TypedData: Sendable {
    /// Every struct definition, including `EIP712Domain`.
    public let types: TypedDataTypes
    /// The type of ``message``.
    public let primaryType: String
    /// The domain's members.
    public let domain: [String: TypedDataValue]
    /// The message's members.
    public let message: [String: TypedDataValue]
    /// `hashStruct(domain)`: the domain separator.
    public let domainSeparator: Hash
    /// `hashStruct(message)`, or nil when the primary type is `EIP712Domain` (then only the domain is signed).
    public let messageHash: Hash?

    /// Typed data from its parts.
    ///
    /// - Parameter types: every struct definition; `EIP712Domain` may be left out, and is then made from the domain
    ///   members present, in the standard order `name`, `version`, `chainId`, `verifyingContract`, `salt`.
    /// - Throws: a ``SigningError`` naming the first type or value that is wrong.
    public init(
        types: [String: [TypedDataMember]], primaryType: String, domain: [String: TypedDataValue],
        message: [String: TypedDataValue]
    ) throws(SigningError) {
        var definitions = types
        if definitions["EIP712Domain"] == nil {
            definitions["EIP712Domain"] = EIP712Domain.standardMembers.filter { domain[$0.name] != nil }
        }
        let checked = try TypedDataTypes(definitions)
        try self.init(checked: checked, primaryType: primaryType, domain: domain, message: message)
    }

    private init(
        checked: TypedDataTypes, primaryType: String, domain: [String: TypedDataValue],
        message: [String: TypedDataValue]
    ) throws(SigningError) {
        guard checked.definitions[primaryType] != nil else { throw .unknownType(primaryType, path: "primaryType") }
        let declared = Set(checked.definitions["EIP712Domain"]!.map(\.name))
        if let extra = domain.keys.sorted().first(where: { !declared.contains($0) }) {
            throw .typeMismatch(path: "domain.\(extra)", expected: "a member declared in types.EIP712Domain")
        }
        self.types = checked
        self.primaryType = primaryType
        self.domain = domain
        self.message = message
        domainSeparator = try checked.hashStruct("EIP712Domain", domain, path: "domain")
        messageHash =
            primaryType == "EIP712Domain" ? nil : try checked.hashStruct(primaryType, message, path: "message")
    }

    /// Typed data from the JSON that `eth_signTypedData_v4` takes: `types`, `primaryType`, `domain`, `message`.
    ///
    /// Integers may be JSON numbers (read exactly, any size), decimal strings or `0x` hex strings; bytes are `0x`
    /// hex; addresses `0x` + 40 hex digits (mixed case must pass EIP-55).
    /// - Throws: ``SigningError/invalidJSON(_:offset:)`` for text that is not JSON, otherwise a ``SigningError``
    ///   naming the member (as a path like `message.to.wallets[1]`) that is wrong.
    public init(json: String) throws(SigningError) {
        guard case .object(let root) = try JSONValue.parse(json) else {
            throw .typeMismatch(path: "typed data", expected: "a JSON object")
        }
        guard let typesJSON = root["types"] else { throw .missingTypedDataMember("types") }
        guard case .object(let typesObject) = typesJSON else {
            throw .typeMismatch(path: "types", expected: "an object of type name to member list")
        }
        var definitions: [String: [TypedDataMember]] = [:]
        for (name, membersJSON) in typesObject {
            guard case .array(let list) = membersJSON else {
                throw .typeMismatch(path: "types.\(name)", expected: "an array of {name, type} objects")
            }
            var members: [TypedDataMember] = []
            for (i, item) in list.enumerated() {
                guard case .object(let fields) = item, case .string(let memberName)? = fields["name"],
                    case .string(let memberType)? = fields["type"]
                else {
                    throw .typeMismatch(path: "types.\(name)[\(i)]", expected: "an object with string name and type")
                }
                members.append(TypedDataMember(name: memberName, type: memberType))
            }
            definitions[name] = members
        }
        guard let primaryJSON = root["primaryType"] else { throw .missingTypedDataMember("primaryType") }
        guard case .string(let primary) = primaryJSON else {
            throw .typeMismatch(path: "primaryType", expected: "a string")
        }
        guard let domainJSON = root["domain"] else { throw .missingTypedDataMember("domain") }
        guard case .object(let domainObject) = domainJSON else {
            throw .typeMismatch(path: "domain", expected: "an object")
        }
        if definitions["EIP712Domain"] == nil {
            definitions["EIP712Domain"] = EIP712Domain.standardMembers.filter { domainObject[$0.name] != nil }
        }
        let checked = try TypedDataTypes(definitions)
        guard checked.definitions[primary] != nil else { throw .unknownType(primary, path: "primaryType") }
        guard
            case .structure(let domain?) = try checked.value(
                fromJSON: domainJSON, type: .structure("EIP712Domain"), path: "domain")
        else { throw .typeMismatch(path: "domain", expected: "an object") }
        if let extra = domainObject.keys.sorted().first(where: { domain[$0] == nil }) {
            throw .typeMismatch(path: "domain.\(extra)", expected: "a member declared in types.EIP712Domain")
        }
        var message: [String: TypedDataValue] = [:]
        if primary != "EIP712Domain" {
            guard let messageJSON = root["message"] else { throw .missingTypedDataMember("message") }
            guard
                case .structure(let members?) = try checked.value(
                    fromJSON: messageJSON, type: .structure(primary), path: "message")
            else { throw .typeMismatch(path: "message", expected: "an object") }
            message = members
        }
        try self.init(checked: checked, primaryType: primary, domain: domain, message: message)
    }

    /// Typed data for a Swift value that describes its own EIP-712 type.
    public init<Message: EIP712Struct>(domain: EIP712Domain, message: Message) throws(SigningError) {
        var definitions = Message.eip712Types.definitions
        definitions["EIP712Domain"] = domain.members
        guard case .structure(let members?) = TypedDataValue.structure(message) else { fatalError("unreachable") }
        try self.init(types: definitions, primaryType: Message.eip712TypeName, domain: domain.values, message: members)
    }

    /// The 32 bytes a wallet signs: `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message))`
    /// (without the message hash when the primary type is `EIP712Domain`).
    public var signingHash: Hash { EIP712.signingHash(domainSeparator: domainSeparator, messageHash: messageHash) }

    /// Signs ``signingHash`` with `key` (deterministic, low s).
    public func sign(with key: PrivateKey) throws(SigningError) -> Signature {
        do {
            return try key.sign(digest: signingHash)
        } catch {
            throw .secp256k1(error)
        }
    }

    /// The address whose key made `signature` over this typed data.
    ///
    /// - Throws: ``SigningError/secp256k1(_:)`` when the signature is malformed, high-s or recovers nothing.
    public func recoverSigner(_ signature: Signature) throws(SigningError) -> Address {
        do {
            return try ECDSA.recoverAddress(digest: signingHash, signature: signature)
        } catch {
            throw .secp256k1(error)
        }
    }
}

/// The EIP-712 signing hash, for callers that keep the domain separator and struct hash themselves.
public enum EIP712 {
    /// `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ messageHash)`; without `messageHash` when it is nil (the
    /// primary type is `EIP712Domain`).
    public static func signingHash(domainSeparator: Hash, messageHash: Hash?) -> Hash {
        var hasher = Keccak256()
        hasher.append(0x19)
        hasher.append(0x01)
        hasher.append(domainSeparator)
        if let messageHash { hasher.append(messageHash) }
        return hasher.finalize()
    }
}

/// The EIP-712 domain: any subset of its five standard members binds signatures to one application.
public struct EIP712Domain: Sendable, Hashable {
    /// The application's or protocol's name.
    public var name: String?
    /// The signing domain's version; signatures from other versions do not verify.
    public var version: String?
    /// The EIP-155 chain id the signature is valid on.
    public var chainID: UInt256?
    /// The contract that will verify the signature.
    public var verifyingContract: Address?
    /// A disambiguating salt, the last resort.
    public var salt: Hash?

    /// A domain with the members given (at least one, in practice).
    public init(
        name: String? = nil, version: String? = nil, chainID: UInt256? = nil, verifyingContract: Address? = nil,
        salt: Hash? = nil
    ) {
        self.name = name
        self.version = version
        self.chainID = chainID
        self.verifyingContract = verifyingContract
        self.salt = salt
    }

    static let standardMembers = [
        TypedDataMember(name: "name", type: "string"),
        TypedDataMember(name: "version", type: "string"),
        TypedDataMember(name: "chainId", type: "uint256"),
        TypedDataMember(name: "verifyingContract", type: "address"),
        TypedDataMember(name: "salt", type: "bytes32"),
    ]

    /// The `EIP712Domain` members of the fields present, in the standard order.
    public var members: [TypedDataMember] {
        let present = [name != nil, version != nil, chainID != nil, verifyingContract != nil, salt != nil]
        return zip(Self.standardMembers, present).filter(\.1).map(\.0)
    }

    /// The domain's member values, by name.
    public var values: [String: TypedDataValue] {
        var out: [String: TypedDataValue] = [:]
        if let name { out["name"] = .string(name) }
        if let version { out["version"] = .string(version) }
        if let chainID { out["chainId"] = .uint(chainID) }
        if let verifyingContract { out["verifyingContract"] = .address(verifyingContract) }
        if let salt { out["salt"] = .bytes(salt.bytes) }
        return out
    }

    /// The domain separator, `hashStruct(EIP712Domain)`. Compute it once and keep it.
    public var separator: Hash {
        try! TypedDataTypes(["EIP712Domain": members]).hashStruct("EIP712Domain", values)
    }
}
