public import EthPrimitives

/// One account of the world state: an externally owned account, or a contract run by a model.
public struct Account: Sendable {
    /// The native balance, wei.
    public var balance: UInt256
    /// The account's nonce: transactions sent by an externally owned account, contracts created by a contract
    /// (a new contract starts at 1, EIP-161).
    public var nonce: UInt64
    /// The runtime code `eth_getCode` reports; empty for an externally owned account.
    public var code: [UInt8] {
        didSet { codeHash = Self.hash(code) }
    }
    /// The Keccak-256 of ``code`` (`keccak256("")` for none), kept up to date.
    public private(set) var codeHash: Hash
    /// The model that runs calls to this account; nil for an externally owned account.
    public var model: (any ContractModel.Type)?
    /// The model's storage value (its `Storage` type); nil for an externally owned account.
    public var storage: (any Sendable)?

    /// An account with these fields; by default an empty externally owned account.
    public init(
        balance: UInt256 = 0, nonce: UInt64 = 0, code: [UInt8] = [], model: (any ContractModel.Type)? = nil,
        storage: (any Sendable)? = nil
    ) {
        self.balance = balance
        self.nonce = nonce
        self.code = code
        codeHash = Self.hash(code)
        self.model = model
        self.storage = storage
    }

    /// `keccak256("")`: the code hash of an account without code.
    public static let emptyCodeHash = Keccak256.hash([])

    private static func hash(_ code: [UInt8]) -> Hash {
        code.isEmpty ? emptyCodeHash : Keccak256.hash(code)
    }

    /// True when the account holds a contract.
    public var hasCode: Bool { model != nil || !code.isEmpty }

    /// True when the account is empty in EIP-161's sense: no code, zero nonce, zero balance.
    public var isEmpty: Bool { !hasCode && nonce == 0 && balance.isZero }
}

/// The world state: every account with its balance, nonce, code and model storage, and the contract models that
/// deployments may instantiate.
///
/// A value: copying it is a snapshot, assigning the copy back is a revert. Storage values are the models' own value
/// types, so a copy shares them until one side changes (copy on write).
///
/// Execution (``execute(from:to:value:input:gas:block:)``, ``deploy(initCode:from:value:gas:block:)``) runs at the
/// message level: no signature, nonce check or fee, which is what transactions add on top (see `Chain`).
public struct WorldState: Sendable {
    /// The accounts, by address. Missing accounts are empty.
    public internal(set) var accounts: [Address: Account]
    /// The contract models a deployment may instantiate, tried in this order.
    public var models: [any ContractModel.Type]

    /// A world with no accounts whose deployments may instantiate `models`.
    public init(models: [any ContractModel.Type] = []) {
        accounts = [:]
        self.models = models
    }

    /// The account at `address` (an empty one when it does not exist).
    public func account(_ address: Address) -> Account {
        accounts[address] ?? Account()
    }

    /// The native balance of `address`, wei.
    public func balance(of address: Address) -> UInt256 {
        accounts[address]?.balance ?? 0
    }

    /// The nonce of `address`.
    public func nonce(of address: Address) -> UInt64 {
        accounts[address]?.nonce ?? 0
    }

    /// The runtime code at `address`, empty when there is none.
    public func code(at address: Address) -> [UInt8] {
        accounts[address]?.code ?? []
    }

    /// The model running at `address`, nil when there is none.
    public func model(at address: Address) -> (any ContractModel.Type)? {
        accounts[address]?.model
    }

    /// The storage value of the model at `address`, nil when there is none of this type.
    public func storage<S: Sendable>(of address: Address, as type: S.Type) -> S? {
        accounts[address]?.storage as? S
    }

    /// Sets the native balance of `address` (creating the account if needed), as `anvil_setBalance` does.
    public mutating func setBalance(_ balance: UInt256, of address: Address) {
        accounts[address, default: Account()].balance = balance
    }

    /// Sets the nonce of `address` (creating the account if needed).
    public mutating func setNonce(_ nonce: UInt64, of address: Address) {
        accounts[address, default: Account()].nonce = nonce
    }

    /// Replaces the storage value of the model at `address`, outside any execution (genesis set-up, tests).
    public mutating func setStorage<S: Sendable>(_ storage: S, of address: Address) {
        accounts[address, default: Account()].storage = storage
    }

    /// The sum of every account's balance: what value conservation is checked against.
    public var totalBalance: UInt256 {
        accounts.values.reduce(UInt256.zero) { $0 + $1.balance }
    }
}
