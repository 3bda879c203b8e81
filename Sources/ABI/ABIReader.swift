import EthPrimitives

/// Reads an ABI encoding word by word, checking every offset, length and padding before use.
///
/// A reader exists only while ``ABIDecoder`` decodes (it reads the caller's bytes in place); it cannot be copied
/// or kept. Every read checks its bounds first and throws ``ABIError/inputTooShort(offset:needed:available:)``
/// rather than read past the input. Offsets in errors are bytes from the start of the data being decoded (for
/// calldata, from the start of the selector).
///
/// ``position`` is where the next read happens. ``ABIDecodable/decodeABI(from:)`` starts at the beginning of its
/// value's encoding and leaves ``position`` just after it; for a tuple with dynamic members, after the last tail.
public struct ABIReader: ~Copyable {
    @usableFromInline let buffer: UnsafeRawBufferPointer
    @usableFromInline var cursor: Int
    /// Strict decoding: offsets must be canonical and padding present.
    @usableFromInline let strict: Bool
    /// Lenient decoding: bytes the decoded value may still take before ``ABIError/inflationLimitExceeded(offset:)``.
    @usableFromInline var budget: Int
    /// Added to offsets reported in errors (4 when the data followed a selector).
    @usableFromInline let errorBias: Int

    @usableFromInline init(_ buffer: UnsafeRawBufferPointer, mode: ABIDecoder.Mode, errorBias: Int) {
        self.buffer = buffer
        self.cursor = 0
        self.strict = mode == .strict
        let (limit, overflow) = buffer.count.multipliedReportingOverflow(by: ABIDecoder.inflationLimit)
        self.budget = overflow ? Int.max : limit &+ 1024
        self.errorBias = errorBias
    }

    /// The offset of the next read from the start of the data.
    public var position: Int { cursor }

    /// The size of the whole input.
    public var count: Int { buffer.count }

    /// Bytes from ``position`` to the end of the input.
    @inlinable
    var remaining: Int { buffer.count &- cursor }

    /// Runs `body` over `bytes` as one encoding; ``position`` starts at 0.
    @inlinable
    static func withReader<R>(
        _ bytes: UnsafeRawBufferPointer, mode: ABIDecoder.Mode, errorBias: Int,
        _ body: (inout ABIReader) throws(ABIError) -> R
    ) throws(ABIError) -> R {
        var reader = ABIReader(bytes, mode: mode, errorBias: errorBias)
        return try body(&reader)
    }

    // MARK: Words

    /// Throws unless `count` bytes are available at ``position``.
    @inlinable
    func require(_ needed: Int) throws(ABIError) {
        guard needed <= remaining else {
            throw .inputTooShort(offset: cursor &+ errorBias, needed: needed, available: buffer.count &+ errorBias)
        }
    }

    /// Charges `bytes` to the lenient decoder's inflation budget.
    @inlinable
    mutating func charge(_ bytes: Int) throws(ABIError) {
        guard !strict else { return }
        budget &-= bytes
        if budget < 0 { throw .inflationLimitExceeded(offset: cursor &+ errorBias) }
    }

    /// The address of the next word, after checking it is there; advances past it.
    @inlinable
    mutating func nextWord() throws(ABIError) -> UnsafeRawPointer {
        try require(32)
        try charge(32)
        let word = buffer.baseAddress! + cursor
        cursor &+= 32
        return word
    }

    /// True when the first `count` bytes at `word` are all `byte`.
    @inlinable
    static func allBytes(_ word: UnsafeRawPointer, _ count: Int, equal byte: UInt8) -> Bool {
        var i = 0
        if byte == 0 {
            while i &+ 8 <= count {
                if word.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0 { return false }
                i &+= 8
            }
        }
        while i < count {
            if word.load(fromByteOffset: i, as: UInt8.self) != byte { return false }
            i &+= 1
        }
        return true
    }

    @inlinable
    static func uint256(at word: UnsafeRawPointer) -> UInt256 {
        UInt256(
            words: (
                UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            ))
    }

