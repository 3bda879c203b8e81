// Division kernels for UInt256 and Int256: Knuth's algorithm D (TAOCP vol. 2, 4.3.1) with the quotient digits
// estimated by Möller and Granlund's division by invariant integers ("Improved division by invariant integers",
// IEEE Trans. Computers 60(2), 2011): a reciprocal of the divisor's top limb(s) is computed once per division,
// then every quotient digit costs a few multiplications instead of a hardware 128-by-64 division.
//
// Everything works on whole UInt256 values and UInt64 limbs: no buffers, no pointers, no allocation.

/// Operations on single 64-bit limbs used by the multi-limb arithmetic.
@usableFromInline
internal enum Limb {
    /// `a + b + carry`, setting `carry` to the carry out (0 or 1).
    @inlinable @inline(__always)
    static func add(_ a: UInt64, _ b: UInt64, carry: inout UInt64) -> UInt64 {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        carry = (o1 ? 1 : 0) | (o2 ? 1 : 0)
        return s2
    }

    /// `a − b − borrow`, setting `borrow` to the borrow out (0 or 1).
    @inlinable @inline(__always)
    static func sub(_ a: UInt64, _ b: UInt64, borrow: inout UInt64) -> UInt64 {
        let (d1, o1) = a.subtractingReportingOverflow(b)
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        borrow = (o1 ? 1 : 0) | (o2 ? 1 : 0)
        return d2
    }

    /// The low limb of `acc + a·b + carry`, setting `carry` to its high limb (the sum never exceeds 128 bits).
    @inlinable @inline(__always)
    static func mulAdd(_ acc: UInt64, _ a: UInt64, _ b: UInt64, carry: inout UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        let (s1, o1) = low.addingReportingOverflow(acc)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        return s2
    }

    /// `⌊(2^128 − 1) / d⌋ − 2^64` for a normalized `d` (top bit set): the reciprocal of Möller–Granlund.
    @inlinable
    static func reciprocal(_ d: UInt64) -> UInt64 {
        // (~d, max) = 2^128 − 1 − d·2^64, and ~d < d because d ≥ 2^63, so the quotient fits one limb.
        d.dividingFullWidth((high: ~d, low: .max)).quotient
    }

    /// The reciprocal of the normalized two-limb divisor `(d1, d0)` for ``divide(_:_:_:by:_:reciprocal:)``.
    @inlinable
    static func reciprocal(_ d1: UInt64, _ d0: UInt64) -> UInt64 {
        var v = reciprocal(d1)
        var p = d1 &* v &+ d0
        if p < d0 {
            v &-= 1
            if p >= d1 {
                v &-= 1
                p &-= d1
            }
            p &-= d1
        }
        let (t1, t0) = v.multipliedFullWidth(by: d0)
        p &+= t1
        if p < t1 {
            v &-= 1
            if p > d1 || (p == d1 && t0 >= d0) {
                v &-= 1
            }
        }
        return v
    }

    /// Divides the two-limb `(u1, u0)` by the normalized `d`, given `v = reciprocal(d)`; requires `u1 < d`.
    @inlinable @inline(__always)
    static func divide(_ u1: UInt64, _ u0: UInt64, by d: UInt64, reciprocal v: UInt64)
        -> (quotient: UInt64, remainder: UInt64)
    {
        var (q1, q0) = v.multipliedFullWidth(by: u1)
        let (sum0, c) = q0.addingReportingOverflow(u0)
        q0 = sum0
        q1 = q1 &+ u1 &+ (c ? 1 : 0) &+ 1
        var r = u0 &- q1 &* d
        // The first correction is taken about half the time: a mask, not a branch the processor would mispredict
        // (measured: a third faster for one-limb divisors; in the three-by-two division the branch did better).
        let mask = 0 &- UInt64(r > q0 ? 1 : 0)
        q1 &+= mask
        r &+= d & mask
        if r >= d {
            q1 &+= 1
            r &-= d
        }
        return (q1, r)
    }

