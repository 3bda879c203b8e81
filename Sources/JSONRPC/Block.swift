import EthPrimitives

/// A transaction as `eth_getTransactionByHash` and full blocks return it.
///
/// The location fields are nil (written null) for a pending transaction (`blockTimestamp` is written only when
/// set); fee fields appear according to the type
/// (`gasPrice` for all, and geth writes the effective price there for mined EIP-1559 transactions).
public struct Transaction: Sendable, Hashable, Codable {
    /// The transaction's hash.
    public var hash: Hash
    /// The transaction type.
    public var type: UInt64
    /// The sender's nonce.
    public var nonce: UInt64
    /// The sender.
    public var from: Address
    /// The recipient, nil for a contract creation.
    public var to: Address?
    /// The gas limit.
    public var gas: UInt64
    /// The value sent, in wei.
    public var value: UInt256
    /// The call data.
    public var input: HexBytes
    /// The gas price (for EIP-1559 transactions in a block: the effective price).
    public var gasPrice: UInt256?
    /// The EIP-1559 fee cap.
    public var maxFeePerGas: UInt256?
    /// The EIP-1559 priority fee cap.
    public var maxPriorityFeePerGas: UInt256?
    /// The access list (type 1 and later).
    public var accessList: [AccessListEntry]?
    /// The chain id (absent for pre-EIP-155 legacy transactions).
    public var chainID: UInt64?
    /// The signature's `v` (legacy: 27/28 or EIP-155's `chainId * 2 + 35/36`; typed: the y parity).
    public var v: UInt256
    /// The signature's `r`.
    public var r: UInt256
    /// The signature's `s`.
    public var s: UInt256
    /// The signature's y parity (typed transactions).
    public var yParity: UInt64?
    /// The block's hash, nil while pending.
    public var blockHash: Hash?
    /// The block's number, nil while pending.
    public var blockNumber: UInt64?
    /// The block's timestamp, when the node sends it (recent geth versions).
    public var blockTimestamp: UInt64?
    /// The index in the block, nil while pending.
    public var transactionIndex: UInt64?

    /// A transaction with these fields.
    public init(
        hash: Hash, type: UInt64, nonce: UInt64, from: Address, to: Address?, gas: UInt64, value: UInt256,
        input: HexBytes, gasPrice: UInt256? = nil, maxFeePerGas: UInt256? = nil, maxPriorityFeePerGas: UInt256? = nil,
        accessList: [AccessListEntry]? = nil, chainID: UInt64? = nil, v: UInt256, r: UInt256, s: UInt256,
        yParity: UInt64? = nil, blockHash: Hash? = nil, blockNumber: UInt64? = nil, blockTimestamp: UInt64? = nil,
        transactionIndex: UInt64? = nil
    ) {
        self.hash = hash
        self.type = type
        self.nonce = nonce
        self.from = from
        self.to = to
        self.gas = gas
        self.value = value
        self.input = input
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.accessList = accessList
        self.chainID = chainID
        self.v = v
        self.r = r
        self.s = s
        self.yParity = yParity
        self.blockHash = blockHash
        self.blockNumber = blockNumber
        self.blockTimestamp = blockTimestamp
        self.transactionIndex = transactionIndex
    }

    private enum CodingKeys: String, CodingKey {
        case hash, type, nonce, from, to, gas, value, input, gasPrice, maxFeePerGas, maxPriorityFeePerGas
        case accessList, v, r, s, yParity, blockHash, blockNumber, blockTimestamp, transactionIndex
        case chainID = "chainId"
    }

