import EthPrimitives
import Foundation

/// Keeps private keys out of error messages, whatever path produced them.
///
/// Verbs never put a key in their own errors, but the argument parser quotes arguments it does not understand
/// (`metered wallet address --private-ky 0x…` reports the unexpected `0x…`). Before an error is printed, every
/// secret the invocation carried is replaced by `<redacted>`: the value of `--private-key` (as the next argument or
/// after `=`), the `METERED_PRIVATE_KEY` variable, and, for the key-taking verbs (`wallet`, `tx`), any argument that
/// has the shape of a private key (64 hex digits, with or without `0x`).
enum SecretRedaction {
    static let keyTakingVerbs: Set<String> = ["wallet", "tx"]

    static func redact(_ message: String, arguments: [String], environment: [String: String]) -> String {
        var secrets: [String] = []
        for (i, argument) in arguments.enumerated() {
            if argument == "--private-key", i + 1 < arguments.count {
                secrets.append(arguments[i + 1])
            } else if argument.hasPrefix("--private-key=") {
                secrets.append(String(argument.dropFirst("--private-key=".count)))
            } else if let verb = arguments.first, keyTakingVerbs.contains(verb), looksLikePrivateKey(argument) {
                secrets.append(argument)
            }
        }
        if let key = environment["METERED_PRIVATE_KEY"] {
            secrets.append(key)
            secrets.append(key.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var out = message
        // Longest first, so a secret containing another is removed whole; also without its 0x prefix.
        let forms = secrets.flatMap { s in [s, s.hasPrefix("0x") || s.hasPrefix("0X") ? String(s.dropFirst(2)) : s] }
        for secret in Set(forms).sorted(by: { $0.count > $1.count }) where secret.count >= 8 {
            out = out.replacingOccurrences(of: secret, with: "<redacted>")
            out = out.replacingOccurrences(of: secret.lowercased(), with: "<redacted>")
        }
        return out
    }

    static func looksLikePrivateKey(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        return body.count == 64 && body.utf8.allSatisfy { Hex.digitValue($0) != nil }
    }
}
