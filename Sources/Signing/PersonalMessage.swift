public import EthPrimitives
public import Secp256k1

/// EIP-191 version 0x45 messages, what `personal_sign` and `eth_sign` sign:
/// `keccak256("\u{19}Ethereum Signed Message:\n" ‖ decimal length ‖ message)`.
public enum PersonalMessage {
    private static let prefix = Array("\u{19}Ethereum Signed Message:\n".utf8)

    /// The hash a wallet signs for `message` (raw bytes).
    public static func hash(_ message: some Collection<UInt8>) -> Hash {
        var hasher = Keccak256()
        hasher.update(prefix)
        // The length in decimal, written without building a String.
        var length = message.count
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(length % 10)
                length /= 10
            } while length > 0
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
        hasher.update(message)
        return hasher.finalize()
    }

    /// The hash a wallet signs for the UTF-8 of `text`.
    public static func hash(_ text: String) -> Hash { hash(text.utf8) }

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