    /// Divides the three-limb `(u2, u1, u0)` by the normalized two-limb `(d1, d0)`, given
    /// `v = reciprocal(d1, d0)`; requires `(u2, u1) < (d1, d0)`. Returns the one-limb quotient and the remainder.
    @inlinable @inline(__always)
    static func divide(_ u2: UInt64, _ u1: UInt64, _ u0: UInt64, by d1: UInt64, _ d0: UInt64, reciprocal v: UInt64)
        -> (quotient: UInt64, r1: UInt64, r0: UInt64)
    {
        var (q1, q0) = v.multipliedFullWidth(by: u2)
        let (sum0, c) = q0.addingReportingOverflow(u1)
        q0 = sum0
        q1 = q1 &+ u2 &+ (c ? 1 : 0)
        var r1 = u1 &- q1 &* d1
        let (t1, t0) = d0.multipliedFullWidth(by: q1)
        // (r1, r0) = (r1, u0) − (t1, t0) − (d1, d0), modulo 2^128.
        var borrow: UInt64 = 0
        var r0 = sub(u0, t0, borrow: &borrow)
        r1 = sub(r1, t1, borrow: &borrow)
        borrow = 0
        r0 = sub(r0, d0, borrow: &borrow)
        r1 = sub(r1, d1, borrow: &borrow)
        q1 &+= 1
        if r1 >= q0 {
            q1 &-= 1
            var carry: UInt64 = 0
            r0 = add(r0, d0, carry: &carry)
            r1 = add(r1, d1, carry: &carry)
        }
        if r1 > d1 || (r1 == d1 && r0 >= d0) {
            q1 &+= 1
            var borrow: UInt64 = 0
            r0 = sub(r0, d0, borrow: &borrow)
            r1 = sub(r1, d1, borrow: &borrow)
        }
        return (q1, r1, r0)
    }

    /// `(high, low) << shift` keeping the high limb: `high << shift | low >> (64 − shift)`, for `shift` in `0..<64`.
    @inlinable @inline(__always)
    static func funnel(_ high: UInt64, _ low: UInt64, _ shift: Int) -> UInt64 {
        shift == 0 ? high : high &<< UInt64(shift) | low &>> UInt64(64 - shift)
    }
}

extension UInt256 {
    /// `self << shift` as 320 bits, for `shift` in `0..<64`: the limb pushed out at the top, and the low 256 bits.
    @inlinable @inline(__always)
    internal func shiftedLeftWithOverflow(_ shift: Int) -> (overflow: UInt64, value: UInt256) {
        (
            Limb.funnel(0, w3, shift),
            UInt256(
                Limb.funnel(w0, 0, shift),
                Limb.funnel(w1, w0, shift),
                Limb.funnel(w2, w1, shift),
                Limb.funnel(w3, w2, shift)
            )
        )
    }

    /// The value shifted one limb up, with `limb` entering at the bottom (the top limb is dropped).
    @inlinable @inline(__always)
    internal func pushingLimb(_ limb: UInt64) -> UInt256 {
        UInt256(limb, w0, w1, w2)
    }

    /// Divides `(remainder : self)` by a one-limb divisor; requires `divisor != 0` and `remainder < divisor`.
    ///
    /// With `remainder` zero this is `self / divisor`; a nonzero one continues a longer division, as the high half
    /// of a 512-bit dividend does.
    @inlinable
    internal func divided(by divisor: UInt64, remainder: UInt64 = 0) -> (quotient: UInt256, remainder: UInt64) {
        let shift = divisor.leadingZeroBitCount
        let d = divisor &<< UInt64(shift)
        let (top, u) = shiftedLeftWithOverflow(shift)
        let (q, r) = u.dividedNormalized(
            by: d, reciprocal: Limb.reciprocal(d), remainder: Limb.funnel(remainder, 0, shift) | top)
        return (q, r &>> UInt64(shift))
    }

    /// Divides `(remainder : self)` by a normalized one-limb divisor `d` (top bit set) whose reciprocal is `v`;
    /// requires `remainder < d`.
    @inlinable
    internal func dividedNormalized(by d: UInt64, reciprocal v: UInt64, remainder: UInt64)
        -> (quotient: UInt256, remainder: UInt64)
    {
        var r = remainder
        var rest = self
        var steps = 4
        // Leading quotient digits that are zero cost nothing: a small dividend is a short division.
        while steps > 0 && r == 0 && rest.w3 < d {
            r = rest.w3
            rest = rest.pushingLimb(0)
            steps -= 1
        }
        var q: UInt256 = .zero
        for _ in 0..<steps {
            let digit: UInt64
            (digit, r) = Limb.divide(r, rest.w3, by: d, reciprocal: v)
            q = q.pushingLimb(digit)
            rest = rest.pushingLimb(0)
        }
        return (q, r)
    }

    /// Divides `(remainder : self)` by the two-limb divisor `(d1, d0)`, `d1 != 0`; requires the remainder, high limb
    /// first, to be less than the divisor.
    @inlinable
    internal func divided(by d1: UInt64, _ d0: UInt64, remainder: (high: UInt64, low: UInt64) = (0, 0))
        -> (quotient: UInt256, remainder: (high: UInt64, low: UInt64))
    {
        let shift = d1.leadingZeroBitCount
        let n1 = Limb.funnel(d1, d0, shift)
        let n0 = d0 &<< UInt64(shift)
        let (top, u) = shiftedLeftWithOverflow(shift)
        // The normalized dividend is (r1, r0, u.w3, u.w2, u.w1, u.w0) with (r1, r0) < (n1, n0).
        let r1 = Limb.funnel(remainder.high, remainder.low, shift)
        let r0 = Limb.funnel(remainder.low, 0, shift) | top
        let (q, r) = u.dividedNormalized(by: n1, n0, reciprocal: Limb.reciprocal(n1, n0), remainder: (r1, r0))
        return (q, Self.shiftedRight(r, shift))
    }

