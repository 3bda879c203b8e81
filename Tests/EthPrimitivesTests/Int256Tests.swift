import EthPrimitives
import Foundation
import Testing

@Suite struct Int256Tests {
    static let min = Int256.min
    static let max = Int256.max
    static let two128: Int256 = 0x1_0000_0000_0000_0000_0000_0000_0000_0000

    @Test func literalsAndBitPatterns() {
        let min: Int256 =
            -57_896_044_618_658_097_711_785_492_504_343_953_926_634_992_332_820_282_019_728_792_003_956_564_819_968
        #expect(min == .min)
        #expect(Int256.max == 0x7fff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff)
        #expect(UInt256(bitPattern: Int256(-1)) == .max)
        #expect(Int256(bitPattern: UInt256.max) == -1)
        #expect(Int256(bitPattern: UInt256(bitPattern: Self.min)) == Self.min)
        #expect(Int256.isSigned && Int256.bitWidth == 256)
        #expect((-5 as Int256).isNegative && !(5 as Int256).isNegative && Int256.zero.isZero)
    }

    @Test(
        arguments: [
            (Int256(7), Int256(2), Int256(3), Int256(1)),
            (-7, 2, -3, -1),
            (7, -2, -3, 1),
            (-7, -2, 3, -1),
            (
                min, 2,
                -28_948_022_309_329_048_855_892_746_252_171_976_963_317_496_166_410_141_009_864_396_001_978_282_409_984,
                0
            ),
            (min, max, -1, -1),
            (max, min, 0, max),
            (min, min, 1, 0),
            (-1, max, 0, -1),
            (min, 1, min, 0),
            (
                -10_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000, 3,
                -3_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333_333, -1
            ),
        ] as [(Int256, Int256, Int256, Int256)])
    func divisionTruncatesTowardZero(a: Int256, b: Int256, quotient: Int256, remainder: Int256) {
        #expect(a.quotientAndRemainder(dividingBy: b) == (quotient, remainder))
        #expect(a / b == quotient && a % b == remainder)
        #expect(a.dividedReportingOverflow(by: b) == (quotient, false))
        #expect(a.remainderReportingOverflow(dividingBy: b) == (remainder, false))
        let (high, low) = a.multipliedFullWidth(by: 1)
        #expect(b.dividingFullWidth((high, low)) == (quotient, remainder))
    }

    @Test func overflowingDivisionIsReported() {
        #expect(Self.min.dividedReportingOverflow(by: -1) == (Self.min, true))
        #expect(Self.min.remainderReportingOverflow(dividingBy: -1) == (0, true))
        #expect(Int256(5).dividedReportingOverflow(by: 0) == (5, true))
        #expect(Int256(-5).remainderReportingOverflow(dividingBy: 0) == (-5, true))
    }

    @Test(
        arguments: [
            (max, Int256(1), min, true),
            (min, -1, max, true),
            (max, min, -1, false),
            (-1, -1, -2, false),
            (min, min, 0, true),
        ] as [(Int256, Int256, Int256, Bool)])
    func addition(a: Int256, b: Int256, sum: Int256, overflow: Bool) {
        #expect(a.addingReportingOverflow(b) == (sum, overflow))
        #expect(a &+ b == sum)
    }

    @Test(
        arguments: [
            (min, Int256(1), max, true),
            (max, -1, min, true),
            (0, min, min, true),
            (-1, max, min, false),
            (0, max, -max, false),
        ] as [(Int256, Int256, Int256, Bool)])
    func subtraction(a: Int256, b: Int256, difference: Int256, overflow: Bool) {
        #expect(a.subtractingReportingOverflow(b) == (difference, overflow))
        #expect(a &- b == difference)
    }

