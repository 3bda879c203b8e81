import ArgumentParser
import EthPrimitives

/// `metered keccak <data>`: the Keccak-256 of hex bytes or of UTF-8 text, as `cast keccak` computes it.
struct Keccak: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "keccak",
        abstract: "Print the Keccak-256 of DATA as 0x and 64 hex digits.",
        discussion: """
            DATA that starts with a lowercase 0x is hex bytes: an even number of hex digits after it, in either \
            case (0x alone is the empty byte string). A character after 0x that is not a hex digit is an error \
            naming its offset, and so is an odd number of digits; nothing is trimmed. Any other DATA, including \
            text starting with 0X, is hashed as its UTF-8 bytes.

            This is Ethereum's Keccak-256 (padding 0x01), not NIST SHA3-256.

            Examples:
              metered keccak 'transfer(address,uint256)'
              metered keccak 0x68656c6c6f
            """
    )

    @Argument(help: "Hex bytes (0x…) or text.")
    var data: String

    init() {}

    func result() throws -> String {
        if data.hasPrefix("0x") {
            return Keccak256.hash(try Hex.decode(data, requirePrefix: true)).description
        }
        return Keccak256.hash(data).description
    }
}
