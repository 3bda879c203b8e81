public import EthPrimitives
import RLP
public import Transactions

/// A transaction in a block, with everything its execution gave: the receipt's fields and the top-level return or
/// revert data (which a node does not expose but a simulator can).
public struct MinedTransaction: Sendable {
    /// The transaction as sent.
    public var transaction: SignedTransaction
    /// Its hash.
    public var hash: Hash
    /// The recovered sender.
    public var sender: Address
    /// Its index in the block.
    public var index: Int
    /// What the execution gave: status, return or revert data, logs. Its ``ExecutionResult/gasUsed`` counts the
    /// execution only; ``gasUsed`` adds the intrinsic gas.
    public var result: ExecutionResult
    /// The gas the transaction used, intrinsic gas included (under Prague at least the calldata floor).
    public var gasUsed: UInt64
    /// The gas used by this transaction and every earlier one in the block.
    public var cumulativeGasUsed: UInt64
    /// The price paid per gas: the gas price, or `min(maxFeePerGas, baseFee + maxPriorityFeePerGas)`.
    public var effectiveGasPrice: UInt256
    /// The created contract, for a successful creation.
    public var contractAddress: Address?
    /// The bloom of the transaction's logs.
    public var bloom: Bloom
    /// The block-wide index of the transaction's first log.
    public var firstLogIndex: Int

    /// The receipt status: 1 for success, 0 for failure.
    public var status: UInt64 { result.status }
    /// The logs the transaction emitted (none when it failed).
    public var logs: [LogEntry] { result.logs }

    /// The receipt's consensus encoding: `type ‖ rlp([status, cumulativeGasUsed, logsBloom, logs])` (no type byte
    /// for a legacy transaction), as the receipts trie holds it.
    public var encodedReceipt: [UInt8] {
        let body = RLPEncoder.encode(
            ReceiptBody(status: status, cumulativeGasUsed: cumulativeGasUsed, bloom: bloom, logs: logs))
        let type = transaction.type.rawValue
        return type == 0 ? body : [type] + body
    }
}

/// `[status, cumulativeGasUsed, logsBloom, [[address, [topics], data], …]]`.
private struct ReceiptBody: RLPListEncodable {
    var status: UInt64
    var cumulativeGasUsed: UInt64
    var bloom: Bloom
    var logs: [LogEntry]

    var listPayloadLength: Int {
        status.encodedLength + cumulativeGasUsed.encodedLength + 259
            + RLPEncoder.encodedLength(listPayloadLength: logs.reduce(0) { $0 + EncodedLog($1).encodedLength })
    }

    func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(status)
        encoder.write(cumulativeGasUsed)
        encoder.writeBytes(bloom.bytes)
        encoder.writeListHeader(payloadLength: logs.reduce(0) { $0 + EncodedLog($1).encodedLength })
        for log in logs { encoder.write(EncodedLog(log)) }
    }
}

/// `[address, [topics…], data]`.
private struct EncodedLog: RLPListEncodable {
    var log: LogEntry
    init(_ log: LogEntry) { self.log = log }

    var listPayloadLength: Int {
        21 + RLPEncoder.encodedLength(listPayloadLength: 33 * log.topics.count)
            + RLPEncoder.encodedLength(ofBytes: log.data)
    }

    func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(log.address)
        encoder.writeListHeader(payloadLength: 33 * log.topics.count)
        for topic in log.topics { encoder.write(topic) }
        encoder.writeBytes(log.data)
    }
}

/// A mined block: its header, hash, transactions with their receipts, and size.
public struct MinedBlock: Sendable {
    /// The header.
    public var header: BlockHeader
    /// The block hash (the header's).
    public var hash: Hash
    /// The transactions in order, with their receipts.
    public var transactions: [MinedTransaction]
    /// The size of the block's RLP encoding (`[header, transactions, ommers, withdrawals]`), bytes.
    public var size: UInt64

    /// The block's number.
    public var number: UInt64 { header.number }
    /// The block's timestamp.
    public var timestamp: UInt64 { header.timestamp }

    /// A block of `transactions` under `header`: computes the hash and the size.
    init(header: BlockHeader, transactions: [MinedTransaction]) {
        self.header = header
        self.transactions = transactions
        let encodedHeader = header.encoded
        hash = Keccak256.hash(encodedHeader)
        let transactionsLength = transactions.reduce(0) { length, mined in
            let raw = mined.transaction.encodedLength
            // A typed transaction is a byte string in the body; a legacy one is its own list.
            return length
                + (mined.transaction.type == .legacy ? raw : RLPEncoder.headerLength(payloadLength: raw) + raw)
        }
        let payload =
            encodedHeader.count + RLPEncoder.encodedLength(listPayloadLength: transactionsLength) + 1 + 1
        size = UInt64(RLPEncoder.encodedLength(listPayloadLength: payload))
    }
}
