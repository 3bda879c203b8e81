import ArgumentParser

/// `metered wallet …`: keys, EIP-191 and EIP-712 signatures, keystores.
struct Wallet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Keys, EIP-191 and EIP-712 signatures, and keystore files.",
        discussion: """
            Verbs that sign read the private key from --private-key, from the METERED_PRIVATE_KEY environment \
            variable, or from --keystore <file> with --password-file <file>. Prefer the last two: a key on the \
            command line ends up in the shell history and the process list. No output or error message ever \
            contains the key.
            """,
        subcommands: [
            WalletAddress.self, WalletSign.self, WalletSignTypedData.self, WalletRecover.self,
            WalletRecoverTypedData.self, WalletNew.self, WalletImport.self,
        ]
    )
}
