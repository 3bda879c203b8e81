import ABI
import EthPrimitives
import JSONRPC
import Relayer
import Testing

@Suite struct NodeErrorClassTests {
    /// Error answers as nodes word them (geth, Erigon, Nethermind, Besu, anvil, Hardhat, providers), and the class
    /// each must fall in.
    static let rows: [(code: Int, message: String, expected: NodeErrorClass)] = [
        // already known = success
        (-32000, "already known", .alreadyKnown),
        (-32010, "AlreadyKnown", .alreadyKnown),
        (-32000, "Known transaction", .alreadyKnown),
        (-32003, "transaction already imported", .alreadyKnown),
        (-32010, "Transaction with the same hash was already imported.", .alreadyKnown),
        // nonce too low = check receipt, then resync
        (-32000, "nonce too low: next nonce 5, tx nonce 3", .nonceTooLow),
        (-32000, "nonce too low", .nonceTooLow),
        (-32010, "OldNonce", .nonceTooLow),
        (-32001, "Nonce too low", .nonceTooLow),
        (-32003, "Transaction nonce is too low. Try incrementing the nonce.", .nonceTooLow),
        (-32000, "NONCE_TOO_LOW", .nonceTooLow),
        // nonce too high = resync and fill the gap
        (-32000, "nonce too high", .nonceTooHigh),
        (-32010, "NonceGap", .nonceTooHigh),
        // underpriced = bump
        (-32000, "replacement transaction underpriced", .underpriced),
        (-32000, "transaction underpriced: tip needed 1, tip permitted 0", .underpriced),
        (
            -32000,
            "max fee per gas less than block base fee: address 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, maxFeePerGasSuggested: 1, baseFee: 7",
            .underpriced
        ),
        (-32010, "FeeTooLow, MaxFeePerGas too low.", .underpriced),
        (-32000, "REPLACEMENT_UNDERPRICED", .underpriced),
        (-32003, "Gas price too low", .underpriced),
        // insufficient funds = retry, fund the relayer
        (-32000, "insufficient funds for gas * price + value: have 0 want 210000", .insufficientFunds),
        (-32003, "Insufficient funds for gas * price + value", .insufficientFunds),
        (-32010, "InsufficientFunds, Account balance: 0, cumulative cost: 21000", .insufficientFunds),
        (-32004, "UPFRONT_COST_EXCEEDS_BALANCE", .insufficientFunds),
        // rejected for good
        (-32000, "intrinsic gas too low", .rejected("intrinsic gas too low")),
        (-32000, "exceeds block gas limit", .rejected("exceeds block gas limit")),
        (-32000, "invalid chain id for signer", .rejected("invalid chain id for signer")),
        (-32000, "invalid sender", .rejected("invalid sender")),
        (-32000, "transaction type not supported", .rejected("transaction type not supported")),
        (
            -32000, "tx fee (1.10 ether) exceeds the configured cap (1.00 ether)",
            .rejected("tx fee (1.10 ether) exceeds the configured cap (1.00 ether)")
        ),
        (
            -32000, "max priority fee per gas higher than max fee per gas",
            .rejected("max priority fee per gas higher than max fee per gas")
        ),
        (
            -32602, "invalid argument 0: json: cannot unmarshal hex string without 0x prefix",
            .rejected("invalid argument 0: json: cannot unmarshal hex string without 0x prefix")
        ),
        // transient = retry with backoff
        (-32000, "txpool is full", .transient("txpool is full")),
        (-32005, "request rate exceeded", .transient("request rate exceeded")),
        (-32603, "internal error", .transient("internal error")),
        (-32000, "header not found", .transient("header not found")),
        (-32099, "something no node ever said", .transient("something no node ever said")),
    ]

    @Test(arguments: rows.indices)
    func classify(index: Int) {
        let row = Self.rows[index]
        #expect(NodeErrorClass.classify(JSONRPCError(code: row.code, message: row.message)) == row.expected)
    }

    static func errorString(_ message: String) -> [UInt8] {
        ABIEncoder.encodeCall(selector: ABICustomError.errorString.selector, message)
    }

    @Test func revertsCarryTheirDecodedReason() throws {
        let data = Self.errorString("escrow: not active")
        let geth = JSONRPCError.executionReverted(data: data, reason: "escrow: not active")
        #expect(NodeErrorClass.classify(geth) == .reverted(.error("escrow: not active")))
        // Message-only reverts (no code 3), and reverts without data.
        let hardhat = JSONRPCError(code: -32603, message: "execution reverted", data: nil)
        #expect(NodeErrorClass.classify(hardhat) == .reverted(.empty))
        let ganache = JSONRPCError(code: -32000, message: "VM Exception while processing transaction: revert")
        #expect(NodeErrorClass.classify(ganache) == .reverted(.empty))
        // Data that is not a revert encoding is kept as bytes.
        let odd = JSONRPCError(code: 3, message: "execution reverted", data: .string("0x0102"))
        #expect(NodeErrorClass.classify(odd) == .reverted(.unrecognized([1, 2])))
    }

    @Test func retryableAndLabels() {
        #expect(NodeErrorClass.transient("x").isRetryable)
        #expect(NodeErrorClass.connection("x").isRetryable)
        #expect(NodeErrorClass.insufficientFunds.isRetryable)
        #expect(!NodeErrorClass.rejected("x").isRetryable)
        #expect(!NodeErrorClass.underpriced.isRetryable)
        #expect(NodeErrorClass.nonceTooLow.label == "nonce_too_low")
        #expect(NodeErrorClass.rejected("intrinsic gas too low").description == "rejected (intrinsic gas too low)")
    }
}