    @inlinable
    static func low64(at word: UnsafeRawPointer) -> UInt64 {
        UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// Reads a word as a `uint256`.
    @inlinable
    public mutating func readUInt256() throws(ABIError) -> UInt256 {
        Self.uint256(at: try nextWord())
    }

    /// Reads a `uintN` word (N = `bits`, a multiple of 8), refusing non-zero bits above N.
    @inlinable
    public mutating func readUInt(bits: Int) throws(ABIError) -> UInt256 {
        let start = cursor
        let word = try nextWord()
        guard Self.allBytes(word, 32 &- bits / 8, equal: 0) else {
            throw .dirtyHighBits(offset: start &+ errorBias, type: .uint(bits))
        }
        return Self.uint256(at: word)
    }

    /// Reads an `intN` word (N = `bits`), refusing a word that is not the sign extension of its low N bits.
    @inlinable
    public mutating func readInt(bits: Int) throws(ABIError) -> Int256 {
        let start = cursor
        let word = try nextWord()
        let padding = 32 &- bits / 8
        if padding > 0 {
            let negative = word.load(fromByteOffset: padding, as: UInt8.self) & 0x80 != 0
            guard Self.allBytes(word, padding, equal: negative ? 0xff : 0) else {
                throw .badSignExtension(offset: start &+ errorBias, type: .int(bits))
            }
        }
        return Int256(bitPattern: Self.uint256(at: word))
    }

    /// Reads a `uintN` word into a Swift unsigned integer of exactly N bits (`UInt8` for `uint8`, …, `UInt64`).
    @inlinable
    public mutating func readUnsigned<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(ABIError) -> T {
        let start = cursor
        let word = try nextWord()
        let size = T.bitWidth / 8
        guard Self.allBytes(word, 32 &- size, equal: 0) else {
            throw .dirtyHighBits(offset: start &+ errorBias, type: .uint(T.bitWidth))
        }
        return T(truncatingIfNeeded: Self.low64(at: word))
    }

    /// Reads an `intN` word into a Swift signed integer of exactly N bits (`Int8` for `int8`, …, `Int64`).
    @inlinable
    public mutating func readSigned<T: FixedWidthInteger & SignedInteger>(_: T.Type) throws(ABIError) -> T {
        let start = cursor
        let word = try nextWord()
        let padding = 32 &- T.bitWidth / 8
        let negative = word.load(fromByteOffset: padding, as: UInt8.self) & 0x80 != 0
        guard Self.allBytes(word, padding, equal: negative ? 0xff : 0) else {
            throw .badSignExtension(offset: start &+ errorBias, type: .int(T.bitWidth))
        }
        return T(truncatingIfNeeded: Int64(bitPattern: Self.low64(at: word)))
    }

    /// Reads an `address` word, refusing non-zero bytes before the 20 address bytes.
    @inlinable
    public mutating func readAddress() throws(ABIError) -> Address {
        let start = cursor
        let word = try nextWord()
        guard Self.allBytes(word, 12, equal: 0) else {
            throw .dirtyHighBits(offset: start &+ errorBias, type: .address)
        }
        return try! Address(UnsafeRawBufferPointer(start: word + 12, count: 20))
    }

    /// Reads a `bool` word, refusing anything but 0 and 1.
    @inlinable
    public mutating func readBool() throws(ABIError) -> Bool {
        let start = cursor
        let word = try nextWord()
        let last = word.load(fromByteOffset: 31, as: UInt8.self)
        guard Self.allBytes(word, 31, equal: 0), last <= 1 else { throw .invalidBool(offset: start &+ errorBias) }
        return last == 1
    }

    /// Reads a `bytesN` word (N = `count`), refusing non-zero bytes after the first N.
    @inlinable
    public mutating func readFixedBytes(count: Int) throws(ABIError) -> [UInt8] {
        let start = cursor
        let word = try nextWord()
        guard Self.allBytes(word + count, 32 &- count, equal: 0) else {
            throw .dirtyPadding(offset: start &+ errorBias, type: .fixedBytes(count))
        }
        return Array(UnsafeRawBufferPointer(start: word, count: count))
    }

    /// Reads a `bytes32` word as a ``Hash``.
    @inlinable
    public mutating func readHash() throws(ABIError) -> Hash {
        try! Hash(UnsafeRawBufferPointer(start: try nextWord(), count: 32))
    }

    /// Reads a `function` word: an address and a selector, then 8 zero bytes.
    @inlinable
    public mutating func readFunction() throws(ABIError) -> (Address, Selector) {
        let start = cursor
        let word = try nextWord()
        guard Self.allBytes(word + 24, 8, equal: 0) else {
            throw .dirtyPadding(offset: start &+ errorBias, type: .function)
        }
        return (
            try! Address(UnsafeRawBufferPointer(start: word, count: 20)),
            try! Selector(UnsafeRawBufferPointer(start: word + 20, count: 4))
        )
    }

    // MARK: Lengths, offsets, byte strings

    /// Reads a length word and checks that `length` items of `itemSize` bytes each fit in what follows it.
    ///
    /// - Parameter itemSize: the bytes each counted item takes at least (1 for `bytes`, the element's head size
    ///   for arrays), so that a length can never promise more than the input holds.
    @inlinable
    public mutating func readLength(itemSize: Int) throws(ABIError) -> Int {
        let start = cursor
        let word = try nextWord()
        let available = remaining
        guard Self.allBytes(word, 24, equal: 0), case let value = Self.low64(at: word),
            value <= UInt64(available / max(itemSize, 1))
        else {
            throw .lengthOutOfBounds(
                offset: start &+ errorBias, length: Self.uint256(at: word).description, available: available)
        }
        return Int(value)
    }

    /// Reads the encoding of a `bytes` value at ``position``: its length, its bytes and (strict) zero padding.
    @inlinable
    public mutating func readBytes() throws(ABIError) -> [UInt8] {
        let (start, length) = try readByteString(type: .bytes)
        return Array(UnsafeRawBufferPointer(start: buffer.baseAddress! + start, count: length))
    }

    /// Reads the encoding of a `string` value at ``position``; its bytes must be UTF-8.
    @inlinable
    public mutating func readString() throws(ABIError) -> String {
        let lengthOffset = cursor
        let (start, length) = try readByteString(type: .string)
        let utf8 = UnsafeRawBufferPointer(start: buffer.baseAddress! + start, count: length)
        let string = String(decoding: utf8, as: UTF8.self)
        // ASCII is valid UTF-8. Otherwise decoding repaired any invalid sequence with U+FFFD, which changed the
        // bytes: comparing them catches it.
        guard Self.isASCII(utf8) || string.utf8.elementsEqual(utf8) else {
            throw .invalidUTF8(offset: lengthOffset &+ errorBias)
        }
        return string
    }

    /// True when every byte is below 0x80.
    @inlinable
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var i = 0
        while i &+ 8 <= bytes.count {
            if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i &+= 8
        }
        while i < bytes.count {
            if base.load(fromByteOffset: i, as: UInt8.self) & 0x80 != 0 { return false }
            i &+= 1
        }
        return true
    }

