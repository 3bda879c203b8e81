// Text output of UInt256: decimal (`description`) and JSON-RPC's compact hex quantity (`hexQuantity`).

extension UInt256: CustomStringConvertible {
    /// 10^19, the largest power of ten below 2^64: decimal printing peels off 19 digits per division.
    @inlinable static var decimalChunk: UInt64 { 10_000_000_000_000_000_000 }
    /// ``Limb/reciprocal(_:)`` of ``decimalChunk`` (already normalized: 10^19 ≥ 2^63), precomputed so that printing
    /// divides with multiplications only.
    @inlinable static var decimalChunkReciprocal: UInt64 { 0xd83c_94fb_6d2a_c34a }

    /// The value in decimal, without separators: `"0"`, `"1000000000000000000"`.
    public var description: String {
        if w1 | w2 | w3 == 0 { return String(w0) }
        return String(unsafeUninitializedCapacity: 78) { buffer in
            writeDecimal(into: buffer, at: 0)
        }
    }

    /// Writes the decimal digits at `buffer[start...]` (78 bytes are always enough) and returns the end offset.
    internal func writeDecimal(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        // Base-10^19 digits, least significant first: 2^256 < 10^95, so five of them.
        var chunks: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        var count = 0
        var rest = self
        repeat {
            let (q, r) = rest.dividedNormalized(
                by: Self.decimalChunk, reciprocal: Self.decimalChunkReciprocal, remainder: 0)
            switch count {
            case 0: chunks.0 = r
            case 1: chunks.1 = r
            case 2: chunks.2 = r
            case 3: chunks.3 = r
            default: chunks.4 = r
            }
            count += 1
            rest = q
        } while !rest.isZero
        func chunk(_ i: Int) -> UInt64 {
            switch i {
            case 0: chunks.0
            case 1: chunks.1
            case 2: chunks.2
            case 3: chunks.3
            default: chunks.4
            }
        }
        var end = Self.writeDigits(chunk(count - 1), into: buffer, at: start, width: 0)
        for i in stride(from: count - 2, through: 0, by: -1) {
            end = Self.writeDigits(chunk(i), into: buffer, at: end, width: 19)
        }
        return end
    }

    /// Writes `value` in decimal at `buffer[start...]`, zero-padded on the left to `width` digits (`width` 0: as
    /// many digits as it has); returns the end offset.
    internal static func writeDigits(
        _ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int, width: Int
    ) -> Int {
        var digits = width
        if digits == 0 {
            digits = 1
            var power: UInt64 = 10
            while digits < 20 && value >= power {
                digits += 1
                if digits < 20 { power &*= 10 }
            }
        }
        // Two digits per division: the chain of divisions by 100 is the critical path, and each pair's digits
        // are computed beside it.
        var v = value
        var i = start + digits
        while i - start >= 2 {
            let pair = v % 100
            v /= 100
            let tens = pair / 10
            buffer[i - 1] = UInt8(truncatingIfNeeded: pair &- tens &* 10) &+ UInt8(ascii: "0")
            buffer[i - 2] = UInt8(truncatingIfNeeded: tens) &+ UInt8(ascii: "0")
            i -= 2
        }
        if i > start { buffer[start] = UInt8(truncatingIfNeeded: v) &+ UInt8(ascii: "0") }
        return start + digits
    }

    /// The value as a JSON-RPC quantity: `0x` and lowercase hex digits without leading zeros (`"0x0"`, `"0x1a"`).
    public var hexQuantity: String {
        let digits = Swift.max(1, (256 - leadingZeroBitCount + 3) / 4)
        return String(unsafeUninitializedCapacity: digits + 2) { buffer in
            writeHex(into: buffer, at: 0, digits: digits)
        }
    }

    /// Writes `0x` and the low `digits` hex digits at `buffer[start...]`; returns the end offset.
    internal func writeHex(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int, digits: Int) -> Int {
        buffer[start] = UInt8(ascii: "0")
        buffer[start + 1] = UInt8(ascii: "x")
        var end = start + 2 + digits
        // Limb by limb from the least significant end, sixteen digits each (fewer in the top limb).
        var remaining = digits
        var index = 0
        while remaining > 0 {
            var limb = self.limb(index)
            for _ in 0..<Swift.min(16, remaining) {
                let nibble = UInt8(truncatingIfNeeded: limb & 0xf)
                // '0' + n, plus the gap up to 'a' for n ≥ 10, without a branch.
                end -= 1
                buffer[end] = nibble &+ UInt8(ascii: "0") &+ (nibble > 9 ? 39 : 0)
                limb >>= 4
            }
            remaining -= 16
            index += 1
        }
        return start + 2 + digits
    }
}