    /// A two-limb value, high limb first, shifted right by `shift` in `0..<64`.
    @inlinable @inline(__always)
    internal static func shiftedRight(_ x: (high: UInt64, low: UInt64), _ shift: Int) -> (high: UInt64, low: UInt64) {
        if shift == 0 { return x }
        return (x.high &>> UInt64(shift), x.low &>> UInt64(shift) | x.high &<< UInt64(64 - shift))
    }

    /// Divides `(remainder : self)` by the normalized two-limb divisor `(n1, n0)` (top bit of `n1` set) whose
    /// reciprocal is `v`; requires the remainder, high limb first, to be less than the divisor.
    @inlinable
    internal func dividedNormalized(
        by n1: UInt64, _ n0: UInt64, reciprocal v: UInt64, remainder: (high: UInt64, low: UInt64)
    ) -> (quotient: UInt256, remainder: (high: UInt64, low: UInt64)) {
        var (r1, r0) = remainder
        var rest = self
        var steps = 4
        // Leading quotient digits that are zero cost nothing.
        while steps > 0 && r1 == 0 && (r0 < n1 || (r0 == n1 && rest.w3 < n0)) {
            r1 = r0
            r0 = rest.w3
            rest = rest.pushingLimb(0)
            steps -= 1
        }
        var q: UInt256 = .zero
        for _ in 0..<steps {
            let digit: UInt64
            (digit, r1, r0) = Limb.divide(r1, r0, rest.w3, by: n1, n0, reciprocal: v)
            q = q.pushingLimb(digit)
            rest = rest.pushingLimb(0)
        }
        return (q, (r1, r0))
    }

    /// Knuth's loop for a normalized divisor (`vn.w3` has its top bit set): starting from `remainder < vn`, brings
    /// in `count` limbs of `incoming`, most significant (`incoming.w3`) first, and returns their quotient digits and
    /// the final (still normalized) remainder. `v` is ``Limb/reciprocal(_:_:)`` of `(vn.w3, vn.w2)`.
    @inlinable
    internal static func divideNormalized(
        remainder: UInt256, incoming: UInt256, count: Int, by vn: UInt256, reciprocal v: UInt64
    ) -> (quotient: UInt256, remainder: UInt256) {
        var r = remainder
        var rest = incoming
        var q: UInt256 = .zero
        for _ in 0..<count {
            let next = rest.w3
            rest = rest.pushingLimb(0)
            // The window is (r.w3, r.w2, r.w1, r.w0, next), less than vn · 2^64.
            var digit: UInt64
            if r.w3 == 0 {
                // The window fits 256 bits and vn ≥ 2^255: the digit is 0 or 1.
                let window = r.pushingLimb(next)
                let (difference, borrowed) = window.subtractingReportingOverflow(vn)
                digit = borrowed ? 0 : 1
                r = borrowed ? window : difference
            } else if r.w3 == vn.w3 && r.w2 == vn.w2 {
                // The three-by-two estimate would overflow; the digit is then 2^64 − 1 (Knuth's q̂ = b − 1).
                digit = .max
                let (productHigh, productLow) = vn.multipliedFullWidth(by: digit)
                let (difference, borrowed) = r.pushingLimb(next).subtractingReportingOverflow(productLow)
                let (top, o1) = r.w3.subtractingReportingOverflow(productHigh)
                if o1 || (borrowed && top == 0) {
                    digit &-= 1
                    r = difference &+ vn
                } else {
                    r = difference
                }
            } else {
                // Divide the top three limbs by the top two of vn: the remainder of that division leaves only
                // digit · (vn.w1, vn.w0) to subtract from the window's low limbs.
                let (estimate, rh1, rh0) = Limb.divide(r.w3, r.w2, r.w1, by: vn.w3, vn.w2, reciprocal: v)
                digit = estimate
                let (h0, l0) = estimate.multipliedFullWidth(by: vn.w0)
                let (h1, l1) = estimate.multipliedFullWidth(by: vn.w1)
                let (p1, c) = l1.addingReportingOverflow(h0)
                let p2 = h1 &+ (c ? 1 : 0)
                var borrow: UInt64 = 0
                let t0 = Limb.sub(next, l0, borrow: &borrow)
                let t1 = Limb.sub(r.w0, p1, borrow: &borrow)
                let t2 = Limb.sub(rh0, p2, borrow: &borrow)
                let t3 = Limb.sub(rh1, 0, borrow: &borrow)
                r = UInt256(t0, t1, t2, t3)
                if borrow != 0 {
                    // The estimate was one too large (never more, after a three-by-two division): add vn back.
                    digit &-= 1
                    r = r &+ vn
                }
            }
            q = q.pushingLimb(digit)
        }
        return (q, r)
    }

