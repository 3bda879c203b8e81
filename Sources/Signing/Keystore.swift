import Crypto
public import EthPrimitives
import Foundation
public import Secp256k1
import _CryptoExtras

/// Web3 Secret Storage (keystore v3): a private key encrypted with AES-128-CTR under a key stretched from a password
/// by scrypt or PBKDF2-HMAC-SHA256, with a Keccak-256 MAC that tells a wrong password apart.
///
/// Files written here read in geth, Foundry (`cast wallet`), MetaMask imports and eth-account, and theirs read here.
public enum Keystore {
    /// How the password is stretched into the encryption key.
    public enum KDF: Sendable, Hashable {
        /// scrypt with cost `n` (a power of two), block size `r` and parallelism `p`.
        case scrypt(n: Int, r: Int, p: Int)
        /// PBKDF2-HMAC-SHA256 with `c` iterations.
        case pbkdf2(iterations: Int)

        /// geth's "standard" scrypt parameters (n = 2^18, r = 8, p = 1): about a second and 256 MiB per attempt.
        public static let standard = KDF.scrypt(n: 1 << 18, r: 8, p: 1)
        /// geth's "light" scrypt parameters (n = 2^12, r = 6, p = 1), for keys that need fast unlocking.
        public static let light = KDF.scrypt(n: 1 << 12, r: 6, p: 1)
    }

    /// The largest scrypt memory (128·n·r·p bytes) a file may ask for; more is refused rather than exhausting RAM.
    public static let maximumScryptMemory = 1 << 30
    /// The largest PBKDF2 iteration count a file may ask for.
    public static let maximumPBKDF2Iterations = 100_000_000

