import EthPrimitives
import Foundation
import Secp256k1
import Testing

@testable import Signing

@Suite struct KeystoreTests {
    @Test(arguments: SigningVectors.shared.keystores)
    func decryptsEthKeyfileFiles(_ row: SigningVectors.KeystoreRow) throws {
        let key = try Keystore.decrypt(row.keystore.text, password: row.password)
        #expect(key.revealedHex() == row.privateKey)
        #expect(try Keystore.statedAddress(row.keystore.text)?.checksummed == row.address)
        #expect(throws: SigningError.keystoreWrongPassword) {
            try Keystore.decrypt(row.keystore.text, password: row.password + "x")
        }
    }

    /// With the same salt, iv and id, encryption gives eth-keyfile's ciphertext and MAC byte for byte.
    @Test(arguments: SigningVectors.shared.keystores)
    func encryptsLikeEthKeyfile(_ row: SigningVectors.KeystoreRow) throws {
        let reference = try JSONSerialization.jsonObject(with: Data(row.keystore.text.utf8)) as! [String: Any]
        let crypto = reference["crypto"] as! [String: Any]
        let params = crypto["kdfparams"] as! [String: Any]
        let kdf: Keystore.KDF =
            row.kdf == "scrypt"
            ? .scrypt(n: params["n"] as! Int, r: params["r"] as! Int, p: params["p"] as! Int)
            : .pbkdf2(iterations: params["c"] as! Int)
        let text = try Keystore.encrypt(
            try PrivateKey(hex: row.privateKey), password: row.password, kdf: kdf,
            salt: try [UInt8](hex: params["salt"] as! String),
            iv: try [UInt8](hex: (crypto["cipherparams"] as! [String: Any])["iv"] as! String),
            id: UUID(uuidString: reference["id"] as! String))
        let ours = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let ourCrypto = ours["crypto"] as! [String: Any]
        #expect(ourCrypto["ciphertext"] as? String == crypto["ciphertext"] as? String)
        #expect(ourCrypto["mac"] as? String == crypto["mac"] as? String)
        #expect((ours["address"] as? String)?.lowercased() == (reference["address"] as? String)?.lowercased())
        #expect(ours["id"] as? String == reference["id"] as? String)
        #expect(try Keystore.decrypt(text, password: row.password).revealedHex() == row.privateKey)
    }

    @Test func roundTripWithRandomSaltAndFastParameters() throws {
        let key = PrivateKey.random()
        for kdf in [Keystore.KDF.scrypt(n: 16, r: 8, p: 1), .pbkdf2(iterations: 10), .light] {
            let text = try Keystore.encrypt(key, password: "pw", kdf: kdf)
            #expect(try Keystore.decrypt(text, password: "pw") == key)
            #expect(!text.contains(key.revealedHex().dropFirst(2)))
        }
    }

    static let sample = SigningVectors.shared.keystores[0]

    static func edited(_ edit: (inout [String: Any]) -> Void) -> String {
        var object = try! JSONSerialization.jsonObject(with: Data(sample.keystore.text.utf8)) as! [String: Any]
        edit(&object)
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func editCrypto(_ edit: @escaping (inout [String: Any]) -> Void) -> String {
        edited { object in
            var crypto = object["crypto"] as! [String: Any]
            edit(&crypto)
            object["crypto"] = crypto
        }
    }

    @Test(arguments: [
        ("not json", SigningError.keystoreMalformed("the text is not JSON")),
        (edited { $0["version"] = 1 }, .keystoreUnsupported("version 1 (only 3 is supported)")),
        (edited { $0["crypto"] = nil }, .keystoreMalformed("missing Crypto")),
        (editCrypto { $0["cipher"] = "aes-128-cbc" }, .keystoreUnsupported("cipher aes-128-cbc")),
        (editCrypto { $0["kdf"] = "argon2" }, .keystoreUnsupported("KDF argon2 (scrypt and pbkdf2 are supported)")),
        (editCrypto { $0["mac"] = "00" }, .keystoreMalformed("crypto.mac must be 32 bytes of hex")),
        (
            editCrypto { $0["cipherparams"] = ["iv": "0011"] },
            .keystoreMalformed("crypto.cipherparams.iv must be 16 bytes of hex")
        ),
        (
            editCrypto { $0["kdfparams"] = ["dklen": 32, "n": 3, "r": 8, "p": 1, "salt": "00"] },
            .keystoreKDFParameters("scrypt n must be a power of two above 1")
        ),
        (
            editCrypto { $0["kdfparams"] = ["dklen": 32, "n": 1 << 24, "r": 8, "p": 1, "salt": "00"] },
            .keystoreKDFParameters("scrypt needs more than 1024 MiB")
        ),
        (
            editCrypto { $0["kdfparams"] = ["dklen": 16, "n": 2, "r": 8, "p": 1, "salt": "00"] },
            .keystoreKDFParameters("dklen must be 32")
        ),
    ])
    func malformedKeystores(_ text: String, _ expected: SigningError) {
        #expect(throws: expected) { try Keystore.decrypt(text, password: "") }
    }

    @Test func statedAddressMustMatchTheKey() throws {
        // sample's password is "", so the MAC passes and the address check is what fails.
        #expect(Self.sample.password == "")
        let text = Self.edited { $0["address"] = "0000000000000000000000000000000000000001" }
        #expect(
            throws: SigningError.keystoreAddressMismatch(
                stated: "0000000000000000000000000000000000000001", actual: Self.sample.address)
        ) {
            try Keystore.decrypt(text, password: "")
        }
    }

    @Test func legacyCapitalisedCryptoIsRead() throws {
        let text = Self.edited { object in
            object["Crypto"] = object["crypto"]
            object["crypto"] = nil
        }
        #expect(try Keystore.decrypt(text, password: "").revealedHex() == Self.sample.privateKey)
    }
}
