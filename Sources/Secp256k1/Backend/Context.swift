// The only file set that sees libsecp256k1 (STYLE.md: "C stays behind a wall"). Everything here is internal: the
// public types call these functions with Swift values, and every C return code becomes a `Secp256k1Error`.
internal import CSecp256k1
import EthPrimitives

/// The one libsecp256k1 context of the process: created once, randomised against side channels, then only read.
///
/// libsecp256k1 documents every operation used here as safe to call concurrently on one context (only
/// `secp256k1_context_randomize` and destruction mutate it, and neither happens after `init`), so the instance is
/// shared across threads.
final class Secp256k1Context: @unchecked Sendable {
    /// The process-wide context, made on first use.
    static let shared = Secp256k1Context()

    let raw: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1: could not allocate a context (out of memory)")
        }
        var seed = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in seed.indices { seed[i] = rng.next() }
        let randomised = secp256k1_context_randomize(context, seed)
        secureZero(&seed)
        // Randomisation of a freshly created (non-static) context cannot fail; refuse to run unprotected if it did.
        precondition(randomised == 1, "secp256k1: context randomisation failed")
        raw = context
    }

    deinit {
        secp256k1_context_destroy(raw)
    }

    // MARK: Secret keys

    /// True when `secret` (32 bytes) is a valid secret key: 0 < k < n.
    func isValidSecretKey(_ secret: SecretBytes) -> Bool {
        secret.withUnsafeBytes { secp256k1_ec_seckey_verify(raw, $0.baseAddress!) == 1 }
    }

    /// Adds `tweak` (32 bytes, big-endian, below n) to `secret` modulo n, in place.
    func tweakAdd(_ secret: SecretBytes, tweak: [UInt8]) throws(Secp256k1Error) {
        guard tweak.count == 32 else { throw .invalidTweak }
        let ok = secret.withUnsafeMutableBytes { key in
            tweak.withUnsafeBufferPointer { secp256k1_ec_seckey_tweak_add(raw, key.baseAddress!, $0.baseAddress!) }
        }
        // 0 when the tweak is not below n or the sum is zero (probability about 2^-128 for an honest tweak).
        guard ok == 1 else { throw .invalidTweak }
    }

    // MARK: Public keys

    /// The 64-byte `x‖y` of the public key of `secret`.
    func publicKey(of secret: SecretBytes) throws(Secp256k1Error) -> [UInt8] {
        var pubkey = secp256k1_pubkey()
        let ok = secret.withUnsafeBytes { secp256k1_ec_pubkey_create(raw, &pubkey, $0.baseAddress!) }
        guard ok == 1 else { throw .privateKeyOutOfRange }
        return try serializeCoordinates(&pubkey)
    }

    /// Parses a SEC 1 public key (33 bytes compressed or 65 bytes uncompressed) into its 64-byte `x‖y`.
    func parsePublicKey(_ encoded: [UInt8]) throws(Secp256k1Error) -> [UInt8] {
        var pubkey = secp256k1_pubkey()
        let ok = encoded.withUnsafeBufferPointer {
            secp256k1_ec_pubkey_parse(raw, &pubkey, $0.baseAddress!, $0.count)
        }
        guard ok == 1 else { throw .invalidPublicKey }
        return try serializeCoordinates(&pubkey)
    }

    private func serializeCoordinates(_ pubkey: inout secp256k1_pubkey) throws(Secp256k1Error) -> [UInt8] {
        var length = 65
        let coordinates = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65) { out -> [UInt8]? in
            let ok = secp256k1_ec_pubkey_serialize(
                raw, out.baseAddress!, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
            guard ok == 1, length == 65, out[0] == 0x04 else { return nil }
            return Array(out[1..<65])
        }
        guard let coordinates else { throw .invalidPublicKey }
        return coordinates
    }

    // MARK: Signatures

    /// Signs a 32-byte digest deterministically (RFC 6979, libsecp256k1's default nonce function).
    ///
    /// - Returns: `r`, `s` (libsecp256k1 always produces low s) and the recovery id (0 or 1).
    func signRecoverable(
        digest: Hash, secret: SecretBytes
    ) throws(Secp256k1Error) -> (r: UInt256, s: UInt256, recoveryID: Int32) {
        var signature = secp256k1_ecdsa_recoverable_signature()
        let signed = digest.withUnsafeBytes { message in
            secret.withUnsafeBytes { key in
                secp256k1_ecdsa_sign_recoverable(
                    raw, &signature, message.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    key.baseAddress!, nil, nil)
            }
        }
        guard signed == 1 else { throw .signingFailed }
        var recoveryID: Int32 = -1
        let scalars = withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { rs -> (UInt256, UInt256)? in
            let serialized = secp256k1_ecdsa_recoverable_signature_serialize_compact(
                raw, rs.baseAddress!.assumingMemoryBound(to: UInt8.self), &recoveryID, &signature)
            guard serialized == 1 else { return nil }
            let bytes = UnsafeRawBufferPointer(rs)
            return (try! UInt256(bigEndianBytes: bytes[0..<32]), try! UInt256(bigEndianBytes: bytes[32..<64]))
        }
        guard let scalars, recoveryID == 0 || recoveryID == 1 else { throw .signingFailed }
        return (scalars.0, scalars.1, recoveryID)
    }

    /// Writes `r‖s` (64 bytes) to a stack buffer for the length of `body`.
    private func withCompact<R>(r: UInt256, s: UInt256, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
            r.write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<32]))
            s.write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[32..<64]))
            return body(UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)))
        }
    }

    /// Recovers the 64-byte `x‖y` of the key that made (`r`, `s`, `recoveryID`) over `digest`.
    func recover(digest: Hash, r: UInt256, s: UInt256, recoveryID: Int32) throws(Secp256k1Error) -> [UInt8] {
        var signature = secp256k1_ecdsa_recoverable_signature()
        let parsed = withCompact(r: r, s: s) {
            secp256k1_ecdsa_recoverable_signature_parse_compact(raw, &signature, $0, recoveryID)
        }
        guard parsed == 1 else { throw .signatureScalarOutOfRange }
        var pubkey = secp256k1_pubkey()
        let recovered = digest.withUnsafeBytes {
            secp256k1_ecdsa_recover(raw, &pubkey, &signature, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard recovered == 1 else { throw .recoveryFailed }
        return try serializeCoordinates(&pubkey)
    }

    /// Verifies the low-s signature (`r`, `s`) over `digest` against the public key `coordinates` (`x‖y`).
    func verify(digest: Hash, r: UInt256, s: UInt256, coordinates: [UInt8]) -> Bool {
        var signature = secp256k1_ecdsa_signature()
        let parsed = withCompact(r: r, s: s) { secp256k1_ecdsa_signature_parse_compact(raw, &signature, $0) }
        guard parsed == 1 else { return false }
        var pubkey = secp256k1_pubkey()
        let parsedKey = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65) { encoded in
            encoded[0] = 0x04
            _ = UnsafeMutableBufferPointer(rebasing: encoded[1...]).initialize(from: coordinates)
            return secp256k1_ec_pubkey_parse(raw, &pubkey, encoded.baseAddress!, 65)
        }
        guard parsedKey == 1 else { return false }
        return digest.withUnsafeBytes {
            secp256k1_ecdsa_verify(raw, &signature, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &pubkey)
        } == 1
    }
}