    /// Reads a length and the bytes after it; returns where the bytes start and how many there are. Checks padding
    /// (strict) and leaves ``position`` after the padding.
    @inlinable
    mutating func readByteString(type: ABIType) throws(ABIError) -> (start: Int, length: Int) {
        let lengthOffset = cursor
        let length = try readLength(itemSize: 1)
        let start = cursor
        let padded = ABIEncoder.paddedLength(length)
        try charge(padded)
        if strict {
            try require(padded)
            guard Self.allBytes(buffer.baseAddress! + start + length, padded &- length, equal: 0) else {
                throw .dirtyPadding(offset: lengthOffset &+ errorBias, type: type)
            }
            cursor = start &+ padded
        } else {
            cursor = start &+ min(padded, remaining)
        }
        return (start, length)
    }

    /// Reads an offset word and returns the absolute position it points to (`base` + the offset), after checking
    /// that a word fits there: every dynamic value's encoding takes at least one.
    @inlinable
    mutating func readOffset(base: Int) throws(ABIError) -> Int {
        let start = cursor
        let word = try nextWord()
        let limit = buffer.count &- base &- 32
        guard limit >= 0, Self.allBytes(word, 24, equal: 0), case let value = Self.low64(at: word),
            value <= UInt64(limit)
        else {
            throw .offsetOutOfBounds(offset: start &+ errorBias, value: Self.uint256(at: word).description)
        }
        return base &+ Int(value)
    }

    // MARK: Tuples

    /// Begins decoding a tuple (or the elements of an array) whose heads take `headSize` bytes at ``position``.
    ///
    /// Decode each member in order with ``decodeComponent(_:in:)`` (or the dynamic decoder), then call
    /// ``endTuple(_:)``.
    @inlinable
    public mutating func beginTuple(headSize: Int) throws(ABIError) -> ABITupleFrame {
        try require(headSize)
        return ABITupleFrame(base: cursor, head: cursor, tail: cursor &+ headSize)
    }

    /// Decodes the next member of a tuple begun with ``beginTuple(headSize:)``: in place if it is static, else at
    /// the offset its head gives (in strict mode, exactly where the previous member's data ended).
    @inlinable
    public mutating func decodeComponent<T: ABIDecodable>(_: T.Type, in frame: inout ABITupleFrame) throws(ABIError)
        -> T
    {
        if T.isABIDynamic {
            return try decodeTail(in: &frame) { (reader: inout ABIReader) throws(ABIError) in
                try T.decodeABI(from: &reader)
            }
        }
        cursor = frame.head
        let value = try T.decodeABI(from: &self)
        frame.head &+= T.abiHeadSize
        return value
    }

    /// Follows the offset at the frame's head and runs `body` at the position it points to.
    @inlinable
    mutating func decodeTail<R>(in frame: inout ABITupleFrame, _ body: (inout ABIReader) throws(ABIError) -> R)
        throws(ABIError) -> R
    {
        cursor = frame.head
        let slot = cursor
        let target = try readOffset(base: frame.base)
        frame.head &+= 32
        if strict, target != frame.tail {
            throw .nonCanonicalOffset(
                offset: slot &+ errorBias, expected: frame.tail &- frame.base, actual: String(target &- frame.base))
        }
        cursor = target
        let value = try body(&self)
        frame.tail = cursor
        return value
    }

    /// Ends a tuple: ``position`` moves after the last tail (strict) or after the heads (lenient, where tails may be
    /// anywhere).
    @inlinable
    public mutating func endTuple(_ frame: ABITupleFrame) {
        cursor = strict ? frame.tail : frame.head
    }
}

/// Where a tuple being decoded starts, where its next head is, and where (in strict mode) its next tail must start.
public struct ABITupleFrame: Sendable {
    @usableFromInline var base: Int
    @usableFromInline var head: Int
    @usableFromInline var tail: Int

    @usableFromInline init(base: Int, head: Int, tail: Int) {
        self.base = base
        self.head = head
        self.tail = tail
    }
}
