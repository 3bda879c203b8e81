import ArgumentParser

extension Metered {
    /// Every verb `metered` knows, in the order `--help` lists them.
    static let verbs: [any ParsableCommand.Type] = [
        Keccak.self,
        Sig.self, SigEvent.self, AbiEncode.self, AbiEncodePacked.self, Calldata.self, AbiDecode.self,
        ToChecksum.self,
        ToRLP.self,
        FromRLP.self,
        Wallet.self,
        Tx.self,
        NodeVerb.self,
        Up.self,
        HeartbeatVerb.self,
        RelayerVerb.self,
        MatchmakerVerb.self,
        DemoVerb.self,
    ]
}
