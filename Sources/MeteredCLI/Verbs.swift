import ArgumentParser

extension Metered {
    /// Every verb `metered` knows, in the order `--help` lists them.
    static let verbs: [any ParsableCommand.Type] = [Wallet.self]
}
