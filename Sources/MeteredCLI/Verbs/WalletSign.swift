import ArgumentParser
import EthPrimitives
import Secp256k1
import Signing

/// The bytes of a message argument: hex bytes when it starts with `0x`, else its UTF-8.
func messageBytes(_ message: String) throws -> [UInt8] {
    guard message.hasPrefix("0x") || message.hasPrefix("0X") else { return Array(message.utf8) }
    do {
        return try Hex.decode(message, requirePrefix: true)
    } catch {
        throw UsageError("message starts with 0x, so it must be hex bytes: \(error)")
    }
}

/// `wallet address`: the checksummed address of the key.
struct WalletAddress: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "address", abstract: "Print the checksummed address of a private key.")

    @OptionGroup var key: KeySourceOptions

    func result() throws -> String {
        try key.loadPrivateKey().address.checksummed
    }
}

/// `wallet sign`: EIP-191 `personal_sign`.
struct WalletSign: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a message as personal_sign does (EIP-191).",
        discussion: "Prints 0x + r (32 bytes) s (32 bytes) v (1 byte, 27 or 28); s is always low (EIP-2).")

    @OptionGroup var key: KeySourceOptions

    @Argument(help: "The message: hex bytes if it starts with 0x, else its UTF-8.")
    var message: String

    func result() throws -> String {
        let bytes = try messageBytes(message)
        return Hex.encode(try PersonalMessage.sign(bytes, with: try key.loadPrivateKey()).rsv)
    }
}

/// `wallet sign-typed-data`: EIP-712.
struct WalletSignTypedData: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "sign-typed-data",
        abstract: "Sign EIP-712 typed data given as the JSON eth_signTypedData_v4 takes.",
        discussion: """
            The JSON has types, primaryType, domain and message. Integers may be JSON numbers, decimal strings or \
            0x hex strings. Prints 0x + r s v as for 'wallet sign'.
            """)

    @OptionGroup var key: KeySourceOptions

    @Argument(help: "The typed data JSON.")
    var json: String

    func result() throws -> String {
        let typed = try TypedData(json: json)
        return Hex.encode(try typed.sign(with: try key.loadPrivateKey()).rsv)
    }
}

/// The signature argument of the recover verbs: 65 bytes `r‖s‖v`.
func signatureArgument(_ text: String) throws -> Signature {
    let bytes: [UInt8]
    do {
        bytes = try Hex.decode(text, requirePrefix: true)
    } catch {
        throw UsageError("signature must be 0x + 130 hex digits (r, s, v): \(error)")
    }
    return try Signature(rsv: bytes)
}

/// `wallet recover`: the signer of an EIP-191 message.
struct WalletRecover: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Print the address that signed a message with personal_sign (EIP-191).",
        discussion: "Signatures with a high s are refused, as Ethereum refuses them (EIP-2).")

    @Argument(help: "The message: hex bytes if it starts with 0x, else its UTF-8.")
    var message: String

    @Argument(help: "The signature: 0x + r s v (65 bytes; v 27/28 or 0/1).")
    var signature: String

    func result() throws -> String {
        let bytes = try messageBytes(message)
        return try PersonalMessage.recoverSigner(bytes, signature: try signatureArgument(signature)).checksummed
    }
}

/// `wallet recover-typed-data`: the signer of EIP-712 data.
struct WalletRecoverTypedData: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "recover-typed-data",
        abstract: "Print the address that signed EIP-712 typed data.",
        discussion: "Signatures with a high s are refused, as Ethereum refuses them (EIP-2).")

    @Argument(help: "The typed data JSON.")
    var json: String

    @Argument(help: "The signature: 0x + r s v (65 bytes; v 27/28 or 0/1).")
    var signature: String

    func result() throws -> String {
        let typed = try TypedData(json: json)
        return try typed.recoverSigner(try signatureArgument(signature)).checksummed
    }
}
