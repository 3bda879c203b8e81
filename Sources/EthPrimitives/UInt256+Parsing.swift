// Text input of UInt256 (and, through the shared scanner here, Int256): decimal digits or `0x` hex digits,
// parsed exactly. Out-of-range input is an error, never wrapped; errors name the offending character's offset.

extension UInt256 {
    /// Parses decimal digits (`"1000000000000000000"`) or `0x`/`0X` followed by hex digits in either case
    /// (`"0xDE0B6B3A7640000"`). Leading zeros are accepted; signs, spaces and separators are not.
    ///
    /// - Throws: ``PrimitivesError/emptyNumber`` for `""` or a bare `"0x"`,
    ///   ``PrimitivesError/invalidNumber(_:offset:)`` with the character offset of the first character that is
    ///   not a digit of the number's base, ``PrimitivesError/numberOutOfRange(_:type:)`` for 2^256 or more.
    @inlinable
    public init(parsing text: some StringProtocol) throws(PrimitivesError) {
        self = try Self.parse(text, allowSign: false, type: "UInt256").magnitude
    }

    /// Parses decimal or `0x` hex text as ``init(parsing:)`` does, or returns nil.
    ///
    /// This is `LosslessStringConvertible`'s initializer, so it accepts ``description``'s output, and it also makes
    /// big constants easy to write: `UInt256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!`.
    /// `init?(_:radix:)` remains the standard library's plain-digits parser.
    @inlinable
    public init?(_ description: String) {
        guard let value = try? UInt256(parsing: description) else { return nil }
        self = value
    }

    /// Parses a JSON-RPC quantity strictly: `0x` followed by hex digits without leading zeros (`"0x0"`, `"0x1a"`).
    ///
    /// - Throws: ``PrimitivesError/missingHexPrefix`` without `0x`, ``PrimitivesError/emptyNumber`` for `"0x"`,
    ///   ``PrimitivesError/nonCompactQuantity(_:)`` for leading zeros (`"0x01"`), and the errors of
    ///   ``init(parsing:)`` for bad digits or a value of 2^256 or more.
    @inlinable
    public init(hexQuantity text: some StringProtocol) throws(PrimitivesError) {
        try Self.requireCompactQuantity(text, allowSign: false)
        self = try Self.parse(text, allowSign: false, type: "UInt256").magnitude
    }
}

// MARK: - The scanner shared with Int256

extension UInt256 {
    /// Checks the form of a JSON-RPC quantity: an optional `-` (when `allowSign`), `0x`, and no leading zero digit
    /// unless it is the only one. The digits themselves are left to ``parse(_:allowSign:type:)``.
    @inlinable
    internal static func requireCompactQuantity(_ text: some StringProtocol, allowSign: Bool) throws(PrimitivesError) {
        var utf8 = text.utf8[...]
        if allowSign && utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        guard utf8.first == UInt8(ascii: "0"), let x = utf8.dropFirst().first, x | 0x20 == UInt8(ascii: "x") else {
            throw .missingHexPrefix
        }
        let digits = utf8.dropFirst(2)
        if digits.first == UInt8(ascii: "0") && digits.count > 1 { throw .nonCompactQuantity(String(text)) }
    }

    /// Whether `text`, after an optional `-` when `allowSign`, starts with `0x` or `0X`.
    @usableFromInline
    internal static func hasHexPrefix(_ text: some StringProtocol, allowSign: Bool) -> Bool {
        var utf8 = text.utf8[...]
        if allowSign && utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        guard utf8.first == UInt8(ascii: "0"), let x = utf8.dropFirst().first else { return false }
        return x | 0x20 == UInt8(ascii: "x")
    }

    /// The result of scanning a number: its magnitude and whether a `-` came first.
    @usableFromInline
    internal struct ParsedNumber {
        @usableFromInline var magnitude: UInt256
        @usableFromInline var isNegative: Bool

        @inlinable init(magnitude: UInt256, isNegative: Bool) {
            self.magnitude = magnitude
            self.isNegative = isNegative
        }
    }

    /// Scans `text` as an optional `-` (when `allowSign`), then decimal digits or `0x` and hex digits.
    ///
    /// - Parameter type: the type named in ``PrimitivesError/numberOutOfRange(_:type:)`` when the magnitude
    ///   reaches 2^256 (narrower ranges are the caller's to check).
    @inlinable
    internal static func parse(_ text: some StringProtocol, allowSign: Bool, type: String)
        throws(PrimitivesError) -> ParsedNumber
    {
        let scanned =
            text.utf8.withContiguousStorageIfAvailable { scan($0, allowSign: allowSign) }
            ?? Array(text.utf8).withUnsafeBufferPointer { scan($0, allowSign: allowSign) }
        switch scanned {
        case .number(let magnitude, let isNegative): return ParsedNumber(magnitude: magnitude, isNegative: isNegative)
        case .empty: throw .emptyNumber
        case .invalidByte(let index): throw invalidNumber(String(text), utf8Offset: index)
        case .tooLarge: throw .numberOutOfRange(String(text), type: type)
        }
    }

