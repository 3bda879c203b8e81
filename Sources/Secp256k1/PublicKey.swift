public import EthPrimitives

/// A secp256k1 public key: a point on the curve, kept as its 64-byte `x‖y`.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 64 bytes `x‖y`, big-endian coordinates (the form Ethereum hashes into an address).
    public let coordinates: [UInt8]

    init(coordinates: [UInt8]) {
        self.coordinates = coordinates
    }

    /// A key from its SEC 1 encoding (33 bytes compressed `02/03‖x`, 65 bytes uncompressed `04‖x‖y`) or from the
    /// 64-byte `x‖y` Ethereum nodes exchange.
    ///
    /// - Throws: ``Secp256k1Error/invalidPublicKeyLength(_:)``, or ``Secp256k1Error/invalidPublicKey`` for a point not
    ///   on the curve.
    public init(bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        var encoded = Array(bytes)
        switch encoded.count {
        case 33, 65: break
        case 64: encoded.insert(0x04, at: 0)
        default: throw .invalidPublicKeyLength(encoded.count)
        }
        coordinates = try Secp256k1Context.shared.parsePublicKey(encoded)
    }

    /// The 33-byte compressed SEC 1 encoding: `02` or `03` (the parity of y) then x.
    public var compressed: [UInt8] {
        [coordinates[63] & 1 == 0 ? 0x02 : 0x03] + coordinates[0..<32]
    }

    /// The 65-byte uncompressed SEC 1 encoding: `04‖x‖y`.
    public var uncompressed: [UInt8] { [0x04] + coordinates }

    /// The Ethereum address: the last 20 bytes of the Keccak-256 of `x‖y`.
    public var address: Address {
        try! Address(Keccak256.hash(coordinates).bytes.suffix(20))
    }

    /// True when `signature` is a valid low-s signature of `digest` by this key.
    public func isValidSignature(_ signature: Signature, digest: Hash) -> Bool {
        ECDSA.verify(digest: digest, signature: signature, publicKey: self)
    }

    /// The uncompressed encoding in hex.
    public var description: String { Hex.encode(uncompressed) }
}
