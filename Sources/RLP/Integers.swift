// Unsigned integers: big-endian bytes without leading zeros, as a byte string; zero is the empty string (0x80).
// Signed integers have no RLP encoding and do not conform.

extension RLPEncodable where Self: FixedWidthInteger & UnsignedInteger {
    /// The size of the integer's encoding: 1 below 0x80, else a header and the bytes without leading zeros.
    @inlinable public var encodedLength: Int { RLPEncoder.encodedLength(ofInteger: self) }

    /// Writes the integer's big-endian bytes without leading zeros (zero is `0x80`).
    @inlinable public func encode(to encoder: inout RLPEncoder) { encoder.writeInteger(self) }
}

extension RLPDecodable where Self: FixedWidthInteger & UnsignedInteger {
    /// Reads an integer, refusing leading zero bytes and values too large for `Self`.
    ///
    /// - Throws: what ``RLPDecoder/readInteger(_:)`` throws.
    @inlinable public init(from decoder: inout RLPDecoder) throws(RLPError) { self = try decoder.readInteger() }
}

// Any other unsigned fixed-width integer (`UInt256` of EthPrimitives, say) conforms with an empty extension:
// `extension UInt256: RLPEncodable, RLPDecodable {}`.

extension UInt16: RLPEncodable, RLPDecodable {}
extension UInt32: RLPEncodable, RLPDecodable {}
extension UInt64: RLPEncodable, RLPDecodable {}
extension UInt: RLPEncodable, RLPDecodable {}

@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension UInt128: RLPEncodable, RLPDecodable {}

/// `UInt8` is an integer (`0x80` for 0, `0x05` for 5, `0x81 0x80` for 128), but an array of `UInt8` is a byte
/// string, as go-ethereum treats `[]byte`: `[0x05]` encodes as `0x05`, not as the list `0xc1 0x05`.
extension UInt8: RLPEncodable, RLPDecodable {
    /// A byte array is a byte string.
    @inlinable
    public static func encodedLength(ofArray elements: ArraySlice<UInt8>) -> Int {
        RLPEncoder.encodedLength(ofBytes: elements)
    }

    /// Writes a byte array as a byte string.
    @inlinable
    public static func encode(array elements: ArraySlice<UInt8>, to encoder: inout RLPEncoder) {
        encoder.writeBytes(elements)
    }

    /// Reads a byte string into a new array.
    ///
    /// - Throws: what ``RLPDecoder/readBytes()`` throws.
    @inlinable
    public static func decodeArray(from decoder: inout RLPDecoder) throws(RLPError) -> [UInt8] {
        Array(try decoder.readBytes())
    }

    /// Reads a byte string as a view of the input (no copy).
    ///
    /// - Throws: what ``RLPDecoder/readBytes()`` throws.
    @inlinable
    public static func decodeArraySlice(from decoder: inout RLPDecoder) throws(RLPError) -> ArraySlice<UInt8> {
        try decoder.readBytes()
    }
}

/// A boolean is the integer 0 or 1: `false` is `0x80`, `true` is `0x01` (as go-ethereum and alloy-rlp write it).
extension Bool: RLPEncodable, RLPDecodable {
    /// Always 1.
    @inlinable public var encodedLength: Int { 1 }

    /// Writes `0x01` for true, `0x80` for false.
    @inlinable public func encode(to encoder: inout RLPEncoder) { encoder.writeInteger(self ? 1 as UInt8 : 0) }

    /// Reads `0x80` as false and `0x01` as true.
    ///
    /// - Throws: ``RLPError/invalidBool(offset:)`` for any other byte string, or what ``RLPDecoder/readBytes()``
    ///   throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        let itemOffset = decoder.offset
        let bytes = try decoder.readBytes()
        switch (bytes.count, bytes.first) {
        case (0, _): self = false
        case (1, 1): self = true
        default: throw .invalidBool(offset: itemOffset)
        }
    }
}
