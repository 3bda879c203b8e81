// Arithmetic of UInt256: Swift's trapping operators, the wrapping `&` forms (the EVM's ADD, SUB, MUL), the
// overflow-reporting forms, full-width products and quotients, and the EVM's modular ADDMOD, MULMOD and EXP.

// MARK: - Addition and subtraction

extension UInt256 {
    /// `self + rhs` modulo 2^256, and whether the true sum was 2^256 or more.
    @inlinable
    public func addingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var carry: UInt64 = 0
        let r0 = Limb.add(w0, rhs.w0, carry: &carry)
        let r1 = Limb.add(w1, rhs.w1, carry: &carry)
        let r2 = Limb.add(w2, rhs.w2, carry: &carry)
        let r3 = Limb.add(w3, rhs.w3, carry: &carry)
        return (UInt256(r0, r1, r2, r3), carry != 0)
    }

    /// `self − rhs` modulo 2^256, and whether the true difference was negative.
    @inlinable
    public func subtractingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var borrow: UInt64 = 0
        let r0 = Limb.sub(w0, rhs.w0, borrow: &borrow)
        let r1 = Limb.sub(w1, rhs.w1, borrow: &borrow)
        let r2 = Limb.sub(w2, rhs.w2, borrow: &borrow)
        let r3 = Limb.sub(w3, rhs.w3, borrow: &borrow)
        return (UInt256(r0, r1, r2, r3), borrow != 0)
    }

    /// The sum; traps on overflow (use `&+` for the EVM's wrapping ADD).
    @inlinable
    public static func + (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        precondition(!overflow, "UInt256 addition overflow")
        return sum
    }

    /// The difference; traps if it would be negative (use `&-` for the EVM's wrapping SUB).
    @inlinable
    public static func - (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        precondition(!overflow, "UInt256 subtraction overflow")
        return difference
    }

    /// The sum modulo 2^256.
    @inlinable
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.addingReportingOverflow(rhs).partialValue
    }

    /// The difference modulo 2^256.
    @inlinable
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.subtractingReportingOverflow(rhs).partialValue
    }

    /// Adds `rhs` to `lhs`; traps on overflow.
    @inlinable
    public static func += (lhs: inout UInt256, rhs: UInt256) { lhs = lhs + rhs }

    /// Subtracts `rhs` from `lhs`; traps on overflow.
    @inlinable
    public static func -= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs - rhs }

    /// Adds `rhs` to `lhs`, wrapping modulo 2^256.
    @inlinable
    public static func &+= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &+ rhs }

    /// Subtracts `rhs` from `lhs`, wrapping modulo 2^256.
    @inlinable
    public static func &-= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &- rhs }
}

// MARK: - Multiplication

extension UInt256 {
    /// The product modulo 2^256 (the EVM's MUL): the ten limb products below the 256th bit.
    @inlinable
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (a, b) = (lhs, rhs)
        var c: UInt64 = 0
        let r0 = Limb.mulAdd(0, a.w0, b.w0, carry: &c)
        var r1 = Limb.mulAdd(0, a.w0, b.w1, carry: &c)
        var r2 = Limb.mulAdd(0, a.w0, b.w2, carry: &c)
        var r3 = a.w0 &* b.w3 &+ c
        c = 0
        r1 = Limb.mulAdd(r1, a.w1, b.w0, carry: &c)
        r2 = Limb.mulAdd(r2, a.w1, b.w1, carry: &c)
        r3 = r3 &+ a.w1 &* b.w2 &+ c
        c = 0
        r2 = Limb.mulAdd(r2, a.w2, b.w0, carry: &c)
        r3 = r3 &+ a.w2 &* b.w1 &+ c
        r3 = r3 &+ a.w3 &* b.w0
        return UInt256(r0, r1, r2, r3)
    }

    /// The full 512-bit product: its high and low 256 bits.
    @inlinable
    public func multipliedFullWidth(by other: UInt256) -> (high: UInt256, low: UInt256) {
        let (a, b) = (self, other)
        var c: UInt64 = 0
        let r0 = Limb.mulAdd(0, a.w0, b.w0, carry: &c)
        var r1 = Limb.mulAdd(0, a.w0, b.w1, carry: &c)
        var r2 = Limb.mulAdd(0, a.w0, b.w2, carry: &c)
        var r3 = Limb.mulAdd(0, a.w0, b.w3, carry: &c)
        var r4 = c
        c = 0
        r1 = Limb.mulAdd(r1, a.w1, b.w0, carry: &c)
        r2 = Limb.mulAdd(r2, a.w1, b.w1, carry: &c)
        r3 = Limb.mulAdd(r3, a.w1, b.w2, carry: &c)
        r4 = Limb.mulAdd(r4, a.w1, b.w3, carry: &c)
        var r5 = c
        c = 0
        r2 = Limb.mulAdd(r2, a.w2, b.w0, carry: &c)
        r3 = Limb.mulAdd(r3, a.w2, b.w1, carry: &c)
        r4 = Limb.mulAdd(r4, a.w2, b.w2, carry: &c)
        r5 = Limb.mulAdd(r5, a.w2, b.w3, carry: &c)
        var r6 = c
        c = 0
        r3 = Limb.mulAdd(r3, a.w3, b.w0, carry: &c)
        r4 = Limb.mulAdd(r4, a.w3, b.w1, carry: &c)
        r5 = Limb.mulAdd(r5, a.w3, b.w2, carry: &c)
        r6 = Limb.mulAdd(r6, a.w3, b.w3, carry: &c)
        let r7 = c
        return (UInt256(r4, r5, r6, r7), UInt256(r0, r1, r2, r3))
    }

    /// The product modulo 2^256, and whether the true product was 2^256 or more.
    @inlinable
    public func multipliedReportingOverflow(by rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (high, low) = multipliedFullWidth(by: rhs)
        return (low, !high.isZero)
    }

    /// The product; traps on overflow (use `&*` for the EVM's wrapping MUL).
    @inlinable
    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!overflow, "UInt256 multiplication overflow")
        return product
    }

    /// Multiplies `lhs` by `rhs`; traps on overflow.
    @inlinable
    public static func *= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs * rhs }

    /// Multiplies `lhs` by `rhs`, wrapping modulo 2^256.
    @inlinable
    public static func &*= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &* rhs }
}

