import Foundation
public import Secp256k1
import Signing

/// Where the relayer's signing key comes from: a keystore v3 file unlocked by a password file, or an environment
/// variable holding the hex key.
///
/// The key never appears in logs, errors or metrics: ``PrivateKey`` prints as `PrivateKey(<redacted>)`, and every
/// error here names the source and the problem only.
public enum RelayerKeySource: Sendable, Hashable, CustomStringConvertible {
    /// A Web3 Secret Storage (keystore v3) file and the file whose first line is its password.
    case keystore(path: String, passwordFile: String)
    /// An environment variable holding `0x` + 64 hex digits (`METERED_PRIVATE_KEY` by default).
    case environment(variable: String)

    /// The environment variable read by default.
    public static let defaultVariable = "METERED_PRIVATE_KEY"

    /// `keystore <path>` or `environment variable <NAME>`: where the key comes from, never the key.
    public var description: String {
        switch self {
        case .keystore(let path, _): "keystore \(path)"
        case .environment(let variable): "environment variable \(variable)"
        }
    }

    /// Loads the key.
    ///
    /// - Parameter environment: the process environment to read a variable from (injected for tests).
    /// - Throws: ``RelayerError/keyUnavailable(_:)`` naming the source and what is wrong with it: a missing or
    ///   unreadable file, a wrong password, a variable that is unset or not a valid key.
    public func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(RelayerError)
        -> PrivateKey
    {
        switch self {
        case .environment(let variable):
            guard let text = environment[variable], !text.isEmpty else {
                throw .keyUnavailable("\(variable) is not set; set it or give a keystore and a password file")
            }
            do {
                return try PrivateKey(hex: text.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw .keyUnavailable("\(variable) does not hold a valid private key (\(error))")
            }
        case .keystore(let path, let passwordFile):
            let json: String
            let passwordText: String
            do {
                json = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .keyUnavailable("cannot read keystore \(path): \((error as NSError).localizedDescription)")
            }
            do {
                passwordText = try String(contentsOfFile: passwordFile, encoding: .utf8)
            } catch {
                throw .keyUnavailable(
                    "cannot read password file \(passwordFile): \((error as NSError).localizedDescription)")
            }
            // The first line, as geth's --password reads it ("\r\n" is one Character in Swift).
            let password = String(passwordText.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
            do {
                return try Keystore.decrypt(json, password: password)
            } catch {
                throw .keyUnavailable("keystore \(path): \(error)")
            }
        }
    }
}
