import Contracts
public import EthPrimitives

/// The Swift model of `contracts/tests/mocks/Wallet.vy`, a test helper: a minimal smart-contract wallet that can
/// refuse native currency, used in the contract vectors as a student or a tutor whose payment push fails.
///
/// Its four rules (vectors/contracts/README.md, "Auxiliary contract: Wallet"):
/// - `owner()` and `accepting()` are views;
/// - `setAccepting(bool)` by the owner only (`wallet: not owner`);
/// - `execute(target, data, amount)`, payable, by the owner only: calls `target` with `data` and `amount` wei from
///   the wallet's balance, forwarding all the gas it can, and reverts with the callee's revert data unchanged if
///   that call fails; inside it `msg.sender` is the wallet;
/// - any other calldata, including none (a plain payment), is payable and reverts `wallet: refusing` unless
///   `accepting`, else succeeds and keeps the value.
///
/// It is a model of a test helper, not of a Metered contract: the default chain does not register it; tests and
/// vector replayers add it to the chain's models. Its bindings (``Wallet``) are generated from the compiled
/// contract like the four contracts' (see `WalletBindingTests`).
public enum WalletModel: ContractModel {
    /// The wallet's storage.
    public struct Storage: Sendable, Hashable {
        /// `owner()`: the only account that may use the wallet.
        public internal(set) var owner: Address
        /// `accepting()`: whether plain payments are kept (true) or refused.
        public internal(set) var accepting: Bool

        /// The storage the constructor sets up.
        public init(owner: Address, accepting: Bool) {
            self.owner = owner
            self.accepting = accepting
        }
    }

    /// "Wallet".
    public static let name = "Wallet"

    /// The longest `execute` data the contract's argument decoding accepts (`Bytes[1024]`), in bytes.
    static let maxData = 1024

    /// Recognises `Wallet.creationCode` followed by its constructor arguments `(owner_, accepting_)`.
    ///
    /// - Throws: a bare revert when the arguments do not decode.
    public static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        let decoded: Wallet.Constructor?
        do {
            decoded = try Wallet.decodeConstructorArguments(initCode)
        } catch {
            throw .bare
        }
        guard let arguments = decoded else { return nil }
        return (Storage(owner: arguments.owner, accepting: arguments.accepting), Wallet.runtimeCode)
    }

    /// The constructor refuses value and writes `owner` and `accepting`.
    public static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {
        if !message.value.isZero { throw .bare }
        let storage = try host.modelStorage(Storage.self, at: message.callee)
        try host.chargeReads(2)
        try host.chargeWrite(from: Address.zero, to: storage.owner)
        try host.chargeWrite(from: false, to: storage.accepting)
    }

    /// Runs one call to the wallet.
    public static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        let me = message.callee
        var storage = try host.modelStorage(Storage.self, at: me)
        var input = message.input
        if input.starts(with: Wallet.Execute.selector.bytes) {
            // `execute(address, Bytes[1024], uint256)`, read as the contract reads it.
            input = try vyperBytesCalldata(input, headWords: 3, bytesArgument: 1, maxLength: maxData)
        }
        let function: Wallet.Function
        do {
            function = try Wallet.decodeFunction(calldata: input)
        } catch .unknownSelector {
            // `__default__`, payable.
            try host.chargeReads(1)
            try require(storage.accepting, "wallet: refusing")
            return []
        } catch {
            throw .bare
        }
        switch function {
        case .setAccepting(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                try require(message.caller == storage.owner, "wallet: not owner")
                try host.chargeReads(1)
                try host.chargeWrite(from: storage.accepting, to: call.accepting)
                storage.accepting = call.accepting
                host.setStorage(storage, of: me)
            }
        case .execute(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                try require(message.caller == storage.owner, "wallet: not owner")
                _ = try host.callRevertingOnFailure(call.target, value: call.amount, input: call.data)
            }
        case .owner(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.owner
            }
        case .accepting(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.accepting
            }
        }
    }
}
