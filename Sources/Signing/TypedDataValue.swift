public import EthPrimitives

/// A value of an EIP-712 member, as Swift code builds it (``EIP712Struct``) or as it is read from JSON.
///
/// The member's declared type decides how a value is encoded and which values fit: `.uint` and `.int` suit every
/// `uintN`/`intN` whose range holds them, `.bytes` suits `bytes` and the `bytesN` of its exact length.
public enum TypedDataValue: Sendable, Hashable {
    /// An unsigned integer, for `uintN` (or `intN` when below 2^(N−1)).
    case uint(UInt256)
    /// A signed integer, for `intN` (or `uintN` when not negative).
    case int(Int256)
    /// A `bool`.
    case bool(Bool)
    /// An `address`.
    case address(Address)
    /// A byte string, for `bytes` or `bytesN`.
    case bytes([UInt8])
    /// A `string`.
    case string(String)
    /// The elements of a `T[]` or `T[k]` array.
    case array([TypedDataValue])
    /// The members of a struct, by name; `nil` encodes as 32 zero bytes, as MetaMask's `eth_signTypedData_v4`
    /// and eth-account do for an absent struct.
    case structure([String: TypedDataValue]?)

    /// An unsigned value from any Swift unsigned integer (`UInt64`, `UInt8`, …).
    @_disfavoredOverload
    public static func uint(_ value: some UnsignedInteger & FixedWidthInteger) -> TypedDataValue {
        .uint(UInt256(value))
    }

    /// A signed value from any Swift signed integer (`Int64`, `Int`, …).
    @_disfavoredOverload
    public static func int(_ value: some SignedInteger & FixedWidthInteger) -> TypedDataValue {
        .int(Int256(value))
    }

    /// A `bytes32` value from a hash.
    public static func bytes32(_ hash: Hash) -> TypedDataValue { .bytes(hash.bytes) }

    /// The value of a nested Swift struct.
    public static func structure(_ value: some EIP712Struct) -> TypedDataValue {
        let members = type(of: value).eip712Members
        let values = value.eip712Values
        precondition(members.count == values.count, "\(type(of: value)): eip712Values must match eip712Members")
        return .structure(Dictionary(uniqueKeysWithValues: zip(members.map(\.name), values)))
    }
}

// MARK: Reading JSON values, guided by the declared type

extension TypedDataTypes {
    /// Converts the JSON `json` to a value of declared type `type`, checking its kind and range.
    func value(fromJSON json: JSONValue?, type: FieldType, path: String) throws(SigningError) -> TypedDataValue {
        switch type {
        case .structure(let name):
            guard let json, json != .null else { return .structure(nil) }
            guard case .object(let object) = json else { throw .typeMismatch(path: path, expected: "an object") }
            var members: [String: TypedDataValue] = [:]
            for member in compiled[name]!.members {
                let memberPath = path + "." + member.name
                guard let memberJSON = object[member.name] else {
                    if case .structure = member.type {
                        members[member.name] = .structure(nil)
                        continue
                    }
                    throw .missingField(path: memberPath)
                }
                members[member.name] = try value(fromJSON: memberJSON, type: member.type, path: memberPath)
            }
            return .structure(members)
        case .array(let element, let length):
            guard case .array(let items) = json else { throw .typeMismatch(path: path, expected: "an array") }
            if let length, items.count != length {
                throw .arrayLengthMismatch(path: path, expected: length, actual: items.count)
            }
            var values: [TypedDataValue] = []
            values.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                values.append(try value(fromJSON: item, type: element, path: "\(path)[\(i)]"))
            }
            return .array(values)
        case .string:
            guard case .string(let s) = json else { throw .typeMismatch(path: path, expected: "a string") }
            return .string(s)
        case .bytes, .fixedBytes:
            guard case .string(let text) = json, let bytes = try? Hex.decode(text, requirePrefix: true) else {
                throw .invalidBytes(path: path, expected: "0x-prefixed hex bytes")
            }
            return .bytes(bytes)
        case .bool:
            switch json {
            case .bool(let b): return .bool(b)
            case .string("true"): return .bool(true)
            case .string("false"): return .bool(false)
            default: throw .typeMismatch(path: path, expected: "true or false")
            }
        case .address:
            guard case .string(let text) = json else {
                throw .invalidAddress(path: path, reason: "expected a 0x hex string")
            }
            do {
                return .address(try Address(hex: text))
            } catch {
                throw .invalidAddress(path: path, reason: error.description)
            }
        case .uint, .int:
            let word: IntegerWord
            switch json {
            case .number(let literal): word = try IntegerWord(jsonNumber: literal, path: path)
            case .string(let text): word = try IntegerWord(text: text, path: path)
            default: throw .invalidInteger(path: path)
            }
            let bits = try! UInt256(bigEndianBytes: word.bytes)
            return word.negative ? .int(Int256(bitPattern: bits)) : .uint(bits)
        }
    }
}

