import EthPrimitives
import Foundation
import Testing

@Suite struct UInt256Tests {
    static let two64: UInt256 = 0x1_0000_0000_0000_0000
    static let two128: UInt256 = 0x1_0000_0000_0000_0000_0000_0000_0000_0000
    static let two255: UInt256 = 0x8000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000
    static let max = UInt256.max

    // MARK: Construction

    @Test func literalsOfEverySize() {
        let max: UInt256 =
            115_792_089_237_316_195_423_570_985_008_687_907_853_269_984_665_640_564_039_457_584_007_913_129_639_935
        #expect(max == .max)
        #expect(max == 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff)
        #expect(Self.two64.limbs == (0, 1, 0, 0))
        #expect(Self.two128.limbs == (0, 0, 1, 0))
        #expect(Self.two255.limbs == (0, 0, 0, 1 << 63))
        #expect((0 as UInt256).isZero && UInt256.zero == 0 && UInt256.min == 0 && UInt256.one == 1)
        #expect(
            UInt256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!
                == 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_fffe_baae_dce6_af48_a03b_bfd2_5e8c_d036_4141)
    }

    @Test func limbsInAndOut() {
        let x = UInt256(words: (1, 2, 3, 4))
        #expect(x.limbs == (1, 2, 3, 4))
        #expect(Array(x.words) == [1, 2, 3, 4] || UInt.bitWidth == 32)
        #expect(x == (UInt256(4) << 192) | (UInt256(3) << 128) | (UInt256(2) << 64) | 1)
        #expect(UInt256.bitWidth == 256 && x.bitWidth == 256 && !UInt256.isSigned)
    }

    @Test(arguments: [
        (Int64(-1), nil, UInt256.max, UInt256(0)),
        (Int64(0), UInt256(0), UInt256(0), UInt256(0)),
        (Int64.max, UInt256(0x7fff_ffff_ffff_ffff), UInt256(0x7fff_ffff_ffff_ffff), UInt256(0x7fff_ffff_ffff_ffff)),
        (Int64.min, nil, UInt256.max - 0x7fff_ffff_ffff_ffff, UInt256(0)),
    ])
    func conversionsFromSignedIntegers(source: Int64, exactly: UInt256?, truncating: UInt256, clamping: UInt256) {
        #expect(UInt256(exactly: source) == exactly)
        #expect(UInt256(truncatingIfNeeded: source) == truncating)
        #expect(UInt256(clamping: source) == clamping)
    }

    @Test func conversionsToAndFromOtherIntegers() {
        #expect(UInt64(exactly: Self.two64) == nil)
        #expect(UInt64(exactly: Self.two64 - 1) == .max)
        #expect(UInt64(truncatingIfNeeded: Self.two64 + 5) == 5)
        #expect(UInt8(truncatingIfNeeded: UInt256(0x1ff)) == 0xff)
        #expect(Int(UInt256(42)) == 42)
        #expect(Int(clamping: Self.max) == .max)
        #expect(Int8(exactly: UInt256(128)) == nil)
        #expect(UInt256(UInt8(200)) == 200)
        #expect(UInt256(_truncatingBits: 7) == 7)
        #expect(UInt256(exactly: Int256.max) == Self.two255 - 1)
        #expect(UInt256(exactly: Int256(-1)) == nil)
        #expect(UInt256(truncatingIfNeeded: Int256(-1)) == .max)
        #expect(UInt256(bitPattern: Int256.min) == Self.two255)
        #expect(UInt256(clamping: Int256.min) == 0)
    }

    @Test(arguments: [
        (1e20, UInt256(100_000_000_000_000_000_000) as UInt256?),
        (0x1p255, two255),
        (0x1p256, nil),
        (0.0, 0),
        (-0.0, 0),
        (2.5, nil),
        (-1.0, nil),
        (Double.infinity, nil),
        (Double.nan, nil),
        (0x1.fffffffffffffp255, UInt256(0x1f_ffff_ffff_ffff) << 203),
    ])
    func conversionsFromDoubleExactly(source: Double, expected: UInt256?) {
        #expect(UInt256(exactly: source) == expected)
    }

    @Test func conversionsFromFloatingPointRoundTowardZero() {
        #expect(UInt256(2.9) == 2)
        #expect(UInt256(-0.9) == 0)
        #expect(UInt256(Float(16_777_217)) == 16_777_216)
        #expect(UInt256(exactly: Float(0x1p100)) == UInt256.one << 100)
        #expect(Double(UInt256.max) == 0x1p256)
        #expect(Double(Self.two64 + 1) == 0x1p64)
        #expect(Float(Self.two128 >> 1) == 0x1p127 && Float(Self.two128).isInfinite)
    }

    // MARK: Arithmetic tables

    @Test(arguments: [
        (UInt256(0), UInt256(0), UInt256(0), false),
        (max, 1, 0, true),
        (max, max, max - 1, true),
        (two64 - 1, 1, two64, false),
        (two128 - 1, 1, two128, false),
        (two255, two255, 0, true),
        (two255 - 1, two255, max, false),
    ])
    func addition(a: UInt256, b: UInt256, sum: UInt256, overflow: Bool) {
        #expect(a.addingReportingOverflow(b) == (sum, overflow))
        #expect(b.addingReportingOverflow(a) == (sum, overflow))
        #expect(a &+ b == sum)
        #expect(sum &- b == a)
        if !overflow { #expect(a + b == sum && sum - b == a) }
    }

    @Test(arguments: [
        (UInt256(0), UInt256(1), max, true),
        (two64, 1, two64 - 1, false),
        (two128, 1, two128 - 1, false),
        (0, max, 1, true),
        (two255, two255 + 1, max, true),
    ])
    func subtraction(a: UInt256, b: UInt256, difference: UInt256, overflow: Bool) {
        #expect(a.subtractingReportingOverflow(b) == (difference, overflow))
        #expect(a &- b == difference)
    }

    @Test(
        arguments: [
            (UInt256(0), max, UInt256(0), UInt256(0)),
            (max, max, max - 1, 1),
            (two64, two64, 0, two128),
            (two128, two128, 1, 0),
            (two255, 2, 1, 0),
            (two64 - 1, two64 + 1, 0, two128 - 1),
            (max, 2, 1, max - 1),
        ] as [(UInt256, UInt256, UInt256, UInt256)])
    func multiplication(a: UInt256, b: UInt256, high: UInt256, low: UInt256) {
        #expect(a.multipliedFullWidth(by: b) == (high, low))
        #expect(b.multipliedFullWidth(by: a) == (high, low))
        #expect(a &* b == low)
        #expect(a.multipliedReportingOverflow(by: b) == (low, !high.isZero))
    }

    @Test(
        arguments: [
            (max, UInt256(1), max, UInt256(0)),
            (max, max, 1, 0),
            (max, 2, 0x7fff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff, 1),
            (two128, two64, two64, 0),
            (two128 - 1, two64 + 1, two64 - 1, 0),
            (two255, two128 + 1, 0x7fff_ffff_ffff_ffff_ffff_ffff_ffff_ffff, 0x8000_0000_0000_0000_0000_0000_0000_0001),
            (
                100_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000,
                10_000_000_000_000_000_000,
                10_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000, 0
            ),
            (
                max, 10_000_000_000_000_000_000, 0x1_d83c_94fb_6d2a_c34a_5663_d3c7_a0d8_65ca_3c4c_a40e_0ea7_cfe9,
                0x693f_cf03_e3d7_ffff
            ),
            (
                max, 0x1_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0001, 0xffff_ffff_ffff_ffff,
                0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_0000_0000_0000_0000
            ),
            (max, 0xffff_ffff_ffff_ffff, 0x1_0000_0000_0000_0001_0000_0000_0000_0001_0000_0000_0000_0001, 0),
            (
                max, 0x8000_0000_0000_0000, 0x1_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff,
                0x7fff_ffff_ffff_ffff
            ),
            (two128 << 64, two128 - 1, two64, two64),
            (max, two255 + 1, 1, two255 - 2),
            (0xffff_ffff_ffff_ffff << 192, (UInt256.one << 192) - 1, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_ffff),
            (
                max, 0xffff_ffff_ffff_ffff_0000_0000_0000_0000_0000_0000_0000_0001, 0x1_0000_0000_0000_0001,
                0xffff_ffff_ffff_fffe_ffff_ffff_ffff_fffe
            ),
            (5, 7, 0, 5),
            (two64 + 5, two64 + 6, 0, two64 + 5),
        ] as [(UInt256, UInt256, UInt256, UInt256)])
    func division(a: UInt256, b: UInt256, quotient: UInt256, remainder: UInt256) {
        #expect(a.quotientAndRemainder(dividingBy: b) == (quotient, remainder))
        #expect(a / b == quotient && a % b == remainder)
        #expect(a.dividedReportingOverflow(by: b) == (quotient, false))
        #expect(a.remainderReportingOverflow(dividingBy: b) == (remainder, false))
        #expect(b.dividingFullWidth((0, a)) == (quotient, remainder))
    }

    @Test func divisionByZeroReportsOverflow() {
        #expect(Self.max.dividedReportingOverflow(by: 0) == (Self.max, true))
        #expect(Self.two64.remainderReportingOverflow(dividingBy: 0) == (Self.two64, true))
    }

    @Test func fullWidthDivisionOfA512BitDividend() {
        // (2^256 − 1)² / (2^256 − 1) = 2^256 − 1.
        let (high, low) = Self.max.multipliedFullWidth(by: Self.max)
        #expect(Self.max.dividingFullWidth((high, low)) == (Self.max, 0))
        // (2^255 · 2^256 + 5) / (2^256 − 1): 2^511 = (2^256 − 1)·2^255 + 2^255.
        #expect(Self.max.dividingFullWidth((Self.two255, 5)) == (Self.two255, Self.two255 + 5))
        // A one-limb divisor with a nonzero high half.
        #expect(
            UInt256(10).dividingFullWidth((9, 0))
                == (0xe666_6666_6666_6666_6666_6666_6666_6666_6666_6666_6666_6666_6666_6666_6666_6666, 4))
    }

    @Test(arguments: [
        (UInt256(5), UInt256(7), UInt256(0), UInt256(0), UInt256(0)),
        (5, 7, 1, 0, 0),
        (5, 7, 9, 3, 8),
        (max, max, max, 0, 0),
        (max, max, max - 1, 2, 1),
        (max, 1, 2, 0, 1),
        (two255, two255, 3, 1, 1),
        (max, max, 12_345, 2_715, 315),
    ])
    func modularArithmetic(a: UInt256, b: UInt256, m: UInt256, addmod: UInt256, mulmod: UInt256) {
        #expect(UInt256.addmod(a, b, m) == addmod)
        #expect(UInt256.mulmod(a, b, m) == mulmod)
    }

    @Test(arguments: [
        (UInt256(0), UInt256(0), UInt256(1), false),
        (0, 5, 0, false),
        (1, max, 1, false),
        (2, 255, two255, false),
        (2, 256, 0, true),
        (3, 3, 27, false),
        (max, 2, 1, true),
        (
            10, 77,
            100_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000,
            false
        ),
    ])
    func power(base: UInt256, exponent: UInt256, result: UInt256, overflow: Bool) {
        #expect(base.powerReportingOverflow(exponent) == (result, overflow))
        #expect(base.power(exponent) == result)
    }

    // MARK: Bits and shifts

    @Test(arguments: [
        (UInt256(0), 256, 256, 0),
        (1, 255, 0, 1),
        (max, 0, 0, 256),
        (two64, 191, 64, 1),
        (two128 - 1, 128, 0, 128),
        (two255, 0, 255, 1),
    ])
    func bitCounts(x: UInt256, leading: Int, trailing: Int, nonzero: Int) {
        #expect(x.leadingZeroBitCount == leading)
        #expect(x.trailingZeroBitCount == trailing)
        #expect(x.nonzeroBitCount == nonzero)
    }

    @Test func shiftsBeyondTheWidthGiveZero() {
        #expect(Self.max << 256 == 0 && Self.max >> 256 == 0)
        #expect(Self.max << UInt256.max == 0 && Self.max >> Int.max == 0)
        #expect(Self.max << Int.min == 0)
        #expect(Self.max >> -255 == Self.two255)
        #expect(Self.max >> UInt8(255) == 1)
        #expect(UInt256(1) << 64 == Self.two64 && UInt256(1) << 255 == Self.two255)
        #expect(Self.two128 >> 64 == Self.two64 && Self.two128 >> 129 == 0)
        // Masking shifts use the amount modulo 256.
        #expect(UInt256(1) &<< 257 == 2 && UInt256(1) &<< UInt256(256) == 1 && Self.two255 &>> Int(-1) == 1)
        var x: UInt256 = 1
        x <<= 200
        x >>= 199
        #expect(x == 2)
    }

    @Test func bitwiseOperations() {
        let a: UInt256 = 0xff00_ff00 << 128 | 0xf0f0
        let b: UInt256 = 0x0ff0_0ff0 << 128 | 0xffff
        #expect(a & b == UInt256(0x0f00_0f00) << 128 | 0xf0f0)
        #expect(a | b == UInt256(0xfff0_fff0) << 128 | 0xffff)
        #expect(a ^ b == UInt256(0xf0f0_f0f0) << 128 | 0x0f0f)
        #expect(~UInt256.zero == .max && ~Self.two255 == Self.two255 - 1)
        #expect(Self.two64.byteSwapped == UInt256(1) << 184)
        #expect(UInt256(bigEndian: UInt256(1).bigEndian) == 1)
    }

    // MARK: Generic integer code

    /// RLP's integer coding, written against the protocols as the RLP module does.
    static func minimalBytes<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> [UInt8] {
        let count = (T.bitWidth - value.leadingZeroBitCount + 7) / 8
        return (0..<count).map { i in UInt8(truncatingIfNeeded: value >> (8 * (count - 1 - i))) }
    }

    static func fromBytes<T: FixedWidthInteger & UnsignedInteger>(_ bytes: [UInt8], as: T.Type) -> T? {
        guard bytes.count <= T.bitWidth / 8 else { return nil }
        return bytes.reduce(T.zero) { $0 << 8 | T($1) }
    }

    @Test func worksInGenericIntegerCode() {
        for x in [0, 1, 255, 256, Self.two64 - 1, Self.two64, Self.two255, Self.max] {
            #expect(Self.minimalBytes(x) == x.minimalBigEndianBytes)
            #expect(Self.fromBytes(x.minimalBigEndianBytes, as: UInt256.self) == x)
        }
        #expect(Self.minimalBytes(UInt256(1_024)) == Self.minimalBytes(UInt64(1_024)))
        #expect(String(Self.two64, radix: 16) == "10000000000000000")
        #expect(String(UInt256(5), radix: 2) == "101")
        #expect(UInt256("ff", radix: 16) == 255)
        #expect(UInt256(6).isMultiple(of: 3) && !UInt256(7).isMultiple(of: 3))
        #expect((UInt256(3)..<7).count == 4)
        #expect(Array(stride(from: UInt256(0), to: 10, by: 4)) == [0, 4, 8])
        #expect(UInt256(10).distance(to: 3) == -7 && UInt256(10).advanced(by: -3) == 7)
        #expect([Self.max, 0, Self.two64].sorted() == [0, Self.two64, Self.max])
        #expect(Set([Self.two64, Self.two64, 1]).count == 2)
        let r = UInt256.random(in: Self.two64...Self.two128)
        #expect(r >= Self.two64 && r <= Self.two128)
        #expect(UInt256(5).signum() == 1 && UInt256.zero.signum() == 0 && UInt256(5).magnitude == 5)
    }

    // MARK: Text

    @Test(arguments: [
        (UInt256(0), "0", "0x0"),
        (1, "1", "0x1"),
        (26, "26", "0x1a"),
        (two64, "18446744073709551616", "0x10000000000000000"),
        (10_000_000_000_000_000_000, "10000000000000000000", "0x8ac7230489e80000"),
        (
            max, "115792089237316195423570985008687907853269984665640564039457584007913129639935",
            "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        ),
    ])
    func text(x: UInt256, decimal: String, quantity: String) throws {
        #expect(x.description == decimal)
        #expect(x.hexQuantity == quantity)
        #expect(try UInt256(parsing: decimal) == x)
        #expect(try UInt256(parsing: quantity) == x)
        #expect(try UInt256(hexQuantity: quantity) == x)
        #expect(try UInt256(parsing: quantity.uppercased().replacingOccurrences(of: "0X", with: "0x")) == x)
        #expect(try UInt256(parsing: decimal[...]) == x)
        #expect("\(x)" == decimal)
    }

    @Test(arguments: [
        ("", PrimitivesError.emptyNumber),
        ("0x", .emptyNumber),
        ("12a", .invalidNumber("12a", offset: 2)),
        ("-1", .invalidNumber("-1", offset: 0)),
        ("1,000", .invalidNumber("1,000", offset: 1)),
        ("0xfg", .invalidNumber("0xfg", offset: 3)),
        ("🙂1", .invalidNumber("🙂1", offset: 0)),
        ("1🙂", .invalidNumber("1🙂", offset: 1)),
        (
            "115792089237316195423570985008687907853269984665640564039457584007913129639936",
            .numberOutOfRange(
                "115792089237316195423570985008687907853269984665640564039457584007913129639936", type: "UInt256")
        ),
        (
            "0x10000000000000000000000000000000000000000000000000000000000000000",
            .numberOutOfRange("0x10000000000000000000000000000000000000000000000000000000000000000", type: "UInt256")
        ),
    ])
    func parsingRejects(text: String, error: PrimitivesError) {
        #expect(throws: error) { try UInt256(parsing: text) }
        #expect(UInt256(text) == nil)
    }

    @Test(arguments: [
        ("0x01", PrimitivesError.nonCompactQuantity("0x01")),
        ("0x00", .nonCompactQuantity("0x00")),
        ("26", .missingHexPrefix),
        ("0x", .emptyNumber),
    ])
    func quantitiesAreStrict(text: String, error: PrimitivesError) {
        #expect(throws: error) { try UInt256(hexQuantity: text) }
    }

    @Test func errorsReadAsSentences() {
        #expect(
            PrimitivesError.invalidNumber("12a", offset: 2).description
                == "number: invalid character at offset 2 in \"12a\"")
        #expect(
            PrimitivesError.numberOutOfRange("1", type: "UInt256").description.hasPrefix("number: 1 does not fit"))
        #expect(
            PrimitivesError.tooManyBytes(type: "UInt256", maximum: 32, actual: 33).description
                == "UInt256: expected at most 32 bytes, got 33")
    }

    // MARK: Bytes

    @Test(
        arguments: [
            ([UInt8](), UInt256(0)),
            ([0x00], 0),
            ([0x01, 0x00], 256),
            ([UInt8](repeating: 0xff, count: 32), max),
            ([0x01] + [UInt8](repeating: 0, count: 8), two64),
            ([UInt8](repeating: 0, count: 32), 0),
        ] as [([UInt8], UInt256)])
    func bytes(bytes: [UInt8], x: UInt256) throws {
        #expect(try UInt256(bigEndianBytes: bytes) == x)
        #expect(try UInt256(bigEndianBytes: bytes[...]) == x)
        #expect(try UInt256(bigEndianBytes: bytes.reversed().reversed()) == x)
        #expect(x.bigEndianBytes == [UInt8](repeating: 0, count: 32 - bytes.count) + bytes)
        #expect(x.minimalBigEndianBytes == Array(bytes.drop { $0 == 0 }))
    }

    @Test func tooManyBytesIsAnError() {
        #expect(throws: PrimitivesError.tooManyBytes(type: "UInt256", maximum: 32, actual: 33)) {
            try UInt256(bigEndianBytes: [UInt8](repeating: 0, count: 33))
        }
    }

    @Test func writesIntoAnUnalignedBuffer() {
        var storage = [UInt8](repeating: 0xee, count: 40)
        let x = UInt256(words: (0x0102_0304_0506_0708, 0, 0, 0xa1a2_a3a4_a5a6_a7a8))
        storage.withUnsafeMutableBytes { buffer in
            x.write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[3...]))
        }
        #expect(Array(storage[0..<3]) == [0xee, 0xee, 0xee])
        #expect(Array(storage[3..<35]) == x.bigEndianBytes)
        #expect(Array(storage[35...]) == [UInt8](repeating: 0xee, count: 5))
        #expect(storage[3] == 0xa1 && storage[34] == 0x08)
    }

    // MARK: Codable

    @Test func encodesAsQuantity() throws {
        let data = try JSONEncoder().encode([UInt256(26), 0, Self.max])
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"["0x1a","0x0","0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"]"#)
    }

    @Test(arguments: [
        (#""0x1a""#, UInt256(26)),
        (#""0X1A""#, 26),
        (#""26""#, 26),
        ("26", 26),
        ("18446744073709551615", 18_446_744_073_709_551_615),
        (#""0x0""#, 0),
        (#""115792089237316195423570985008687907853269984665640564039457584007913129639935""#, max),
    ])
    func decodes(json: String, x: UInt256) throws {
        #expect(try JSONDecoder().decode(UInt256.self, from: Data(json.utf8)) == x)
    }

    @Test(arguments: [
        (#""0x01""#, PrimitivesError.nonCompactQuantity("0x01") as PrimitivesError?),
        (#""0x""#, .emptyNumber),
        (#""-1""#, .invalidNumber("-1", offset: 0)),
        (#""1e3""#, .invalidNumber("1e3", offset: 1)),
        ("-1", nil),
        ("1.5", nil),
        ("true", nil),
        ("18446744073709551616", nil),
    ])
    func decodingRejects(json: String, underlying: PrimitivesError?) {
        do {
            _ = try JSONDecoder().decode(UInt256.self, from: Data(json.utf8))
            Issue.record("\(json) decoded")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.underlyingError as? PrimitivesError == underlying)
            #expect(context.debugDescription == underlying?.description)
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(underlying == nil)
            #expect(context.debugDescription.hasPrefix("number: expected a quantity string"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // MARK: Traps

    @Test func overflowAndDivisionByZeroStopTheProgram() async {
        await #expect(processExitsWith: .failure) { _ = UInt256.max + 1 }
        await #expect(processExitsWith: .failure) { _ = UInt256.zero - 1 }
        await #expect(processExitsWith: .failure) { _ = UInt256.max * 2 }
        await #expect(processExitsWith: .failure) { _ = UInt256.one / UInt256.zero }
        await #expect(processExitsWith: .failure) { _ = UInt256(-1 as Int) }
        await #expect(processExitsWith: .failure) { _ = UInt256(10).dividingFullWidth((10, 0)) }
    }
}
