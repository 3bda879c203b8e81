import ArgumentParser
import Foundation
import Secp256k1
import Signing

/// The options of the verbs that write a keystore.
struct KeystoreOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where to write the keystore file (it must not exist yet).", valueName: "file"))
    var keystore: String

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("The file whose first line is the password to encrypt with.", valueName: "file"))
    var passwordFile: String

    @Option(
        help: ArgumentHelp(
            "Password stretching: standard (scrypt n=2^18, about a second), light (scrypt n=2^12) or pbkdf2 "
                + "(262144 rounds of HMAC-SHA256).",
            valueName: "kdf"))
    var kdf: KDFChoice = .standard

    enum KDFChoice: String, ExpressibleByArgument, CaseIterable {
        case standard, light, pbkdf2

        var kdf: Keystore.KDF {
            switch self {
            case .standard: .standard
            case .light: .light
            case .pbkdf2: .pbkdf2(iterations: 262_144)
            }
        }
    }

    /// Encrypts `key` and writes the file readable by its owner only (0600); returns the address.
    func write(_ key: PrivateKey) throws -> String {
        let password = try readPassword(passwordFile)
        let text = try Keystore.encrypt(key, password: password, kdf: kdf.kdf)
        let created = FileManager.default.createFile(
            atPath: keystore, contents: nil, attributes: [.posixPermissions: 0o600])
        guard created else {
            throw UsageError("cannot create keystore file \(keystore) (does its directory exist and allow writing?)")
        }
        guard let handle = FileHandle(forWritingAtPath: keystore) else {
            throw UsageError("cannot open keystore file \(keystore) for writing")
        }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data((text + "\n").utf8))
        } catch {
            throw UsageError("cannot write keystore file \(keystore): \((error as NSError).localizedDescription)")
        }
        return key.address.checksummed
    }

    func validate() throws {
        if FileManager.default.fileExists(atPath: keystore) {
            throw UsageError("keystore file \(keystore) already exists; choose another path")
        }
    }
}

/// `wallet new`: a fresh key, written as a keystore.
struct WalletNew: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new random key and write it to a keystore file (mode 0600); print its address.")

    @OptionGroup var output: KeystoreOutputOptions

    func result() throws -> String {
        try output.write(PrivateKey.random())
    }
}

/// `wallet import`: an existing key, written as a keystore.
struct WalletImport: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Write a private key (from --private-key or METERED_PRIVATE_KEY) to a keystore file; print its address.")

    @Option(
        name: .customLong("private-key"),
        help: ArgumentHelp("The key to import; prefer METERED_PRIVATE_KEY.", valueName: "key"))
    var privateKey: String?

    @OptionGroup var output: KeystoreOutputOptions

    func result() throws -> String {
        // The output's --keystore is where to write, so the key comes only from --private-key or the environment.
        let key = try KeySourceOptions.loadPrivateKey(privateKey: privateKey, keystore: nil, passwordFile: nil)
        return try output.write(key)
    }
}