    /// ``PrimitivesError/invalidNumber(_:offset:)`` for the character that starts at `utf8Offset` in `text`.
    @usableFromInline
    internal static func invalidNumber(_ text: String, utf8Offset: Int) -> PrimitivesError {
        let utf8 = Array(text.utf8)
        let offset = String(decoding: utf8[..<utf8Offset], as: UTF8.self).count
        return .invalidNumber(text, offset: offset)
    }

    /// What ``scan(_:allowSign:)`` found.
    @usableFromInline
    internal enum ScanResult {
        case number(UInt256, isNegative: Bool)
        case empty
        /// A byte that is not a digit of the number's base, at this UTF-8 offset.
        case invalidByte(Int)
        case tooLarge
    }

    /// Scans UTF-8 bytes; reports a bad character before an out-of-range value.
    @usableFromInline
    internal static func scan(_ bytes: UnsafeBufferPointer<UInt8>, allowSign: Bool) -> ScanResult {
        var i = 0
        let end = bytes.count
        var isNegative = false
        if allowSign && i < end && bytes[i] == UInt8(ascii: "-") {
            isNegative = true
            i += 1
        }
        if end - i >= 2 && bytes[i] == UInt8(ascii: "0") && bytes[i + 1] | 0x20 == UInt8(ascii: "x") {
            return scanHex(bytes, from: i + 2, isNegative: isNegative)
        }
        return scanDecimal(bytes, from: i, isNegative: isNegative)
    }

    internal static func scanDecimal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isNegative: Bool)
        -> ScanResult
    {
        guard start < bytes.count else { return .empty }
        var value = UInt256.zero
        var tooLarge = false
        var chunk: UInt64 = 0
        var chunkDigits = 0
        for i in start..<bytes.count {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return .invalidByte(i) }
            chunk = chunk &* 10 &+ UInt64(digit)
            chunkDigits += 1
            if chunkDigits == 19 {
                if !tooLarge { tooLarge = !value.multiplyAdd(decimalChunk, chunk) }
                chunk = 0
                chunkDigits = 0
            }
        }
        if chunkDigits > 0 && !tooLarge {
            var scale: UInt64 = 1
            for _ in 0..<chunkDigits { scale &*= 10 }
            tooLarge = !value.multiplyAdd(scale, chunk)
        }
        return tooLarge ? .tooLarge : .number(value, isNegative: isNegative)
    }

    internal static func scanHex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isNegative: Bool)
        -> ScanResult
    {
        guard start < bytes.count else { return .empty }
        // One pass from the least significant digit, sixteen digits per limb; digits beyond the 64th must be
        // zeros. Validity is accumulated without branching and the offending character found only on failure.
        var value = UInt256.zero
        var accumulator: UInt64 = 0
        var invalid: UInt8 = 0
        var excess: UInt8 = 0
        var position = 0
        var i = bytes.count
        while i > start {
            i -= 1
            let (digit, valid) = hexDigit(bytes[i])
            invalid |= valid ^ 1
            if position < 64 {
                accumulator |= UInt64(digit) &<< UInt64((position & 15) << 2)
                if position & 15 == 15 {
                    value.setLimb(position >> 4, accumulator)
                    accumulator = 0
                }
            } else {
                excess |= digit
            }
            position += 1
        }
        if invalid != 0 {
            var j = start
            while Hex.digitValue(bytes[j]) != nil { j += 1 }
            return .invalidByte(j)
        }
        if excess != 0 { return .tooLarge }
        if position < 64 && position & 15 != 0 { value.setLimb(position >> 4, accumulator) }
        return .number(value, isNegative: isNegative)
    }

    /// The value of an ASCII hex digit and 1, or garbage and 0 for any other byte; branch-free.
    @inline(__always)
    internal static func hexDigit(_ c: UInt8) -> (digit: UInt8, valid: UInt8) {
        let decimal = c &- UInt8(ascii: "0")
        let letter = (c | 0x20) &- UInt8(ascii: "a")
        let isDecimal = decimal < 10
        let isLetter = letter < 6
        return (isDecimal ? decimal : letter &+ 10, (isDecimal ? 1 : 0) | (isLetter ? 1 : 0))
    }

    /// Replaces the limb at `index` (0...3).
    @inline(__always)
    internal mutating func setLimb(_ index: Int, _ limb: UInt64) {
        switch index {
        case 0: w0 = limb
        case 1: w1 = limb
        case 2: w2 = limb
        default: w3 = limb
        }
    }

    /// `self = self · scale + addend`, returning false (and leaving `self` unspecified) on overflow past 2^256.
    @inlinable
    internal mutating func multiplyAdd(_ scale: UInt64, _ addend: UInt64) -> Bool {
        let (high, low) = multipliedFullWidth(by: scale)
        let (sum, carry) = low.addingReportingOverflow(UInt256(addend, 0, 0, 0))
        self = sum
        return high == 0 && !carry
    }
}
