// Bitwise operations and shifts of UInt256. Shifting by 256 or more gives zero (the EVM's SHL/SHR); the masking
// shifts `&<<` and `&>>` use the amount modulo 256, as Swift's integers do.

extension UInt256 {
    /// The bitwise complement (every bit flipped).
    @inlinable
    public static prefix func ~ (x: UInt256) -> UInt256 {
        UInt256(~x.w0, ~x.w1, ~x.w2, ~x.w3)
    }

    /// The bitwise AND.
    @inlinable
    public static func & (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(lhs.w0 & rhs.w0, lhs.w1 & rhs.w1, lhs.w2 & rhs.w2, lhs.w3 & rhs.w3)
    }

    /// The bitwise OR.
    @inlinable
    public static func | (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(lhs.w0 | rhs.w0, lhs.w1 | rhs.w1, lhs.w2 | rhs.w2, lhs.w3 | rhs.w3)
    }

    /// The bitwise exclusive OR.
    @inlinable
    public static func ^ (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(lhs.w0 ^ rhs.w0, lhs.w1 ^ rhs.w1, lhs.w2 ^ rhs.w2, lhs.w3 ^ rhs.w3)
    }

    /// Stores the bitwise AND of `lhs` and `rhs` in `lhs`.
    @inlinable
    public static func &= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs & rhs }

    /// Stores the bitwise OR of `lhs` and `rhs` in `lhs`.
    @inlinable
    public static func |= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs | rhs }

    /// Stores the bitwise exclusive OR of `lhs` and `rhs` in `lhs`.
    @inlinable
    public static func ^= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs ^ rhs }
}

// MARK: - Shifts

extension UInt256 {
    /// `self << n` for `n` in `0...256` (256 gives zero).
    @inlinable
    internal func shiftedLeft(_ n: Int) -> UInt256 {
        let bits = UInt64(n & 63)
        var (a0, a1, a2, a3) = (w0, w1, w2, w3)
        switch n >> 6 {
        case 0: break
        case 1: (a0, a1, a2, a3) = (0, a0, a1, a2)
        case 2: (a0, a1, a2, a3) = (0, 0, a0, a1)
        case 3: (a0, a1, a2, a3) = (0, 0, 0, a0)
        default: return .zero
        }
        if bits == 0 { return UInt256(a0, a1, a2, a3) }
        let back = 64 - bits
        return UInt256(
            a0 &<< bits,
            a1 &<< bits | a0 &>> back,
            a2 &<< bits | a1 &>> back,
            a3 &<< bits | a2 &>> back
        )
    }

    /// `self >> n` (logical) for `n` in `0...256` (256 gives zero).
    @inlinable
    internal func shiftedRight(_ n: Int) -> UInt256 {
        let bits = UInt64(n & 63)
        var (a0, a1, a2, a3) = (w0, w1, w2, w3)
        switch n >> 6 {
        case 0: break
        case 1: (a0, a1, a2, a3) = (a1, a2, a3, 0)
        case 2: (a0, a1, a2, a3) = (a2, a3, 0, 0)
        case 3: (a0, a1, a2, a3) = (a3, 0, 0, 0)
        default: return .zero
        }
        if bits == 0 { return UInt256(a0, a1, a2, a3) }
        let back = 64 - bits
        return UInt256(
            a0 &>> bits | a1 &<< back,
            a1 &>> bits | a2 &<< back,
            a2 &>> bits | a3 &<< back,
            a3 &>> bits
        )
    }

    /// A shift amount of any integer type, clamped to `-256...256` (beyond that every shift gives the same result).
    @inlinable @inline(__always)
    internal static func clampedShift<RHS: BinaryInteger>(_ rhs: RHS) -> Int {
        Swift.max(-256, Swift.min(256, Int(clamping: rhs)))
    }

    /// Shifts left, filling with zeros; an amount of 256 or more gives zero, a negative one shifts right.
    @inlinable
    public static func << <RHS: BinaryInteger>(lhs: UInt256, rhs: RHS) -> UInt256 {
        let n = clampedShift(rhs)
        return n >= 0 ? lhs.shiftedLeft(n) : lhs.shiftedRight(-n)
    }

    /// Shifts right, filling with zeros; an amount of 256 or more gives zero, a negative one shifts left.
    @inlinable
    public static func >> <RHS: BinaryInteger>(lhs: UInt256, rhs: RHS) -> UInt256 {
        let n = clampedShift(rhs)
        return n >= 0 ? lhs.shiftedRight(n) : lhs.shiftedLeft(-n)
    }

    /// Shifts `lhs` left by `rhs` (see `<<`).
    @inlinable
    public static func <<= <RHS: BinaryInteger>(lhs: inout UInt256, rhs: RHS) { lhs = lhs << rhs }

    /// Shifts `lhs` right by `rhs` (see `>>`).
    @inlinable
    public static func >>= <RHS: BinaryInteger>(lhs: inout UInt256, rhs: RHS) { lhs = lhs >> rhs }

    /// Shifts left by `rhs` modulo 256.
    @inlinable
    public static func &<< (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.shiftedLeft(Int(truncatingIfNeeded: rhs.w0 & 255))
    }

    /// Shifts right by `rhs` modulo 256.
    @inlinable
    public static func &>> (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.shiftedRight(Int(truncatingIfNeeded: rhs.w0 & 255))
    }

    /// Shifts `lhs` left by `rhs` modulo 256.
    @inlinable
    public static func &<<= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &<< rhs }

    /// Shifts `lhs` right by `rhs` modulo 256.
    @inlinable
    public static func &>>= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &>> rhs }

    /// Shifts left by `rhs` modulo 256.
    @inlinable
    public static func &<< <Other: BinaryInteger>(lhs: UInt256, rhs: Other) -> UInt256 {
        lhs.shiftedLeft(Int(truncatingIfNeeded: rhs) & 255)
    }

    /// Shifts right by `rhs` modulo 256.
    @inlinable
    public static func &>> <Other: BinaryInteger>(lhs: UInt256, rhs: Other) -> UInt256 {
        lhs.shiftedRight(Int(truncatingIfNeeded: rhs) & 255)
    }

    /// Shifts `lhs` left by `rhs` modulo 256.
    @inlinable
    public static func &<<= <Other: BinaryInteger>(lhs: inout UInt256, rhs: Other) { lhs = lhs &<< rhs }

    /// Shifts `lhs` right by `rhs` modulo 256.
    @inlinable
    public static func &>>= <Other: BinaryInteger>(lhs: inout UInt256, rhs: Other) { lhs = lhs &>> rhs }
}
