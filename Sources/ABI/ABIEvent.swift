import EthPrimitives

/// A contract event: how its logs are laid out in topics and data.
///
/// Indexed parameters go in topics, after the signature hash (unless the event is anonymous); the others are
/// ABI-encoded together in the log's data. An indexed value of an elementary type is its 32-byte word; an indexed
/// `bytes`, `string`, array or tuple is only present as the Keccak-256 of its encoding, so decoding gives that hash.
public struct ABIEvent: Hashable, Sendable {
    /// The event's name.
    public let name: String
    /// Its parameters in declaration order, indexed or not.
    public let inputs: [ABIParameter]
    /// Whether the signature hash is left out of the topics.
    public let anonymous: Bool
    /// The Keccak-256 of ``signature``: the first topic of its logs unless anonymous.
    public let topic: Hash

    /// An event with these parts.
    public init(name: String, inputs: [ABIParameter], anonymous: Bool = false) {
        self.name = name
        self.inputs = inputs
        self.anonymous = anonymous
        self.topic = Keccak256.hash(ABIFunction.signature(name, inputs))
    }

    /// The canonical signature: `Transfer(address,address,uint256)`.
    public var signature: String { ABIFunction.signature(name, inputs) }

    /// `event Transfer(address indexed from, address indexed to, uint256 value)`.
    public var humanReadable: String {
        "event \(name)(" + inputs.map(\.humanReadable).joined(separator: ", ") + ")" + (anonymous ? " anonymous" : "")
    }

    /// How many topics its logs have.
    public var topicCount: Int { inputs.count(where: \.indexed) + (anonymous ? 0 : 1) }

    /// Decodes a log of this event.
    ///
    /// - Parameters:
    ///   - topics: the log's topics, the signature hash first unless the event is anonymous.
    ///   - data: the log's data: the non-indexed parameters, ABI-encoded.
    /// - Throws: ``ABIError/topicCountMismatch(expected:actual:)``, ``ABIError/eventTopicMismatch(expected:actual:)``,
    ///   ``ABIError/invalidTopic(index:reason:)`` for an indexed value with dirty bits, or the errors of
    ///   ``ABIDecoder`` for the data.
    public func decodeLog<Bytes: Collection<UInt8>>(topics: [Hash], data: Bytes, mode: ABIDecoder.Mode = .strict)
        throws(ABIError) -> ABIDecodedLog
    {
        guard topics.count == topicCount else { throw .topicCountMismatch(expected: topicCount, actual: topics.count) }
        if !anonymous, topics[0] != topic { throw .eventTopicMismatch(expected: topic, actual: topics[0]) }
        let dataValues = try ABIDecoder.decode(inputs.filter { !$0.indexed }.map(\.type), from: data, mode: mode)
        var values: [ABIEventValue] = []
        var nextTopic = anonymous ? 0 : 1
        var nextData = 0
        for input in inputs {
            if input.indexed {
                values.append(try Self.decodeTopic(topics[nextTopic], as: input.type, index: nextTopic))
                nextTopic += 1
            } else {
                values.append(.value(dataValues[nextData]))
                nextData += 1
            }
        }
        return ABIDecodedLog(event: self, values: values)
    }

    static func decodeTopic(_ topic: Hash, as type: ABIType, index: Int) throws(ABIError) -> ABIEventValue {
        guard type.isElementary else { return .hashed(topic) }
        do {
            return .value(try ABIDecoder.decode([type], from: topic.bytes)[0])
        } catch {
            throw .invalidTopic(index: index, reason: error.description)
        }
    }

    /// The topics and data of a log of this event with `values` (one per parameter, in declaration order), as
    /// the EVM's `LOG` would write it.
    ///
    /// - Throws: as ``ABIEncoder/encode(_:as:)`` when a value does not fit its parameter.
    public func encodeLog(_ values: [ABIValue]) throws(ABIError) -> (topics: [Hash], data: [UInt8]) {
        guard values.count == inputs.count else {
            throw .wrongCount(path: "list", expected: inputs.count, actual: values.count)
        }
        var topics = anonymous ? [] : [topic]
        var dataValues: [ABIValue] = []
        var dataTypes: [ABIType] = []
        for (index, (value, input)) in zip(values, inputs).enumerated() {
            if input.indexed {
                do {
                    topics.append(try Self.encodeTopic(value, as: input.type))
                } catch {
                    throw error.prefixingPath("\(index)")
                }
            } else {
                dataValues.append(value)
                dataTypes.append(input.type)
            }
        }
        return (topics, try ABIEncoder.encode(dataValues, as: dataTypes))
    }

