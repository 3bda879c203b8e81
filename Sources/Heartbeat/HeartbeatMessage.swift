public import EthPrimitives
public import Secp256k1
public import Signing

/// The EIP-712 domain pings are signed in: `{name: "Metered", version: "1", chainId, verifyingContract: escrow}`,
/// with its separator computed once.
///
/// Binding the chain and the escrow into every signature means a ping made for one deployment is refused by every
/// other (another chain, another escrow: the signature recovers to a different address).
public struct HeartbeatDomain: Sendable, Hashable {
    /// The EIP-712 domain name.
    public static let name = "Metered"
    /// The EIP-712 domain version.
    public static let version = "1"

    /// The EIP-155 chain id of the escrow's chain.
    public let chainID: UInt64
    /// The `SessionEscrow` contract.
    public let escrow: Address
    /// `hashStruct(EIP712Domain)` of this domain.
    public let separator: Hash

    /// The domain of the escrow `escrow` on chain `chainID`.
    public init(chainID: UInt64, escrow: Address) {
        self.chainID = chainID
        self.escrow = escrow
        separator =
            EIP712Domain(
                name: Self.name, version: Self.version, chainID: UInt256(chainID), verifyingContract: escrow
            ).separator
    }

    /// The same domain as the `Signing` module describes it (for ``Signing/TypedData`` and wallets' JSON).
    public var eip712Domain: EIP712Domain {
        EIP712Domain(name: Self.name, version: Self.version, chainID: UInt256(chainID), verifyingContract: escrow)
    }
}

/// The signed content of a ping: `Heartbeat(uint256 sessionId,address participant,uint64 seq,uint64 issuedAt)`.
///
/// ``signingHash(in:)`` computes the EIP-712 digest directly (two Keccak-256 over fixed-size buffers, no type
/// lookup), equal by construction and by test to the generic ``Signing/EIP712Struct`` path this type also conforms
/// to, so a ping's verification costs one hash pair and one signature recovery.
public struct HeartbeatMessage: Sendable, Hashable, EIP712Struct {
    /// The escrow's session id.
    public var sessionID: UInt256
    /// The wallet that sends the ping: the session's student or tutor.
    public var participant: Address
    /// A number the participant raises with every ping (it may skip values); replays are refused.
    public var seq: UInt64
    /// When the client made the ping, in unix seconds by its own clock.
    public var issuedAt: UInt64

    /// A message with these members.
    public init(sessionID: UInt256, participant: Address, seq: UInt64, issuedAt: UInt64) {
        self.sessionID = sessionID
        self.participant = participant
        self.seq = seq
        self.issuedAt = issuedAt
    }

    /// The EIP-712 `encodeType` of the message.
    public static let encodedType = "Heartbeat(uint256 sessionId,address participant,uint64 seq,uint64 issuedAt)"
    /// `keccak256(encodedType)`.
    public static let typeHash = Keccak256.hash(encodedType)

    public static let eip712TypeName = "Heartbeat"
    public static let eip712Members = [
        TypedDataMember(name: "sessionId", type: "uint256"),
        TypedDataMember(name: "participant", type: "address"),
        TypedDataMember(name: "seq", type: "uint64"),
        TypedDataMember(name: "issuedAt", type: "uint64"),
    ]
    public var eip712Values: [TypedDataValue] {
        [.uint(sessionID), .address(participant), .uint(seq), .uint(issuedAt)]
    }

    /// `hashStruct(message)`: Keccak-256 of the type hash and the four members, each as one 32-byte word.
    public var structHash: Hash {
        withUnsafeTemporaryAllocation(byteCount: 5 * 32, alignment: 8) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            Self.typeHash.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 32) }
            sessionID.write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[32..<64]))
            participant.withUnsafeBytes {
                buffer.baseAddress!.advanced(by: 64 + 12).copyMemory(from: $0.baseAddress!, byteCount: 20)
            }
            UInt256(seq).write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[96..<128]))
            UInt256(issuedAt).write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[128..<160]))
            return Keccak256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// The 32 bytes a wallet signs for this message in `domain`: `keccak256(0x19 ‖ 0x01 ‖ separator ‖ structHash)`.
    public func signingHash(in domain: HeartbeatDomain) -> Hash {
        let structHash = structHash
        return withUnsafeTemporaryAllocation(byteCount: 2 + 64, alignment: 8) { buffer in
            buffer[0] = 0x19
            buffer[1] = 0x01
            domain.separator.withUnsafeBytes {
                buffer.baseAddress!.advanced(by: 2).copyMemory(from: $0.baseAddress!, byteCount: 32)
            }
            structHash.withUnsafeBytes {
                buffer.baseAddress!.advanced(by: 34).copyMemory(from: $0.baseAddress!, byteCount: 32)
            }
            return Keccak256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Signs the message in `domain` with `key`, as a wallet's `eth_signTypedData_v4` does (for tests, tools and
    /// non-browser clients).
    ///
    /// - Throws: ``HeartbeatError/unrecoverableSignature(_:)`` only if libsecp256k1's signing fails (not seen in
    ///   practice).
    public func sign(in domain: HeartbeatDomain, with key: PrivateKey) throws(HeartbeatError) -> Signature {
        do {
            return try key.sign(digest: signingHash(in: domain))
        } catch {
            throw .unrecoverableSignature(error.description)
        }
    }

    /// The address whose key made `signature` over this message in `domain`.
    ///
    /// - Throws: ``HeartbeatError/unrecoverableSignature(_:)`` when r or s is zero or not below the curve order, s
    ///   is above n/2 (wallets always produce low s), or no public key matches.
    public func recoverSigner(_ signature: Signature, in domain: HeartbeatDomain) throws(HeartbeatError) -> Address {
        do {
            return try ECDSA.recoverAddress(digest: signingHash(in: domain), signature: signature)
        } catch {
            throw .unrecoverableSignature(error.description)
        }
    }
}

/// A ping as the client sends it: the message and the participant's signature over it.
public struct SignedPing: Sendable, Hashable {
    /// What was signed.
    public var message: HeartbeatMessage
    /// The participant's signature over ``message`` in the service's ``HeartbeatDomain``.
    public var signature: Signature

    /// A ping with this message and signature.
    public init(message: HeartbeatMessage, signature: Signature) {
        self.message = message
        self.signature = signature
    }

    /// Checks that the signature was made by the message's participant in `domain`.
    ///
    /// - Throws: ``HeartbeatError/signatureMismatch(claimed:recovered:)`` when it recovers to someone else (a
    ///   forgery, another chain or escrow, or a changed member), ``HeartbeatError/unrecoverableSignature(_:)`` when it
    ///   recovers to no one.
    public func verify(in domain: HeartbeatDomain) throws(HeartbeatError) {
        let signer = try message.recoverSigner(signature, in: domain)
        guard signer == message.participant else {
            throw .signatureMismatch(claimed: message.participant, recovered: signer)
        }
    }
}
