import EthPrimitives
import PropertyBased
import Testing

/// Generators of 256-bit values that hit the interesting cases often: every limb count, and limbs that are 0, 1,
/// 2^63 ± 1 or 2^64 − 1 (where carries, borrows and long division's digit estimates go wrong).
enum Words256 {
    static let limbPatterns: [UInt64] = [0, 1, 2, (1 << 63) - 1, 1 << 63, (1 << 63) + 1, .max - 1, .max]

    /// Four random limbs; `shape` picks an edge pattern for about half of them and a random bit length.
    static func make(_ limbs: (UInt64, UInt64, UInt64, UInt64), shape: UInt64) -> UInt256 {
        var w = [limbs.0, limbs.1, limbs.2, limbs.3]
        for i in 0..<4 {
            let selector = Int((shape >> (8 + 4 * UInt64(i))) & 15)
            if selector < limbPatterns.count { w[i] = limbPatterns[selector] }
        }
        let value = UInt256(words: (w[0], w[1], w[2], w[3]))
        let bitLength = Int(shape & 0xff) + 1  // 1...256
        return value & (UInt256.max >> (256 - bitLength))
    }

    static var limb: Generator<UInt64, Shrink.Integer<UInt64>> { Gen<UInt64>.value(in: 0...UInt64.max) }

    static var word: Generator<UInt256, some SendableSequenceType> {
        zip(limb, limb, limb, limb, limb).map { t in make((t.0, t.1, t.2, t.3), shape: t.4) }
    }

    static var nonzeroWord: Generator<UInt256, some SendableSequenceType> {
        zip(limb, limb, limb, limb, limb).map { t in
            let x = make((t.0, t.1, t.2, t.3), shape: t.4)
            return x.isZero ? UInt256(t.4 | 1) : x
        }
    }

    /// The oracle: restoring (bit-by-bit) division of the 512-bit `(high : low)` by `divisor`, built only from
    /// shifts, comparisons and subtraction. Returns the 512-bit quotient and the remainder.
    static func slowDivide(high: UInt256, low: UInt256, by divisor: UInt256)
        -> (quotientHigh: UInt256, quotientLow: UInt256, remainder: UInt256)
    {
        var r = UInt256.zero
        var qh = UInt256.zero
        var ql = UInt256.zero
        for i in stride(from: 511, through: 0, by: -1) {
            let bit = i >= 256 ? (high >> (i - 256)) & 1 : (low >> i) & 1
            let carry = r >> 255 == 1
            r = (r << 1) | bit
            if carry || r >= divisor {
                r = r &- divisor
                if i >= 256 { qh |= UInt256.one << (i - 256) } else { ql |= UInt256.one << i }
            }
        }
        return (qh, ql, r)
    }
}

@Suite struct UInt256PropertyTests {
    @Test func divisionIdentity() async {
        await propertyCheck(count: 500, input: Words256.word, Words256.nonzeroWord) { a, b in
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(r < b)
            let (product, overflow) = q.multipliedReportingOverflow(by: b)
            #expect(!overflow)
            let (sum, carry) = product.addingReportingOverflow(r)
            #expect(!carry && sum == a, "\(a) / \(b) gave \(q) remainder \(r)")
        }
    }

