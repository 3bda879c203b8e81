// Arithmetic of Int256 on its two's-complement bits: addition, subtraction and the low half of products are the
// unsigned operations; overflow detection, division (truncating toward zero, the EVM's SDIV and SMOD) and the
// arithmetic right shift (the EVM's SAR) are signed.

// MARK: - Addition and subtraction

extension Int256 {
    /// Whether the sign bit of `x` is set.
    @inlinable @inline(__always)
    internal static func signBit(_ x: UInt256) -> Bool { x.w3 >> 63 != 0 }

    /// `self + rhs` modulo 2^256, and whether the true sum is outside `Int256.min ... Int256.max`.
    @inlinable
    public func addingReportingOverflow(_ rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let sum = bits &+ rhs.bits
        // Overflow when both operands have the same sign and the sum's differs.
        return (Int256(bits: sum), Self.signBit((bits ^ sum) & (rhs.bits ^ sum)))
    }

    /// `self − rhs` modulo 2^256, and whether the true difference is outside `Int256.min ... Int256.max`.
    @inlinable
    public func subtractingReportingOverflow(_ rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let difference = bits &- rhs.bits
        // Overflow when the operands' signs differ and the difference's sign is not the minuend's.
        return (Int256(bits: difference), Self.signBit((bits ^ rhs.bits) & (bits ^ difference)))
    }

    /// The sum; traps on overflow.
    @inlinable
    public static func + (lhs: Int256, rhs: Int256) -> Int256 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        precondition(!overflow, "Int256 addition overflow")
        return sum
    }

    /// The difference; traps on overflow.
    @inlinable
    public static func - (lhs: Int256, rhs: Int256) -> Int256 {
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        precondition(!overflow, "Int256 subtraction overflow")
        return difference
    }

    /// The sum modulo 2^256 (the EVM's ADD on signed words).
    @inlinable
    public static func &+ (lhs: Int256, rhs: Int256) -> Int256 { Int256(bits: lhs.bits &+ rhs.bits) }

    /// The difference modulo 2^256 (the EVM's SUB on signed words).
    @inlinable
    public static func &- (lhs: Int256, rhs: Int256) -> Int256 { Int256(bits: lhs.bits &- rhs.bits) }

    /// Adds `rhs` to `lhs`; traps on overflow.
    @inlinable
    public static func += (lhs: inout Int256, rhs: Int256) { lhs = lhs + rhs }

    /// Subtracts `rhs` from `lhs`; traps on overflow.
    @inlinable
    public static func -= (lhs: inout Int256, rhs: Int256) { lhs = lhs - rhs }

    /// Adds `rhs` to `lhs`, wrapping modulo 2^256 (two's complement).
    @inlinable
    public static func &+= (lhs: inout Int256, rhs: Int256) { lhs = lhs &+ rhs }

    /// Subtracts `rhs` from `lhs`, wrapping modulo 2^256 (two's complement).
    @inlinable
    public static func &-= (lhs: inout Int256, rhs: Int256) { lhs = lhs &- rhs }

    /// The negation; traps for ``min``, whose negation is not representable.
    @inlinable
    public static prefix func - (x: Int256) -> Int256 {
        precondition(x != .min, "Int256 negation overflow")
        return Int256(bits: UInt256.zero &- x.bits)
    }

    /// Replaces the value with its negation; traps for ``min``.
    @inlinable
    public mutating func negate() { self = -self }
}

// MARK: - Multiplication

extension Int256 {
    /// The full 512-bit signed product: its high half (signed) and low half.
    @inlinable
    public func multipliedFullWidth(by other: Int256) -> (high: Int256, low: UInt256) {
        var (high, low) = bits.multipliedFullWidth(by: other.bits)
        // Reading a negative operand as unsigned adds 2^256 times the other operand: take it back out.
        if isNegative { high = high &- other.bits }
        if other.isNegative { high = high &- bits }
        return (Int256(bits: high), low)
    }

    /// The product modulo 2^256, and whether the true product is outside `Int256.min ... Int256.max`.
    @inlinable
    public func multipliedReportingOverflow(by rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let (high, low) = multipliedFullWidth(by: rhs)
        // The product fits when the high half is just the sign extension of the low half.
        let extensionOfLow: UInt256 = Self.signBit(low) ? .max : .zero
        return (Int256(bits: low), high.bits != extensionOfLow)
    }

    /// The product; traps on overflow.
    @inlinable
    public static func * (lhs: Int256, rhs: Int256) -> Int256 {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!overflow, "Int256 multiplication overflow")
        return product
    }

    /// The product modulo 2^256 (the EVM's MUL on signed words).
    @inlinable
    public static func &* (lhs: Int256, rhs: Int256) -> Int256 { Int256(bits: lhs.bits &* rhs.bits) }

    /// Multiplies `lhs` by `rhs`; traps on overflow.
    @inlinable
    public static func *= (lhs: inout Int256, rhs: Int256) { lhs = lhs * rhs }

    /// Multiplies `lhs` by `rhs`, wrapping modulo 2^256 (two's complement).
    @inlinable
    public static func &*= (lhs: inout Int256, rhs: Int256) { lhs = lhs &* rhs }
}

