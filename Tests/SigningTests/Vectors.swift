import Foundation

/// The rows of vectors/signing.json that this target checks (made by tools/vectors/gen_signing.py).
struct SigningVectors: Decodable {
    struct PersonalRow: Decodable, Sendable, CustomStringConvertible {
        var kind, message, privateKey, address, hash, signature: String
        var description: String { "\(kind) \(message.prefix(16).debugDescription) by \(address.prefix(8))" }
    }
    struct TypedRow: Decodable, Sendable, CustomStringConvertible {
        var name, typedData, encodeType, typeHash, domainSeparator, hashStruct, signingHash: String
        var privateKey, address, signature: String
        var description: String { name }
    }
    struct KeystoreRow: Decodable, Sendable, CustomStringConvertible {
        var kdf, password, privateKey, address: String
        var keystore: KeystoreJSON
        var description: String { "\(kdf) \(password.debugDescription)" }
    }
    /// A keystore kept as its JSON text (the tests read it as a user's file would be read).
    struct KeystoreJSON: Decodable, Sendable {
        var text: String
        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer().decode(AnyJSON.self)
            let data = try JSONSerialization.data(withJSONObject: value.object, options: [.sortedKeys])
            text = String(decoding: data, as: UTF8.self)
        }
    }
    struct Mnemonics: Decodable, Sendable {
        struct Account: Decodable, Sendable, CustomStringConvertible {
            var path, privateKey, address: String
            var description: String { path }
        }
        struct Generated: Decodable, Sendable, CustomStringConvertible {
            var entropy, mnemonic, passphrase, seed, path, privateKey, address: String
            var description: String { "\(entropy.count / 2 - 1) bytes \(path)" }
        }
        var testMnemonic: String
        var testAccounts: [Account]
        var generated: [Generated]
    }
    var eip191: [PersonalRow]
    var eip712: [TypedRow]
    var keystores: [KeystoreRow]
    var mnemonics: Mnemonics

    static let shared: SigningVectors = {
        let data = try! Data(contentsOf: packageRoot.appendingPathComponent("vectors/signing.json"))
        return try! JSONDecoder().decode(SigningVectors.self, from: data)
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// Any JSON value, for re-serialising a nested object.
struct AnyJSON: Decodable {
    var object: Any
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode([String: AnyJSON].self) {
            object = v.mapValues(\.object)
        } else if let v = try? c.decode([AnyJSON].self) {
            object = v.map(\.object)
        } else if let v = try? c.decode(Int.self) {
            object = v
        } else if let v = try? c.decode(String.self) {
            object = v
        } else if let v = try? c.decode(Bool.self) {
            object = v
        } else {
            object = NSNull()
        }
    }
}
