import Contracts
public import EthPrimitives

/// The Swift model of `contracts/TestToken.vy`: "Test USD" (tUSD, 6 decimals), a standard ERC-20 with an open
/// faucet `mint`.
///
/// Every rule of the Vyper contract, in its order: transfers to, approvals of and mints to the zero address revert
/// `token: zero address`; `token: insufficient balance`, `token: insufficient allowance`, `token: supply overflow`;
/// an allowance of 2^256 − 1 is never decreased and `transferFrom` emits no `Approval`. A transfer to oneself moves
/// nothing but still logs `Transfer`. Unknown selectors, value sent to any function (none is payable) and calldata
/// that does not decode revert with empty data. Calls are decoded and answered through the generated `TestToken`
/// bindings.
public enum TestTokenModel: ContractModel {
    /// The token's storage: `totalSupply`, `_balances` and `_allowances` of the contract. Entries that are zero
    /// are absent, so two storages with the same balances compare equal.
    public struct Storage: Sendable, Hashable {
        /// `totalSupply()`: every token minted.
        public internal(set) var totalSupply: UInt256 = .zero
        /// `balanceOf(owner)` of every holder with a non-zero balance.
        public internal(set) var balances: ModelMap<Address, UInt256> = [:]
        /// `allowance(owner, spender)` of every non-zero allowance.
        public internal(set) var allowances: ModelMap<Allowance, UInt256> = [:]

        /// The storage of a freshly deployed token: no supply, no balances, no allowances.
        public init() {}

        /// The balance of `owner`.
        public func balance(of owner: Address) -> UInt256 { balances[owner] ?? .zero }

        /// What `spender` may still take from `owner`.
        public func allowance(owner: Address, spender: Address) -> UInt256 {
            allowances[Allowance(owner: owner, spender: spender)] ?? .zero
        }

        mutating func setBalance(_ value: UInt256, of owner: Address) {
            balances[owner] = value.isZero ? nil : value
        }

        mutating func setAllowance(_ value: UInt256, owner: Address, spender: Address) {
            allowances[Allowance(owner: owner, spender: spender)] = value.isZero ? nil : value
        }
    }

    /// The key of an allowance: who owns the tokens and who may spend them.
    public struct Allowance: Sendable, Hashable {
        /// The holder.
        public var owner: Address
        /// The account allowed to `transferFrom` the holder.
        public var spender: Address

        /// The allowance of `spender` over `owner`'s tokens.
        public init(owner: Address, spender: Address) {
            self.owner = owner
            self.spender = spender
        }
    }

    /// "TestToken".
    public static let name = "TestToken"

    /// The token's `name()`.
    static let tokenName = "Test USD"
    /// The token's `symbol()`.
    static let tokenSymbol = "tUSD"
    /// The token's `decimals()`.
    static let tokenDecimals: UInt8 = 6

    /// Recognises `TestToken.creationCode` (the constructor takes no arguments; bytes after the code are ignored,
    /// as the EVM ignores them) and sets up an empty token.
    public static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        let constructor: TestToken.Constructor?
        do {
            constructor = try TestToken.decodeConstructorArguments(initCode)
        } catch {
            throw .bare
        }
        guard constructor != nil else { return nil }
        return (Storage(), TestToken.runtimeCode)
    }

    /// The constructor refuses value (it is not payable) and does nothing else.
    public static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {
        if !message.value.isZero { throw .bare }
    }

    /// Runs one call to the token.
    public static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        let function = try decodeCall(message.input, with: TestToken.decodeFunction(calldata:))
        let me = message.callee
        var storage = try host.modelStorage(Storage.self, at: me)
        switch function {
        case .mint(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try require(call.to != .zero, "token: zero address")
                try host.chargeReads(2)
                let supply = storage.totalSupply
                try require(call.amount <= UInt256.max - supply, "token: supply overflow")
                let newSupply = supply + call.amount
                try host.chargeWrite(from: supply, to: newSupply)
                storage.totalSupply = newSupply
                let balance = storage.balance(of: call.to)
                let newBalance = try balance.adding(call.amount)
                try host.chargeWrite(from: balance, to: newBalance)
                storage.setBalance(newBalance, of: call.to)
                host.setStorage(storage, of: me)
                try host.log(TestToken.TransferEvent(sender: .zero, receiver: call.to, value: call.amount), from: me)
            }
        case .transfer(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try transfer(from: message.caller, to: call.to, amount: call.amount, &storage, &host, me)
                host.setStorage(storage, of: me)
                return true
            }
        case .transferFrom(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                let allowed = storage.allowance(owner: call.owner, spender: message.caller)
                if allowed != .max {
                    try require(allowed >= call.amount, "token: insufficient allowance")
                    try host.chargeWrite(from: allowed, to: allowed - call.amount)
                    storage.setAllowance(allowed - call.amount, owner: call.owner, spender: message.caller)
                }
                try transfer(from: call.owner, to: call.to, amount: call.amount, &storage, &host, me)
                host.setStorage(storage, of: me)
                return true
            }
        case .approve(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try require(call.spender != .zero, "token: zero address")
                try host.chargeReads(1)
                let old = storage.allowance(owner: message.caller, spender: call.spender)
                try host.chargeWrite(from: old, to: call.amount)
                storage.setAllowance(call.amount, owner: message.caller, spender: call.spender)
                host.setStorage(storage, of: me)
                try host.log(
                    TestToken.Approval(owner: message.caller, spender: call.spender, value: call.amount), from: me)
                return true
            }
        case .balanceOf(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.balance(of: call.owner)
            }
        case .allowance(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.allowance(owner: call.owner, spender: call.spender)
            }
        case .name(let call):
            return try respond(to: call, message) { () throws(Revert) in tokenName }
        case .symbol(let call):
            return try respond(to: call, message) { () throws(Revert) in tokenSymbol }
        case .decimals(let call):
            return try respond(to: call, message) { () throws(Revert) in tokenDecimals }
        case .totalSupply(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.totalSupply
            }
        }
    }

    /// The contract's `_transfer`: moves `amount` from `owner` to `to` and logs `Transfer`.
    private static func transfer(
        from owner: Address, to: Address, amount: UInt256, _ storage: inout Storage, _ host: inout some Host,
        _ me: Address
    ) throws(Revert) {
        try require(to != .zero, "token: zero address")
        try host.chargeReads(owner == to ? 1 : 2)
        let balance = storage.balance(of: owner)
        try require(balance >= amount, "token: insufficient balance")
        try host.chargeWrite(from: balance, to: balance - amount)
        storage.setBalance(balance - amount, of: owner)
        let received = storage.balance(of: to)
        let newReceived = try received.adding(amount)
        try host.chargeWrite(from: received, to: newReceived)
        storage.setBalance(newReceived, of: to)
        try host.log(TestToken.TransferEvent(sender: owner, receiver: to, value: amount), from: me)
    }
}
