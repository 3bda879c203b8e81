public import EthPrimitives
public import Secp256k1

/// Why a message, typed data, keystore or mnemonic could not be signed, hashed, read or derived.
///
/// The one error type of `Signing`. Cases are named after the rule broken; descriptions start with the area
/// (`eip712:`, `keystore:`, `mnemonic:`, `bip32:`, `json:`) and never contain secret material.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: JSON

    /// Text that is not JSON, with the byte offset of the problem.
    case invalidJSON(String, offset: Int)

    // MARK: EIP-712

    /// A type name used in `types` or `primaryType` that is neither a known atomic/dynamic type nor defined.
    case unknownType(String, path: String)
    /// A struct type defined in `types` with a malformed member or name.
    case invalidTypeDefinition(String, reason: String)
    /// A value of the wrong JSON kind for its declared type (for example a number for `address`).
    case typeMismatch(path: String, expected: String)
    /// An integer that does not fit its declared `uintN`/`intN`.
    case integerOutOfRange(path: String, type: String)
    /// A number that is not an integer, or text that is not a decimal or `0x` integer.
    case invalidInteger(path: String)
    /// A `bytesN` value whose length is not N, or bytes that are not `0x` hex.
    case invalidBytes(path: String, expected: String)
    /// An `address` value that is not `0x` + 40 hex digits or fails its EIP-55 checksum.
    case invalidAddress(path: String, reason: String)
    /// A fixed-size array `T[k]` given another number of elements.
    case arrayLengthMismatch(path: String, expected: Int, actual: Int)
    /// A struct member absent from the value.
    case missingField(path: String)
    /// A required top-level member of the typed data JSON (`types`, `primaryType`, `domain`, `message`) is absent.
    case missingTypedDataMember(String)

    // MARK: Keystore

    /// A keystore file that does not have the Web3 Secret Storage v3 shape (the member named is missing or wrong).
    case keystoreMalformed(String)
    /// A keystore using a cipher, KDF or PRF this implementation does not support.
    case keystoreUnsupported(String)
    /// KDF parameters outside what is safe or possible (for example scrypt `n` not a power of two, or too much memory).
    case keystoreKDFParameters(String)
    /// The MAC does not match: the password is wrong (or the file is corrupted).
    case keystoreWrongPassword
    /// The decrypted key's address differs from the `address` the file states.
    case keystoreAddressMismatch(stated: String, actual: String)
    /// The underlying cryptography (swift-crypto) refused the operation.
    case keystoreCrypto(String)

    // MARK: Mnemonic and derivation

    /// A mnemonic with a word count other than 12, 15, 18, 21 or 24.
    case mnemonicWordCount(Int)
    /// A mnemonic word not in the English BIP-39 list, with its position (from 1).
    case mnemonicUnknownWord(position: Int)
    /// A mnemonic whose checksum bits do not match its entropy (a word is wrong or out of order).
    case mnemonicChecksum
    /// Entropy for a new mnemonic that is not 16, 20, 24, 28 or 32 bytes.
    case mnemonicEntropyLength(Int)
    /// A derivation path that is not `m` followed by `/index` or `/index'` components, at this component.
    case invalidDerivationPath(String, component: Int)
    /// A BIP-32 child index whose derived key is invalid (probability below 2^-127); use the next index.
    case invalidChildKey(index: UInt32)

    // MARK: Sign-In with Ethereum (EIP-4361)

    /// A message that breaks EIP-4361's grammar: the rule broken and the line (from 1) where it was found.
    case siweMalformed(String, line: Int)
    /// A message for another website: its domain is not the one the server expects.
    case siweDomainMismatch(expected: String, actual: String)
    /// A message whose scheme is not one the server accepts.
    case siweSchemeMismatch(expected: [String], actual: String)
    /// A message whose URI is not under the server's accepted URIs (by default: not on the expected domain).
    case siweURIMismatch(expected: [String], actual: String)
    /// A message bound to another chain than the server's.
    case siweChainMismatch(expected: UInt64, actual: UInt64)
    /// A message carrying another nonce than the one expected.
    case siweNonceMismatch
    /// A message used before its `Not Before` time.
    case siweNotYetValid(notBefore: String, now: String)
    /// A message used at or after its `Expiration Time`.
    case siweExpired(expirationTime: String, now: String)
    /// A message whose `Issued At` lies further in the future than the allowed clock skew.
    case siweIssuedInFuture(issuedAt: String, now: String)
    /// A message issued longer ago than the server accepts.
    case siweTooOld(issuedAt: String, maximumAgeSeconds: Int)
    /// A signature made by another key than the message's address.
    case siweSignatureMismatch(address: Address, recovered: Address)

    // MARK: Keys and signatures

    /// A key or signature problem from `Secp256k1`.
    case secp256k1(Secp256k1Error)

    public var description: String {
        switch self {
        case .invalidJSON(let reason, let offset): "json: \(reason) at byte offset \(offset)"
        case .unknownType(let name, let path):
            "eip712: unknown type \(String(reflecting: name)) at \(path); define it in types or use a Solidity type"
        case .invalidTypeDefinition(let name, let reason):
            "eip712: type \(String(reflecting: name)) is invalid: \(reason)"
        case .typeMismatch(let path, let expected): "eip712: \(path) must be \(expected)"
        case .integerOutOfRange(let path, let type): "eip712: \(path) does not fit in \(type)"
        case .invalidInteger(let path):
            "eip712: \(path) must be an integer (a JSON integer, a decimal string or a 0x hex string)"
        case .invalidBytes(let path, let expected): "eip712: \(path) must be \(expected)"
        case .invalidAddress(let path, let reason): "eip712: \(path) is not a valid address: \(reason)"
        case .arrayLengthMismatch(let path, let expected, let actual):
            "eip712: \(path) must have \(expected) elements, got \(actual)"
        case .missingField(let path): "eip712: \(path) is missing"
        case .missingTypedDataMember(let name): "eip712: typed data JSON has no \(String(reflecting: name)) member"
        case .keystoreMalformed(let what): "keystore: not a v3 keystore: \(what)"
        case .keystoreUnsupported(let what): "keystore: unsupported \(what)"
        case .keystoreKDFParameters(let what): "keystore: unusable KDF parameters: \(what)"
        case .keystoreWrongPassword:
            "keystore: wrong password (the MAC does not match; if the password is right, the file is corrupted)"
        case .keystoreAddressMismatch(let stated, let actual):
            "keystore: the file states address \(stated) but its key belongs to \(actual)"
        case .keystoreCrypto(let what): "keystore: cryptography failed: \(what)"
        case .mnemonicWordCount(let n): "mnemonic: must have 12, 15, 18, 21 or 24 words, got \(n)"
        case .mnemonicUnknownWord(let position):
            "mnemonic: word \(position) is not in the English BIP-39 word list"
        case .mnemonicChecksum: "mnemonic: checksum does not match; a word is wrong or out of order"
        case .mnemonicEntropyLength(let n): "mnemonic: entropy must be 16, 20, 24, 28 or 32 bytes, got \(n)"
        case .invalidDerivationPath(let path, let component):
            "bip32: derivation path \(String(reflecting: path)) is invalid at component \(component); write m/44'/60'/0'/0/0"
        case .invalidChildKey(let index): "bip32: child \(index) gives an invalid key; derive the next index"
        case .siweMalformed(let rule, let line): "siwe: line \(line): \(rule)"
        case .siweDomainMismatch(let expected, let actual):
            "siwe: the message is for domain \(String(reflecting: actual)), not \(String(reflecting: expected)); sign in from \(expected)"
        case .siweSchemeMismatch(let expected, let actual):
            "siwe: the message's scheme \(String(reflecting: actual)) is not accepted; use \(expected.joined(separator: " or "))"
        case .siweURIMismatch(let expected, let actual):
            "siwe: the message's URI \(String(reflecting: actual)) is not under \(expected.joined(separator: " or "))"
        case .siweChainMismatch(let expected, let actual):
            "siwe: the message is for chain \(actual), but this service runs on chain \(expected); switch the wallet's network"
        case .siweNonceMismatch: "siwe: the message carries another nonce than the one issued; sign the message again"
        case .siweNotYetValid(let notBefore, let now):
            "siwe: the message is not valid before \(notBefore) (now \(now))"
        case .siweExpired(let expirationTime, let now):
            "siwe: the message expired at \(expirationTime) (now \(now)); sign a new one"
        case .siweIssuedInFuture(let issuedAt, let now):
            "siwe: the message is issued at \(issuedAt), in the future (now \(now)); check the device's clock"
        case .siweTooOld(let issuedAt, let maximumAge):
            "siwe: the message was issued at \(issuedAt), more than \(maximumAge) s ago; sign a new one"
        case .siweSignatureMismatch(let address, let recovered):
            "siwe: the signature is by \(recovered.checksummed), not by the message's address \(address.checksummed)"
        case .secp256k1(let error): error.description
        }
    }
}
