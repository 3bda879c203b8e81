import EthPrimitives
import JSONRPC

/// A number parameter read the way anvil and Hardhat read their `evm_*` and `anvil_*` arguments: a JSON integer, a
/// `0x` hex string (leading zeros allowed), or a string of decimal digits.
///
/// The `eth_*` methods keep JSON-RPC's strict quantities (`Quantity`); this type is for the test-node methods,
/// which scripts call with plain numbers (`evm_increaseTime(3600)`) as often as with hex.
public struct LenientNumber<Value: LenientlyParsable>: Sendable, Hashable, Decodable {
    /// The number.
    public var value: Value

    /// Wraps a number.
    public init(_ value: Value) { self.value = value }

    /// Reads an integer, a hex string or a decimal string.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a negative number, a fraction, a value too big for `Value`, or a
    ///   string that is neither hex nor decimal digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let parsed = Self.parse(try container.decode(JSONValue.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "expected a non-negative integer that fits in \(Value.typeName): a number, 0x hex or decimal digits"
            )
        }
        value = parsed
    }

    /// The number `json` stands for, or nil.
    static func parse(_ json: JSONValue) -> Value? {
        switch json {
        case .integer(let number) where number >= 0: return Value(exactly: UInt256(UInt64(number)))
        case .string(let text):
            guard let wide = try? UInt256(parsing: text) else { return nil }
            return Value(exactly: wide)
        default: return nil
        }
    }
}

/// A number type ``LenientNumber`` can hold.
public protocol LenientlyParsable: Sendable, Hashable {
    /// The value, or nil when it does not fit.
    init?(exactly value: UInt256)
    /// The type's name in error messages.
    static var typeName: String { get }
}

extension UInt64: LenientlyParsable {
    /// "64 bits".
    public static var typeName: String { "64 bits" }
}

extension UInt256: LenientlyParsable {
    /// `value` itself.
    public init?(exactly value: UInt256) { self = value }
    /// "256 bits".
    public static var typeName: String { "256 bits" }
}