    @Test(
        arguments: [
            (Int256(-1), Int256(-1), Int256(1), false),
            (min, -1, min, true),
            (min, 1, min, false),
            (two128, two128, 0, true),
            (-two128, two128 >> 1, min, false),
            (two128 << 126, -2, min, false),
            (two128 << 126, 2, min, true),
            (max, max, 1, true),
        ] as [(Int256, Int256, Int256, Bool)])
    func multiplication(a: Int256, b: Int256, product: Int256, overflow: Bool) {
        #expect(a.multipliedReportingOverflow(by: b) == (product, overflow))
        #expect(a &* b == product)
        if !overflow { #expect(a * b == product) }
    }

    @Test func fullWidthSignedProducts() {
        // min · min = 2^510: high half 2^254, low half 0.
        #expect(Self.min.multipliedFullWidth(by: Self.min) == (Int256(1) << 254, 0))
        // min · max = −2^510 + 2^255: high −2^254, low 2^255.
        #expect(Self.min.multipliedFullWidth(by: Self.max) == (-(Int256(1) << 254), UInt256(1) << 255))
        // −1 · 1 = −1: all ones.
        #expect(Int256(-1).multipliedFullWidth(by: 1) == (-1, .max))
        #expect(Int256(-3).multipliedFullWidth(by: -5) == (0, 15))
        // The full-width product divides back.
        let (high, low) = Self.min.multipliedFullWidth(by: Self.max)
        #expect(Self.max.dividingFullWidth((high, low)) == (Self.min, 0))
        #expect(Self.min.dividingFullWidth((high, low)) == (Self.max, 0))
    }

    @Test func shiftsAreArithmetic() {
        #expect(Int256(-1) >> 300 == -1 && Int256(-1) >> 255 == -1 && Int256(-8) >> 1 == -4)
        #expect(Int256(-7) >> 1 == -4)  // toward negative infinity, unlike division
        #expect(Self.min >> 255 == -1 && Self.min >> 256 == -1 && Self.max >> 256 == 0 && Self.max >> 254 == 1)
        #expect(Self.min >> UInt256.max == -1)
        #expect(Int256(1) << 255 == Self.min && Int256(1) << 256 == 0 && Int256(-1) << 255 == Self.min)
        #expect(Int256(-4) << -1 == -2)
        #expect(Self.min &>> Int256(255) == -1 && Self.min &>> Int256(256) == Self.min)
        #expect(Int256(3) &<< 257 == 6)
    }

    @Test func comparesBySign() {
        let sorted: [Int256] = [Self.min, -Self.two128, -1, 0, 1, Self.two128, Self.max]
        #expect(sorted.shuffled().sorted() == sorted)
        #expect(Self.min < Self.max && Int256(-1) < 0 && !(Int256(0) < -1))
        #expect(Int256(-5).signum() == -1 && Int256(0).signum() == 0 && Int256(9).signum() == 1)
        #expect(Self.min.magnitude == UInt256(1) << 255 && Int256(-9).magnitude == 9)
        #expect(-Int256(5) == -5 && Self.max.leadingZeroBitCount == 1 && Int256(-1).nonzeroBitCount == 256)
        var x: Int256 = 5
        x.negate()
        #expect(x == -5)
    }

    @Test func conversions() {
        #expect(Int256(exactly: UInt256(1) << 255) == nil)
        #expect(Int256(exactly: (UInt256(1) << 255) - 1) == Self.max)
        #expect(Int256(exactly: Int64.min) == Int256(Int64.min))
        #expect(Int256(Int64.min).description == "-9223372036854775808")
        #expect(Int256(clamping: UInt256.max) == Self.max)
        #expect(Int256(truncatingIfNeeded: UInt256.max) == -1)
        #expect(Int64(exactly: Int256(-5)) == -5)
        #expect(Int64(exactly: -Self.two128) == nil)
        #expect(Int8(truncatingIfNeeded: Int256(-129)) == 127)
        #expect(Int256(-2.9) == -2 && Int256(exactly: -2.5) == nil)
        #expect(Int256(exactly: -0x1p255) == Self.min)
        #expect(Int256(exactly: 0x1p255) == nil)
        #expect(Double(Self.min) == -0x1p255)
        #expect(Double(Int256(-3)) == -3)
    }

    @Test(
        arguments: [
            (Int256(0), "0", "0x0", [UInt8]()),
            (-1, "-1", "-0x1", [0xff]),
            (127, "127", "0x7f", [0x7f]),
            (128, "128", "0x80", [0x00, 0x80]),
            (-128, "-128", "-0x80", [0x80]),
            (-129, "-129", "-0x81", [0xff, 0x7f]),
            (-256, "-256", "-0x100", [0xff, 0x00]),
            (
                min, "-57896044618658097711785492504343953926634992332820282019728792003956564819968",
                "-0x8000000000000000000000000000000000000000000000000000000000000000",
                [0x80] + [UInt8](repeating: 0, count: 31)
            ),
            (
                max, "57896044618658097711785492504343953926634992332820282019728792003956564819967",
                "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                [0x7f] + [UInt8](repeating: 0xff, count: 31)
            ),
        ] as [(Int256, String, String, [UInt8])])
    func textAndBytes(x: Int256, decimal: String, quantity: String, minimal: [UInt8]) throws {
        #expect(x.description == decimal)
        #expect(x.hexQuantity == quantity)
        #expect(try Int256(parsing: decimal) == x)
        #expect(try Int256(parsing: quantity) == x)
        #expect(try Int256(hexQuantity: quantity) == x)
        #expect(Int256(decimal) == x)
        #expect(x.minimalBigEndianBytes == minimal)
        #expect(try Int256(bigEndianBytes: minimal) == x)
        let fill: UInt8 = x < 0 ? 0xff : 0
        #expect(x.bigEndianBytes == [UInt8](repeating: fill, count: 32 - minimal.count) + minimal)
        #expect(try Int256(bigEndianBytes: x.bigEndianBytes) == x)
    }

    @Test(arguments: [
        ("-", PrimitivesError.emptyNumber),
        ("+5", .invalidNumber("+5", offset: 0)),
        ("--5", .invalidNumber("--5", offset: 1)),
        (
            "57896044618658097711785492504343953926634992332820282019728792003956564819968",
            .numberOutOfRange(
                "57896044618658097711785492504343953926634992332820282019728792003956564819968", type: "Int256")
        ),
        (
            "-57896044618658097711785492504343953926634992332820282019728792003956564819969",
            .numberOutOfRange(
                "-57896044618658097711785492504343953926634992332820282019728792003956564819969", type: "Int256")
        ),
        (
            "-0x10000000000000000000000000000000000000000000000000000000000000000",
            .numberOutOfRange("-0x10000000000000000000000000000000000000000000000000000000000000000", type: "Int256")
        ),
    ])
    func parsingRejects(text: String, error: PrimitivesError) {
        #expect(throws: error) { try Int256(parsing: text) }
        #expect(Int256(text) == nil)
    }

    @Test func tooManyBytesIsAnError() {
        #expect(throws: PrimitivesError.tooManyBytes(type: "Int256", maximum: 32, actual: 33)) {
            try Int256(bigEndianBytes: [UInt8](repeating: 0xff, count: 33))
        }
    }

    @Test func codable() throws {
        let data = try JSONEncoder().encode([Int256(-26), 26, 0, Self.min])
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"["-0x1a","0x1a","0x0","-0x8000000000000000000000000000000000000000000000000000000000000000"]"#)
        #expect(try JSONDecoder().decode([Int256].self, from: data) == [-26, 26, 0, Self.min])
        let mixed = #"["-26", -26, 18446744073709551615, "0x1A", "-9223372036854775809"]"#
        #expect(
            try JSONDecoder().decode([Int256].self, from: Data(mixed.utf8))
                == [-26, -26, 18_446_744_073_709_551_615, 26, -9_223_372_036_854_775_809])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Int256.self, from: Data(#""-0x01""#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Int256.self, from: Data("1.5".utf8)) }
    }

    @Test func overflowStopsTheProgram() async {
        await #expect(processExitsWith: .failure) { _ = Int256.max + 1 }
        await #expect(processExitsWith: .failure) { _ = Int256.min / -1 }
        await #expect(processExitsWith: .failure) { _ = -Int256.min }
        await #expect(processExitsWith: .failure) { _ = Int256.min * 2 }
    }
}