    /// `self · m` as 320 bits: the high limb and the low 256 bits.
    @inlinable @inline(__always)
    internal func multipliedFullWidth(by m: UInt64) -> (high: UInt64, low: UInt256) {
        var carry: UInt64 = 0
        let r0 = Limb.mulAdd(0, w0, m, carry: &carry)
        let r1 = Limb.mulAdd(0, w1, m, carry: &carry)
        let r2 = Limb.mulAdd(0, w2, m, carry: &carry)
        let r3 = Limb.mulAdd(0, w3, m, carry: &carry)
        return (carry, UInt256(r0, r1, r2, r3))
    }

    /// `self / divisor` and `self % divisor`; requires `divisor != 0`.
    ///
    /// Operands that both fit 64 bits take one hardware division; the rest go through ``dividedLong(by:)``.
    @inlinable
    internal func divided(by divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        if (w1 | w2 | w3 | divisor.w1 | divisor.w2 | divisor.w3) == 0 {
            return (UInt256(w0 / divisor.w0, 0, 0, 0), UInt256(w0 % divisor.w0, 0, 0, 0))
        }
        return dividedLong(by: divisor)
    }

    /// ``divided(by:)`` for operands wider than 64 bits.
    @inlinable
    internal func dividedLong(by divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        if divisor.w3 | divisor.w2 | divisor.w1 == 0 {
            let (q, r) = divided(by: divisor.w0)
            return (q, UInt256(r, 0, 0, 0))
        }
        if self < divisor { return (.zero, self) }
        if divisor.w3 | divisor.w2 == 0 {
            let (q, r) = divided(by: divisor.w1, divisor.w0)
            return (q, UInt256(r.low, r.high, 0, 0))
        }
        // Three or four limbs: normalize the divisor to 256 bits, so the loop always works on whole UInt256s.
        // The quotient has at most 5 − n digits for an n-limb divisor (that is, one or two).
        let k = divisor.leadingZeroBitCount
        let vn = divisor.shiftedLeft(k)
        let shift = k & 63
        let count = divisor.w3 != 0 ? 1 : 2
        let (top, u) = shiftedLeftWithOverflow(shift)
        // The normalized dividend is u·2^(64·(count − 1)) with its overflow limb on top; its digits above the
        // quotient's form the starting remainder.
        let start = UInt256(u.w1, u.w2, u.w3, top)
        let (q, r) = Self.divideNormalized(
            remainder: start, incoming: UInt256(0, 0, 0, u.w0), count: count, by: vn,
            reciprocal: Limb.reciprocal(vn.w3, vn.w2))
        return (q, r.shiftedRight(k))
    }

    /// `(high : low) / divisor` and its remainder, for `high < divisor` (so the quotient fits 256 bits).
    @inlinable
    internal static func divide(high: UInt256, low: UInt256, by divisor: UInt256)
        -> (quotient: UInt256, remainder: UInt256)
    {
        if high.isZero { return low.divided(by: divisor) }
        if divisor.w3 | divisor.w2 | divisor.w1 == 0 {
            let (q, r) = low.divided(by: divisor.w0, remainder: high.w0)
            return (q, UInt256(r, 0, 0, 0))
        }
        if divisor.w3 | divisor.w2 == 0 {
            let (q, r) = low.divided(by: divisor.w1, divisor.w0, remainder: (high.w1, high.w0))
            return (q, UInt256(r.low, r.high, 0, 0))
        }
        let k = divisor.leadingZeroBitCount
        let vn = divisor.shiftedLeft(k)
        let start = k == 0 ? high : high.shiftedLeft(k) | low.shiftedRight(256 - k)
        let (q, r) = divideNormalized(
            remainder: start, incoming: low.shiftedLeft(k), count: 4, by: vn,
            reciprocal: Limb.reciprocal(vn.w3, vn.w2))
        return (q, r.shiftedRight(k))
    }

    /// `(high : low) mod modulus` for any `high` (a full 512-bit dividend); requires `modulus != 0`.
    ///
    /// Reducing `high` first and then dividing the 512 bits measured faster than one eight-limb pass: the
    /// reduction is usually a single quotient digit (or nothing, when `high < modulus`).
    @inlinable
    internal static func remainder(high: UInt256, low: UInt256, modulo modulus: UInt256) -> UInt256 {
        let reducedHigh = high < modulus ? high : high.divided(by: modulus).remainder
        return divide(high: reducedHigh, low: low, by: modulus).remainder
    }
}
