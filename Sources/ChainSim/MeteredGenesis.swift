import Contracts
public import EthPrimitives
public import Secp256k1
import Transactions

/// The local chain's genesis of CONTRACTS.md ("The local chain's genesis"): chain 31337, the ten development
/// accounts of the well-known test mnemonic with 10,000 ether each, the four Metered contracts deployed by account 0
/// at its nonces 0…3 (TestToken, SessionEscrow, SessionCredential, SessionRatings, with the constructor arguments
/// `contracts-abi/deployments.json` records), then `setRelayer(account 1, true)` at nonce 4.
///
/// The same genesis `contracts-abi/deployments.json` lists and every file of `vectors/contracts/` starts from, so
/// the addresses are the ones wallets, scripts and the services already know.
public enum MeteredGenesis {
    /// 31337, the chain id of local development chains.
    public static let chainID: UInt64 = 31337

    /// The ten development accounts (``ChainConfig/testMnemonic``, `m/44'/60'/0'/0/i` for i = 0…9), with their keys.
    public static var devAccounts: [DevAccount] { ChainConfig.testMnemonicAccounts }

    /// The ten development accounts, account 0 first.
    public static let accounts: [Address] = ChainConfig.testMnemonicAccounts.map(\.address)

    /// The ten development accounts' keys, account 0 first (the keys of ``devAccounts``).
    public static var accountKeys: [PrivateKey] { devAccounts.map(\.privateKey) }

    /// The test mnemonic the development accounts come from (``ChainConfig/testMnemonic``): public knowledge, for
    /// test chains only.
    public static var mnemonic: String { ChainConfig.testMnemonic }

    /// 10,000 ether, each development account's balance.
    public static var accountBalance: UInt256 { ChainConfig.devAccountBalance }

    /// Account 0: deploys the contracts and owns the escrow.
    public static var deployer: Address { accounts[0] }

    /// The relayers the escrow's owner enables at genesis: account 1.
    public static var relayers: [Address] { [accounts[1]] }

    /// `minSeconds` of the genesis SessionCredential: 60, so a one-minute demo call earns a credential.
    public static let minSeconds: UInt256 = 60
    /// The genesis SessionCredential's name.
    public static let credentialName = "Metered Session Credential"
    /// The genesis SessionCredential's symbol.
    public static let credentialSymbol = "MSC"
    /// The genesis SessionCredential's base URI: empty (`tokenURI` is "").
    public static let credentialBaseURI = ""

    /// One contract the genesis deploys.
    public struct Deployment: Sendable, Hashable {
        /// The contract's name, as in `contracts-abi/<name>.json`.
        public var name: String
        /// The complete init code: the committed creation bytecode and the encoded constructor arguments.
        public var initCode: [UInt8]
        /// The deployer's nonce for this creation.
        public var nonce: UInt64
        /// The CREATE address of ``MeteredGenesis/deployer`` and ``nonce``.
        public var address: Address
    }

    /// The TestToken's address: CREATE of account 0 at nonce 0.
    public static let testToken = ContractAddress.create(sender: deployer, nonce: 0)
    /// The SessionEscrow's address: CREATE of account 0 at nonce 1.
    public static let escrow = ContractAddress.create(sender: deployer, nonce: 1)
    /// The SessionCredential's address: CREATE of account 0 at nonce 2.
    public static let credential = ContractAddress.create(sender: deployer, nonce: 2)
    /// The SessionRatings' address: CREATE of account 0 at nonce 3.
    public static let ratings = ContractAddress.create(sender: deployer, nonce: 3)

    /// The four deployments, in order.
    public static let deployments: [Deployment] = [
        Deployment(name: "TestToken", initCode: TestToken.deploymentCode(), nonce: 0, address: testToken),
        Deployment(name: "SessionEscrow", initCode: SessionEscrow.deploymentCode(), nonce: 1, address: escrow),
        Deployment(
            name: "SessionCredential",
            initCode: SessionCredential.deploymentCode(
                escrow: escrow, minSeconds: minSeconds, name: credentialName, symbol: credentialSymbol,
                baseURI: credentialBaseURI),
            nonce: 2, address: credential),
        Deployment(
            name: "SessionRatings", initCode: SessionRatings.deploymentCode(escrow: escrow), nonce: 3, address: ratings),
    ]

    /// The calls account 0 makes after the deployments: `setRelayer(relayer, true)` on the escrow for each of
    /// ``relayers``, at nonces 4….
    public static var setupCalls: [GenesisCall] {
        relayers.map { relayer in
            GenesisCall(
                from: deployer, to: escrow, data: SessionEscrow.SetRelayer(account: relayer, enabled: true).calldata)
        }
    }

    /// The models of the four contracts: what a Metered chain lets deployments instantiate.
    public static let models: [any ContractModel.Type] = [
        TestTokenModel.self, SessionEscrowModel.self, SessionCredentialModel.self, SessionRatingsModel.self,
    ]
}

extension ChainConfig {
    /// The Metered local chain of CONTRACTS.md: ``development(models:genesisTimestamp:)``'s ten accounts with 10,000
    /// ether each, the four contracts' models, their genesis deployments by account 0 at nonces 0…3 and account 1
    /// made a relayer at nonce 4 (``MeteredGenesis``), automining. Account 0's next nonce is 5.
    public static var metered: ChainConfig { metered() }

    /// The Metered local chain (see ``metered``) with these settings.
    ///
    /// - Parameters:
    ///   - genesisTimestamp: the genesis block's time; nil takes the clock's time when the chain starts.
    ///   - extraModels: models beyond the four contracts that deployments may instantiate (a test helper such as
    ///     ``WalletModel``).
    public static func metered(
        genesisTimestamp: UInt64? = nil, automine: Bool = true, extraModels: [any ContractModel.Type] = []
    ) -> ChainConfig {
        var config = development(models: MeteredGenesis.models + extraModels, genesisTimestamp: genesisTimestamp)
        config.genesisDeployments = MeteredGenesis.deployments.map {
            GenesisDeployment(deployer: MeteredGenesis.deployer, initCode: $0.initCode)
        }
        config.genesisCalls = MeteredGenesis.setupCalls
        config.automine = automine
        return config
    }
}
