public import EthPrimitives
public import JSONRPC
public import Transactions

/// Why the chain refused a transaction, a call or a request: the one error type of the `ChainSim` module.
///
/// Each case is named after the rule broken. Where a real node refuses the same thing, ``message`` is geth's own
/// wording, character for character (`nonce too low: next nonce 5, tx nonce 3`), since clients and relayers match on
/// it; ``description`` is the same sentence after `chainsim:`. ``jsonRPCError`` gives the code a node answers with:
/// -32000 for refused transactions and failed calls (geth's choice), 3 with the revert data for a revert, -32001
/// for something that does not exist, -32602 for a request that cannot be served as asked.
public enum ChainError: Error, Hashable, Sendable, CustomStringConvertible, JSONRPCErrorConvertible {
    // MARK: The transaction pipeline

    /// The raw bytes are not a well-formed transaction (the decoder's reason), or their type is not supported.
    case malformedTransaction(TransactionError)
    /// A transaction signed for another chain (EIP-155 or a typed transaction's `chainId`).
    case invalidChainID(expected: UInt64, actual: UInt64)
    /// No sender can be recovered from the signature.
    case invalidSender
    /// The exact transaction is already in the pool or in a block.
    case alreadyKnown
    /// The nonce is below the sender's next nonce: a transaction with that nonce was mined already.
    case nonceTooLow(next: UInt64, transaction: UInt64)
    /// A gas limit below the transaction's intrinsic gas (or, under Prague, its calldata floor).
    case intrinsicGasTooLow(gas: UInt64, minimum: UInt64)
    /// A gas limit above the block gas limit: no block could include it.
    case gasLimitExceeded(gas: UInt64, blockGasLimit: UInt64)
    /// Creation code longer than EIP-3860 allows.
    case initCodeTooLarge(size: Int, limit: Int)
    /// A gas limit below the EIP-7623 calldata floor (Prague): `21000 + 10 * tokens`.
    case floorDataGasTooLow(gas: UInt64, minimum: UInt64)
    /// An EIP-1559 priority fee above the fee cap.
    case tipAboveFeeCap(maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256)
    /// The fee cap (or legacy gas price) is below the base fee of the block being built.
    case feeCapTooLow(sender: Address, maxFeePerGas: UInt256, baseFee: UInt256)
    /// The tip is below the chain's minimum priority fee.
    case underpriced(tip: UInt256, minimum: UInt256)
    /// A transaction with the same sender and nonce is pending and this one does not pay at least 10% more in both
    /// fee cap and tip.
    case replacementUnderpriced
    /// The sender's balance does not cover `gasLimit * maxFeePerGas + value`.
    case insufficientFunds(sender: Address, have: UInt256, want: UInt256)
    /// `gasLimit * price + value` does not fit in 256 bits.
    case feeOverflow
    /// The sender's nonce is 2^64 - 1 and cannot be incremented (EIP-2681).
    case nonceMax

    // MARK: Execution

    /// Init code that is not the committed bytecode of any contract this chain models: ChainSim runs Swift models
    /// of its contracts, not EVM bytecode.
    case unknownBytecode(codeHash: Hash, models: [String])
    /// A call or a gas estimate reverted, with the revert data.
    case reverted(data: [UInt8])
    /// A call or a gas estimate ran out of gas.
    case outOfGas(gas: UInt64)
    /// A gas estimate failed even with the most gas allowed.
    case gasRequiredExceedsAllowance(allowance: UInt64)

    /// A genesis deployment or call failed: the configuration cannot make a chain.
    case genesisFailed(String)

    // MARK: Requests

    /// A block asked for by number, hash or tag does not exist.
    case unknownBlock(String)
    /// A query at a block whose state is no longer kept (older than ``ChainConfig/stateHistory`` blocks).
    case historicalStateUnavailable(block: UInt64, oldestKept: UInt64)
    /// A log query whose range ends before it starts.
    case invalidBlockRange(from: UInt64, to: UInt64)
    /// A timestamp that is not after the parent block's.
    case timestampNotIncreasing(timestamp: UInt64, parent: UInt64)
    /// A request parameter the chain cannot serve as given (a fee-history percentile out of range, …).
    case invalidParameter(String)
    /// A state file that cannot be read back.
    case invalidStateFile(String)
    /// A state file that cannot be written.
    case stateFileNotWritten(path: String, reason: String)

