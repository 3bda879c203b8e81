import ArgumentParser

extension Metered {
    /// Every verb `metered` knows, in the order `--help` lists them.
    static let verbs: [any ParsableCommand.Type] = [
        Keccak.self,
        ToChecksum.self,
        ToRLP.self,
        FromRLP.self,
        Wallet.self,
        Tx.self,
    ]
}
