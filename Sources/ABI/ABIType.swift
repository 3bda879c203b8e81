/// A Solidity ABI type known at run time: what a value is and how it is laid out in an encoding.
///
/// Types nest to any depth (up to ``maximumDepth``): `(uint8,bytes)[2][]` is
/// `.array(.fixedArray(.tuple([.uint(8), .bytes]), 2))`. ``description`` is the canonical name used in signatures;
/// ``init(parsing:)`` reads it back, along with the aliases `uint`, `int`, `byte`, `fixed`, `ufixed` and the
/// `tuple(…)` spelling.
public enum ABIType: Hashable, Sendable, CustomStringConvertible {
    /// `uintN`: an unsigned integer of `N` bits, `N` a multiple of 8 from 8 to 256.
    case uint(Int)
    /// `intN`: a two's complement signed integer of `N` bits, `N` a multiple of 8 from 8 to 256.
    case int(Int)
    /// `address`: 20 bytes, encoded like `uint160`.
    case address
    /// `bool`: encoded like `uint8` restricted to 0 and 1.
    case bool
    /// `bytesN`: `N` bytes, 1 to 32, left-aligned in a word.
    case fixedBytes(Int)
    /// `bytes`: a byte string of any length.
    case bytes
    /// `string`: UTF-8 text of any length.
    case string
    /// `function`: an address followed by a selector (24 bytes), encoded like `bytes24`.
    case function
    /// `fixedMxN`: a signed decimal with `decimals` digits after the point, stored as an `M`-bit integer.
    case fixed(bits: Int, decimals: Int)
    /// `ufixedMxN`: an unsigned decimal with `decimals` digits after the point, stored as an `M`-bit integer.
    case ufixed(bits: Int, decimals: Int)
    /// `T[]`: any number of values of the element type.
    indirect case array(ABIType)
    /// `T[k]`: exactly `k` (at least 1) values of the element type.
    indirect case fixedArray(ABIType, Int)
    /// `(T1,…,Tn)`: a tuple (a Solidity struct), at least one component when used as a value's type.
    case tuple([ABIType])

    /// How deep types may nest (each array, fixed array and tuple is a level). Deeper types are refused when parsed
    /// and before encoding or decoding, which bounds recursion on hostile input.
    public static let maximumDepth = 32

    /// The canonical name, as in function signatures: `uint256`, `bytes32`, `(address,uint256)[]`.
    public var description: String {
        switch self {
        case .uint(let bits): "uint\(bits)"
        case .int(let bits): "int\(bits)"
        case .address: "address"
        case .bool: "bool"
        case .fixedBytes(let size): "bytes\(size)"
        case .bytes: "bytes"
        case .string: "string"
        case .function: "function"
        case .fixed(let bits, let decimals): "fixed\(bits)x\(decimals)"
        case .ufixed(let bits, let decimals): "ufixed\(bits)x\(decimals)"
        case .array(let element): "\(element)[]"
        case .fixedArray(let element, let count): "\(element)[\(count)]"
        case .tuple(let components): "(" + components.map(\.description).joined(separator: ",") + ")"
        }
    }

    /// True for types whose encoding is placed in the tail behind an offset: `bytes`, `string`, `T[]`, and fixed
    /// arrays and tuples that contain one of those.
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: true
        case .fixedArray(let element, _): element.isDynamic
        case .tuple(let components): components.contains { $0.isDynamic }
        default: false
        }
    }

    /// Bytes the type takes in the head of an enclosing tuple: 32 for a dynamic type (its offset), else the whole
    /// encoding (32 per word: `uint256[3]` takes 96).
    public var headSize: Int {
        switch self {
        case .bytes, .string, .array: return 32
        case .fixedArray(let element, let count):
            return element.isDynamic ? 32 : element.headSize * count
        case .tuple(let components):
            var size = 0
            for component in components {
                if component.isDynamic { return 32 }
                size += component.headSize
            }
            return size
        default: return 32
        }
    }

    /// True for the types that fit in one word and have no components (integers, `address`, `bool`, `bytesN`,
    /// `function`, fixed-point).
    public var isElementary: Bool {
        switch self {
        case .bytes, .string, .array, .fixedArray, .tuple: false
        default: true
        }
    }

    /// How many levels of arrays and tuples the type has (0 for an elementary type or `bytes`/`string`).
    public var depth: Int {
        switch self {
        case .array(let element), .fixedArray(let element, _): 1 + element.depth
        case .tuple(let components): 1 + (components.map(\.depth).max() ?? 0)
        default: 0
        }
    }

    /// Checks that the type is one the ABI has: integer widths multiples of 8 up to 256, `bytesN` with 1 ≤ N ≤ 32,
    /// fixed-point widths and decimals in range, no zero-length fixed arrays or empty tuples, nesting within
    /// ``maximumDepth``. Types built by ``init(parsing:)`` always pass; the codecs call this on types built in code.
    ///
    /// - Throws: ``ABIError/unknownType(_:offset:)``, ``ABIError/zeroSizedType(_:)`` or
    ///   ``ABIError/nestingTooDeep(limit:)``; ``ABIError/typeTooLarge(_:)`` past 4 GiB of static size.
    public func validate() throws(ABIError) {
        try validate(level: 0)
        try checkSize()
    }

    private func validate(level: Int) throws(ABIError) {
        if level > Self.maximumDepth { throw .nestingTooDeep(limit: Self.maximumDepth) }
        switch self {
        case .uint(let bits), .int(let bits):
            guard Self.isValidIntegerWidth(bits) else { throw .unknownType(description, offset: 0) }
        case .fixed(let bits, let decimals), .ufixed(let bits, let decimals):
            guard Self.isValidIntegerWidth(bits), (1...80).contains(decimals) else {
                throw .unknownType(description, offset: 0)
            }
        case .fixedBytes(let size):
            guard (1...32).contains(size) else { throw .unknownType(description, offset: 0) }
        case .address, .bool, .bytes, .string, .function:
            break
        case .array(let element):
            try element.validate(level: level + 1)
        case .fixedArray(let element, let count):
            guard count > 0 else { throw .zeroSizedType(description) }
            try element.validate(level: level + 1)
        case .tuple(let components):
            guard !components.isEmpty else { throw .zeroSizedType(description) }
            for component in components { try component.validate(level: level + 1) }
        }
    }

    static func isValidIntegerWidth(_ bits: Int) -> Bool {
        bits >= 8 && bits <= 256 && bits % 8 == 0
    }

    /// The element type of an array or fixed array, or nil.
    public var elementType: ABIType? {
        switch self {
        case .array(let element), .fixedArray(let element, _): element
        default: nil
        }
    }

    /// Validates a list of parameter types (a function's inputs, say), which may be empty.
    static func validate(_ types: [ABIType]) throws(ABIError) {
        for type in types { try type.validate() }
    }
}
