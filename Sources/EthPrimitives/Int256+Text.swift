// Int256 as text (decimal and hex with a leading `-`), as big-endian two's-complement bytes, and in Codable.

// MARK: - Text

extension Int256: CustomStringConvertible {
    /// The value in decimal, with `-` in front when negative: `"-1"`, `"0"`, `"42"`.
    public var description: String {
        if !isNegative { return bits.description }
        return String(unsafeUninitializedCapacity: 79) { buffer in
            buffer[0] = UInt8(ascii: "-")
            return magnitude.writeDecimal(into: buffer, at: 1)
        }
    }

    /// The value as a compact hex quantity, with `-` in front when negative (`"0x1a"`, `"-0x1a"`, `"0x0"`), the
    /// way go-ethereum's `hexutil` writes a negative big integer.
    public var hexQuantity: String {
        let negative = isNegative
        let digits = Swift.max(1, (256 - magnitude.leadingZeroBitCount + 3) / 4)
        return String(unsafeUninitializedCapacity: digits + 3) { buffer in
            guard negative else { return magnitude.writeHex(into: buffer, at: 0, digits: digits) }
            buffer[0] = UInt8(ascii: "-")
            return magnitude.writeHex(into: buffer, at: 1, digits: digits)
        }
    }

    /// Parses an optional `-`, then decimal digits or `0x`/`0X` and hex digits (`"-42"`, `"-0x2a"`, `"0x2A"`).
    ///
    /// - Throws: ``PrimitivesError/emptyNumber`` when no digits follow, ``PrimitivesError/invalidNumber(_:offset:)``
    ///   with the character offset of the first unexpected character (a `+` or a space included), and
    ///   ``PrimitivesError/numberOutOfRange(_:type:)`` outside −2^255 ... 2^255 − 1.
    @inlinable
    public init(parsing text: some StringProtocol) throws(PrimitivesError) {
        let parsed = try UInt256.parse(text, allowSign: true, type: "Int256")
        let limit = Int256.min.magnitude  // 2^255: reachable only with a minus sign
        guard parsed.magnitude < limit || (parsed.isNegative && parsed.magnitude == limit) else {
            throw .numberOutOfRange(String(text), type: "Int256")
        }
        bits = parsed.isNegative ? UInt256.zero &- parsed.magnitude : parsed.magnitude
    }

    /// Parses a hex quantity strictly: an optional `-`, `0x`, and hex digits without leading zeros (`"-0x1a"`).
    ///
    /// - Throws: ``PrimitivesError/missingHexPrefix`` without `0x`, ``PrimitivesError/nonCompactQuantity(_:)``
    ///   for leading zeros, and the errors of ``init(parsing:)``.
    @inlinable
    public init(hexQuantity text: some StringProtocol) throws(PrimitivesError) {
        try UInt256.requireCompactQuantity(text, allowSign: true)
        try self.init(parsing: text)
    }

    /// Parses text as ``init(parsing:)`` does, or returns nil (`LosslessStringConvertible`).
    @inlinable
    public init?(_ description: String) {
        guard let value = try? Int256(parsing: description) else { return nil }
        self = value
    }
}

// MARK: - Bytes

extension Int256 {
    /// The value of up to 32 big-endian two's-complement bytes, sign-extended: `[0xff]` is −1, `[0x00, 0xff]` is
    /// 255, `[]` is 0. This reads back ``minimalBigEndianBytes`` and ``bigEndianBytes``.
    ///
    /// - Throws: ``PrimitivesError/tooManyBytes(type:maximum:actual:)`` for more than 32 bytes.
    @inlinable
    public init(bigEndianBytes bytes: some Collection<UInt8>) throws(PrimitivesError) {
        let count = bytes.count
        guard count <= 32 else { throw .tooManyBytes(type: "Int256", maximum: 32, actual: count) }
        let fill: UInt8 = (bytes.first ?? 0) & 0x80 != 0 ? 0xff : 0
        bits = UInt256(uncheckedBigEndianBytes: bytes, count: count, fill: fill)
    }

    /// The 32-byte big-endian two's-complement form (the ABI's `int256` word).
    @inlinable
    public var bigEndianBytes: [UInt8] { bits.bigEndianBytes }

    /// Writes the 32-byte big-endian two's-complement form to the first 32 bytes of `buffer`, without allocating.
    ///
    /// - Parameter buffer: at least 32 bytes (the program stops otherwise); it need not be aligned.
    @inlinable
    public func write(bigEndianTo buffer: UnsafeMutableRawBufferPointer) { bits.write(bigEndianTo: buffer) }

    /// The shortest big-endian two's-complement bytes that ``init(bigEndianBytes:)`` reads back: empty for 0,
    /// `[0x7f]` for 127, `[0x00, 0x80]` for 128, `[0xff]` for −1, `[0x80]` for −128.
    @inlinable
    public var minimalBigEndianBytes: [UInt8] {
        if bits.isZero { return [] }
        // Significant bits plus one sign bit.
        let significant = 256 - (isNegative ? ~bits : bits).leadingZeroBitCount
        return bits.bigEndianBytes(count: (significant + 8) >> 3)
    }
}

// MARK: - Codable

extension Int256: Codable {
    /// Encodes the value as a hex quantity string with `-` when negative (``hexQuantity``: `"-0x1a"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexQuantity)
    }

    /// Decodes a hex quantity (`"0x1a"`, `"-0x1a"`; compact, as for ``UInt256``), a decimal string (`"-26"`), or an
    /// integer in `Int64.min ... UInt64.max` (send larger values as strings).
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose underlying error is the ``PrimitivesError`` found, or
    ///   `DecodingError.typeMismatch` for anything that is neither a string nor an integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = try decodeNumber(text, in: container) { text throws(PrimitivesError) in
                UInt256.hasHexPrefix(text, allowSign: true)
                    ? try Int256(hexQuantity: text) : try Int256(parsing: text)
            }
        } else if let integer = try? container.decode(Int64.self) {
            self = Int256(integer)
        } else if let integer = try? container.decode(UInt64.self) {
            self = Int256(integer)
        } else {
            throw DecodingError.typeMismatch(
                Int256.self,
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "number: expected a quantity string (\"-0x1a\"), a decimal string or an integer"
                ))
        }
    }
}