// MARK: - Division

extension UInt256 {
    /// The quotient and remainder of `self / rhs`; traps if `rhs` is zero.
    @inlinable
    public func quotientAndRemainder(dividingBy rhs: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        precondition(!rhs.isZero, "Division by zero")
        return divided(by: rhs)
    }

    /// `self / rhs`, or `(self, true)` when `rhs` is zero (Swift's convention; the EVM's DIV gives zero instead).
    @inlinable
    public func dividedReportingOverflow(by rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        if rhs.isZero { return (self, true) }
        return (divided(by: rhs).quotient, false)
    }

    /// `self % rhs`, or `(self, true)` when `rhs` is zero (Swift's convention; the EVM's MOD gives zero instead).
    @inlinable
    public func remainderReportingOverflow(dividingBy rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        if rhs.isZero { return (self, true) }
        return (divided(by: rhs).remainder, false)
    }

    /// The quotient, rounded down; traps if `rhs` is zero.
    @inlinable
    public static func / (lhs: UInt256, rhs: UInt256) -> UInt256 {
        precondition(!rhs.isZero, "Division by zero")
        return lhs.divided(by: rhs).quotient
    }

    /// The remainder; traps if `rhs` is zero.
    @inlinable
    public static func % (lhs: UInt256, rhs: UInt256) -> UInt256 {
        precondition(!rhs.isZero, "Division by zero in remainder operation")
        return lhs.divided(by: rhs).remainder
    }

    /// Divides `lhs` by `rhs` (see `/`).
    @inlinable
    public static func /= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs / rhs }

    /// Replaces `lhs` with the remainder of `lhs / rhs` (see `%`).
    @inlinable
    public static func %= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs % rhs }

    /// Divides the 512-bit `dividend` by `self`.
    ///
    /// - Parameter dividend: high and low 256 bits; `dividend.high` must be less than `self` so that the quotient
    ///   fits in 256 bits (the program stops otherwise, as it does for division by zero).
    @inlinable
    public func dividingFullWidth(_ dividend: (high: UInt256, low: UInt256))
        -> (quotient: UInt256, remainder: UInt256)
    {
        precondition(!isZero, "Division by zero")
        precondition(dividend.high < self, "Quotient of dividingFullWidth does not fit in UInt256")
        return Self.divide(high: dividend.high, low: dividend.low, by: self)
    }
}

// MARK: - Modular arithmetic and exponentiation (the EVM's ADDMOD, MULMOD, EXP)

extension UInt256 {
    /// `(a · b) mod m` computed on the full 512-bit product, as the EVM's MULMOD; zero when `m` is zero.
    @inlinable
    public static func mulmod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let (high, low) = a.multipliedFullWidth(by: b)
        if high.isZero { return low.divided(by: m).remainder }
        return remainder(high: high, low: low, modulo: m)
    }

    /// `(a + b) mod m` computed on the full 257-bit sum, as the EVM's ADDMOD; zero when `m` is zero.
    @inlinable
    public static func addmod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let (sum, carry) = a.addingReportingOverflow(b)
        if a < m && b < m {
            // a + b < 2m: one subtraction at most (wrapping when the sum carried past 2^256).
            return carry || sum >= m ? sum &- m : sum
        }
        if !carry { return sum.divided(by: m).remainder }
        return remainder(high: .one, low: sum, modulo: m)
    }

    /// `self` raised to `exponent`, modulo 2^256 (the EVM's EXP: wrapping, and `0.power(0)` is 1).
    @inlinable
    public func power(_ exponent: UInt256) -> UInt256 {
        powerReportingOverflow(exponent).partialValue
    }

    /// `self` raised to `exponent` modulo 2^256, and whether the true power was 2^256 or more.
    public func powerReportingOverflow(_ exponent: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var result = UInt256.one
        var base = self
        var e = exponent
        var overflow = false
        var baseOverflowed = false
        while true {
            if e.w0 & 1 == 1 {
                let (product, o) = result.multipliedReportingOverflow(by: base)
                result = product
                overflow = overflow || o || baseOverflowed
            }
            e = e.shiftedRight(1)
            if e.isZero { break }
            let (square, o) = base.multipliedReportingOverflow(by: base)
            base = square
            baseOverflowed = baseOverflowed || o
        }
        // A zero result never overflowed unless the true power is a nonzero multiple of 2^256 (a nonzero base).
        return (result, overflow && !self.isZero)
    }
}
