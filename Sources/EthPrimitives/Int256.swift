/// A 256-bit signed integer in two's complement: the EVM's signed word (`int256` in Solidity and the ABI).
///
/// `Int256` shares ``UInt256``'s four limbs (``init(bitPattern:)`` converts either way without changing a bit) and
/// is a full `FixedWidthInteger & SignedInteger`. Division truncates toward zero and the remainder takes the
/// dividend's sign, as Swift's integers and the EVM's SDIV/SMOD do; `>>` is an arithmetic shift (the EVM's SAR).
/// The same text, bytes and `Codable` API as ``UInt256`` accepts and writes a leading `-`.
@frozen
public struct Int256: Sendable, Hashable {
    /// The two's-complement bits.
    @usableFromInline internal var bits: UInt256

    @inlinable @inline(__always)
    internal init(bits: UInt256) { self.bits = bits }

    /// The value whose two's-complement bits are those of `bitPattern` (2^255 and above become negative).
    @inlinable
    public init(bitPattern: UInt256) { self.bits = bitPattern }

    /// Whether the value is below zero (its top bit is set).
    @inlinable
    public var isNegative: Bool { bits.w3 >> 63 != 0 }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { bits.isZero }
}

extension UInt256 {
    /// The unsigned value with the same bits as `bitPattern` (−1 becomes ``max``).
    @inlinable
    public init(bitPattern: Int256) { self = bitPattern.bits }
}

// MARK: - Constants and literals

extension Int256: ExpressibleByIntegerLiteral {
    /// Zero.
    @inlinable public static var zero: Int256 { Int256(bits: .zero) }
    /// One.
    @inlinable public static var one: Int256 { Int256(bits: .one) }
    /// 2^255 − 1, the largest value.
    @inlinable public static var max: Int256 { Int256(bits: UInt256(.max, .max, .max, .max >> 1)) }
    /// −2^255, the smallest value.
    @inlinable public static var min: Int256 { Int256(bits: UInt256(0, 0, 0, 1 << 63)) }
    /// 256.
    @inlinable public static var bitWidth: Int { 256 }
    /// `true`.
    @inlinable public static var isSigned: Bool { true }

    /// Integer literals of any size that fits, as for ``UInt256``.
    public typealias IntegerLiteralType = StaticBigInt

    /// Creates the value of an integer literal; traps if it is outside −2^255 ... 2^255 − 1.
    @inlinable
    public init(integerLiteral value: StaticBigInt) {
        precondition(value.bitWidth <= 256, "integer literal overflows Int256")
        #if _pointerBitWidth(_64)
            bits = UInt256(UInt64(value[0]), UInt64(value[1]), UInt64(value[2]), UInt64(value[3]))
        #else
            func limb(_ i: Int) -> UInt64 { UInt64(value[2 * i]) | UInt64(value[2 * i + 1]) << 32 }
            bits = UInt256(limb(0), limb(1), limb(2), limb(3))
        #endif
    }
}

// MARK: - Comparison and bits

extension Int256: Comparable {
    /// Whether the two values are equal.
    @inlinable
    public static func == (lhs: Int256, rhs: Int256) -> Bool { lhs.bits == rhs.bits }

    /// Whether `lhs` is less than `rhs`.
    @inlinable
    public static func < (lhs: Int256, rhs: Int256) -> Bool {
        // Flipping the sign bit maps −2^255 ... 2^255 − 1 onto 0 ... 2^256 − 1 in order.
        let flip = UInt256(0, 0, 0, 1 << 63)
        return (lhs.bits ^ flip) < (rhs.bits ^ flip)
    }

    /// Hashes the two's-complement bits.
    @inlinable
    public func hash(into hasher: inout Hasher) { bits.hash(into: &hasher) }

    /// The two's-complement bits as machine words, least significant first.
    public typealias Words = UInt256.Words

    /// The two's-complement bits as machine words, least significant first.
    @inlinable public var words: Words { bits.words }

