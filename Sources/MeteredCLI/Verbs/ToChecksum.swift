import ArgumentParser
import EthPrimitives

/// `metered to-checksum <address>`: the EIP-55 mixed-case form of an address.
struct ToChecksum: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "to-checksum",
        abstract: "Print ADDRESS in its EIP-55 checksummed form.",
        discussion: """
            ADDRESS is 0x followed by 40 hex digits. All-lowercase and all-uppercase digits are taken as they are; \
            digits mixing both cases must already match the EIP-55 checksum, since a mismatch is how a typo shows.

            Example:
              metered to-checksum 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed
            """
    )

    @Argument(help: "0x and 40 hex digits.")
    var address: String

    init() {}

    func result() throws -> String {
        try Address(hex: address).checksummed
    }
}
