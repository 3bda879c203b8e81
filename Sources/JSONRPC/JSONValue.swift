import Foundation

/// Any JSON value, kept as parsed: the raw form of `params`, of a `result` before it is decoded, and of an error's
/// `data`.
///
/// Integers that fit in `Int64` are kept exactly (``integer(_:)``); other numbers are `Double`s (``number(_:)``).
/// Ethereum writes its numbers as hex strings, so this loses nothing in practice; a value above 2^63 − 1 written as a
/// JSON number would lose precision, as it does in most JSON decoders.
public enum JSONValue: Sendable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits in `Int64`.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; the order of its members is not kept.
    case object([String: JSONValue])

    /// Decodes whatever JSON value is there.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the decoder holds something that is not JSON.
    public init(from decoder: any Decoder) throws {
        // A decoder cannot be asked what comes next, and every wrong guess costs a thrown error; strings come
        // first, as most JSON-RPC values are strings, then objects and arrays, then the other scalars.
        let scalar = try? decoder.singleValueContainer()
        if let scalar, scalar.decodeNil() {
            self = .null
            return
        }
        if let value = try? scalar?.decode(String.self) {
            self = .string(value)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(object.allKeys.count)
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            if let count = array.count { elements.reserveCapacity(count) }
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let single = try scalar ?? decoder.singleValueContainer()
        if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "jsonrpc: not a JSON value")
        }
    }

    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .integer(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in members { try object.encode(value, forKey: AnyKey(key)) }
        }
    }

    /// What kind of value this is, in words, for error messages ("a string", "an object").
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    /// Parses one JSON text.
    ///
    /// Reads the bytes directly (no `JSONDecoder`): numbers without fraction or exponent that fit in `Int64` become
    /// ``integer(_:)``, other numbers ``number(_:)``; strings must be valid UTF-8; nesting deeper than 512 arrays or
    /// objects is refused. A member name given twice keeps its last value. One comma after the last element of an
    /// array or object (`[1,]`) is let through, as Foundation's decoder, which this replaced, lets it through.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the byte offset when `bytes` is not a single JSON value.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONText.parse(Array(bytes))
    }

    /// The value as compact JSON text (UTF-8), with slashes unescaped.
    public var jsonBytes: [UInt8] {
        // Encoding a JSONValue cannot fail: every case maps to valid JSON (non-finite doubles aside, which parsing
        // never produces).
        var out: [UInt8] = []
        JSONText.write(self, to: &out)
        return out
    }

    /// Decodes a Swift value from this JSON value.
    ///
    /// A string, number, boolean or null is first read in place, without writing it out; when that cannot answer as
    /// Foundation would, and always for arrays and objects, the value is written out and decoded by `JSONDecoder`,
    /// whose results and errors are the reference.
    ///
    /// - Throws: the `DecodingError` that `T`'s `init(from:)` throws.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch self {
        case .array, .object: break
        case .null, .bool, .integer, .number, .string:
            if let value = try? ScalarDecoder(value: self).decode(T.self) { return value }
        }
        return try JSONDecoder().decode(T.self, from: Data(jsonBytes))
    }

    /// The JSON value of an `Encodable` Swift value.
    ///
    /// - Throws: the `EncodingError` that `value`'s `encode(to:)` throws.
    public init(encoding value: some Encodable) throws {
        self = try JSONText.parse([UInt8](JSONCoding.encoder.encode(value)))
    }
}

/// The shared JSON settings of the module: compact output, `/` not escaped.
enum JSONCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}

/// A coding key made from any string.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