    /// Encrypts `key` under `password` as a v3 keystore JSON document.
    ///
    /// - Parameters:
    ///   - kdf: the password stretching; ``KDF/standard`` unless unlocking speed matters more than brute-force cost.
    ///   - salt: the KDF salt (random 32 bytes when nil; pass one only for reproducible tests).
    ///   - iv: the AES-CTR initial counter (random 16 bytes when nil).
    ///   - id: the file's UUID (random version 4 when nil).
    /// - Throws: ``SigningError/keystoreKDFParameters(_:)`` for unusable parameters,
    ///   ``SigningError/keystoreCrypto(_:)`` if swift-crypto refuses.
    public static func encrypt(
        _ key: PrivateKey, password: String, kdf: KDF = .standard, salt: [UInt8]? = nil, iv: [UInt8]? = nil,
        id: UUID? = nil
    ) throws(SigningError) -> String {
        var rng = SystemRandomNumberGenerator()
        let salt = salt ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let iv = iv ?? (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        guard iv.count == 16 else { throw .keystoreKDFParameters("the AES-128-CTR iv must be 16 bytes") }
        let kdfParams: KDFParams
        switch kdf {
        case .scrypt(let n, let r, let p):
            kdfParams = .scrypt(dklen: 32, n: n, r: r, p: p, salt: salt)
        case .pbkdf2(let c):
            kdfParams = .pbkdf2(dklen: 32, c: c, prf: "hmac-sha256", salt: salt)
        }
        var derived = try deriveKey(password: password, params: kdfParams)
        defer { wipe(&derived) }
        let ciphertext = try key.withUnsafeSecretBytes { secret throws(SigningError) in
            try aes128CTR(key: Array(derived[0..<16]), iv: iv, data: secret)
        }
        let mac = Keccak256.hash(Array(derived[16..<32]) + ciphertext)
        let file = KeystoreFile(
            address: Hex.encode(key.address.bytes, prefix: false),
            crypto: CryptoSection(
                cipher: "aes-128-ctr", cipherparams: CipherParams(iv: Hex.encode(iv, prefix: false)),
                ciphertext: Hex.encode(ciphertext, prefix: false), kdf: kdfParams.name, kdfparams: kdfParams,
                mac: Hex.encode(mac.bytes, prefix: false)),
            id: (id ?? UUID()).uuidString.lowercased(), version: 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(file), as: UTF8.self)
    }

    /// Decrypts a v3 keystore document with `password`.
    ///
    /// - Throws: ``SigningError/keystoreWrongPassword`` when the MAC does not match;
    ///   ``SigningError/keystoreMalformed(_:)``, ``SigningError/keystoreUnsupported(_:)`` or
    ///   ``SigningError/keystoreKDFParameters(_:)`` for a file that cannot be read;
    ///   ``SigningError/keystoreAddressMismatch(stated:actual:)`` when the key does not match the stated address.
    public static func decrypt(_ json: String, password: String) throws(SigningError) -> PrivateKey {
        let file = try parse(json)
        let crypto = file.crypto
        guard crypto.cipher == "aes-128-ctr" else { throw .keystoreUnsupported("cipher \(crypto.cipher)") }
        guard let iv = try? Hex.decode(crypto.cipherparams.iv), iv.count == 16 else {
            throw .keystoreMalformed("crypto.cipherparams.iv must be 16 bytes of hex")
        }
        guard let ciphertext = try? Hex.decode(crypto.ciphertext), ciphertext.count == 32 else {
            throw .keystoreMalformed("crypto.ciphertext must be 32 bytes of hex")
        }
        guard let mac = try? Hex.decode(crypto.mac), mac.count == 32 else {
            throw .keystoreMalformed("crypto.mac must be 32 bytes of hex")
        }
        var derived = try deriveKey(password: password, params: crypto.kdfparams)
        defer { wipe(&derived) }
        let expected = Keccak256.hash(Array(derived[16..<32]) + ciphertext).bytes
        var difference: UInt8 = 0
        for (a, b) in zip(expected, mac) { difference |= a ^ b }
        guard difference == 0 else { throw .keystoreWrongPassword }
        var plaintext = try aes128CTR(key: Array(derived[0..<16]), iv: iv, data: ciphertext)
        defer { wipe(&plaintext) }
        let key: PrivateKey
        do {
            key = try PrivateKey(bytes: plaintext)
        } catch {
            throw .secp256k1(error)
        }
        if let stated = file.address, !stated.isEmpty {
            let actual = Hex.encode(key.address.bytes, prefix: false)
            let normalized =
                stated.lowercased().hasPrefix("0x") ? String(stated.lowercased().dropFirst(2)) : stated.lowercased()
            guard normalized == actual else {
                throw .keystoreAddressMismatch(stated: stated, actual: key.address.checksummed)
            }
        }
        return key
    }

    /// The address a keystore states (without decrypting it), or nil when it states none.
    ///
    /// - Throws: ``SigningError/keystoreMalformed(_:)`` for a file that is not a v3 keystore or an address that is not
    ///   20 bytes of hex.
    public static func statedAddress(_ json: String) throws(SigningError) -> Address? {
        guard let stated = try parse(json).address, !stated.isEmpty else { return nil }
        guard let bytes = try? Hex.decode(stated), let address = try? Address(bytes) else {
            throw .keystoreMalformed("address must be 20 bytes of hex")
        }
        return address
    }

    // MARK: Internals

    private static func parse(_ json: String) throws(SigningError) -> KeystoreFile {
        let file: KeystoreFile
        do {
            file = try JSONDecoder().decode(KeystoreFile.self, from: Data(json.utf8))
        } catch let error as SigningError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw .keystoreMalformed(
                "missing \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .keystoreMalformed("wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw .keystoreMalformed("bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw .keystoreMalformed("the text is not JSON")
        }
        guard file.version == 3 else { throw .keystoreUnsupported("version \(file.version) (only 3 is supported)") }
        return file
    }

    private static func deriveKey(password: String, params: KDFParams) throws(SigningError) -> [UInt8] {
        let passwordBytes = Array(password.utf8)
        do {
            switch params {
            case .scrypt(let dklen, let n, let r, let p, let salt):
                guard dklen == 32 else { throw SigningError.keystoreKDFParameters("dklen must be 32") }
                guard n > 1, n & (n - 1) == 0 else {
                    throw SigningError.keystoreKDFParameters("scrypt n must be a power of two above 1")
                }
                guard r >= 1, p >= 1, r <= 1 << 16, p <= 1 << 16 else {
                    throw SigningError.keystoreKDFParameters("scrypt r and p must be positive")
                }
                let (memory, overflow) = (128 * r).multipliedReportingOverflow(by: n)
                guard !overflow, memory * p <= maximumScryptMemory else {
                    throw SigningError.keystoreKDFParameters("scrypt needs more than \(maximumScryptMemory >> 20) MiB")
                }
                let key = try _CryptoExtras.KDF.Scrypt.deriveKey(
                    from: passwordBytes, salt: salt, outputByteCount: dklen, rounds: n, blockSize: r, parallelism: p,
                    maxMemory: memory * (p + 1) + (1 << 20))
                return key.withUnsafeBytes { Array($0) }
            case .pbkdf2(let dklen, let c, let prf, let salt):
                guard dklen == 32 else { throw SigningError.keystoreKDFParameters("dklen must be 32") }
                guard prf == "hmac-sha256" else { throw SigningError.keystoreUnsupported("PBKDF2 prf \(prf)") }
                guard c >= 1, c <= maximumPBKDF2Iterations else {
                    throw SigningError.keystoreKDFParameters(
                        "PBKDF2 c must be between 1 and \(maximumPBKDF2Iterations)")
                }
                let key = try _CryptoExtras.KDF.Insecure.PBKDF2.deriveKey(
                    from: passwordBytes, salt: salt, using: .sha256, outputByteCount: dklen, unsafeUncheckedRounds: c)
                return key.withUnsafeBytes { Array($0) }
            }
        } catch let error as SigningError {
            throw error
        } catch {
            throw .keystoreCrypto("key derivation: \(error)")
        }
    }

    private static func aes128CTR(key: [UInt8], iv: [UInt8], data: some DataProtocol) throws(SigningError) -> [UInt8] {
        do {
            let out = try AES._CTR.encrypt(
                data, using: SymmetricKey(data: key), nonce: try AES._CTR.Nonce(nonceBytes: iv))
            return Array(out)
        } catch {
            throw .keystoreCrypto("AES-128-CTR: \(error)")
        }
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }
}

// MARK: The file's JSON shape

private struct KeystoreFile: Codable {
    var address: String?
    var crypto: CryptoSection
    var id: String?
    var version: Int

    enum CodingKeys: String, CodingKey {
        case address, crypto, id, version
        case legacyCrypto = "Crypto"
    }

    init(address: String?, crypto: CryptoSection, id: String?, version: Int) {
        self.address = address
        self.crypto = crypto
        self.id = id
        self.version = version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        // geth wrote "Crypto" in early files and still reads both.
        if c.contains(.crypto) {
            crypto = try c.decode(CryptoSection.self, forKey: .crypto)
        } else {
            crypto = try c.decode(CryptoSection.self, forKey: .legacyCrypto)
        }
        id = try c.decodeIfPresent(String.self, forKey: .id)
        version = try c.decode(Int.self, forKey: .version)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(address, forKey: .address)
        try c.encode(crypto, forKey: .crypto)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(version, forKey: .version)
    }
}

private struct CryptoSection: Codable {
    var cipher: String
    var cipherparams: CipherParams
    var ciphertext: String
    var kdf: String
    var kdfparams: KDFParams
    var mac: String

    enum CodingKeys: String, CodingKey {
        case cipher, cipherparams, ciphertext, kdf, kdfparams, mac
    }

    init(
        cipher: String, cipherparams: CipherParams, ciphertext: String, kdf: String, kdfparams: KDFParams, mac: String
    ) {
        self.cipher = cipher
        self.cipherparams = cipherparams
        self.ciphertext = ciphertext
        self.kdf = kdf
        self.kdfparams = kdfparams
        self.mac = mac
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cipher = try c.decode(String.self, forKey: .cipher)
        cipherparams = try c.decode(CipherParams.self, forKey: .cipherparams)
        ciphertext = try c.decode(String.self, forKey: .ciphertext)
        kdf = try c.decode(String.self, forKey: .kdf)
        mac = try c.decode(String.self, forKey: .mac)
        let params = try c.superDecoder(forKey: .kdfparams)
        switch kdf {
        case "scrypt": kdfparams = try KDFParams.decodeScrypt(from: params)
        case "pbkdf2": kdfparams = try KDFParams.decodePBKDF2(from: params)
        default: throw SigningError.keystoreUnsupported("KDF \(kdf) (scrypt and pbkdf2 are supported)")
        }
    }
}

private struct CipherParams: Codable {
    var iv: String
}

private enum KDFParams: Codable {
    case scrypt(dklen: Int, n: Int, r: Int, p: Int, salt: [UInt8])
    case pbkdf2(dklen: Int, c: Int, prf: String, salt: [UInt8])

    var name: String {
        switch self {
        case .scrypt: "scrypt"
        case .pbkdf2: "pbkdf2"
        }
    }

    enum Keys: String, CodingKey { case dklen, n, r, p, c, prf, salt }

    static func salt(_ c: KeyedDecodingContainer<Keys>) throws -> [UInt8] {
        guard let salt = try? Hex.decode(try c.decode(String.self, forKey: .salt)) else {
            throw SigningError.keystoreMalformed("crypto.kdfparams.salt must be hex")
        }
        return salt
    }

    static func decodeScrypt(from decoder: any Decoder) throws -> KDFParams {
        let c = try decoder.container(keyedBy: Keys.self)
        return .scrypt(
            dklen: try c.decode(Int.self, forKey: .dklen), n: try c.decode(Int.self, forKey: .n),
            r: try c.decode(Int.self, forKey: .r), p: try c.decode(Int.self, forKey: .p), salt: try salt(c))
    }

    static func decodePBKDF2(from decoder: any Decoder) throws -> KDFParams {
        let c = try decoder.container(keyedBy: Keys.self)
        return .pbkdf2(
            dklen: try c.decode(Int.self, forKey: .dklen), c: try c.decode(Int.self, forKey: .c),
            prf: try c.decode(String.self, forKey: .prf), salt: try salt(c))
    }

    init(from decoder: any Decoder) throws {
        throw SigningError.keystoreMalformed("crypto.kdfparams must be read with crypto.kdf")
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .scrypt(let dklen, let n, let r, let p, let salt):
            try c.encode(dklen, forKey: .dklen)
            try c.encode(n, forKey: .n)
            try c.encode(r, forKey: .r)
            try c.encode(p, forKey: .p)
            try c.encode(Hex.encode(salt, prefix: false), forKey: .salt)
        case .pbkdf2(let dklen, let iterations, let prf, let salt):
            try c.encode(dklen, forKey: .dklen)
            try c.encode(iterations, forKey: .c)
            try c.encode(prf, forKey: .prf)
            try c.encode(Hex.encode(salt, prefix: false), forKey: .salt)
        }
    }
}
