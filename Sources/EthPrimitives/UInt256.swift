/// A 256-bit unsigned integer: the EVM's word, Ethereum's balances, nonces, gas prices and storage slots.
///
/// `UInt256` is a fixed-width value of four 64-bit limbs with no heap storage, and a full
/// `FixedWidthInteger & UnsignedInteger`, so generic integer code (RLP's integer coding, `String(x, radix:)`,
/// `x.isMultiple(of:)`, `Range<UInt256>`) works unchanged. Arithmetic follows Swift's rules: `+`, `-`, `*` trap on
/// overflow, `&+`, `&-`, `&*` wrap modulo 2^256 (as the EVM does), and the `…ReportingOverflow` forms say which
/// happened. Division and remainder use Knuth's algorithm D with Möller–Granlund reciprocals, so no operation
/// allocates or loops bit by bit.
///
/// Write constants as literals of any size (`let wei: UInt256 = 1_000_000_000_000_000_000_000`,
/// `0xffff…` up to 64 hex digits) or parse text with ``init(parsing:)``, which takes decimal or `0x` hex and throws
/// ``PrimitivesError`` naming the problem. ``description`` is decimal, ``hexQuantity`` is JSON-RPC's compact hex,
/// ``bigEndianBytes`` the 32-byte word, and `Codable` uses quantities.
@frozen
public struct UInt256: Sendable, Hashable {
    /// Bits 0–63 (the least significant limb).
    @usableFromInline internal var w0: UInt64
    /// Bits 64–127.
    @usableFromInline internal var w1: UInt64
    /// Bits 128–191.
    @usableFromInline internal var w2: UInt64
    /// Bits 192–255 (the most significant limb).
    @usableFromInline internal var w3: UInt64

    /// The value whose 64-bit limbs, least significant first, are `w0`, `w1`, `w2`, `w3`.
    @inlinable @inline(__always)
    internal init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// The value made of four 64-bit limbs, least significant first (`words.0` holds bits 0–63).
    @inlinable
    public init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.init(words.0, words.1, words.2, words.3)
    }

    /// The four 64-bit limbs, least significant first: the inverse of ``init(words:)``.
    ///
    /// (``words`` is the `BinaryInteger` view of the same bits as a collection of `UInt`.)
    @inlinable
    public var limbs: (UInt64, UInt64, UInt64, UInt64) { (w0, w1, w2, w3) }

    /// The limb at `index` (0 is the least significant); `index` must be in `0..<4`.
    @inlinable @inline(__always)
    internal func limb(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        default: w3
        }
    }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// How many 64-bit limbs the value needs (0 for zero, 4 when the top limb is used).
    @inlinable @inline(__always)
    internal var limbCount: Int {
        if w3 != 0 { return 4 }
        if w2 != 0 { return 3 }
        if w1 != 0 { return 2 }
        return w0 != 0 ? 1 : 0
    }
}

// MARK: - Constants

extension UInt256 {
    /// Zero.
    @inlinable public static var zero: UInt256 { UInt256(0, 0, 0, 0) }
    /// One.
    @inlinable public static var one: UInt256 { UInt256(1, 0, 0, 0) }
    /// 2^256 − 1, the largest value.
    @inlinable public static var max: UInt256 { UInt256(.max, .max, .max, .max) }
    /// Zero, the smallest value.
    @inlinable public static var min: UInt256 { UInt256(0, 0, 0, 0) }
    /// 256.
    @inlinable public static var bitWidth: Int { 256 }
    /// `false`: `UInt256` is unsigned.
    @inlinable public static var isSigned: Bool { false }
}

// MARK: - Literals

extension UInt256: ExpressibleByIntegerLiteral {
    /// Integer literals of any size that fits: `let x: UInt256 = 0x1_0000_0000_0000_0000_0000_0000_0000_0000`.
    ///
    /// A negative literal or one of 2^256 or more stops the program, as an `Int8` literal of 300 does.
    public typealias IntegerLiteralType = StaticBigInt

