public import EthPrimitives
public import Secp256k1
public import Signing
public import Transactions

/// Everything that decides a chain's genesis and its rules: the chain id, the accounts and contracts that exist
/// at block 0, the block gas limit and first base fee, and the models deployments may instantiate.
///
/// Two chains made from equal configurations (and the same genesis timestamp) have the same genesis block hash.
public struct ChainConfig: Sendable {
    /// The chain id transactions must be signed for (EIP-155), and `chain.id` in contracts.
    public var chainID: UInt64
    /// The funded accounts at genesis, in order.
    public var accounts: [GenesisAccount]
    /// The development accounts `eth_accounts` lists, with their keys (public test keys: never use them on a real
    /// network).
    public var devAccounts: [DevAccount]
    /// The genesis block's timestamp; nil takes the clock's time when the chain starts.
    public var genesisTimestamp: UInt64?
    /// The gas limit of every block.
    public var gasLimit: UInt64
    /// The genesis block's base fee, wei; later blocks follow EIP-1559 from it.
    public var initialBaseFee: UInt256
    /// The least tip a transaction may offer (`transaction underpriced` below it); 0 by default, as anvil.
    public var minimumPriorityFee: UInt256
    /// The tip `eth_maxPriorityFeePerGas` suggests (and `eth_gasPrice` adds to the next base fee).
    public var suggestedPriorityFee: UInt256
    /// `block.coinbase`: who receives the tips.
    public var coinbase: Address
    /// The protocol rules transactions are checked against.
    public var fork: ChainRules.Fork
    /// The contract models deployments may instantiate, tried in order.
    public var models: [any ContractModel.Type]
    /// Contracts deployed at genesis, in order, at gas price 0 (each takes its deployer's next nonce).
    public var genesisDeployments: [GenesisDeployment]
    /// Calls made at genesis after the deployments, in order, at gas price 0 (each takes its sender's next nonce,
    /// as a transaction would).
    public var genesisCalls: [GenesisCall]
    /// Whether each transaction is mined in its own block as soon as it can be.
    public var automine: Bool
    /// How many recent blocks' states queries at an older block tag can read (the genesis state is always kept).
    public var stateHistory: Int

    /// The chain id of local development chains.
    public static let localChainID: UInt64 = 31337
    /// 1 gwei: the first base fee of a London genesis.
    public static let defaultInitialBaseFee: UInt256 = 1_000_000_000
    /// 30,000,000: the block gas limit.
    public static let defaultGasLimit: UInt64 = 30_000_000

    /// A configuration; by default a local chain (31337) with no accounts and no contracts, automining.
    public init(
        chainID: UInt64 = ChainConfig.localChainID, accounts: [GenesisAccount] = [], devAccounts: [DevAccount] = [],
        genesisTimestamp: UInt64? = nil, gasLimit: UInt64 = ChainConfig.defaultGasLimit,
        initialBaseFee: UInt256 = ChainConfig.defaultInitialBaseFee, minimumPriorityFee: UInt256 = 0,
        suggestedPriorityFee: UInt256 = 1_000_000_000, coinbase: Address = .zero,
        fork: ChainRules.Fork = .prague, models: [any ContractModel.Type] = [],
        genesisDeployments: [GenesisDeployment] = [], genesisCalls: [GenesisCall] = [], automine: Bool = true,
        stateHistory: Int = 128
    ) {
        self.chainID = chainID
        self.accounts = accounts
        self.devAccounts = devAccounts
        self.genesisTimestamp = genesisTimestamp
        self.gasLimit = gasLimit
        self.initialBaseFee = initialBaseFee
        self.minimumPriorityFee = minimumPriorityFee
        self.suggestedPriorityFee = suggestedPriorityFee
        self.coinbase = coinbase
        self.fork = fork
        self.models = models
        self.genesisDeployments = genesisDeployments
        self.genesisCalls = genesisCalls
        self.automine = automine
        self.stateHistory = stateHistory
    }

    /// The rules transactions are checked against.
    public var rules: ChainRules { ChainRules(chainID: chainID, fork: fork) }
}

/// An account funded at genesis.
public struct GenesisAccount: Sendable, Hashable {
    /// The account.
    public var address: Address
    /// Its balance, wei.
    public var balance: UInt256

    /// An account with this balance.
    public init(address: Address, balance: UInt256) {
        self.address = address
        self.balance = balance
    }
}

/// A contract deployed at genesis.
public struct GenesisDeployment: Sendable, Hashable {
    /// Who deploys it (its nonce gives the address).
    public var deployer: Address
    /// The creation bytecode followed by the ABI-encoded constructor arguments.
    public var initCode: [UInt8]
    /// Wei sent to the constructor.
    public var value: UInt256

    /// A deployment of `initCode` by `deployer`.
    public init(deployer: Address, initCode: [UInt8], value: UInt256 = 0) {
        self.deployer = deployer
        self.initCode = initCode
        self.value = value
    }
}

/// A call made at genesis (enabling a relayer, minting tokens).
public struct GenesisCall: Sendable, Hashable {
    /// `msg.sender`.
    public var from: Address
    /// The contract called.
    public var to: Address
    /// The calldata.
    public var data: [UInt8]
    /// Wei sent.
    public var value: UInt256

    /// A call of `to` with `data` from `from`.
    public init(from: Address, to: Address, data: [UInt8], value: UInt256 = 0) {
        self.from = from
        self.to = to
        self.data = data
        self.value = value
    }
}

/// A development account: an address and its private key.
public struct DevAccount: Sendable {
    /// The account's address.
    public var address: Address
    /// Its private key.
    public var privateKey: PrivateKey

    /// The account of `privateKey`.
    public init(privateKey: PrivateKey) {
        self.privateKey = privateKey
        address = privateKey.address
    }
}

extension ChainConfig {
    /// The well-known test mnemonic of local nodes (hardhat, anvil): its keys are public, for test chains only.
    public static let testMnemonic = "test test test test test test test test test test test junk"

    /// 10,000 ether: what each development account holds at genesis.
    public static let devAccountBalance: UInt256 = 10_000 * 1_000_000_000_000_000_000

    /// The first `count` accounts of `mnemonic` on the path `m/44'/60'/0'/0/i`.
    ///
    /// - Throws: `SigningError` when the phrase is not a valid BIP-39 mnemonic.
    public static func devAccounts(mnemonic: String = testMnemonic, count: Int = 10) throws(SigningError)
        -> [DevAccount]
    {
        let parent = try HDKey(seed: Mnemonic(phrase: mnemonic).seed()).derive(path: "m/44'/60'/0'/0")
        var accounts: [DevAccount] = []
        for index in 0..<count {
            let key = try parent.child(UInt32(index))
            accounts.append(DevAccount(privateKey: key.privateKey))
        }
        return accounts
    }

    /// The ten accounts of the test mnemonic, derived once (the mnemonic's PBKDF2 takes milliseconds).
    static let testMnemonicAccounts = try! devAccounts()  // the test mnemonic is valid

    /// A local development chain: the ten accounts of the test mnemonic with 10,000 ether each, no contracts.
    public static func development(models: [any ContractModel.Type] = [], genesisTimestamp: UInt64? = nil)
        -> ChainConfig
    {
        let accounts = testMnemonicAccounts
        return ChainConfig(
            accounts: accounts.map { GenesisAccount(address: $0.address, balance: devAccountBalance) },
            devAccounts: accounts, genesisTimestamp: genesisTimestamp, models: models)
    }
}