    /// The message a node gives, geth's wording where geth has one.
    public var message: String {
        switch self {
        case .malformedTransaction(let error):
            if case .unsupportedType = error { return "transaction type not supported" }
            if case .highS = error { return "invalid sender: invalid transaction v, r, s values" }
            if case .signatureScalarOutOfRange = error { return "invalid sender: invalid transaction v, r, s values" }
            return "invalid transaction: \(error.description)"
        case .invalidChainID(let expected, let actual):
            return "invalid sender: invalid chain id for signer: have \(actual) want \(expected)"
        case .invalidSender:
            return "invalid sender: recovery failed"
        case .alreadyKnown:
            return "already known"
        case .nonceTooLow(let next, let transaction):
            return "nonce too low: next nonce \(next), tx nonce \(transaction)"
        case .intrinsicGasTooLow(let gas, let minimum):
            return "intrinsic gas too low: gas \(gas), minimum needed \(minimum)"
        case .gasLimitExceeded:
            return "exceeds block gas limit"
        case .initCodeTooLarge(let size, let limit):
            return "max initcode size exceeded: code size \(size), limit \(limit)"
        case .floorDataGasTooLow(let gas, let minimum):
            return "insufficient gas for floor data gas cost: gas \(gas), minimum needed \(minimum)"
        case .tipAboveFeeCap:
            return "max priority fee per gas higher than max fee per gas"
        case .feeCapTooLow(let sender, let maxFeePerGas, let baseFee):
            return "max fee per gas less than block base fee: address \(sender), maxFeePerGas: \(maxFeePerGas), "
                + "baseFee: \(baseFee)"
        case .underpriced(let tip, let minimum):
            return "transaction underpriced: gas tip cap \(tip), minimum needed \(minimum)"
        case .replacementUnderpriced:
            return "replacement transaction underpriced"
        case .insufficientFunds(let sender, let have, let want):
            return "insufficient funds for gas * price + value: address \(sender) have \(have) want \(want)"
        case .feeOverflow:
            return "insufficient funds for gas * price + value: the cost does not fit in 256 bits"
        case .nonceMax:
            return "nonce has max value"
        case .unknownBytecode(let codeHash, let models):
            let known = models.isEmpty ? "none" : models.joined(separator: ", ")
            return "unsupported contract code: the init code (keccak \(codeHash)) is not the committed bytecode of a "
                + "modelled contract (\(known)); ChainSim runs Swift models of its contracts, not EVM bytecode"
        case .reverted(let data):
            return Revert(data: data).reason.map { "execution reverted: \($0)" } ?? "execution reverted"
        case .outOfGas:
            return "out of gas"
        case .gasRequiredExceedsAllowance(let allowance):
            return "gas required exceeds allowance (\(allowance))"
        case .genesisFailed(let reason):
            return "genesis failed: \(reason)"
        case .historicalStateUnavailable(let block, let oldestKept):
            return "historical state unavailable for block \(block): ChainSim keeps the genesis state and the states "
                + "from block \(oldestKept) on"
        case .unknownBlock(let block):
            return "header not found: block \(block)"
        case .invalidBlockRange(let from, let to):
            return "invalid block range params: fromBlock \(from) is after toBlock \(to)"
        case .timestampNotIncreasing(let timestamp, let parent):
            return "timestamp \(timestamp) is not after the parent block's timestamp \(parent)"
        case .invalidParameter(let reason):
            return reason
        case .invalidStateFile(let reason):
            return "invalid state file: \(reason)"
        case .stateFileNotWritten(let path, let reason):
            return "cannot write the state file \(path): \(reason)"
        }
    }

    /// "chainsim: " and ``message``.
    public var description: String { "chainsim: \(message)" }

    /// The JSON-RPC error a node answers with.
    public var jsonRPCError: JSONRPCError {
        switch self {
        case .reverted(let data):
            .executionReverted(data: data, reason: Revert(data: data).reason)
        case .unknownBlock:
            JSONRPCError(code: JSONRPCError.resourceNotFoundCode, message: message)
        case .invalidBlockRange, .timestampNotIncreasing, .invalidParameter:
            .invalidParams(message)
        default:
            JSONRPCError(code: JSONRPCError.serverErrorCode, message: message)
        }
    }
}
