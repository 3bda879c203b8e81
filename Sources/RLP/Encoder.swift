/// Writes RLP into a buffer sized in advance: a value's ``RLPEncodable/encodedLength`` is computed first, the
/// output is allocated once at that size, and every item is then written in place, so nested lists need no
/// intermediate arrays.
///
/// Start with ``encode(_:)`` or ``encode(_:appendingTo:)``; the encoder itself is what ``RLPEncodable/encode(to:)``
/// receives. It is valid only during that call: do not store it.
///
/// Every write is bounds-checked, so a conformance whose `encodedLength` disagrees with what its `encode(to:)`
/// writes stops the program with a message naming the type instead of corrupting memory.
public struct RLPEncoder {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let capacity: Int
    @usableFromInline var position: Int

    @inlinable init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        // An empty buffer may have no base address. Nothing is ever written through this placeholder: `reserve`
        // refuses any write past `capacity`, which is 0 then.
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 0x1)!
        capacity = buffer.count
        position = 0
    }

    /// The number of bytes written so far.
    @inlinable public var count: Int { position }

    // MARK: Entry points

    /// The RLP encoding of `value`, in one allocation of exactly `value.encodedLength` bytes.
    @inlinable
    public static func encode<Value: RLPEncodable>(_ value: Value) -> [UInt8] {
        let length = value.encodedLength
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            var encoder = RLPEncoder(buffer)
            value.encode(to: &encoder)
            encoder.checkFilled(by: Value.self)
            initialized = length
        }
    }

    /// Appends the RLP encoding of `value` to `output` (growing it once).
    @inlinable
    public static func encode<Value: RLPEncodable>(_ value: Value, appendingTo output: inout [UInt8]) {
        let length = value.encodedLength
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: length))
        output.withUnsafeMutableBufferPointer { all in
            var encoder = RLPEncoder(UnsafeMutableBufferPointer(rebasing: all[start..<start + length]))
            value.encode(to: &encoder)
            encoder.checkFilled(by: Value.self)
        }
    }

    @inlinable
    func checkFilled<Value>(by type: Value.Type) {
        precondition(
            position == capacity,
            "RLP: \(Value.self).encodedLength was \(capacity) but encode(to:) wrote \(position) bytes")
    }

    // MARK: Lengths (never allocate)

    /// The number of bytes of the big-endian form of `length` without leading zeros (0 for 0).
    @inlinable
    public static func byteCount(of length: Int) -> Int {
        (Int.bitWidth - length.leadingZeroBitCount + 7) / 8
    }

    /// The size of the header of a byte string or list whose payload is `payloadLength` bytes (1, or 1 plus the
    /// bytes of the length when the payload has 56 bytes or more).
    @inlinable
    public static func headerLength(payloadLength: Int) -> Int {
        payloadLength < 56 ? 1 : 1 + byteCount(of: payloadLength)
    }

    /// The encoded size of a list whose items take `payloadLength` bytes together.
    @inlinable
    public static func encodedLength(listPayloadLength payloadLength: Int) -> Int {
        headerLength(payloadLength: payloadLength) + payloadLength
    }

    /// The encoded size of the byte string `bytes` (a single byte below 0x80 is its own encoding).
    @inlinable
    public static func encodedLength(ofBytes bytes: some Collection<UInt8>) -> Int {
        let count = bytes.count
        if count == 1, bytes.first! < 0x80 { return 1 }
        return headerLength(payloadLength: count) + count
    }

    /// The encoded size of the unsigned integer `value` (its big-endian bytes without leading zeros).
    @inlinable
    public static func encodedLength<T: FixedWidthInteger & UnsignedInteger>(ofInteger value: T) -> Int {
        if value < 0x80 { return 1 }
        let count = (T.bitWidth - value.leadingZeroBitCount + 7) / 8
        return headerLength(payloadLength: count) + count
    }

    // MARK: Writing

    @inlinable
    mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(n <= capacity &- position, "RLP: a value wrote more bytes than its encodedLength")
        let start = base + position
        position &+= n
        return start
    }

    @inlinable
    mutating func writeHeader(offset: UInt8, payloadLength: Int) {
        if payloadLength < 56 {
            reserve(1).pointee = offset &+ UInt8(truncatingIfNeeded: payloadLength)
        } else {
            let n = Self.byteCount(of: payloadLength)
            let p = reserve(1 + n)
            p[0] = offset &+ 55 &+ UInt8(truncatingIfNeeded: n)
            for i in 0..<n {
                p[1 + i] = UInt8(truncatingIfNeeded: payloadLength >> (8 * (n - 1 - i)))
            }
        }
    }

    @inlinable
    mutating func copy(_ bytes: some Collection<UInt8>, count: Int) {
        let destination = reserve(count)
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            guard let from = source.baseAddress else { return }
            destination.update(from: from, count: count)
        }
        if copied == nil {
            var i = 0
            for byte in bytes {
                destination[i] = byte
                i += 1
            }
        }
    }

    /// Writes the header of a list whose items, written next, take `payloadLength` bytes together.
    @inlinable
    public mutating func writeListHeader(payloadLength: Int) {
        precondition(payloadLength >= 0, "RLP: negative list payload length")
        writeHeader(offset: 0xc0, payloadLength: payloadLength)
    }

    /// Writes `bytes` as an RLP byte string (header and payload).
    @inlinable
    public mutating func writeBytes(_ bytes: some Collection<UInt8>) {
        let count = bytes.count
        if count == 1, let only = bytes.first, only < 0x80 {
            reserve(1).pointee = only
            return
        }
        writeHeader(offset: 0x80, payloadLength: count)
        copy(bytes, count: count)
    }

    /// Writes an unsigned integer: its big-endian bytes without leading zeros, as a byte string (zero is `0x80`).
    @inlinable
    public mutating func writeInteger<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        if value < 0x80 {
            reserve(1).pointee = value == 0 ? 0x80 : UInt8(truncatingIfNeeded: value)
            return
        }
        let count = (T.bitWidth - value.leadingZeroBitCount + 7) / 8
        writeHeader(offset: 0x80, payloadLength: count)
        let p = reserve(count)
        var v = value
        var i = count
        while i > 0 {
            i -= 1
            p[i] = UInt8(truncatingIfNeeded: v)
            v >>= 8
        }
    }

    /// Writes bytes that are already RLP (one or more whole items), unchanged.
    @inlinable
    public mutating func writeRaw(_ encoded: some Collection<UInt8>) {
        copy(encoded, count: encoded.count)
    }

    /// Writes any encodable value (the same as `value.encode(to: &self)`).
    @inlinable
    public mutating func write<Value: RLPEncodable>(_ value: Value) {
        value.encode(to: &self)
    }
}
