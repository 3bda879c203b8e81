import EthPrimitives

/// An event log as `eth_getLogs` and receipts return it.
///
/// The location fields (`blockNumber`, `blockHash`, `transactionHash`, `transactionIndex`, `logIndex`) are null for a
/// pending log; they are always written, as null when nil. `blockTimestamp` (added by recent geth versions) is read
/// when present and written only when set.
public struct Log: Sendable, Hashable, Codable {
    /// The contract that emitted the log.
    public var address: Address
    /// The indexed topics, the event's signature hash first for non-anonymous events.
    public var topics: [Hash]
    /// The non-indexed data.
    public var data: HexBytes
    /// The block's number, nil while pending.
    public var blockNumber: UInt64?
    /// The block's hash, nil while pending.
    public var blockHash: Hash?
    /// The block's timestamp, when the node sends it.
    public var blockTimestamp: UInt64?
    /// The transaction's hash.
    public var transactionHash: Hash?
    /// The transaction's index in its block.
    public var transactionIndex: UInt64?
    /// The log's index in its block.
    public var logIndex: UInt64?
    /// True when a reorganisation removed the log (only in subscriptions and filters).
    public var removed: Bool

    /// A log with these fields.
    public init(
        address: Address, topics: [Hash], data: HexBytes, blockNumber: UInt64? = nil, blockHash: Hash? = nil,
        blockTimestamp: UInt64? = nil, transactionHash: Hash? = nil, transactionIndex: UInt64? = nil,
        logIndex: UInt64? = nil, removed: Bool = false
    ) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.blockTimestamp = blockTimestamp
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.logIndex = logIndex
        self.removed = removed
    }

    private enum CodingKeys: String, CodingKey {
        case address, topics, data, blockNumber, transactionHash, transactionIndex, blockHash, blockTimestamp
        case logIndex, removed
    }

    /// Decodes a log object.
    ///
    /// - Throws: `DecodingError` for a missing `address`, `topics` or `data`, or a malformed field.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(Address.self, forKey: .address)
        topics = try c.decode([Hash].self, forKey: .topics)
        data = try c.decode(HexBytes.self, forKey: .data)
        blockNumber = try c.decodeQuantityIfPresent(UInt64.self, forKey: .blockNumber)
        blockHash = try c.decodeIfPresent(Hash.self, forKey: .blockHash)
        blockTimestamp = try c.decodeQuantityIfPresent(UInt64.self, forKey: .blockTimestamp)
        transactionHash = try c.decodeIfPresent(Hash.self, forKey: .transactionHash)
        transactionIndex = try c.decodeQuantityIfPresent(UInt64.self, forKey: .transactionIndex)
        logIndex = try c.decodeQuantityIfPresent(UInt64.self, forKey: .logIndex)
        removed = try c.decodeIfPresent(Bool.self, forKey: .removed) ?? false
    }

    /// Encodes the log in geth's field order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(topics, forKey: .topics)
        try c.encode(data, forKey: .data)
        try c.encodeQuantityOrNull(blockNumber, forKey: .blockNumber)
        try c.encodeOrNull(transactionHash, forKey: .transactionHash)
        try c.encodeQuantityOrNull(transactionIndex, forKey: .transactionIndex)
        try c.encodeOrNull(blockHash, forKey: .blockHash)
        try c.encodeQuantityIfPresent(blockTimestamp, forKey: .blockTimestamp)
        try c.encodeQuantityOrNull(logIndex, forKey: .logIndex)
        try c.encode(removed, forKey: .removed)
    }
}

/// The filter of `eth_getLogs` and `eth_newFilter`.
///
/// `address` is one address or an array of them (any of them matches; empty matches all). `topics` has up to four
/// positions; each is nil (any topic, written `null`), or a list of hashes any of which matches (a single hash is
/// written as a string). A position written `[]`, or an OR-array containing `null`, matches anything, as in geth,
/// and reads as nil. `blockHash` excludes `fromBlock` and `toBlock`; the range bounds are tags or numbers, not
/// EIP-1898 objects.
public struct LogFilter: Sendable, Hashable, Codable {
    /// The first block of the range (the node's default is `latest`).
    public var fromBlock: BlockTag?
    /// The last block of the range (the node's default is `latest`).
    public var toBlock: BlockTag?
    /// The emitting contracts; empty for any.
    public var address: [Address]
    /// The topic conditions, position by position.
    public var topics: [[Hash]?]
    /// The one block to search, instead of a range.
    public var blockHash: Hash?

