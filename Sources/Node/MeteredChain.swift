import ChainSim
import EthPrimitives

extension LocalNode {
    /// The chain configuration of `metered node`: the Metered genesis of CONTRACTS.md (``ChainSim/MeteredGenesis``)
    /// as a ``ChainSim/ChainConfig``.
    ///
    /// The ten development accounts of the test mnemonic with 10,000 ether each; account 0 deploys TestToken,
    /// SessionEscrow, SessionCredential and SessionRatings at its nonces 0…3 and enables account 1 as a relayer at
    /// nonce 4, all at gas price 0 in the genesis block. The addresses are those of
    /// `contracts-abi/deployments.json`, whatever the chain id (they depend only on the deployer and its nonces).
    ///
    /// - Parameters:
    ///   - chainID: the chain id (31337 by default).
    ///   - genesisTimestamp: the genesis block's timestamp; nil takes the clock's time when the chain starts.
    public static func meteredConfig(chainID: UInt64 = MeteredGenesis.chainID, genesisTimestamp: UInt64? = nil)
        -> ChainConfig
    {
        var config = ChainConfig.development(models: MeteredGenesis.models, genesisTimestamp: genesisTimestamp)
        config.chainID = chainID
        config.genesisDeployments = MeteredGenesis.deployments.map {
            GenesisDeployment(deployer: MeteredGenesis.deployer, initCode: $0.initCode)
        }
        config.genesisCalls = MeteredGenesis.setupCalls.map {
            GenesisCall(from: MeteredGenesis.deployer, to: $0.to, data: $0.data)
        }
        return config
    }

    /// The contracts of the Metered genesis, by name, in deployment order.
    public static var meteredContracts: [(name: String, address: Address)] {
        MeteredGenesis.deployments.map { ($0.name, $0.address) }
    }
}
