import EthPrimitives

/// A value of some ``ABIType``, built at run time: what the dynamic codec encodes and decodes.
///
/// Integers carry their width, fixed byte strings their bytes; arrays and tuples hold their elements. A value
/// matches a type when ``conforms(to:)`` says so; ``ABIEncoder`` checks that before it writes anything.
/// ``ABIDecoder`` returns values that always conform to the types they were decoded as.
public enum ABIValue: Hashable, Sendable {
    /// A `uintN` value (`bits` is N: 8…256).
    case uint(UInt256, bits: Int)
    /// An `intN` value (`bits` is N: 8…256).
    case int(Int256, bits: Int)
    /// An `address`.
    case address(Address)
    /// A `bool`.
    case bool(Bool)
    /// A `bytesN` value: exactly N bytes (1…32).
    case fixedBytes([UInt8])
    /// A `bytes` value.
    case bytes([UInt8])
    /// A `string` value.
    case string(String)
    /// A `function` value: a contract address and a selector.
    case function(Address, Selector)
    /// A `fixedMxN` value, held as the integer `raw` = value × 10^decimals.
    case fixed(Int256, bits: Int, decimals: Int)
    /// A `ufixedMxN` value, held as the integer `raw` = value × 10^decimals.
    case ufixed(UInt256, bits: Int, decimals: Int)
    /// The elements of a `T[]`.
    case array([ABIValue])
    /// The elements of a `T[k]`.
    case fixedArray([ABIValue])
    /// The components of a tuple.
    case tuple([ABIValue])

    /// A `uint256`.
    public static func uint256(_ value: UInt256) -> ABIValue { .uint(value, bits: 256) }

    /// An `int256`.
    public static func int256(_ value: Int256) -> ABIValue { .int(value, bits: 256) }

    /// A `bytes32`.
    public static func bytes32(_ value: Hash) -> ABIValue { .fixedBytes(value.bytes) }

    /// What kind of value this is, in words: "a uint256", "a string", "an array of 3" (for error messages).
    public var kindDescription: String {
        switch self {
        case .uint(_, let bits): "a uint\(bits)"
        case .int(_, let bits): "an int\(bits)"
        case .address: "an address"
        case .bool: "a bool"
        case .fixedBytes(let bytes): "a bytes\(bytes.count)"
        case .bytes: "a bytes"
        case .string: "a string"
        case .function: "a function"
        case .fixed(_, let bits, let decimals): "a fixed\(bits)x\(decimals)"
        case .ufixed(_, let bits, let decimals): "a ufixed\(bits)x\(decimals)"
        case .array(let values): "an array of \(values.count)"
        case .fixedArray(let values): "a fixed array of \(values.count)"
        case .tuple(let values): "a tuple of \(values.count)"
        }
    }

    /// The elements of an array, fixed array or tuple; nil for other values.
    public var elements: [ABIValue]? {
        switch self {
        case .array(let values), .fixedArray(let values), .tuple(let values): values
        default: nil
        }
    }

    /// The type this value has on its own, or nil when an empty `T[]` leaves it open.
    ///
    /// Arrays take their element type from their first element.
    public var type: ABIType? {
        switch self {
        case .uint(_, let bits): return .uint(bits)
        case .int(_, let bits): return .int(bits)
        case .address: return .address
        case .bool: return .bool
        case .fixedBytes(let bytes): return .fixedBytes(bytes.count)
        case .bytes: return .bytes
        case .string: return .string
        case .function: return .function
        case .fixed(_, let bits, let decimals): return .fixed(bits: bits, decimals: decimals)
        case .ufixed(_, let bits, let decimals): return .ufixed(bits: bits, decimals: decimals)
        case .array(let values):
            guard let element = values.first?.type else { return nil }
            return .array(element)
        case .fixedArray(let values):
            guard let element = values.first?.type else { return nil }
            return .fixedArray(element, values.count)
        case .tuple(let values):
            var types: [ABIType] = []
            for value in values {
                guard let type = value.type else { return nil }
                types.append(type)
            }
            return .tuple(types)
        }
    }

    /// True when this value can be encoded as `type`: the same kind, integers within the type's range (whatever
    /// width the value was labelled with), `bytesN` of exactly N bytes, arrays with matching elements (and the right
    /// count for `T[k]`, which also accepts an ``array(_:)``), tuples with matching components.
    public func conforms(to type: ABIType) -> Bool {
        (try? ABIEncoder.checkedSize(of: self, as: type)) != nil
    }
}
