public import EthPrimitives
public import Secp256k1

/// EIP-191 version 0x45 messages, what `personal_sign` and `eth_sign` sign:
/// `keccak256("\u{19}Ethereum Signed Message:\n" ‖ decimal length ‖ message)`.
public enum PersonalMessage {
    /// The hash a wallet signs for `message` (raw bytes).
    public static func hash(_ message: some Collection<UInt8>) -> Hash {
        var hasher = Keccak256()
        hasher.update(Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8))
        hasher.update(message)
        return hasher.finalize()
    }

    /// The hash a wallet signs for the UTF-8 of `text`.
    public static func hash(_ text: String) -> Hash { hash(Array(text.utf8)) }

    /// Signs `message` as `personal_sign` does (deterministic, low s; ``Signature/rsv`` gives the 65-byte form).
    public static func sign(_ message: some Collection<UInt8>, with key: PrivateKey) throws(SigningError) -> Signature {
        do {
            return try key.sign(digest: hash(message))
        } catch {
            throw .secp256k1(error)
        }
    }

    /// Signs the UTF-8 of `text`.
    public static func sign(_ text: String, with key: PrivateKey) throws(SigningError) -> Signature {
        try sign(Array(text.utf8), with: key)
    }

    /// The address that signed `message`.
    ///
    /// - Throws: ``SigningError/secp256k1(_:)`` when the signature is malformed, high-s or recovers nothing.
    public static func recoverSigner(
        _ message: some Collection<UInt8>, signature: Signature
    ) throws(SigningError) -> Address {
        do {
            return try ECDSA.recoverAddress(digest: hash(message), signature: signature)
        } catch {
            throw .secp256k1(error)
        }
    }

    /// The address that signed the UTF-8 of `text`.
    public static func recoverSigner(_ text: String, signature: Signature) throws(SigningError) -> Address {
        try recoverSigner(Array(text.utf8), signature: signature)
    }
}
