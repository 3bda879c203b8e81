// UInt256 as big-endian bytes: the 32-byte EVM word (ABI, storage, hashes) and the minimal form (RLP).

extension UInt256 {
    /// The value of up to 32 big-endian bytes; fewer are left-padded with zeros (`[0x01, 0x00]` is 256, `[]` is 0).
    ///
    /// - Throws: ``PrimitivesError/tooManyBytes(type:maximum:actual:)`` for more than 32 bytes, even when the extra
    ///   leading bytes are zeros.
    @inlinable
    public init(bigEndianBytes bytes: some Collection<UInt8>) throws(PrimitivesError) {
        let count = bytes.count
        guard count <= 32 else { throw .tooManyBytes(type: "UInt256", maximum: 32, actual: count) }
        self.init(uncheckedBigEndianBytes: bytes, count: count, fill: 0)
    }

    /// Reads at most 32 big-endian bytes, the missing leading ones being `fill` (0x00, or 0xff to sign-extend).
    @inlinable
    internal init(uncheckedBigEndianBytes bytes: some Collection<UInt8>, count: Int, fill: UInt8) {
        var value = UInt256(0, 0, 0, 0)
        // The byte at big-endian position p (0...31) belongs to limb 3 − p/8; a limb is complete after p % 8 == 7.
        var position = 32 - count
        let fillLimb: UInt64 = fill == 0 ? 0 : .max
        // Whole leading limbs that are all fill; the fill bytes of a partial limb start in the accumulator (in a
        // whole limb, its eight shifts push them out).
        for _ in 0..<(position >> 3) { value = value.pushingLimb(fillLimb) }
        var accumulator = fillLimb
        for byte in bytes {
            accumulator = accumulator &<< 8 | UInt64(byte)
            if position & 7 == 7 {
                value = value.pushingLimb(accumulator)
                accumulator = 0
            }
            position += 1
        }
        self = value
    }

    /// The 32-byte big-endian form, leading zeros included (the ABI's and the EVM's word).
    @inlinable
    public var bigEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            write(bigEndianTo: UnsafeMutableRawBufferPointer(buffer))
            count = 32
        }
    }

    /// Writes the 32-byte big-endian form to the first 32 bytes of `buffer`, without allocating.
    ///
    /// - Parameter buffer: at least 32 bytes (the program stops otherwise); it need not be aligned.
    @inlinable
    public func write(bigEndianTo buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 32, "UInt256.write(bigEndianTo:) needs 32 bytes, got \(buffer.count)")
        buffer.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
        buffer.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        buffer.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        buffer.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// The big-endian bytes without leading zeros: empty for zero, `[0x04, 0x00]` for 1024 (RLP's integer form).
    @inlinable
    public var minimalBigEndianBytes: [UInt8] {
        bigEndianBytes(count: (256 - leadingZeroBitCount + 7) >> 3)
    }

    /// The low `count` bytes (0...32), big-endian.
    @inlinable
    internal func bigEndianBytes(count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let position = count - 1 - i  // byte index from the least significant end
                buffer[i] = UInt8(truncatingIfNeeded: limb(position >> 3) &>> UInt64((position & 7) << 3))
            }
            initialized = count
        }
    }
}
