import EthPrimitives

/// Writes an ABI encoding into a buffer sized in advance, word by word.
///
/// A writer exists only while an encoding is being made (``ABIEncoder`` creates it over exactly the number of bytes
/// the value needs and hands it to ``ABIEncodable/encodeABI(to:)``); it cannot be copied or kept. Every write is
/// bounds-checked: writing past the size a value announced in ``ABIEncodable/abiEncodedSize`` is a programming error
/// and stops the program, as does announcing more than was written.
///
/// This type, ``ABIReader`` and the entry points of ``ABIDecoder`` are the only places in the module that touch raw
/// memory.
public struct ABIWriter: ~Copyable {
    @usableFromInline let buffer: UnsafeMutableRawBufferPointer
    @usableFromInline var cursor: Int

    @usableFromInline init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
        self.cursor = 0
    }

    /// Bytes written so far: the offset of the next byte from the start of the whole encoding.
    public var position: Int { cursor }

    /// Makes an array of exactly `size` bytes and lets `body` fill it.
    ///
    /// - Precondition: `body` writes exactly `size` bytes.
    @inlinable
    static func withBuffer(size: Int, _ body: (inout ABIWriter) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { storage, count in
            var writer = ABIWriter(UnsafeMutableRawBufferPointer(storage))
            body(&writer)
            precondition(writer.cursor == size, "abi: an encoder wrote \(writer.cursor) bytes but announced \(size)")
            count = size
        }
    }

    @inlinable
    mutating func claim(_ count: Int) -> Int {
        let start = cursor
        precondition(count <= buffer.count &- start, "abi: an encoder wrote past the size it announced")
        cursor = start &+ count
        return start
    }

    @inlinable
    mutating func fill(_ byte: UInt8, count: Int) {
        guard count > 0 else { return }
        let start = claim(count)
        (buffer.baseAddress! + start).initializeMemory(as: UInt8.self, repeating: byte, count: count)
    }

    /// Writes `count` zero bytes.
    @inlinable
    public mutating func writeZeros(count: Int) {
        fill(0, count: count)
    }

    /// Writes a word holding `value` (big-endian, 32 bytes).
    @inlinable
    public mutating func writeWord(_ value: UInt256) {
        let start = claim(32)
        value.write(bigEndianTo: UnsafeMutableRawBufferPointer(rebasing: buffer[start..<start &+ 32]))
    }

    /// Writes a word holding an unsigned number that fits in 64 bits (lengths, offsets, small integers).
    @inlinable
    public mutating func writeWord(_ value: UInt64) {
        let start = claim(32)
        let base = buffer.baseAddress! + start
        base.initializeMemory(as: UInt8.self, repeating: 0, count: 24)
        base.storeBytes(of: value.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// Writes a word holding a signed number that fits in 64 bits, sign-extended to 256 bits.
    @inlinable
    public mutating func writeWord(signed value: Int64) {
        let start = claim(32)
        let base = buffer.baseAddress! + start
        base.initializeMemory(as: UInt8.self, repeating: value < 0 ? 0xff : 0, count: 24)
        base.storeBytes(of: value.bigEndian, toByteOffset: 24, as: Int64.self)
    }

    /// Writes a word holding an `Int256`, two's complement.
    @inlinable
    public mutating func writeWord(_ value: Int256) {
        writeWord(UInt256(bitPattern: value))
    }

    /// Writes an `address` word: 12 zero bytes, then the 20 bytes.
    @inlinable
    public mutating func writeAddress(_ address: Address) {
        writeZeros(count: 12)
        writeRaw(address)
    }

    /// Writes a `bool` word (0 or 1).
    @inlinable
    public mutating func writeBool(_ value: Bool) {
        writeWord(UInt64(value ? 1 : 0))
    }

    /// Writes bytes as they are, without padding (packed encoding, or the middle of a word).
    @inlinable
    public mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let start = claim(bytes.count)
        UnsafeMutableRawBufferPointer(rebasing: buffer[start..<start &+ bytes.count]).copyMemory(from: bytes)
    }

    /// Writes a fixed-size byte string (an ``EthPrimitives/Address``, ``EthPrimitives/Selector``,
    /// ``EthPrimitives/Hash``) as it is, without padding.
    @inlinable
    public mutating func writeRaw(_ value: some FixedSizeBytes) {
        value.withUnsafeBytes { writeRaw($0) }
    }

    /// Writes bytes as they are, without padding.
    @inlinable
    public mutating func writeRaw(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { writeRaw(UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in bytes {
                let start = claim(1)
                buffer[start] = byte
            }
        }
    }

    /// Writes bytes left-aligned and zero-padded to a whole number of words (a `bytesN` word, or the data of a
    /// `bytes`/`string`).
    @inlinable
    public mutating func writePadded(_ bytes: some Collection<UInt8>) {
        let count = bytes.count
        writeRaw(bytes)
        writeZeros(count: ABIEncoder.paddedLength(count) - count)
    }

    /// Writes the encoding of a `bytes` value: its length, then its bytes zero-padded to a word boundary.
    @inlinable
    public mutating func writeBytes(_ bytes: some Collection<UInt8>) {
        writeWord(UInt64(bytes.count))
        writePadded(bytes)
    }

    /// Writes the encoding of a `string` value: its UTF-8 length, then the UTF-8 zero-padded to a word boundary.
    @inlinable
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            writeWord(UInt64(utf8.count))
            writeRaw(UnsafeRawBufferPointer(utf8))
            writeZeros(count: ABIEncoder.paddedLength(utf8.count) - utf8.count)
        }
    }

    /// Writes a placeholder word for an offset to be filled in by ``writeOffset(_:at:)``; returns where it is.
    @inlinable
    mutating func reserveWord() -> Int {
        let start = cursor
        writeZeros(count: 32)
        return start
    }

    /// Fills a word written earlier (by ``reserveWord()``) with an offset.
    @inlinable
    mutating func writeOffset(_ offset: Int, at slot: Int) {
        precondition(slot >= 0 && slot <= cursor &- 32, "abi: offset slot outside what was written")
        (buffer.baseAddress! + slot).storeBytes(of: UInt64(offset).bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// Writes the two's complement of `value` in `byteCount` bytes (the low bytes of its word): packed integers.
    @inlinable
    mutating func writeLowBytes(of value: UInt256, count byteCount: Int) {
        let start = claim(byteCount)
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { word in
            value.write(bigEndianTo: word)
            UnsafeMutableRawBufferPointer(rebasing: buffer[start..<start &+ byteCount])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: word[(32 - byteCount)...]))
        }
    }
}