    @Test func divisionMatchesBitByBitDivision() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.nonzeroWord) { a, b in
            let slow = Words256.slowDivide(high: .zero, low: a, by: b)
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(slow.quotientHigh.isZero && slow.quotientLow == q && slow.remainder == r, "\(a) / \(b)")
        }
    }

    @Test func fullWidthDivisionMatchesBitByBitDivision() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.word, Words256.nonzeroWord) { x, y, d in
            // A dividend whose high half is below the divisor, so that the quotient fits.
            let high = x % d
            let (q, r) = d.dividingFullWidth((high, y))
            let slow = Words256.slowDivide(high: high, low: y, by: d)
            #expect(slow.quotientHigh.isZero && slow.quotientLow == q && slow.remainder == r, "(\(high), \(y)) / \(d)")
        }
    }

    @Test func mulmodMatchesTheFull512BitProduct() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.word, Words256.nonzeroWord) { a, b, m in
            let (high, low) = a.multipliedFullWidth(by: b)
            let expected = Words256.slowDivide(high: high, low: low, by: m).remainder
            #expect(UInt256.mulmod(a, b, m) == expected, "mulmod(\(a), \(b), \(m))")
            #expect(UInt256.mulmod(a, b, 0) == 0)
        }
    }

    @Test func addmodMatchesThe257BitSum() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.word, Words256.nonzeroWord) { a, b, m in
            let (sum, carry) = a.addingReportingOverflow(b)
            let expected = Words256.slowDivide(high: carry ? 1 : 0, low: sum, by: m).remainder
            #expect(UInt256.addmod(a, b, m) == expected, "addmod(\(a), \(b), \(m))")
        }
    }

    @Test func fullWidthProductAgreesWithPartialProducts() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.word) { a, b in
            let (high, low) = a.multipliedFullWidth(by: b)
            #expect(low == a &* b)
            #expect(a.multipliedReportingOverflow(by: b).overflow == !high.isZero)
            // (a · b) / b = a, through the full-width division.
            if !b.isZero {
                let (q, r) = b.dividingFullWidth((high, low))
                #expect(q == a && r == 0)
            }
            // Commutativity.
            #expect(b.multipliedFullWidth(by: a) == (high, low))
        }
    }

    @Test func additionAndSubtractionUndoEachOther() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.word) { a, b in
            #expect((a &+ b) &- b == a)
            #expect((a &- b) &+ b == a)
            let (sum, carry) = a.addingReportingOverflow(b)
            #expect(carry == (sum < a))
            if a >= b { #expect(a - b + b == a) }
            #expect(a.subtractingReportingOverflow(b).overflow == (a < b))
        }
    }

    @Test func textRoundTrips() async throws {
        await propertyCheck(count: 300, input: Words256.word) { x throws in
            #expect(try UInt256(parsing: x.description) == x)
            #expect(try UInt256(parsing: x.hexQuantity) == x)
            #expect(try UInt256(hexQuantity: x.hexQuantity) == x)
            #expect(UInt256(x.description) == x)
            #expect(String(x, radix: 10) == x.description)
            #expect("0x" + String(x, radix: 16) == x.hexQuantity)
            let s = Int256(bitPattern: x)
            #expect(try Int256(parsing: s.description) == s)
            #expect(try Int256(parsing: s.hexQuantity) == s)
            #expect(String(s, radix: 10) == s.description)
        }
    }

    @Test func bytesRoundTrip() async throws {
        await propertyCheck(count: 300, input: Words256.word) { x throws in
            #expect(x.bigEndianBytes.count == 32)
            #expect(try UInt256(bigEndianBytes: x.bigEndianBytes) == x)
            #expect(try UInt256(bigEndianBytes: x.minimalBigEndianBytes) == x)
            #expect(x.minimalBigEndianBytes.first != 0)
            #expect(x.minimalBigEndianBytes == Array(x.bigEndianBytes.drop { $0 == 0 }))
            let s = Int256(bitPattern: x)
            #expect(try Int256(bigEndianBytes: s.minimalBigEndianBytes) == s)
            #expect(try Int256(bigEndianBytes: s.bigEndianBytes) == s)
            // Minimal: one byte fewer would change the value.
            let minimal = s.minimalBigEndianBytes
            if !minimal.isEmpty { #expect(try Int256(bigEndianBytes: minimal.dropFirst()) != s) }
        }
    }

    @Test func shiftsAgreeWithMultiplicationAndDivision() async {
        await propertyCheck(count: 300, input: Words256.word, Gen.int(in: 0...300)) { x, n in
            let power = n < 256 ? UInt256.one << n : 0
            #expect(x << n == x &* power)
            #expect(x >> n == (n < 256 ? x / power : 0))
            #expect(x << n == x &<< UInt256(n % 256) || n >= 256)
            #expect(x >> UInt256(n) == x >> n)
            #expect(x << -n == x >> n)
            let s = Int256(bitPattern: x)
            // Arithmetic shift is division rounding toward negative infinity.
            if n < 255 {
                let d = Int256(1) << n
                let (q, r) = s.quotientAndRemainder(dividingBy: d)
                #expect(s >> n == (r < 0 ? q - 1 : q))
            } else {
                #expect(s >> n == (s < 0 ? -1 : 0))
            }
        }
    }

    @Test func signedDivisionTruncatesTowardZero() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.nonzeroWord) { x, y in
            let (a, b) = (Int256(bitPattern: x), Int256(bitPattern: y))
            guard !(a == .min && b == -1) else { return }
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(q &* b &+ r == a)
            #expect(r.magnitude < b.magnitude)
            #expect(r == 0 || (r < 0) == (a < 0))
            #expect(q.magnitude == a.magnitude / b.magnitude)
        }
    }

    @Test func signedProductsMatchSignAndMagnitude() async {
        await propertyCheck(count: 300, input: Words256.word, Words256.word) { x, y in
            let (a, b) = (Int256(bitPattern: x), Int256(bitPattern: y))
            let (high, low) = a.multipliedFullWidth(by: b)
            // |a · b| from the magnitudes, negated as 512 bits when the signs differ.
            var (mh, ml) = a.magnitude.multipliedFullWidth(by: b.magnitude)
            if (a < 0) != (b < 0) && !(mh.isZero && ml.isZero) {
                let (negatedLow, borrow) = UInt256.zero.subtractingReportingOverflow(ml)
                ml = negatedLow
                mh = UInt256.zero &- mh &- (borrow ? 1 : 0)
            }
            #expect(UInt256(bitPattern: high) == mh && low == ml, "\(a) * \(b)")
            let fits = high == (Int256(bitPattern: low) < 0 ? -1 : 0)
            #expect(a.multipliedReportingOverflow(by: b).overflow == !fits)
            if fits && !b.isZero && !(a == .min && b == -1) && !(Int256(bitPattern: low) == .min && b == -1) {
                #expect(b.dividingFullWidth((high, low)) == (a, 0))
            }
        }
    }

    @Test func genericIntegerCodeWorks() async {
        await propertyCheck(count: 200, input: Words256.word, Gen<UInt64>.value(in: 1...UInt64.max)) { x, small in
            let d = UInt256(small)
            #expect(x.isMultiple(of: d) == (x % d == 0))
            #expect(UInt256(truncatingIfNeeded: UInt64(truncatingIfNeeded: x)) == x & UInt256(UInt64.max))
            #expect(UInt256(exactly: UInt64(exactly: x) ?? 0) == (x <= UInt256(UInt64.max) ? x : 0))
            #expect(Int256(exactly: x) == (x < UInt256(bitPattern: Int256.min) ? Int256(bitPattern: x) : nil))
            // The highest one bit sits just below the leading zeros, the lowest just above the trailing ones.
            #expect(x == 0 || x >> (255 - x.leadingZeroBitCount) == 1)
            #expect(x == 0 || (x >> x.trailingZeroBitCount) & 1 == 1)
            #expect(x.byteSwapped.byteSwapped == x)
            #expect(UInt256(bigEndian: x.bigEndian) == x)
            #expect(x.words.count == 256 / UInt.bitWidth)
        }
    }
}