/// An integer read from text as a 256-bit two's complement word (sign-extended), or out of range.
struct IntegerWord {
    var bytes: [UInt8]
    var negative: Bool

    /// A JSON number literal: must denote an integer (`12`, `-3`, `1e21`, `2.50e1` all do; `2.5` does not).
    init(jsonNumber literal: String, path: String) throws(SigningError) {
        var text = Substring(literal)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            guard let exp = Int(text[text.index(after: e)...]), abs(exp) < 100_000 else {
                throw .integerOutOfRange(path: path, type: "int256")
            }
            exponent = exp
        }
        var digits = String(mantissa)
        if let dot = mantissa.firstIndex(of: ".") {
            let fraction = mantissa[mantissa.index(after: dot)...]
            digits = String(mantissa[..<dot]) + fraction
            exponent -= fraction.count
        }
        if exponent < 0 {
            let drop = -exponent
            let tail = digits.suffix(drop)
            guard tail.allSatisfy({ $0 == "0" }) else { throw .invalidInteger(path: path) }
            digits = String(digits.dropLast(min(drop, digits.count)))
            if digits.isEmpty { digits = "0" }
        } else if exponent > 0 {
            guard exponent <= 100 else { throw .integerOutOfRange(path: path, type: "int256") }
            digits += String(repeating: "0", count: exponent)
        }
        try self.init(magnitude: digits, radix: 10, negative: negative, path: path)
    }

    /// A decimal string (optionally `-`) or a `0x` hex string.
    init(text: String, path: String) throws(SigningError) {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            try self.init(magnitude: String(body.dropFirst(2)), radix: 16, negative: negative, path: path)
        } else {
            try self.init(magnitude: String(body), radix: 10, negative: negative, path: path)
        }
    }

    private init(magnitude digits: String, radix: UInt32, negative: Bool, path: String) throws(SigningError) {
        guard !digits.isEmpty else { throw .invalidInteger(path: path) }
        // Eight 32-bit limbs, least significant first.
        var limbs = [UInt32](repeating: 0, count: 8)
        for c in digits.utf8 {
            guard let d = Hex.digitValue(c), UInt32(d) < radix else { throw .invalidInteger(path: path) }
            var carry = UInt64(d)
            for i in 0..<8 {
                let v = UInt64(limbs[i]) * UInt64(radix) + carry
                limbs[i] = UInt32(truncatingIfNeeded: v)
                carry = v >> 32
            }
            guard carry == 0 else { throw .integerOutOfRange(path: path, type: "uint256") }
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 {
            for b in 0..<4 { bytes[31 - (4 * i + b)] = UInt8(truncatingIfNeeded: limbs[i] >> (8 * UInt32(b))) }
        }
        let isZero = bytes.allSatisfy { $0 == 0 }
        if negative && !isZero {
            // The magnitude of a negative int256 is at most 2^255.
            let limit: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 31)
            guard bytes == limit || bytes.lexicographicallyPrecedes(limit) else {
                throw .integerOutOfRange(path: path, type: "int256")
            }
            // Two's complement: invert and add one.
            var carry = 1
            for i in stride(from: 31, through: 0, by: -1) {
                let v = Int(~bytes[i]) + carry
                bytes[i] = UInt8(truncatingIfNeeded: v)
                carry = v >> 8
            }
        }
        self.bytes = bytes
        self.negative = negative && !isZero
    }
}