    /// The most topic positions a filter may have (geth's limit: an event has at most four topics).
    public static let maximumTopicPositions = 4

    /// A filter with these conditions.
    public init(
        fromBlock: BlockTag? = nil, toBlock: BlockTag? = nil, address: [Address] = [], topics: [[Hash]?] = [],
        blockHash: Hash? = nil
    ) {
        self.fromBlock = fromBlock
        self.toBlock = toBlock
        self.address = address
        self.topics = topics
        self.blockHash = blockHash
    }

    private enum CodingKeys: String, CodingKey {
        case fromBlock, toBlock, address, topics, blockHash
    }

    /// Decodes a filter object.
    ///
    /// - Throws: `DecodingError` for a malformed field, more than four topic positions, `blockHash` together with a
    ///   range bound, or a range bound given as a block hash.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fromBlock = try c.decodeIfPresent(BlockTag.self, forKey: .fromBlock)
        toBlock = try c.decodeIfPresent(BlockTag.self, forKey: .toBlock)
        blockHash = try c.decodeIfPresent(Hash.self, forKey: .blockHash)
        for (bound, key) in [(fromBlock, CodingKeys.fromBlock), (toBlock, .toBlock)] {
            if case .hash? = bound {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription: "filter: \(key.stringValue) takes a tag or a number; "
                        + "use blockHash for one block")
            }
        }
        if blockHash != nil && (fromBlock != nil || toBlock != nil) {
            throw DecodingError.dataCorruptedError(
                forKey: .blockHash, in: c,
                debugDescription: "filter: give blockHash or fromBlock/toBlock, not both")
        }
        if let one = try? c.decodeIfPresent(Address.self, forKey: .address) {
            address = [one]
        } else {
            address = try c.decodeIfPresent([Address].self, forKey: .address) ?? []
        }
        let rawTopics = try c.decodeIfPresent([JSONValue].self, forKey: .topics) ?? []
        guard rawTopics.count <= Self.maximumTopicPositions else {
            throw DecodingError.dataCorruptedError(
                forKey: .topics, in: c,
                debugDescription: "filter: \(rawTopics.count) topic positions; at most \(Self.maximumTopicPositions)")
        }
        var topics: [[Hash]?] = []
        for (position, raw) in rawTopics.enumerated() {
            do {
                topics.append(try Self.topicPosition(raw))
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .topics, in: c, debugDescription: "filter: topic position \(position): \(error.reason)")
            }
        }
        self.topics = topics
    }

    private struct TopicError: Error {
        var reason: String
    }

    /// One position: nil for a wildcard, else the hashes any of which matches.
    private static func topicPosition(_ raw: JSONValue) throws(TopicError) -> [Hash]? {
        func hash(_ value: JSONValue) throws(TopicError) -> Hash? {
            switch value {
            case .null: return nil
            case .string(let text):
                do { return try Hash(hex: text) } catch { throw TopicError(reason: error.description) }
            default:
                throw TopicError(reason: "expected null, a 32-byte hash or an array of them, got \(value.kindName)")
            }
        }
        guard case .array(let alternatives) = raw else { return try hash(raw).map { [$0] } }
        var hashes: [Hash] = []
        var wildcard = alternatives.isEmpty
        for alternative in alternatives {
            if case .array = alternative { throw TopicError(reason: "an alternative cannot be an array") }
            if let one = try hash(alternative) { hashes.append(one) } else { wildcard = true }
        }
        return wildcard ? nil : hashes
    }

    /// Encodes the set fields; one address or one topic alternative as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(fromBlock, forKey: .fromBlock)
        try c.encodeIfPresent(toBlock, forKey: .toBlock)
        if address.count == 1 {
            try c.encode(address[0], forKey: .address)
        } else if !address.isEmpty {
            try c.encode(address, forKey: .address)
        }
        if !topics.isEmpty {
            let values: [JSONValue] = topics.map { position in
                guard let position else { return .null }
                return position.count == 1
                    ? .string(position[0].description) : .array(position.map { .string($0.description) })
            }
            try c.encode(values, forKey: .topics)
        }
        try c.encodeIfPresent(blockHash, forKey: .blockHash)
    }
}