    /// The topics to ask a node for (`eth_getLogs`, `eth_newFilter`): the signature hash (unless anonymous), then
    /// for each indexed parameter in order either any value (`nil`) or one of the values given. Trailing
    /// wildcards are left out, as nodes treat missing positions as wildcards.
    ///
    /// - Parameter indexedValues: one entry per indexed parameter, at most; fewer means the rest are wildcards.
    /// - Throws: ``ABIError/wrongCount(path:expected:actual:)`` for more entries than indexed parameters, or as
    ///   ``encodeTopic(_:as:)``.
    public func topicFilter(_ indexedValues: [[ABIValue]?]) throws(ABIError) -> [TopicFilter] {
        let indexed = inputs.filter(\.indexed)
        guard indexedValues.count <= indexed.count else {
            throw .wrongCount(path: "list", expected: indexed.count, actual: indexedValues.count)
        }
        var filter: [TopicFilter] = anonymous ? [] : [.oneOf([topic])]
        for (index, (alternatives, input)) in zip(indexedValues, indexed).enumerated() {
            guard let alternatives else {
                filter.append(.any)
                continue
            }
            var hashes: [Hash] = []
            for value in alternatives {
                do {
                    hashes.append(try Self.encodeTopic(value, as: input.type))
                } catch {
                    throw error.prefixingPath("\(index)")
                }
            }
            filter.append(hashes.isEmpty ? .any : .oneOf(hashes))
        }
        while filter.last == .any { filter.removeLast() }
        return filter
    }

    /// The topic holding an indexed value: the word of an elementary value; the Keccak-256 of the bytes of a
    /// `bytes` or `string`; for arrays and tuples the Keccak-256 of their elements' encodings concatenated, each
    /// padded to whole words (`bytes` and `string` too) and without lengths, as the specification says.
    ///
    /// - Throws: ``ABIError/typeMismatch(path:expected:actual:)`` or
    ///   ``ABIError/valueOutOfRange(path:type:value:)`` when the value does not fit the type.
    public static func encodeTopic(_ value: ABIValue, as type: ABIType) throws(ABIError) -> Hash {
        try type.validate()
        _ = try ABIEncoder.checkedSize(of: value, as: type)
        if type.isElementary {
            return try! Hash(try ABIEncoder.encode([value], as: [type]))
        }
        var encoding: [UInt8] = []
        topicEncoding(value, as: type, padded: false, into: &encoding)
        return Keccak256.hash(encoding)
    }

    private static func topicEncoding(_ value: ABIValue, as type: ABIType, padded: Bool, into output: inout [UInt8]) {
        switch value {
        case .bytes(let bytes):
            output += bytes
            if padded { output += repeatElement(0, count: ABIEncoder.paddedLength(bytes.count) - bytes.count) }
        case .string(let string):
            let count = string.utf8.count
            output += string.utf8
            if padded { output += repeatElement(0, count: ABIEncoder.paddedLength(count) - count) }
        case .array(let elements), .fixedArray(let elements):
            for element in elements { topicEncoding(element, as: type.elementType!, padded: true, into: &output) }
        case .tuple(let members):
            guard case .tuple(let types) = type else { return }
            for (member, memberType) in zip(members, types) {
                topicEncoding(member, as: memberType, padded: true, into: &output)
            }
        default:
            output += try! ABIEncoder.encode([value], as: [type])
        }
    }
}

/// One decoded parameter of a log: its value, or only the hash of its value for indexed `bytes`, `string`,
/// arrays and tuples.
public enum ABIEventValue: Hashable, Sendable {
    /// The value (non-indexed parameters, and indexed ones of elementary types).
    case value(ABIValue)
    /// The topic of an indexed parameter whose value the log does not hold, only its Keccak-256.
    case hashed(Hash)

    /// The value, or nil when only its hash is known.
    public var value: ABIValue? {
        if case .value(let value) = self { value } else { nil }
    }
}

/// A decoded log: the event and one value per parameter, in declaration order.
public struct ABIDecodedLog: Hashable, Sendable {
    /// The event the log was decoded as.
    public let event: ABIEvent
    /// One entry per parameter of the event, in declaration order.
    public let values: [ABIEventValue]

    /// The value of the parameter called `name`, or nil if there is none.
    public subscript(name: String) -> ABIEventValue? {
        guard let index = event.inputs.firstIndex(where: { $0.name == name }) else { return nil }
        return values[index]
    }
}

/// One position of a log filter's `topics`: any topic, or one of a list (`null`, a hash, or an array of hashes in
/// JSON-RPC).
public enum TopicFilter: Hashable, Sendable, Codable {
    /// Any topic matches (JSON `null`).
    case any
    /// A topic equal to one of these matches (a JSON string when there is one, else an array).
    case oneOf([Hash])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .any
        } else if let hash = try? container.decode(Hash.self) {
            self = .oneOf([hash])
        } else {
            self = .oneOf(try container.decode([Hash].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .any: try container.encodeNil()
        case .oneOf(let hashes) where hashes.count == 1: try container.encode(hashes[0])
        case .oneOf(let hashes): try container.encode(hashes)
        }
    }
}
