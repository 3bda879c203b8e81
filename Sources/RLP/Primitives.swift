public import EthPrimitives

// The EVM's own types, as Ethereum's structures write them in RLP: a `UInt256` is an integer (big-endian bytes
// without leading zeros), an `Address` a 20-byte string and a `Hash` a 32-byte string. Declared here, beside the
// protocols, so every module that imports RLP gets them and none has to add them retroactively.

extension UInt256: RLPEncodable, RLPDecodable {
    /// The size of the integer's encoding: 1 below 0x80, else a header and the bytes without leading zeros.
    @inlinable public var encodedLength: Int { RLPEncoder.encodedLength(ofInteger: self) }

    /// Writes the big-endian bytes without leading zeros (zero is `0x80`), from a 32-byte scratch buffer on the
    /// stack rather than shifting the 256-bit value byte by byte.
    @inlinable
    public func encode(to encoder: inout RLPEncoder) {
        if self < 0x80 {
            encoder.writeInteger(UInt8(truncatingIfNeeded: self))
            return
        }
        let skipped = leadingZeroBitCount >> 3
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            write(bigEndianTo: buffer)
            encoder.writeBytes(UnsafeRawBufferPointer(rebasing: buffer[skipped...]))
        }
    }

    /// Reads an integer of at most 32 bytes without leading zeros.
    ///
    /// - Throws: ``RLPError/leadingZeroInInteger(offset:)``, ``RLPError/integerOverflow(type:byteCount:offset:)``
    ///   for more than 32 bytes, or what ``RLPDecoder/readBytes()`` throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        let itemOffset = decoder.offset
        let bytes = try decoder.readBytes()
        guard let first = bytes.first else {
            self = 0
            return
        }
        guard first != 0 else { throw .leadingZeroInInteger(offset: itemOffset) }
        guard bytes.count <= 32 else {
            throw .integerOverflow(type: "UInt256", byteCount: bytes.count, offset: itemOffset)
        }
        self = try! UInt256(bigEndianBytes: bytes)  // at most 32 bytes: cannot throw
    }
}

extension Address: RLPEncodable, RLPDecodable {
    /// Always 21: a one-byte header and the 20 bytes.
    @inlinable public var encodedLength: Int { 21 }

    /// Writes the 20 bytes as a byte string.
    @inlinable
    public func encode(to encoder: inout RLPEncoder) {
        withUnsafeBytes { encoder.writeBytes($0) }
    }

    /// Reads a byte string of exactly 20 bytes.
    ///
    /// - Throws: ``RLPError/wrongByteCount(expected:got:offset:)`` for another length, or what
    ///   ``RLPDecoder/readBytes()`` throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        let bytes = try decoder.readBytes(count: 20)
        self = try! Address(bytes)  // exactly 20 bytes: cannot throw
    }
}

extension Hash: RLPEncodable, RLPDecodable {
    /// Always 33: a one-byte header and the 32 bytes.
    @inlinable public var encodedLength: Int { 33 }

    /// Writes the 32 bytes as a byte string.
    @inlinable
    public func encode(to encoder: inout RLPEncoder) {
        withUnsafeBytes { encoder.writeBytes($0) }
    }

    /// Reads a byte string of exactly 32 bytes.
    ///
    /// - Throws: ``RLPError/wrongByteCount(expected:got:offset:)`` for another length, or what
    ///   ``RLPDecoder/readBytes()`` throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        let bytes = try decoder.readBytes(count: 32)
        self = try! Hash(bytes)  // exactly 32 bytes: cannot throw
    }
}
