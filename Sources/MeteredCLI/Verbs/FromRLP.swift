import ArgumentParser
import EthPrimitives
import RLP

/// `metered from-rlp <hex>`: the JSON form of one RLP item.
struct FromRLP: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "from-rlp",
        abstract: "Decode RLP and print the item as JSON.",
        discussion: """
            The input is hex bytes ("0x" followed by an even number of hex digits, either case) holding exactly \
            one RLP item. Prints byte strings as lowercase "0x" hex strings ("0x" when empty) and lists as JSON \
            arrays, compact, with no spaces: the form to-rlp takes.

            Decoding is strict: a non-canonical form (a byte below 0x80 wrapped as a string, the long form for a \
            short payload, a length with leading zeros), a length past the end of the input, lists nested deeper \
            than \(RLPDecoder.defaultMaxDepth), or bytes after the item are errors naming the rule and the byte \
            offset (counted in bytes of the input, from 0).

            Examples:
              metered from-rlp 0xc88363617483646f67   # ["0x636174","0x646f67"]
              metered from-rlp 0x8100                 # error: rlp: nonCanonicalSingleByte: ...
            """
    )

    @Argument(help: "The RLP, as 0x hex.")
    var hex: String

    func result() throws -> String {
        let bytes = try Hex.decode(hex, requirePrefix: true)
        return try RLPDecoder.decode(RLPItem.self, from: bytes).description
    }
}

/// RLP errors already read as one line that names the rule and the offset.
extension RLPError: CommandLineError {}