/// Parsing fuzzed against a deliberately simple model of the grammar: character by character, with
/// `multipliedReportingOverflow` and `addingReportingOverflow` doing the arithmetic.
@Suite struct UInt256ParsingFuzzTests {
    static let prefixes = ["", "", "", "-", "0x", "0X", "-0x", "+", " "]
    static let digits = Array("0123456789abcdefABCDEF")
    static let strays: [Character] = ["g", "x", "-", " ", "_", ".", "é", "٣", "🙂", "\u{0}"]

    /// Text that is mostly well formed: a prefix, up to 80 digits, sometimes leading zeros or one stray character.
    static var text: Generator<String, some SendableSequenceType> {
        zip(
            Gen.int(in: 0...(prefixes.count - 1)), Gen.int(in: 0...(digits.count - 1)).array(of: 0...80),
            Gen.int(in: 0...30), Gen.int(in: -20...(strays.count - 1)), Gen.int(in: 0...100)
        ).map { t in
            var body = String(t.1.map { digits[$0] })
            if t.2 > 25 { body = String(repeating: "0", count: t.2) + body }
            if t.3 >= 0 {
                let at = body.index(body.startIndex, offsetBy: t.4 % (body.count + 1))
                body.insert(strays[t.3], at: at)
            }
            return prefixes[t.0] + body
        }
    }

    static func model(_ text: String, signed: Bool) -> Result<(negative: Bool, magnitude: UInt256), PrimitivesError> {
        let chars = Array(text)
        var i = 0
        var negative = false
        if signed && chars.first == "-" {
            negative = true
            i = 1
        }
        var base: UInt256 = 10
        if chars.count - i >= 2 && chars[i] == "0" && (chars[i + 1] == "x" || chars[i + 1] == "X") {
            base = 16
            i += 2
        }
        if i == chars.count { return .failure(.emptyNumber) }
        var value: UInt256 = 0
        var overflow = false
        for j in i..<chars.count {
            let c = chars[j]
            guard c.isASCII, let digit = c.hexDigitValue, base == 16 || digit < 10 else {
                return .failure(.invalidNumber(text, offset: j))
            }
            let (product, o1) = value.multipliedReportingOverflow(by: base)
            let (sum, o2) = product.addingReportingOverflow(UInt256(digit))
            value = sum
            overflow = overflow || o1 || o2
        }
        if overflow { return .failure(.numberOutOfRange(text, type: signed ? "Int256" : "UInt256")) }
        return .success((negative, value))
    }

    @Test func unsignedParsingMatchesTheModel() async {
        await propertyCheck(count: 1000, input: Self.text) { text in
            switch Self.model(text, signed: false) {
            case .success(let expected):
                #expect(throws: Never.self) { try UInt256(parsing: text) }
                #expect((try? UInt256(parsing: text)) == expected.magnitude, "\(text)")
            case .failure(let error):
                #expect(throws: error, "\(text)") { try UInt256(parsing: text) }
            }
        }
    }

    @Test func signedParsingMatchesTheModel() async {
        await propertyCheck(count: 1000, input: Self.text) { text in
            switch Self.model(text, signed: true) {
            case .success(let expected):
                let limit = UInt256.one << 255
                if expected.magnitude < limit || (expected.negative && expected.magnitude == limit) {
                    let bits = expected.negative ? 0 &- expected.magnitude : expected.magnitude
                    #expect((try? Int256(parsing: text)) == Int256(bitPattern: bits), "\(text)")
                } else {
                    #expect(throws: PrimitivesError.numberOutOfRange(text, type: "Int256"), "\(text)") {
                        try Int256(parsing: text)
                    }
                }
            case .failure(let error):
                #expect(throws: error, "\(text)") { try Int256(parsing: text) }
            }
        }
    }
}