// MARK: - Division

extension Int256 {
    /// Quotient truncated toward zero and remainder with the dividend's sign; `rhs` nonzero, not `min / −1`.
    @inlinable
    internal func divided(by rhs: Int256) -> (quotient: Int256, remainder: Int256) {
        let (q, r) = magnitude.divided(by: rhs.magnitude)
        let quotient = isNegative != rhs.isNegative ? UInt256.zero &- q : q
        let remainder = isNegative ? UInt256.zero &- r : r
        return (Int256(bits: quotient), Int256(bits: remainder))
    }

    /// The quotient (truncated toward zero) and the remainder (with the dividend's sign); traps if `rhs` is zero
    /// or the quotient overflows (``min`` divided by −1).
    @inlinable
    public func quotientAndRemainder(dividingBy rhs: Int256) -> (quotient: Int256, remainder: Int256) {
        precondition(!rhs.isZero, "Division by zero")
        precondition(self != .min || rhs.bits != .max, "Int256 division overflow")
        return divided(by: rhs)
    }

    /// `self / rhs` truncated toward zero; `(self, true)` when `rhs` is zero and `(min, true)` for `min / −1`
    /// (Swift's convention; the EVM's SDIV gives 0 and `min`).
    @inlinable
    public func dividedReportingOverflow(by rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        if rhs.isZero { return (self, true) }
        if self == .min && rhs.bits == .max { return (self, true) }
        return (divided(by: rhs).quotient, false)
    }

    /// `self % rhs` with the dividend's sign; `(self, true)` when `rhs` is zero and `(0, true)` for `min % −1`
    /// (Swift's convention; the EVM's SMOD gives 0 for both).
    @inlinable
    public func remainderReportingOverflow(dividingBy rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        if rhs.isZero { return (self, true) }
        if self == .min && rhs.bits == .max { return (.zero, true) }
        return (divided(by: rhs).remainder, false)
    }

