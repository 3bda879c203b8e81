import EthPrimitives

/// A number that Ethereum's JSON-RPC writes as a quantity: `0x` and hex digits without leading zeros (`"0x0"`,
/// `"0x1a"`).
///
/// Reading is strict, as geth's `hexutil` is: `0x` (or `0X`) is required, `"0x"` alone and leading zeros (`"0x01"`)
/// are refused, digits may be either case, and a value too big for the type is an error. Decimal strings and JSON
/// numbers are refused too (``UInt256``'s own `Codable` conformance is more lenient; the types of this module use
/// the strict form).
public protocol QuantityRepresentable: Sendable, Hashable {
    /// Parses a strict quantity.
    ///
    /// - Throws: ``PrimitivesError/missingHexPrefix``, ``PrimitivesError/emptyNumber``,
    ///   ``PrimitivesError/nonCompactQuantity(_:)``, ``PrimitivesError/invalidNumber(_:offset:)`` or
    ///   ``PrimitivesError/numberOutOfRange(_:type:)``.
    init(quantity text: some StringProtocol) throws(PrimitivesError)

    /// The compact `0x` hex form.
    var quantity: String { get }
}

extension UInt256: QuantityRepresentable {
    /// Parses a strict quantity up to 2^256 − 1 (see ``QuantityRepresentable``).
    ///
    /// - Throws: the ``PrimitivesError`` of ``UInt256/init(hexQuantity:)``.
    public init(quantity text: some StringProtocol) throws(PrimitivesError) {
        try self.init(hexQuantity: text)
    }

    /// ``hexQuantity``.
    public var quantity: String { hexQuantity }
}

extension UInt64: QuantityRepresentable {
    /// Parses a strict quantity up to 2^64 − 1 (see ``QuantityRepresentable``).
    ///
    /// - Throws: the ``PrimitivesError`` of ``UInt256/init(hexQuantity:)``, or
    ///   ``PrimitivesError/numberOutOfRange(_:type:)`` above 2^64 − 1.
    public init(quantity text: some StringProtocol) throws(PrimitivesError) {
        let wide = try UInt256(hexQuantity: text)
        guard let value = UInt64(exactly: wide) else { throw .numberOutOfRange(String(text), type: "UInt64") }
        self = value
    }

    /// `"0x"` and the lowercase hex digits, without leading zeros.
    public var quantity: String { "0x" + String(self, radix: 16) }
}

/// A value coded as a strict JSON-RPC quantity, for use where a quantity stands alone: a positional parameter
/// (`eth_feeHistory`'s block count), a result (`eth_blockNumber`).
public struct Quantity<Value: QuantityRepresentable>: Sendable, Hashable, Codable {
    /// The number.
    public var value: Value

    /// Wraps a number.
    public init(_ value: Value) { self.value = value }

    /// Decodes a strict quantity string.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose underlying error is the ``PrimitivesError`` met, or
    ///   `DecodingError.typeMismatch` when the value is not a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = try decodeQuantity(Value.self, from: container)
    }

    /// Encodes the compact `0x` form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.quantity)
    }
}

/// Reads a strict quantity from a single-value container.
func decodeQuantity<Value: QuantityRepresentable>(
    _ type: Value.Type, from container: any SingleValueDecodingContainer
) throws -> Value {
    guard let text = try? container.decode(String.self) else {
        throw DecodingError.typeMismatch(
            Value.self,
            .init(codingPath: container.codingPath, debugDescription: "quantity: expected a 0x hex string"))
    }
    do {
        return try Value(quantity: text)
    } catch {
        throw DecodingError.dataCorrupted(
            .init(codingPath: container.codingPath, debugDescription: error.description, underlyingError: error))
    }
}

// MARK: - Keyed container helpers used by the Ethereum types

extension KeyedDecodingContainer {
    /// A required strict quantity.
    func decodeQuantity<Value: QuantityRepresentable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try decode(Quantity<Value>.self, forKey: key).value
    }

    /// A strict quantity, or nil when the key is absent or null.
    func decodeQuantityIfPresent<Value: QuantityRepresentable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try decodeIfPresent(Quantity<Value>.self, forKey: key)?.value
    }

    /// An array of strict quantities.
    func decodeQuantities<Value: QuantityRepresentable>(_ type: Value.Type, forKey key: Key) throws -> [Value] {
        try decode([Quantity<Value>].self, forKey: key).map(\.value)
    }
}

extension KeyedEncodingContainer {
    /// Writes a quantity.
    mutating func encodeQuantity(_ value: some QuantityRepresentable, forKey key: Key) throws {
        try encode(value.quantity, forKey: key)
    }

    /// Writes a quantity, or nothing when nil.
    mutating func encodeQuantityIfPresent(_ value: (some QuantityRepresentable)?, forKey key: Key) throws {
        if let value { try encode(value.quantity, forKey: key) }
    }

    /// Writes a quantity, or `null` when nil (for fields nodes always write, like a pending log's `blockNumber`).
    mutating func encodeQuantityOrNull(_ value: (some QuantityRepresentable)?, forKey key: Key) throws {
        if let value { try encode(value.quantity, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Writes a value, or `null` when nil.
    mutating func encodeOrNull(_ value: (some Encodable)?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// A byte string of any length written as `0x` hex ("DATA" in the JSON-RPC specification): call data, log data,
/// a bloom filter, revert data.
///
/// Reading requires `0x` and an even number of hex digits (either case); `"0x"` is the empty string.
public struct HexBytes: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The bytes.
    public var bytes: [UInt8]

    /// Wraps bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes written in an array literal.
    public init(arrayLiteral elements: UInt8...) { bytes = elements }

    /// Parses `0x` and an even number of hex digits.
    ///
    /// - Throws: ``PrimitivesError/missingHexPrefix``, ``PrimitivesError/invalidHexCharacter(_:offset:)`` or
    ///   ``PrimitivesError/oddHexLength(digits:)``.
    public init(hex: some StringProtocol) throws(PrimitivesError) {
        bytes = try Hex.decode(hex, requirePrefix: true)
    }

    /// Lowercase `0x` hex.
    public var description: String { Hex.encode(bytes) }

    /// Decodes a `0x` hex string.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose underlying error is the ``PrimitivesError`` met.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(hex: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: container.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes lowercase `0x` hex.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
