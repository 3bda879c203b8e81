import EthPrimitives

/// Which block a call reads: a named tag, a block number, or (EIP-1898) a block hash.
///
/// Written as nodes write it: `"latest"`, `"earliest"`, `"pending"`, `"safe"`, `"finalized"` (exactly, lowercase),
/// a quantity (`"0x1b4"`), or an EIP-1898 object, `{"blockHash": "0x…", "requireCanonical": false}` or
/// `{"blockNumber": "0x1b4"}`. The `{"blockNumber"}` object reads as ``number(_:)`` (it means the same block) and is
/// written back as the plain quantity. Numbers are limited to 2^63 − 1, as geth limits them.
public enum BlockTag: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The most recent block.
    case latest
    /// The genesis block.
    case earliest
    /// The block being built.
    case pending
    /// The latest block that is safe from reorganisations under honest majority.
    case safe
    /// The latest finalized block.
    case finalized
    /// A block number.
    case number(UInt64)
    /// A block hash; with `requireCanonical` the node must refuse a hash that is not on its canonical chain.
    case hash(Hash, requireCanonical: Bool)

    /// The JSON text form (`latest`, `0x1b4`, or the hash).
    public var description: String {
        switch self {
        case .latest: "latest"
        case .earliest: "earliest"
        case .pending: "pending"
        case .safe: "safe"
        case .finalized: "finalized"
        case .number(let number): number.quantity
        case .hash(let hash, let requireCanonical): requireCanonical ? "\(hash) (canonical)" : hash.description
        }
    }

    /// Parses a tag name or a quantity (not the EIP-1898 object form).
    ///
    /// - Throws: ``PrimitivesError/invalidNumber(_:offset:)`` for a word that is not a tag, or the quantity's
    ///   error (``QuantityRepresentable``), or ``PrimitivesError/numberOutOfRange(_:type:)`` above 2^63 − 1.
    public init(parsing text: some StringProtocol) throws(PrimitivesError) {
        switch text {
        case "latest": self = .latest
        case "earliest": self = .earliest
        case "pending": self = .pending
        case "safe": self = .safe
        case "finalized": self = .finalized
        default:
            guard text.hasPrefix("0x") || text.hasPrefix("0X") else {
                throw .invalidNumber(String(text), offset: 0)
            }
            self = .number(try Self.blockNumber(text))
        }
    }

    private static func blockNumber(_ text: some StringProtocol) throws(PrimitivesError) -> UInt64 {
        let number = try UInt64(quantity: text)
        guard number <= UInt64(Int64.max) else { throw .numberOutOfRange(String(text), type: "a block number") }
        return number
    }

    private enum ObjectKeys: String, CodingKey {
        case blockHash, blockNumber, requireCanonical
    }

    /// Decodes a tag, a quantity or an EIP-1898 object.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for an unknown tag, a bad quantity, an object with both or neither of
    ///   `blockHash` and `blockNumber`, or `requireCanonical` beside `blockNumber`.
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: ObjectKeys.self) {
            let hash = try object.decodeIfPresent(Hash.self, forKey: .blockHash)
            let number = try object.decodeIfPresent(Quantity<UInt64>.self, forKey: .blockNumber)
            let requireCanonical = try object.decodeIfPresent(Bool.self, forKey: .requireCanonical)
            switch (hash, number) {
            case (let hash?, nil):
                self = .hash(hash, requireCanonical: requireCanonical ?? false)
            case (nil, let number?):
                guard requireCanonical == nil else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .requireCanonical, in: object,
                        debugDescription: "block: requireCanonical goes with blockHash, not blockNumber")
                }
                guard number.value <= UInt64(Int64.max) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .blockNumber, in: object, debugDescription: "block: block number above 2^63 - 1")
                }
                self = .number(number.value)
            case (.some, .some):
                throw DecodingError.dataCorruptedError(
                    forKey: .blockHash, in: object,
                    debugDescription: "block: give blockHash or blockNumber, not both")
            case (nil, nil):
                throw DecodingError.dataCorruptedError(
                    forKey: .blockHash, in: object, debugDescription: "block: the object needs blockHash or blockNumber"
                )
            }
            return
        }
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.typeMismatch(
                BlockTag.self,
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "block: expected a tag, a 0x block number or a {blockHash} object"))
        }
        do {
            self = try BlockTag(parsing: text)
        } catch {
            let message =
                if case .invalidNumber = error {
                    "block: \(String(reflecting: text)) is not latest, earliest, pending, safe, finalized or a 0x number"
                } else {
                    error.description
                }
            throw DecodingError.dataCorrupted(
                .init(codingPath: container.codingPath, debugDescription: message, underlyingError: error))
        }
    }

    /// Encodes a tag or number as a string, a hash as the EIP-1898 object.
    public func encode(to encoder: any Encoder) throws {
        if case .hash(let hash, let requireCanonical) = self {
            var object = encoder.container(keyedBy: ObjectKeys.self)
            try object.encode(hash, forKey: .blockHash)
            try object.encode(requireCanonical, forKey: .requireCanonical)
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