    /// The quotient truncated toward zero; traps if `rhs` is zero or for `min / −1`.
    @inlinable
    public static func / (lhs: Int256, rhs: Int256) -> Int256 {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    /// The remainder, with the sign of `lhs`; traps if `rhs` is zero or for `min % −1`.
    @inlinable
    public static func % (lhs: Int256, rhs: Int256) -> Int256 {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// Divides `lhs` by `rhs` (see `/`).
    @inlinable
    public static func /= (lhs: inout Int256, rhs: Int256) { lhs = lhs / rhs }

    /// Replaces `lhs` with the remainder of `lhs / rhs` (see `%`).
    @inlinable
    public static func %= (lhs: inout Int256, rhs: Int256) { lhs = lhs % rhs }

    /// Divides the signed 512-bit `dividend` by `self`, truncating toward zero.
    ///
    /// - Parameter dividend: high (signed) and low halves; the quotient must fit in `Int256` (the program stops
    ///   otherwise, as it does for division by zero).
    @inlinable
    public func dividingFullWidth(_ dividend: (high: Int256, low: UInt256)) -> (quotient: Int256, remainder: Int256) {
        precondition(!isZero, "Division by zero")
        let negativeDividend = dividend.high.isNegative
        var (high, low) = (dividend.high.bits, dividend.low)
        if negativeDividend {
            // Two's-complement negation of the 512-bit dividend.
            let (negatedLow, borrow) = UInt256.zero.subtractingReportingOverflow(low)
            low = negatedLow
            high = UInt256.zero &- high &- (borrow ? .one : .zero)
        }
        let divisor = magnitude
        precondition(high < divisor, "Quotient of dividingFullWidth does not fit in Int256")
        let (q, r) = UInt256.divide(high: high, low: low, by: divisor)
        let negativeQuotient = negativeDividend != isNegative
        precondition(
            negativeQuotient ? q <= Int256.min.magnitude : q <= Int256.max.bits,
            "Quotient of dividingFullWidth does not fit in Int256")
        return (
            Int256(bits: negativeQuotient ? UInt256.zero &- q : q),
            Int256(bits: negativeDividend ? UInt256.zero &- r : r)
        )
    }
}

// MARK: - Bitwise operations and shifts

extension Int256 {
    /// The bitwise complement (every bit flipped).
    @inlinable
    public static prefix func ~ (x: Int256) -> Int256 { Int256(bits: ~x.bits) }

    /// The bitwise AND.
    @inlinable
    public static func & (lhs: Int256, rhs: Int256) -> Int256 { Int256(bits: lhs.bits & rhs.bits) }

    /// The bitwise OR.
    @inlinable
    public static func | (lhs: Int256, rhs: Int256) -> Int256 { Int256(bits: lhs.bits | rhs.bits) }

    /// The bitwise exclusive OR.
    @inlinable
    public static func ^ (lhs: Int256, rhs: Int256) -> Int256 { Int256(bits: lhs.bits ^ rhs.bits) }

    /// Stores the bitwise AND of `lhs` and `rhs` in `lhs`.
    @inlinable
    public static func &= (lhs: inout Int256, rhs: Int256) { lhs = lhs & rhs }

    /// Stores the bitwise OR of `lhs` and `rhs` in `lhs`.
    @inlinable
    public static func |= (lhs: inout Int256, rhs: Int256) { lhs = lhs | rhs }

    /// Stores the bitwise exclusive OR of `lhs` and `rhs` in `lhs`.
    @inlinable
    public static func ^= (lhs: inout Int256, rhs: Int256) { lhs = lhs ^ rhs }

    /// Arithmetic right shift by `n` in `0...256`: the sign fills from the top (256 gives 0 or −1).
    @inlinable
    internal func shiftedRight(_ n: Int) -> Int256 {
        isNegative ? Int256(bits: ~(~bits).shiftedRight(n)) : Int256(bits: bits.shiftedRight(n))
    }

    /// Shifts left, filling with zeros; an amount of 256 or more gives zero, a negative one shifts right.
    @inlinable
    public static func << <RHS: BinaryInteger>(lhs: Int256, rhs: RHS) -> Int256 {
        let n = UInt256.clampedShift(rhs)
        return n >= 0 ? Int256(bits: lhs.bits.shiftedLeft(n)) : lhs.shiftedRight(-n)
    }

    /// Shifts right arithmetically (the EVM's SAR): an amount of 256 or more gives 0 for a nonnegative value and
    /// −1 for a negative one; a negative amount shifts left.
    @inlinable
    public static func >> <RHS: BinaryInteger>(lhs: Int256, rhs: RHS) -> Int256 {
        let n = UInt256.clampedShift(rhs)
        return n >= 0 ? lhs.shiftedRight(n) : Int256(bits: lhs.bits.shiftedLeft(-n))
    }

    /// Shifts `lhs` left by `rhs` (see `<<`).
    @inlinable
    public static func <<= <RHS: BinaryInteger>(lhs: inout Int256, rhs: RHS) { lhs = lhs << rhs }

    /// Shifts `lhs` right by `rhs` (see `>>`).
    @inlinable
    public static func >>= <RHS: BinaryInteger>(lhs: inout Int256, rhs: RHS) { lhs = lhs >> rhs }

    /// Shifts left by `rhs` modulo 256.
    @inlinable
    public static func &<< (lhs: Int256, rhs: Int256) -> Int256 {
        Int256(bits: lhs.bits.shiftedLeft(Int(truncatingIfNeeded: rhs.bits.w0 & 255)))
    }

    /// Shifts right arithmetically by `rhs` modulo 256.
    @inlinable
    public static func &>> (lhs: Int256, rhs: Int256) -> Int256 {
        lhs.shiftedRight(Int(truncatingIfNeeded: rhs.bits.w0 & 255))
    }

    /// Shifts `lhs` left by `rhs` modulo 256.
    @inlinable
    public static func &<<= (lhs: inout Int256, rhs: Int256) { lhs = lhs &<< rhs }

    /// Shifts `lhs` right arithmetically by `rhs` modulo 256.
    @inlinable
    public static func &>>= (lhs: inout Int256, rhs: Int256) { lhs = lhs &>> rhs }

    /// Shifts left by `rhs` modulo 256.
    @inlinable
    public static func &<< <Other: BinaryInteger>(lhs: Int256, rhs: Other) -> Int256 {
        Int256(bits: lhs.bits.shiftedLeft(Int(truncatingIfNeeded: rhs) & 255))
    }

    /// Shifts right arithmetically by `rhs` modulo 256.
    @inlinable
    public static func &>> <Other: BinaryInteger>(lhs: Int256, rhs: Other) -> Int256 {
        lhs.shiftedRight(Int(truncatingIfNeeded: rhs) & 255)
    }

    /// Shifts `lhs` left by `rhs` modulo 256.
    @inlinable
    public static func &<<= <Other: BinaryInteger>(lhs: inout Int256, rhs: Other) { lhs = lhs &<< rhs }

    /// Shifts `lhs` right arithmetically by `rhs` modulo 256.
    @inlinable
    public static func &>>= <Other: BinaryInteger>(lhs: inout Int256, rhs: Other) { lhs = lhs &>> rhs }
}