    /// The least significant machine word (a fast path for the standard library's conversions).
    @inlinable public var _lowWord: UInt { bits._lowWord }

    /// 256.
    @inlinable public var bitWidth: Int { 256 }

    /// The number of zero bits above the highest one bit of the two's-complement form (0 for negative values).
    @inlinable public var leadingZeroBitCount: Int { bits.leadingZeroBitCount }

    /// The number of zero bits below the lowest one bit (256 for zero).
    @inlinable public var trailingZeroBitCount: Int { bits.trailingZeroBitCount }

    /// The number of one bits of the two's-complement form.
    @inlinable public var nonzeroBitCount: Int { bits.nonzeroBitCount }

    /// The value with its 32 bytes in reverse order.
    @inlinable public var byteSwapped: Int256 { Int256(bits: bits.byteSwapped) }

    /// The absolute value as a ``UInt256`` (so that ``min``'s, 2^255, is representable).
    @inlinable
    public var magnitude: UInt256 { isNegative ? UInt256.zero &- bits : bits }

    /// −1, 0 or 1.
    @inlinable
    public func signum() -> Int256 {
        isNegative ? Int256(bits: .max) : (bits.isZero ? .zero : .one)
    }
}

// MARK: - Conversions

extension Int256 {
    /// The bits of a machine word, zero-extended (the `FixedWidthInteger` building block).
    @inlinable
    public init(_truncatingBits bits: UInt) {
        self.bits = UInt256(_truncatingBits: bits)
    }

    /// The value of `source` modulo 2^256, read as two's complement.
    @inlinable
    public init<T: BinaryInteger>(truncatingIfNeeded source: T) {
        bits = UInt256(truncatingIfNeeded: source)
    }

    /// `source` if it is in `Int256.min ... Int256.max`, else nil.
    @inlinable
    public init?<T: BinaryInteger>(exactly source: T) {
        let value = Int256(truncatingIfNeeded: source)
        let sourceIsNegative = T.isSigned && source < (0 as T)
        guard value.isNegative == sourceIsNegative else { return nil }
        if source.bitWidth > 256 && T(truncatingIfNeeded: value) != source { return nil }
        self = value
    }

    /// `source`, which must be in `Int256.min ... Int256.max` (the program stops otherwise).
    @inlinable
    public init<T: BinaryInteger>(_ source: T) {
        guard let value = Int256(exactly: source) else {
            preconditionFailure("\(source) is not representable as Int256")
        }
        self = value
    }

    /// `source` clamped to `Int256.min ... Int256.max`.
    @inlinable
    public init<T: BinaryInteger>(clamping source: T) {
        if let value = Int256(exactly: source) {
            self = value
        } else {
            self = T.isSigned && source < (0 as T) ? .min : .max
        }
    }

    /// The integer part of a finite `source`, or nil when it is outside the range.
    @inlinable
    internal static func truncating<T: BinaryFloatingPoint>(_ source: T) -> Int256? {
        guard let magnitude = UInt256.truncating(source.magnitude) else { return nil }
        if source < 0 {
            guard magnitude <= Int256.min.magnitude else { return nil }
            return Int256(bits: UInt256.zero &- magnitude)
        }
        guard magnitude <= Int256.max.bits else { return nil }
        return Int256(bits: magnitude)
    }

    /// `source` if it is a whole number in `Int256.min ... Int256.max`, else nil.
    @inlinable
    public init?<T: BinaryFloatingPoint>(exactly source: T) {
        guard source.isFinite, source.rounded(.towardZero) == source, let value = Self.truncating(source) else {
            return nil
        }
        self = value
    }

    /// `source` rounded toward zero; it must be finite and its integer part in `Int256.min ... Int256.max`.
    @inlinable
    public init<T: BinaryFloatingPoint>(_ source: T) {
        guard let value = Self.truncating(source) else {
            preconditionFailure("\(source) is not representable as Int256")
        }
        self = value
    }
}

// MARK: - Conformances

extension Int256: FixedWidthInteger, SignedInteger {}