    /// Creates the value of an integer literal; traps if it is negative or does not fit in 256 bits.
    @inlinable
    public init(integerLiteral value: StaticBigInt) {
        precondition(value.signum() >= 0, "negative integer literal cannot be a UInt256")
        precondition(value.bitWidth <= 257, "integer literal overflows UInt256")
        #if _pointerBitWidth(_64)
            self.init(UInt64(value[0]), UInt64(value[1]), UInt64(value[2]), UInt64(value[3]))
        #else
            func limb(_ i: Int) -> UInt64 { UInt64(value[2 * i]) | UInt64(value[2 * i + 1]) << 32 }
            self.init(limb(0), limb(1), limb(2), limb(3))
        #endif
    }
}

// MARK: - Comparison

extension UInt256: Comparable {
    /// Whether the two values are equal.
    @inlinable
    public static func == (lhs: UInt256, rhs: UInt256) -> Bool {
        ((lhs.w0 ^ rhs.w0) | (lhs.w1 ^ rhs.w1) | (lhs.w2 ^ rhs.w2) | (lhs.w3 ^ rhs.w3)) == 0
    }

    /// Whether `lhs` is less than `rhs`.
    @inlinable
    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        // lhs < rhs exactly when lhs − rhs borrows out of the top limb.
        lhs.subtractingReportingOverflow(rhs).overflow
    }

    /// Hashes the four limbs.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(w3)
    }
}

// MARK: - Words

extension UInt256 {
    /// The value as machine words (`UInt`), least significant first: four on 64-bit platforms, eight on 32-bit.
    @frozen
    public struct Words: RandomAccessCollection, Sendable {
        @usableFromInline internal let value: UInt256

        @inlinable internal init(_ value: UInt256) { self.value = value }

        /// One past the last word's index: 4 on 64-bit platforms, 8 on 32-bit ones.
        /// The first word's index, 0.
        @inlinable public var startIndex: Int { 0 }
        @inlinable public var endIndex: Int { 256 / UInt.bitWidth }

        /// The word at `position`, least significant first.
        @inlinable
        public subscript(position: Int) -> UInt {
            precondition(position >= 0 && position < endIndex, "UInt256.Words index out of range")
            #if _pointerBitWidth(_64)
                return UInt(truncatingIfNeeded: value.limb(position))
            #else
                return UInt(truncatingIfNeeded: value.limb(position >> 1) >> (UInt64(position & 1) << 5))
            #endif
        }
    }

    /// The value as a collection of machine words, least significant first (the `BinaryInteger` view).
    @inlinable
    public var words: Words { Words(self) }

    /// The least significant machine word (a fast path for the standard library's conversions).
    @inlinable
    public var _lowWord: UInt { UInt(truncatingIfNeeded: w0) }

    /// Reads the next 64 bits of a `BinaryInteger`'s words, or `fill` once they run out.
    @inlinable @inline(__always)
    internal static func nextLimb<I: IteratorProtocol<UInt>>(_ iterator: inout I, fill: UInt64) -> UInt64 {
        #if _pointerBitWidth(_64)
            return iterator.next().map { UInt64($0) } ?? fill
        #else
            let low = iterator.next().map { UInt64($0) } ?? (fill & 0xffff_ffff)
            let high = iterator.next().map { UInt64($0) } ?? (fill & 0xffff_ffff)
            return low | high << 32
        #endif
    }
}

// MARK: - Bit counts and byte order

extension UInt256 {
    /// 256.
    @inlinable public var bitWidth: Int { 256 }

    /// The number of zero bits above the highest one bit (256 for zero).
    @inlinable
    public var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    /// The number of zero bits below the lowest one bit (256 for zero).
    @inlinable
    public var trailingZeroBitCount: Int {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        return 192 + w3.trailingZeroBitCount
    }

