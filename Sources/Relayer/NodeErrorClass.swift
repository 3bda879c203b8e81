public import ABI
public import JSONRPC

/// What an error from a node means for the relayer, and so what it does next.
///
/// Nodes word their errors differently (geth, Erigon, Nethermind, Besu, anvil, Hardhat, providers in front of
/// them); ``classify(_:)`` reads the code and the message of a JSON-RPC error and recognises each family by the
/// phrases those nodes use. What each class leads to:
///
/// | class | the relayer |
/// |---|---|
/// | ``alreadyKnown`` | counts the send as a success: the node has the transaction |
/// | ``nonceTooLow`` | looks for a receipt of its transactions at that nonce; none: the nonce was used by another transaction, so it resynchronises and signs the intent again at a new nonce |
/// | ``nonceTooHigh`` | resynchronises and fills the gap below |
/// | ``underpriced`` | raises the fees (at least 12.5 %, up to the cap) and sends a replacement |
/// | ``insufficientFunds`` | keeps the transaction and retries with backoff: the relayer's account needs funding |
/// | ``reverted(_:)`` | (a simulation) judges the revert reason: moot, wait, or failed |
/// | ``rejected(_:)`` | gives the transaction up: no retry can make the node take it |
/// | ``transient(_:)`` | retries with backoff |
/// | ``connection(_:)`` | retries with backoff and jitter (the client already tried every endpoint) |
public enum NodeErrorClass: Sendable, Hashable, CustomStringConvertible {
    /// The node already has this transaction.
    case alreadyKnown
    /// The nonce is below the account's current nonce.
    case nonceTooLow
    /// The nonce is above the next one the node can execute.
    case nonceTooHigh
    /// The fees are too low: for a replacement, or for the pool, or below the block's base fee.
    case underpriced
    /// The account cannot pay `gas × maxFeePerGas + value`.
    case insufficientFunds
    /// The call reverted; the reason decoded from the error's data.
    case reverted(RevertReason)
    /// The node refuses the transaction for a reason that does not change: wrong chain, bad signature, gas limit
    /// outside what a block allows, a fee above the node's own cap.
    case rejected(String)
    /// A failure worth retrying later: the pool is full, a rate limit, an internal error, an unknown error.
    case transient(String)
    /// The node could not be reached (every endpoint, after the client's own retries), or did not answer in time.
    case connection(String)

    /// True for the classes the relayer retries later without changing anything.
    public var isRetryable: Bool {
        switch self {
        case .transient, .connection, .insufficientFunds: true
        default: false
        }
    }

    /// A short stable label for metrics: `already_known`, `nonce_too_low`, ….
    public var label: String {
        switch self {
        case .alreadyKnown: "already_known"
        case .nonceTooLow: "nonce_too_low"
        case .nonceTooHigh: "nonce_too_high"
        case .underpriced: "underpriced"
        case .insufficientFunds: "insufficient_funds"
        case .reverted: "reverted"
        case .rejected: "rejected"
        case .transient: "transient"
        case .connection: "connection"
        }
    }

    /// The label and, where there is one, the node's message or the revert reason.
    public var description: String {
        switch self {
        case .reverted(let reason): "reverted (\(reason))"
        case .rejected(let message), .transient(let message), .connection(let message): "\(label) (\(message))"
        default: label
        }
    }

    /// The class of an error a node answered with.
    ///
    /// Code 3, or a message starting `execution reverted`, is a revert (its `data` decoded as revert data; data
    /// that does not decode is kept as unrecognised bytes). Otherwise the message decides, case-insensitively;
    /// a message no family matches is ``transient(_:)``, so that an unfamiliar node error delays a transaction
    /// rather than losing it.
    public static func classify(_ error: JSONRPCError) -> NodeErrorClass {
        let message = error.message.lowercased()
        if error.code == JSONRPCError.executionRevertedCode || message.hasPrefix("execution reverted")
            || message.hasPrefix("vm exception while processing transaction: revert")
        {
            let data = error.revertData ?? []
            let reason = (try? RevertReason(decoding: data)) ?? .unrecognized(data)
            return .reverted(reason)
        }
        func any(_ phrases: [String]) -> Bool { phrases.contains { message.contains($0) } }
        // Order matters: "replacement transaction underpriced" before generic rejections, "nonce too low" before
        // anything mentioning a nonce.
        if any(alreadyKnownPhrases) { return .alreadyKnown }
        if any(nonceTooLowPhrases) { return .nonceTooLow }
        if any(nonceTooHighPhrases) { return .nonceTooHigh }
        if any(underpricedPhrases) { return .underpriced }
        if any(insufficientFundsPhrases) { return .insufficientFunds }
        if any(rejectedPhrases) { return .rejected(error.message) }
        if error.code == JSONRPCError.invalidParamsCode || error.code == JSONRPCError.methodNotFoundCode {
            return .rejected(error.message)
        }
        return .transient(error.message)
    }

    static let alreadyKnownPhrases = [
        "already known", "alreadyknown", "known transaction", "transaction already imported",
        "already imported", "transaction already exists", "already in mempool", "already_known",
        "tx already in mempool",
    ]
    static let nonceTooLowPhrases = [
        "nonce too low", "nonce is too low", "oldnonce", "nonce_too_low", "nonce has already been used",
        "invalid nonce; got", "nonce already used",
    ]
    static let nonceTooHighPhrases = ["nonce too high", "nonce_too_high", "noncegap", "nonce too far in the future"]
    static let underpricedPhrases = [
        "underpriced", "fee too low", "feetoolow", "fee_too_low", "less than block base fee",
        "gas price too low", "gas_price_too_low", "gas price below", "max fee per gas less than",
        "miner fee too low", "maxfeepergas too low",
    ]
    static let insufficientFundsPhrases = [
        "insufficient funds", "insufficient balance", "insufficientfunds", "upfront_cost_exceeds_balance",
        "sender doesn't have enough funds",
    ]
    static let rejectedPhrases = [
        "intrinsic gas too low", "exceeds block gas limit", "gas limit reached", "invalid chain id",
        "invalid sender", "invalid signature", "transaction type not supported", "tx type not supported",
        "oversized data", "exceeds the configured cap", "tip higher than fee cap",
        "max priority fee per gas higher than max fee per gas", "only replay-protected", "chain id mismatch",
        "wrong chain id", "invalid transaction", "rlp:",
    ]
}