    /// Decodes a transaction object.
    ///
    /// - Throws: `DecodingError` for a missing required field or a malformed one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hash = try c.decode(Hash.self, forKey: .hash)
        type = try c.decodeQuantity(UInt64.self, forKey: .type)
        nonce = try c.decodeQuantity(UInt64.self, forKey: .nonce)
        from = try c.decode(Address.self, forKey: .from)
        to = try c.decodeIfPresent(Address.self, forKey: .to)
        gas = try c.decodeQuantity(UInt64.self, forKey: .gas)
        value = try c.decodeQuantity(UInt256.self, forKey: .value)
        input = try c.decode(HexBytes.self, forKey: .input)
        gasPrice = try c.decodeQuantityIfPresent(UInt256.self, forKey: .gasPrice)
        maxFeePerGas = try c.decodeQuantityIfPresent(UInt256.self, forKey: .maxFeePerGas)
        maxPriorityFeePerGas = try c.decodeQuantityIfPresent(UInt256.self, forKey: .maxPriorityFeePerGas)
        accessList = try c.decodeIfPresent([AccessListEntry].self, forKey: .accessList)
        chainID = try c.decodeQuantityIfPresent(UInt64.self, forKey: .chainID)
        v = try c.decodeQuantity(UInt256.self, forKey: .v)
        r = try c.decodeQuantity(UInt256.self, forKey: .r)
        s = try c.decodeQuantity(UInt256.self, forKey: .s)
        yParity = try c.decodeQuantityIfPresent(UInt64.self, forKey: .yParity)
        blockHash = try c.decodeIfPresent(Hash.self, forKey: .blockHash)
        blockNumber = try c.decodeQuantityIfPresent(UInt64.self, forKey: .blockNumber)
        blockTimestamp = try c.decodeQuantityIfPresent(UInt64.self, forKey: .blockTimestamp)
        transactionIndex = try c.decodeQuantityIfPresent(UInt64.self, forKey: .transactionIndex)
    }

    /// Encodes the transaction; `to` and the location fields as null when nil, the others only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(blockHash, forKey: .blockHash)
        try c.encodeQuantityOrNull(blockNumber, forKey: .blockNumber)
        try c.encodeQuantityIfPresent(blockTimestamp, forKey: .blockTimestamp)
        try c.encode(from, forKey: .from)
        try c.encodeQuantity(gas, forKey: .gas)
        try c.encodeQuantityIfPresent(gasPrice, forKey: .gasPrice)
        try c.encodeQuantityIfPresent(maxFeePerGas, forKey: .maxFeePerGas)
        try c.encodeQuantityIfPresent(maxPriorityFeePerGas, forKey: .maxPriorityFeePerGas)
        try c.encode(hash, forKey: .hash)
        try c.encode(input, forKey: .input)
        try c.encodeQuantity(nonce, forKey: .nonce)
        try c.encodeOrNull(to, forKey: .to)
        try c.encodeQuantityOrNull(transactionIndex, forKey: .transactionIndex)
        try c.encodeQuantity(value, forKey: .value)
        try c.encodeQuantity(type, forKey: .type)
        try c.encodeIfPresent(accessList, forKey: .accessList)
        try c.encodeQuantityIfPresent(chainID, forKey: .chainID)
        try c.encodeQuantity(v, forKey: .v)
        try c.encodeQuantity(r, forKey: .r)
        try c.encodeQuantity(s, forKey: .s)
        try c.encodeQuantityIfPresent(yParity, forKey: .yParity)
    }
}

/// A validator withdrawal in a post-Shanghai block.
public struct Withdrawal: Sendable, Hashable, Codable {
    /// The withdrawal's sequence number.
    public var index: UInt64
    /// The validator's index.
    public var validatorIndex: UInt64
    /// The recipient.
    public var address: Address
    /// The amount, in gwei.
    public var amount: UInt64

    /// A withdrawal with these fields.
    public init(index: UInt64, validatorIndex: UInt64, address: Address, amount: UInt64) {
        self.index = index
        self.validatorIndex = validatorIndex
        self.address = address
        self.amount = amount
    }

    private enum CodingKeys: String, CodingKey {
        case index, validatorIndex, address, amount
    }

    /// Decodes a withdrawal object.
    ///
    /// - Throws: `DecodingError` for a missing or malformed field.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decodeQuantity(UInt64.self, forKey: .index)
        validatorIndex = try c.decodeQuantity(UInt64.self, forKey: .validatorIndex)
        address = try c.decode(Address.self, forKey: .address)
        amount = try c.decodeQuantity(UInt64.self, forKey: .amount)
    }

    /// Encodes the withdrawal.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeQuantity(index, forKey: .index)
        try c.encodeQuantity(validatorIndex, forKey: .validatorIndex)
        try c.encode(address, forKey: .address)
        try c.encodeQuantity(amount, forKey: .amount)
    }
}

/// A block as `eth_getBlockByNumber` and `eth_getBlockByHash` return it.
///
/// `hash`, `number` and `nonce` are nil (written null) for a pending block. Fields of later forks (base fee,
/// withdrawals, blob gas, beacon root, requests hash) and the pre-merge `totalDifficulty` are read when present and
/// written only when set.
public struct Block: Sendable, Hashable, Codable {
    /// The transactions of a block: their hashes, or whole objects when asked for (`fullTransactions = true`).
    ///
    /// An empty array reads as `.hashes([])`.
    public enum Transactions: Sendable, Hashable, Codable {
        /// The transactions' hashes.
        case hashes([Hash])
        /// The transactions themselves.
        case full([Transaction])

        /// The transactions' hashes in either form.
        public var hashes: [Hash] {
            switch self {
            case .hashes(let hashes): hashes
            case .full(let transactions): transactions.map(\.hash)
            }
        }

