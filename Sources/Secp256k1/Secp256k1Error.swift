/// Why a key, signature or recovery was refused.
///
/// The one error type of `Secp256k1`. Cases are named after the rule broken; descriptions start with `secp256k1:`
/// and never contain secret material (a malformed private key is described by its shape, never by its text).
public enum Secp256k1Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A private key that is not 32 bytes long (the count is of bytes, or of whole hex-digit pairs).
    case invalidPrivateKeyLength(Int)
    /// A private key given as text that is not hex digits (an optional `0x` and 64 digits).
    case privateKeyNotHex
    /// A private key equal to zero or not below the curve order n.
    case privateKeyOutOfRange
    /// A public key whose encoding is neither 33 bytes (compressed) nor 65 bytes (uncompressed), nor 64 (`x‖y`).
    case invalidPublicKeyLength(Int)
    /// A public key that is not a point on the curve, or has an unknown prefix byte.
    case invalidPublicKey
    /// A signature encoding of the wrong size (65 bytes `r‖s‖v` expected).
    case invalidSignatureLength(Int)
    /// A `v` value that is none of 0, 1, 27, 28 or an EIP-155 value (35 or more).
    case invalidV(UInt64)
    /// A `v` value from EIP-155 that names another chain than the one expected.
    case chainIDMismatch(expected: UInt64, actual: UInt64)
    /// A chain id too large for `v = chainId * 2 + 35 + yParity` to fit in 64 bits.
    case chainIDTooLarge(UInt64)
    /// `r` or `s` is zero or not below the curve order n.
    case signatureScalarOutOfRange
    /// `s` is above n/2: Ethereum accepts only low-s signatures since Homestead (EIP-2).
    case highS
    /// No public key matches the signature and digest (recovery failed).
    case recoveryFailed
    /// libsecp256k1 could not produce a signature (its nonce function failed).
    case signingFailed
    /// A key-derivation tweak that is not 32 bytes below n, or that led to the zero key.
    case invalidTweak

    public var description: String {
        switch self {
        case .invalidPrivateKeyLength(let n):
            "secp256k1: private key must be 32 bytes (64 hex digits), got \(n) bytes"
        case .privateKeyNotHex:
            "secp256k1: private key must be 64 hex digits, optionally after 0x; the text given is not hex"
        case .privateKeyOutOfRange:
            "secp256k1: private key must be above zero and below the curve order"
        case .invalidPublicKeyLength(let n):
            "secp256k1: public key must be 33 bytes (compressed), 65 bytes (uncompressed) or 64 bytes (x‖y), got \(n)"
        case .invalidPublicKey:
            "secp256k1: public key is not a point on the curve (or its prefix byte is not 02, 03 or 04)"
        case .invalidSignatureLength(let n):
            "secp256k1: signature must be 65 bytes (r‖s‖v), got \(n)"
        case .invalidV(let v):
            "secp256k1: signature v must be 0, 1, 27, 28 or an EIP-155 value of 35 or more, got \(v)"
        case .chainIDMismatch(let expected, let actual):
            "secp256k1: signature v is for chain \(actual), expected chain \(expected)"
        case .chainIDTooLarge(let id):
            "secp256k1: chain id \(id) is too large for an EIP-155 v value"
        case .signatureScalarOutOfRange:
            "secp256k1: signature r and s must be above zero and below the curve order"
        case .highS:
            "secp256k1: signature s is above n/2; Ethereum accepts only low-s signatures (EIP-2)"
        case .recoveryFailed:
            "secp256k1: no public key matches this signature and digest"
        case .signingFailed:
            "secp256k1: signing failed (the nonce function gave no valid nonce)"
        case .invalidTweak:
            "secp256k1: key derivation tweak is not below the curve order or gives the zero key; derive the next index"
        }
    }
}
