import EthPrimitives

/// A transaction receipt as `eth_getTransactionReceipt` returns it.
///
/// `to` is nil for a contract creation, `contractAddress` nil for anything else; both are always written (as null).
/// Post-Byzantium receipts carry ``status``, older ones ``root``; the blob fields appear only for blob transactions.
public struct Receipt: Sendable, Hashable, Codable {
    /// The transaction's hash.
    public var transactionHash: Hash
    /// Its index in the block.
    public var transactionIndex: UInt64
    /// The block's hash.
    public var blockHash: Hash
    /// The block's number.
    public var blockNumber: UInt64
    /// The sender.
    public var from: Address
    /// The recipient, nil for a contract creation.
    public var to: Address?
    /// The gas used by this and all earlier transactions of the block.
    public var cumulativeGasUsed: UInt64
    /// The gas used by this transaction.
    public var gasUsed: UInt64
    /// The price paid per gas, base fee plus tip.
    public var effectiveGasPrice: UInt256
    /// The created contract's address, or nil.
    public var contractAddress: Address?
    /// The logs emitted.
    public var logs: [Log]
    /// The 256-byte bloom filter of the logs.
    public var logsBloom: HexBytes
    /// The transaction type.
    public var type: UInt64
    /// 1 for success, 0 for failure (post-Byzantium).
    public var status: UInt64?
    /// The state root after the transaction (pre-Byzantium).
    public var root: Hash?
    /// The blob gas used (blob transactions).
    public var blobGasUsed: UInt64?
    /// The blob gas price paid (blob transactions).
    public var blobGasPrice: UInt256?

    /// A receipt with these fields.
    public init(
        transactionHash: Hash, transactionIndex: UInt64, blockHash: Hash, blockNumber: UInt64, from: Address,
        to: Address?, cumulativeGasUsed: UInt64, gasUsed: UInt64, effectiveGasPrice: UInt256,
        contractAddress: Address?, logs: [Log], logsBloom: HexBytes, type: UInt64, status: UInt64?, root: Hash? = nil,
        blobGasUsed: UInt64? = nil, blobGasPrice: UInt256? = nil
    ) {
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.blockHash = blockHash
        self.blockNumber = blockNumber
        self.from = from
        self.to = to
        self.cumulativeGasUsed = cumulativeGasUsed
        self.gasUsed = gasUsed
        self.effectiveGasPrice = effectiveGasPrice
        self.contractAddress = contractAddress
        self.logs = logs
        self.logsBloom = logsBloom
        self.type = type
        self.status = status
        self.root = root
        self.blobGasUsed = blobGasUsed
        self.blobGasPrice = blobGasPrice
    }

    /// True when ``status`` is 1, false when 0, nil for a pre-Byzantium receipt.
    public var succeeded: Bool? { status.map { $0 == 1 } }

    private enum CodingKeys: String, CodingKey {
        case transactionHash, transactionIndex, blockHash, blockNumber, from, to, cumulativeGasUsed, gasUsed
        case effectiveGasPrice, contractAddress, logs, logsBloom, type, status, root, blobGasUsed, blobGasPrice
    }

