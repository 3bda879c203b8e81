import ArgumentParser
import Foundation
import Secp256k1
import Signing

/// Where a signing verb gets its private key: `--private-key`, `METERED_PRIVATE_KEY`, or a keystore file unlocked
/// with a password file. Shared by every verb that signs (`wallet sign`, `tx sign`, …).
struct KeySourceOptions: ParsableArguments {
    @Option(
        name: .customLong("private-key"),
        help: ArgumentHelp(
            "The private key, 0x + 64 hex digits. Prefer METERED_PRIVATE_KEY or --keystore: arguments are visible "
                + "in the shell history and the process list.",
            valueName: "key"))
    var privateKey: String?

    @Option(help: ArgumentHelp("A keystore (Web3 Secret Storage v3) file holding the key.", valueName: "file"))
    var keystore: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("The file whose first line is the keystore's password.", valueName: "file"))
    var passwordFile: String?

    /// The environment variable read when neither `--private-key` nor `--keystore` is given.
    static let environmentVariable = "METERED_PRIVATE_KEY"

    func validate() throws {
        if privateKey != nil, keystore != nil {
            throw UsageError("give the key once: --private-key or --keystore, not both")
        }
        if keystore != nil, passwordFile == nil {
            throw UsageError("--keystore needs --password-file <file> with the keystore's password")
        }
        if passwordFile != nil, keystore == nil {
            throw UsageError("--password-file is only read with --keystore <file>")
        }
    }

    /// Loads the key from the first source given: `--private-key`, then `--keystore`, then `METERED_PRIVATE_KEY`.
    ///
    /// - Throws: a one-line error naming the source and the problem, never containing the key.
    func loadPrivateKey() throws -> PrivateKey {
        try Self.loadPrivateKey(privateKey: privateKey, keystore: keystore, passwordFile: passwordFile)
    }

    /// ``loadPrivateKey()`` for verbs that gather the options themselves.
    static func loadPrivateKey(privateKey: String?, keystore: String?, passwordFile: String?) throws -> PrivateKey {
        if let privateKey {
            do {
                return try PrivateKey(hex: privateKey)
            } catch {
                throw UsageError("--private-key: \(error)")
            }
        }
        if let keystore, let passwordFile {
            let text = try readFile(keystore, what: "keystore")
            let password = try readPassword(passwordFile)
            do {
                return try Keystore.decrypt(text, password: password)
            } catch {
                throw UsageError("--keystore \(keystore): \(error)")
            }
        }
        if let fromEnvironment = CLIEnvironment.variables[environmentVariable] {
            do {
                return try PrivateKey(hex: fromEnvironment.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw UsageError("\(environmentVariable): \(error)")
            }
        }
        throw UsageError(
            "no private key: give --private-key, set \(environmentVariable), or use --keystore with --password-file")
    }
}

/// The text of the file at `path`.
func readFile(_ path: String, what: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw UsageError("cannot read \(what) file \(path): \((error as NSError).localizedDescription)")
    }
}

/// The password in `path`: its first line, without the line break (as geth's `--password` reads it).
func readPassword(_ path: String) throws -> String {
    let text = try readFile(path, what: "password")
    // "\r\n" is one Character in Swift, so compare against each line-break form.
    return String(text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
}