    /// The number of one bits.
    @inlinable
    public var nonzeroBitCount: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
    }

    /// The value with its 32 bytes in reverse order.
    @inlinable
    public var byteSwapped: UInt256 {
        UInt256(w3.byteSwapped, w2.byteSwapped, w1.byteSwapped, w0.byteSwapped)
    }

    /// The value itself: an unsigned integer is its own magnitude.
    @inlinable public var magnitude: UInt256 { self }

    /// 1 for a positive value, 0 for zero.
    @inlinable public func signum() -> UInt256 { isZero ? .zero : .one }
}

// MARK: - Conversions from other integers

extension UInt256 {
    /// The bits of a machine word, zero-extended (the `FixedWidthInteger` building block).
    @inlinable
    public init(_truncatingBits bits: UInt) {
        self.init(UInt64(truncatingIfNeeded: bits), 0, 0, 0)
    }

    /// The value of `source` modulo 2^256 (two's complement for negative sources: `-1` gives ``max``).
    @inlinable
    public init<T: BinaryInteger>(truncatingIfNeeded source: T) {
        if source.bitWidth <= 64 {
            let low = UInt64(truncatingIfNeeded: source)
            let fill: UInt64 = T.isSigned && source < (0 as T) ? .max : 0
            self.init(low, fill, fill, fill)
            return
        }
        let fill: UInt64 = T.isSigned && source < (0 as T) ? .max : 0
        var iterator = source.words.makeIterator()
        let w0 = Self.nextLimb(&iterator, fill: fill)
        let w1 = Self.nextLimb(&iterator, fill: fill)
        let w2 = Self.nextLimb(&iterator, fill: fill)
        let w3 = Self.nextLimb(&iterator, fill: fill)
        self.init(w0, w1, w2, w3)
    }

    /// `source` if it is in `0...UInt256.max`, else nil.
    @inlinable
    public init?<T: BinaryInteger>(exactly source: T) {
        if T.isSigned && source < (0 as T) { return nil }
        self.init(truncatingIfNeeded: source)
        // Narrower sources always fit; wider ones fit when nothing was cut off.
        if source.bitWidth > 256 && T(truncatingIfNeeded: self) != source { return nil }
    }

    /// `source`, which must be in `0...UInt256.max` (the program stops otherwise, as `UInt8(300)` does).
    @inlinable
    public init<T: BinaryInteger>(_ source: T) {
        guard let value = UInt256(exactly: source) else {
            preconditionFailure("\(source) is not representable as UInt256")
        }
        self = value
    }

    /// `source` clamped to `0...UInt256.max`.
    @inlinable
    public init<T: BinaryInteger>(clamping source: T) {
        if T.isSigned && source < (0 as T) {
            self = .zero
        } else {
            self = UInt256(exactly: source) ?? .max
        }
    }
}

// MARK: - Conversions from floating point

extension UInt256 {
    /// The integer part of a nonnegative, finite `source` (shifting its significand into place).
    @inlinable
    internal static func truncating<T: BinaryFloatingPoint>(_ source: T) -> UInt256? {
        guard source.isFinite else { return nil }
        let whole = source.rounded(.towardZero)
        if whole.isZero { return .zero }
        guard whole > 0, whole.exponent < 256 else { return nil }
        let exponent = Int(whole.exponent)
        let significand =
            UInt256(truncatingIfNeeded: whole.significandBitPattern) | UInt256.one << T.significandBitCount
        let shift = exponent - T.significandBitCount
        return shift >= 0 ? significand << shift : significand >> -shift
    }

    /// `source` if it is a whole number in `0...UInt256.max`, else nil (`-0.0` gives zero).
    @inlinable
    public init?<T: BinaryFloatingPoint>(exactly source: T) {
        guard source.isFinite, source.rounded(.towardZero) == source, let value = Self.truncating(source) else {
            return nil
        }
        self = value
    }

    /// `source` rounded toward zero; it must be finite and greater than −1 and less than 2^256.
    @inlinable
    public init<T: BinaryFloatingPoint>(_ source: T) {
        guard let value = Self.truncating(source) else {
            preconditionFailure("\(source) is not representable as UInt256")
        }
        self = value
    }
}

// MARK: - Conformances

extension UInt256: FixedWidthInteger, UnsignedInteger {}