    /// Decodes a receipt object.
    ///
    /// - Throws: `DecodingError` for a missing required field or a malformed one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transactionHash = try c.decode(Hash.self, forKey: .transactionHash)
        transactionIndex = try c.decodeQuantity(UInt64.self, forKey: .transactionIndex)
        blockHash = try c.decode(Hash.self, forKey: .blockHash)
        blockNumber = try c.decodeQuantity(UInt64.self, forKey: .blockNumber)
        from = try c.decode(Address.self, forKey: .from)
        to = try c.decodeIfPresent(Address.self, forKey: .to)
        cumulativeGasUsed = try c.decodeQuantity(UInt64.self, forKey: .cumulativeGasUsed)
        gasUsed = try c.decodeQuantity(UInt64.self, forKey: .gasUsed)
        effectiveGasPrice = try c.decodeQuantity(UInt256.self, forKey: .effectiveGasPrice)
        contractAddress = try c.decodeIfPresent(Address.self, forKey: .contractAddress)
        logs = try c.decode([Log].self, forKey: .logs)
        logsBloom = try c.decode(HexBytes.self, forKey: .logsBloom)
        type = try c.decodeQuantity(UInt64.self, forKey: .type)
        status = try c.decodeQuantityIfPresent(UInt64.self, forKey: .status)
        root = try c.decodeIfPresent(Hash.self, forKey: .root)
        blobGasUsed = try c.decodeQuantityIfPresent(UInt64.self, forKey: .blobGasUsed)
        blobGasPrice = try c.decodeQuantityIfPresent(UInt256.self, forKey: .blobGasPrice)
    }

    /// Encodes the receipt; `to` and `contractAddress` as null when nil, the optional fields only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(transactionHash, forKey: .transactionHash)
        try c.encodeQuantity(transactionIndex, forKey: .transactionIndex)
        try c.encode(blockHash, forKey: .blockHash)
        try c.encodeQuantity(blockNumber, forKey: .blockNumber)
        try c.encode(from, forKey: .from)
        try c.encodeOrNull(to, forKey: .to)
        try c.encodeQuantity(cumulativeGasUsed, forKey: .cumulativeGasUsed)
        try c.encodeQuantity(gasUsed, forKey: .gasUsed)
        try c.encodeQuantity(effectiveGasPrice, forKey: .effectiveGasPrice)
        try c.encodeOrNull(contractAddress, forKey: .contractAddress)
        try c.encode(logs, forKey: .logs)
        try c.encode(logsBloom, forKey: .logsBloom)
        try c.encodeQuantity(type, forKey: .type)
        try c.encodeQuantityIfPresent(status, forKey: .status)
        try c.encodeIfPresent(root, forKey: .root)
        try c.encodeQuantityIfPresent(blobGasUsed, forKey: .blobGasUsed)
        try c.encodeQuantityIfPresent(blobGasPrice, forKey: .blobGasPrice)
    }
}

/// The result of `eth_feeHistory`.
///
/// `reward` is present only when percentiles were asked for; the blob fields only from nodes that know blobs.
public struct FeeHistory: Sendable, Hashable, Codable {
    /// The number of the first block reported.
    public var oldestBlock: UInt64
    /// The base fee of each block reported, plus the next block's (one more entry than blocks).
    public var baseFeePerGas: [UInt256]
    /// The fraction of its gas limit each block used.
    public var gasUsedRatio: [Double]
    /// For each block, the priority fee at each requested percentile.
    public var reward: [[UInt256]]?
    /// The blob base fee of each block, plus the next block's.
    public var baseFeePerBlobGas: [UInt256]?
    /// The fraction of its blob gas limit each block used.
    public var blobGasUsedRatio: [Double]?

    /// A fee history with these fields.
    public init(
        oldestBlock: UInt64, baseFeePerGas: [UInt256], gasUsedRatio: [Double], reward: [[UInt256]]? = nil,
        baseFeePerBlobGas: [UInt256]? = nil, blobGasUsedRatio: [Double]? = nil
    ) {
        self.oldestBlock = oldestBlock
        self.baseFeePerGas = baseFeePerGas
        self.gasUsedRatio = gasUsedRatio
        self.reward = reward
        self.baseFeePerBlobGas = baseFeePerBlobGas
        self.blobGasUsedRatio = blobGasUsedRatio
    }

    private enum CodingKeys: String, CodingKey {
        case oldestBlock, baseFeePerGas, gasUsedRatio, reward, baseFeePerBlobGas, blobGasUsedRatio
    }

    /// Decodes a fee history object.
    ///
    /// - Throws: `DecodingError` for a missing required field or a malformed one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        oldestBlock = try c.decodeQuantity(UInt64.self, forKey: .oldestBlock)
        baseFeePerGas = try c.decodeQuantities(UInt256.self, forKey: .baseFeePerGas)
        gasUsedRatio = try c.decode([Double].self, forKey: .gasUsedRatio)
        reward = try c.decodeIfPresent([[Quantity<UInt256>]].self, forKey: .reward)?.map { $0.map(\.value) }
        baseFeePerBlobGas = try c.decodeIfPresent([Quantity<UInt256>].self, forKey: .baseFeePerBlobGas)?.map(\.value)
        blobGasUsedRatio = try c.decodeIfPresent([Double].self, forKey: .blobGasUsedRatio)
    }

    /// Encodes the fee history; optional fields only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeQuantity(oldestBlock, forKey: .oldestBlock)
        try c.encode(baseFeePerGas.map(\.quantity), forKey: .baseFeePerGas)
        try c.encode(gasUsedRatio, forKey: .gasUsedRatio)
        try c.encodeIfPresent(reward?.map { $0.map(\.quantity) }, forKey: .reward)
        try c.encodeIfPresent(baseFeePerBlobGas?.map(\.quantity), forKey: .baseFeePerBlobGas)
        try c.encodeIfPresent(blobGasUsedRatio, forKey: .blobGasUsedRatio)
    }
}
