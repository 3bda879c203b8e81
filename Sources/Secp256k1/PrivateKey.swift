public import EthPrimitives

/// A secp256k1 private key: 32 bytes, 0 < k < n.
///
/// The bytes live in memory this module allocates and zeroes when the last copy of the key is released. The key is
/// never shown: `description`, `debugDescription`, `dump` and `String(reflecting:)` print `PrivateKey(<redacted>)`,
/// and it is deliberately not `Codable` (store it with `Keystore` from the `Signing` module). Equality is checked in
/// constant time.
public struct PrivateKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    let secret: SecretBytes

    init(validated secret: SecretBytes) {
        self.secret = secret
    }

    /// A key from its 32 big-endian bytes.
    ///
    /// - Throws: ``Secp256k1Error/invalidPrivateKeyLength(_:)`` or ``Secp256k1Error/privateKeyOutOfRange``.
    public init(bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        guard bytes.count == 32 else { throw .invalidPrivateKeyLength(bytes.count) }
        let secret = SecretBytes(copying: bytes)
        guard Secp256k1Context.shared.isValidSecretKey(secret) else { throw .privateKeyOutOfRange }
        self.secret = secret
    }

    /// A key from 64 hex digits, with or without `0x`.
    ///
    /// The digits are decoded straight into protected memory. Errors describe what is wrong without repeating any of
    /// the text.
    /// - Throws: ``Secp256k1Error/privateKeyNotHex``, ``Secp256k1Error/invalidPrivateKeyLength(_:)`` or
    ///   ``Secp256k1Error/privateKeyOutOfRange``.
    public init(hex: some StringProtocol) throws(Secp256k1Error) {
        let secret = try SecretBytes.decodingHex(hex, count: 32)
        guard Secp256k1Context.shared.isValidSecretKey(secret) else { throw .privateKeyOutOfRange }
        self.secret = secret
    }

    /// A new key from the system's secure random number generator.
    public static func random() -> PrivateKey {
        var rng = SystemRandomNumberGenerator()
        return random(using: &rng)
    }

    /// A new key from `generator` (use a cryptographically secure one outside tests).
    public static func random(using generator: inout some RandomNumberGenerator) -> PrivateKey {
        while true {
            let secret = SecretBytes.random(count: 32, using: &generator)
            if Secp256k1Context.shared.isValidSecretKey(secret) { return PrivateKey(validated: secret) }
        }
    }

    /// The key's public key.
    public var publicKey: PublicKey {
        // A validated key always has a public key; libsecp256k1 fails only for an invalid one.
        PublicKey(coordinates: try! Secp256k1Context.shared.publicKey(of: secret))
    }

    /// The Ethereum address of the key (the last 20 bytes of the Keccak-256 of the 64-byte public key).
    public var address: Address { publicKey.address }

    /// Signs a 32-byte digest: deterministic (RFC 6979), low s (EIP-2), with the recovery parity.
    ///
    /// - Throws: ``Secp256k1Error/signingFailed`` if libsecp256k1's nonce function fails (not seen in practice).
    public func sign(digest: Hash) throws(Secp256k1Error) -> Signature {
        try ECDSA.sign(digest: digest, with: self)
    }

    /// The key plus `tweak` (32 big-endian bytes) modulo n, as BIP-32 child derivation needs.
    ///
    /// - Throws: ``Secp256k1Error/invalidTweak`` when the tweak is not below n or the sum is zero.
    public func addingTweak(_ tweak: some Collection<UInt8>) throws(Secp256k1Error) -> PrivateKey {
        let child = SecretBytes(copying: secret)
        try Secp256k1Context.shared.tweakAdd(child, tweak: Array(tweak))
        return PrivateKey(validated: child)
    }

    /// Lends the raw 32 key bytes to `body`, for encrypting the key (keystores) or deriving from it (BIP-32).
    ///
    /// The buffer is valid only during the call; do not copy the bytes anywhere that outlives it unprotected.
    public func withUnsafeSecretBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try secret.withUnsafeBytes(body)
    }

    /// The key as `0x` + 64 hex digits, for the rare tool whose purpose is to show it (a development node listing its
    /// well-known test accounts). Never log it.
    public func revealedHex() -> String {
        secret.hexString()
    }

    public static func == (lhs: PrivateKey, rhs: PrivateKey) -> Bool {
        lhs.secret.constantTimeEquals(rhs.secret)
    }

    public var description: String { "PrivateKey(<redacted>)" }
    public var debugDescription: String { "PrivateKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
