public import EthPrimitives

/// Signing, recovery and verification over a 32-byte digest, the way Ethereum does them.
public enum ECDSA {
    /// Whether recovery accepts signatures with s above n/2.
    public enum HighSPolicy: Sendable {
        /// Refuse them, as Ethereum does for every transaction since Homestead (EIP-2). The default.
        case reject
        /// Accept them: for pre-Homestead transactions and for off-chain signatures from tools that never normalised.
        case allow
    }

    /// Signs `digest` with `key`: deterministic (RFC 6979), always low s (EIP-2), with the recovery parity.
    ///
    /// - Throws: ``Secp256k1Error/signingFailed`` if libsecp256k1's nonce function fails (not seen in practice).
    public static func sign(digest: Hash, with key: PrivateKey) throws(Secp256k1Error) -> Signature {
        let (r, s, recoveryID) = try Secp256k1Context.shared.signRecoverable(digest: digest, secret: key.secret)
        let signature = Signature(r: r, s: s, yParity: recoveryID == 1)
        // libsecp256k1 only ever produces low s; normalising is then a no-op, kept so the guarantee is ours.
        return signature.normalized()
    }

    /// The public key that made `signature` over `digest`.
    ///
    /// - Parameter highS: whether to accept s above n/2 (Ethereum does not, since Homestead).
    /// - Throws: ``Secp256k1Error/signatureScalarOutOfRange`` (r or s zero or ≥ n), ``Secp256k1Error/highS``,
    ///   ``Secp256k1Error/recoveryFailed``.
    public static func recover(
        digest: Hash, signature: Signature, highS: HighSPolicy = .reject
    ) throws(Secp256k1Error) -> PublicKey {
        guard signature.r != .zero, signature.s != .zero, signature.r < Signature.curveOrder,
            signature.s < Signature.curveOrder
        else { throw .signatureScalarOutOfRange }
        if highS == .reject, !signature.isLowS { throw .highS }
        let coordinates = try Secp256k1Context.shared.recover(
            digest: digest, r: signature.r, s: signature.s, recoveryID: signature.yParity ? 1 : 0)
        return PublicKey(coordinates: coordinates)
    }

    /// The address that made `signature` over `digest` (see ``recover(digest:signature:highS:)``).
    public static func recoverAddress(
        digest: Hash, signature: Signature, highS: HighSPolicy = .reject
    ) throws(Secp256k1Error) -> Address {
        try recover(digest: digest, signature: signature, highS: highS).address
    }

    /// True when `signature` is a valid low-s signature of `digest` by `publicKey` (the parity is not needed).
    public static func verify(digest: Hash, signature: Signature, publicKey: PublicKey) -> Bool {
        guard signature.isLowS else { return false }
        return Secp256k1Context.shared.verify(
            digest: digest, r: signature.r, s: signature.s, coordinates: publicKey.coordinates)
    }
}