        /// Decodes an array of hashes or of transaction objects.
        ///
        /// - Throws: `DecodingError` when an element is neither, or the array mixes the two.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let hashes = try? container.decode([Hash].self) {
                self = .hashes(hashes)
            } else {
                self = .full(try container.decode([Transaction].self))
            }
        }

        /// Encodes the array.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .hashes(let hashes): try container.encode(hashes)
            case .full(let transactions): try container.encode(transactions)
            }
        }
    }

    /// The block's number, nil while pending.
    public var number: UInt64?
    /// The block's hash, nil while pending.
    public var hash: Hash?
    /// The parent block's hash.
    public var parentHash: Hash
    /// The proof-of-work nonce (8 bytes; zero after the merge), nil while pending.
    public var nonce: HexBytes?
    /// The hash of the uncles list.
    public var sha3Uncles: Hash
    /// The 256-byte bloom filter of the block's logs.
    public var logsBloom: HexBytes
    /// The transactions trie root.
    public var transactionsRoot: Hash
    /// The state trie root.
    public var stateRoot: Hash
    /// The receipts trie root.
    public var receiptsRoot: Hash
    /// The fee recipient.
    public var miner: Address
    /// The proof-of-work difficulty (zero after the merge).
    public var difficulty: UInt256
    /// The chain's total difficulty up to this block (pre-merge nodes only).
    public var totalDifficulty: UInt256?
    /// The extra data field.
    public var extraData: HexBytes
    /// The block's RLP size in bytes.
    public var size: UInt64
    /// The gas limit.
    public var gasLimit: UInt64
    /// The gas used.
    public var gasUsed: UInt64
    /// The timestamp, in unix seconds.
    public var timestamp: UInt64
    /// The transactions.
    public var transactions: Transactions
    /// The uncles' hashes.
    public var uncles: [Hash]
    /// The mix hash (`prevRandao` after the merge).
    public var mixHash: Hash
    /// The base fee (London and later).
    public var baseFeePerGas: UInt256?
    /// The withdrawals root (Shanghai and later).
    public var withdrawalsRoot: Hash?
    /// The withdrawals (Shanghai and later).
    public var withdrawals: [Withdrawal]?
    /// The blob gas used (Cancun and later).
    public var blobGasUsed: UInt64?
    /// The excess blob gas (Cancun and later).
    public var excessBlobGas: UInt64?
    /// The parent beacon block root (Cancun and later).
    public var parentBeaconBlockRoot: Hash?
    /// The execution requests hash (Prague and later).
    public var requestsHash: Hash?

    /// A block with these fields.
    public init(
        number: UInt64?, hash: Hash?, parentHash: Hash, nonce: HexBytes?, sha3Uncles: Hash, logsBloom: HexBytes,
        transactionsRoot: Hash, stateRoot: Hash, receiptsRoot: Hash, miner: Address, difficulty: UInt256,
        totalDifficulty: UInt256? = nil, extraData: HexBytes, size: UInt64, gasLimit: UInt64, gasUsed: UInt64,
        timestamp: UInt64, transactions: Transactions, uncles: [Hash], mixHash: Hash, baseFeePerGas: UInt256? = nil,
        withdrawalsRoot: Hash? = nil, withdrawals: [Withdrawal]? = nil, blobGasUsed: UInt64? = nil,
        excessBlobGas: UInt64? = nil, parentBeaconBlockRoot: Hash? = nil, requestsHash: Hash? = nil
    ) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.nonce = nonce
        self.sha3Uncles = sha3Uncles
        self.logsBloom = logsBloom
        self.transactionsRoot = transactionsRoot
        self.stateRoot = stateRoot
        self.receiptsRoot = receiptsRoot
        self.miner = miner
        self.difficulty = difficulty
        self.totalDifficulty = totalDifficulty
        self.extraData = extraData
        self.size = size
        self.gasLimit = gasLimit
        self.gasUsed = gasUsed
        self.timestamp = timestamp
        self.transactions = transactions
        self.uncles = uncles
        self.mixHash = mixHash
        self.baseFeePerGas = baseFeePerGas
        self.withdrawalsRoot = withdrawalsRoot
        self.withdrawals = withdrawals
        self.blobGasUsed = blobGasUsed
        self.excessBlobGas = excessBlobGas
        self.parentBeaconBlockRoot = parentBeaconBlockRoot
        self.requestsHash = requestsHash
    }

    private enum CodingKeys: String, CodingKey {
        case number, hash, parentHash, nonce, sha3Uncles, logsBloom, transactionsRoot, stateRoot, receiptsRoot, miner
        case difficulty, totalDifficulty, extraData, size, gasLimit, gasUsed, timestamp, transactions, uncles, mixHash
        case baseFeePerGas, withdrawalsRoot, withdrawals, blobGasUsed, excessBlobGas, parentBeaconBlockRoot
        case requestsHash
    }

    /// Decodes a block object.
    ///
    /// - Throws: `DecodingError` for a missing required field or a malformed one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decodeQuantityIfPresent(UInt64.self, forKey: .number)
        hash = try c.decodeIfPresent(Hash.self, forKey: .hash)
        parentHash = try c.decode(Hash.self, forKey: .parentHash)
        nonce = try c.decodeIfPresent(HexBytes.self, forKey: .nonce)
        sha3Uncles = try c.decode(Hash.self, forKey: .sha3Uncles)
        logsBloom = try c.decode(HexBytes.self, forKey: .logsBloom)
        transactionsRoot = try c.decode(Hash.self, forKey: .transactionsRoot)
        stateRoot = try c.decode(Hash.self, forKey: .stateRoot)
        receiptsRoot = try c.decode(Hash.self, forKey: .receiptsRoot)
        miner = try c.decode(Address.self, forKey: .miner)
        difficulty = try c.decodeQuantity(UInt256.self, forKey: .difficulty)
        totalDifficulty = try c.decodeQuantityIfPresent(UInt256.self, forKey: .totalDifficulty)
        extraData = try c.decode(HexBytes.self, forKey: .extraData)
        size = try c.decodeQuantity(UInt64.self, forKey: .size)
        gasLimit = try c.decodeQuantity(UInt64.self, forKey: .gasLimit)
        gasUsed = try c.decodeQuantity(UInt64.self, forKey: .gasUsed)
        timestamp = try c.decodeQuantity(UInt64.self, forKey: .timestamp)
        transactions = try c.decode(Transactions.self, forKey: .transactions)
        uncles = try c.decode([Hash].self, forKey: .uncles)
        mixHash = try c.decode(Hash.self, forKey: .mixHash)
        baseFeePerGas = try c.decodeQuantityIfPresent(UInt256.self, forKey: .baseFeePerGas)
        withdrawalsRoot = try c.decodeIfPresent(Hash.self, forKey: .withdrawalsRoot)
        withdrawals = try c.decodeIfPresent([Withdrawal].self, forKey: .withdrawals)
        blobGasUsed = try c.decodeQuantityIfPresent(UInt64.self, forKey: .blobGasUsed)
        excessBlobGas = try c.decodeQuantityIfPresent(UInt64.self, forKey: .excessBlobGas)
        parentBeaconBlockRoot = try c.decodeIfPresent(Hash.self, forKey: .parentBeaconBlockRoot)
        requestsHash = try c.decodeIfPresent(Hash.self, forKey: .requestsHash)
    }

    /// Encodes the block; `number`, `hash` and `nonce` as null when nil, fork fields only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeQuantityIfPresent(baseFeePerGas, forKey: .baseFeePerGas)
        try c.encodeQuantityIfPresent(blobGasUsed, forKey: .blobGasUsed)
        try c.encodeQuantity(difficulty, forKey: .difficulty)
        try c.encodeQuantityIfPresent(excessBlobGas, forKey: .excessBlobGas)
        try c.encode(extraData, forKey: .extraData)
        try c.encodeQuantity(gasLimit, forKey: .gasLimit)
        try c.encodeQuantity(gasUsed, forKey: .gasUsed)
        try c.encodeOrNull(hash, forKey: .hash)
        try c.encode(logsBloom, forKey: .logsBloom)
        try c.encode(miner, forKey: .miner)
        try c.encode(mixHash, forKey: .mixHash)
        try c.encodeOrNull(nonce, forKey: .nonce)
        try c.encodeQuantityOrNull(number, forKey: .number)
        try c.encodeIfPresent(parentBeaconBlockRoot, forKey: .parentBeaconBlockRoot)
        try c.encode(parentHash, forKey: .parentHash)
        try c.encode(receiptsRoot, forKey: .receiptsRoot)
        try c.encodeIfPresent(requestsHash, forKey: .requestsHash)
        try c.encode(sha3Uncles, forKey: .sha3Uncles)
        try c.encodeQuantity(size, forKey: .size)
        try c.encode(stateRoot, forKey: .stateRoot)
        try c.encodeQuantity(timestamp, forKey: .timestamp)
        try c.encodeQuantityIfPresent(totalDifficulty, forKey: .totalDifficulty)
        try c.encode(transactions, forKey: .transactions)
        try c.encode(transactionsRoot, forKey: .transactionsRoot)
        try c.encode(uncles, forKey: .uncles)
        try c.encodeIfPresent(withdrawals, forKey: .withdrawals)
        try c.encodeIfPresent(withdrawalsRoot, forKey: .withdrawalsRoot)
    }
}
