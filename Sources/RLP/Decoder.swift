/// The header of one RLP item: whether it is a list, and how its bytes split into header and payload.
public struct RLPHeader: Equatable, Hashable, Sendable {
    /// True for a list, false for a byte string.
    public var isList: Bool
    /// The size of the header: 0 for a single byte below 0x80 (its own encoding), 1 for the short forms, 1 plus the
    /// size of the length for the long forms.
    public var headerLength: Int
    /// The size of the payload: the byte string's bytes, or the list's items together.
    public var payloadLength: Int

    /// Creates a header from its parts.
    @inlinable
    public init(isList: Bool, headerLength: Int, payloadLength: Int) {
        self.isList = isList
        self.headerLength = headerLength
        self.payloadLength = payloadLength
    }

    /// The size of the whole item, header and payload.
    @inlinable public var encodedLength: Int { headerLength + payloadLength }
}

/// A cursor over RLP input that checks every rule of canonical RLP as it reads and copies nothing: byte strings
/// come back as views (`ArraySlice`) of the input, lists as decoders over their payload.
///
/// `read*` methods consume the item under the cursor; `peek*` methods look at it without moving. Every error is
/// an ``RLPError`` carrying the byte offset in the input the decoder was made from.
///
/// ```swift
/// var decoder = RLPDecoder(bytes)
/// var fields = try decoder.readList(expectedCount: 3)
/// let nonce: UInt64 = try fields.readInteger()
/// let to = try fields.readBytes(count: 20)
/// let data = try fields.readBytes()
/// try decoder.finish()
/// ```
///
/// Lists nest at most ``maxDepth`` deep; a deeper list is ``RLPError/depthLimitExceeded(limit:offset:)``, so
/// recursive decoders (``RLPItem``, nested arrays) are bounded and never exhaust the stack.
public struct RLPDecoder: Sendable {
    /// The whole input this cursor was made from (nested decoders share it).
    @usableFromInline let input: ArraySlice<UInt8>
    /// The index in `input` of the item under the cursor.
    @usableFromInline var position: Int
    /// The index in `input` where this level ends: the end of the input, or of the enclosing list's payload.
    @usableFromInline let end: Int
    /// How many lists enclose this level: 0 for the top.
    public let depth: Int
    /// The deepest nesting of lists this decoder accepts.
    public let maxDepth: Int

    /// The nesting limit used when none is given: far beyond anything Ethereum puts on the wire (transactions and
    /// blocks nest under 6 deep), and shallow enough for recursive decoding on a 512 KiB thread stack, even in a
    /// debug build.
    public static let defaultMaxDepth = 256

    /// A decoder over `bytes`; error offsets count from its first byte.
    ///
    /// - Parameter maxDepth: how deeply lists may nest (a top-level list is depth 1).
    @inlinable
    public init(_ bytes: ArraySlice<UInt8>, maxDepth: Int = RLPDecoder.defaultMaxDepth) {
        input = bytes
        position = bytes.startIndex
        end = bytes.endIndex
        depth = 0
        self.maxDepth = maxDepth
    }

    /// A decoder over `bytes`; error offsets count from its first byte.
    ///
    /// - Parameter maxDepth: how deeply lists may nest (a top-level list is depth 1).
    @inlinable
    public init(_ bytes: [UInt8], maxDepth: Int = RLPDecoder.defaultMaxDepth) {
        self.init(bytes[...], maxDepth: maxDepth)
    }

    @inlinable
    init(input: ArraySlice<UInt8>, position: Int, end: Int, depth: Int, maxDepth: Int) {
        self.input = input
        self.position = position
        self.end = end
        self.depth = depth
        self.maxDepth = maxDepth
    }

    /// Decodes `bytes` as exactly one value of type `Value`.
    ///
    /// - Throws: ``RLPError``: the first rule the input breaks, or ``RLPError/trailingBytes(offset:)`` when bytes
    ///   follow the value.
    @inlinable
    public static func decode<Value: RLPDecodable>(
        _ type: Value.Type = Value.self, from bytes: [UInt8], maxDepth: Int = RLPDecoder.defaultMaxDepth
    ) throws(RLPError) -> Value {
        try decode(type, from: bytes[...], maxDepth: maxDepth)
    }

    /// Decodes `bytes` as exactly one value of type `Value`; views in the result share `bytes`' storage, and error
    /// offsets count from `bytes.startIndex`.
    ///
    /// - Throws: ``RLPError``: the first rule the input breaks, or ``RLPError/trailingBytes(offset:)`` when bytes
    ///   follow the value.
    @inlinable
    public static func decode<Value: RLPDecodable>(
        _ type: Value.Type = Value.self, from bytes: ArraySlice<UInt8>, maxDepth: Int = RLPDecoder.defaultMaxDepth
    ) throws(RLPError) -> Value {
        var decoder = RLPDecoder(bytes, maxDepth: maxDepth)
        let value = try Value(from: &decoder)
        try decoder.finish()
        return value
    }

    // MARK: Position

    /// True when nothing is left at this level (the end of the input, or of the list this decoder reads).
    @inlinable public var isAtEnd: Bool { position == end }

    /// The byte offset of the cursor from the start of the input.
    @inlinable public var offset: Int { position - input.startIndex }

    /// The number of bytes left at this level.
    @inlinable public var remainingCount: Int { end - position }

    /// Throws unless everything at this level has been read.
    ///
    /// - Throws: ``RLPError/trailingBytes(offset:)`` at the first unread byte.
    @inlinable
    public func finish() throws(RLPError) {
        guard isAtEnd else { throw .trailingBytes(offset: offset) }
    }

    // MARK: Peeking

    /// The header of the item under the cursor, checked against every rule that a header alone can break; the
    /// cursor does not move.
    ///
    /// - Throws: ``RLPError/truncated(offset:)``, ``RLPError/lengthPastEnd(declared:available:offset:)``,
    ///   ``RLPError/lengthOverflow(offset:)``, ``RLPError/leadingZeroInLength(offset:)``,
    ///   ``RLPError/nonCanonicalSize(offset:)`` or ``RLPError/nonCanonicalSingleByte(offset:)``.
    @inlinable
    public func peekHeader() throws(RLPError) -> RLPHeader {
        try Self.header(in: input, at: position, end: end)
    }

    /// The header of the item at `position` in `input`, which must end by `end`: the one place the header rules
    /// are checked. Reads `input` in place (no copy, no reference counting).
    @inlinable @inline(__always)
    static func header(in input: borrowing ArraySlice<UInt8>, at position: Int, end: Int) throws(RLPError)
        -> RLPHeader
    {
        guard position < end else { throw .truncated(offset: position &- input.startIndex) }
        let first = input[position]
        let available = end &- position &- 1
        if first < 0x80 {
            return RLPHeader(isList: false, headerLength: 0, payloadLength: 1)
        }
        if first < 0xb8 {
            let length = Int(first &- 0x80)
            guard length <= available else {
                throw .lengthPastEnd(declared: length, available: available, offset: position &- input.startIndex)
            }
            if length == 1, input[position &+ 1] < 0x80 {
                throw .nonCanonicalSingleByte(offset: position &- input.startIndex)
            }
            return RLPHeader(isList: false, headerLength: 1, payloadLength: length)
        }
        if first < 0xc0 {
            return try longHeader(
                in: input, at: position, isList: false, lengthOfLength: Int(first &- 0xb7), available: available)
        }
        if first < 0xf8 {
            let length = Int(first &- 0xc0)
            guard length <= available else {
                throw .lengthPastEnd(declared: length, available: available, offset: position &- input.startIndex)
            }
            return RLPHeader(isList: true, headerLength: 1, payloadLength: length)
        }
        return try longHeader(
            in: input, at: position, isList: true, lengthOfLength: Int(first &- 0xf7), available: available)
    }

    @inlinable
    static func longHeader(
        in input: borrowing ArraySlice<UInt8>, at position: Int, isList: Bool, lengthOfLength: Int, available: Int
    ) throws(RLPError) -> RLPHeader {
        let offset = position &- input.startIndex
        guard lengthOfLength <= available else { throw .truncated(offset: offset) }
        guard input[position &+ 1] != 0 else { throw .leadingZeroInLength(offset: offset) }
        var length: UInt64 = 0
        for i in 1...lengthOfLength {
            length = length << 8 | UInt64(input[position &+ i])
        }
        guard length <= UInt64(Int.max) else { throw .lengthOverflow(offset: offset) }
        let payloadLength = Int(length)
        guard payloadLength >= 56 else { throw .nonCanonicalSize(offset: offset) }
        guard payloadLength <= available &- lengthOfLength else {
            throw .lengthPastEnd(declared: payloadLength, available: available &- lengthOfLength, offset: offset)
        }
        return RLPHeader(isList: isList, headerLength: 1 &+ lengthOfLength, payloadLength: payloadLength)
    }

    /// The number of items from `position` to `end`, each header checked.
    @inlinable
    static func itemCount(in input: borrowing ArraySlice<UInt8>, from position: Int, to end: Int) throws(RLPError)
        -> Int
    {
        var position = position
        var count = 0
        while position < end {
            position &+= try header(in: input, at: position, end: end).encodedLength
            count &+= 1
        }
        return count
    }

    /// True when the item under the cursor is a list; the cursor does not move.
    ///
    /// - Throws: what ``peekHeader()`` throws.
    @inlinable
    public func peekIsList() throws(RLPError) -> Bool {
        try peekHeader().isList
    }

    /// The number of items left at this level, each header checked; the cursor does not move.
    ///
    /// The items' payloads are not looked into: a malformed item inside a nested list is found when it is read.
    ///
    /// - Throws: what ``peekHeader()`` throws, for the first bad header.
    @inlinable
    public func peekItemCount() throws(RLPError) -> Int {
        try Self.itemCount(in: input, from: position, to: end)
    }

    // MARK: Reading

    /// Reads a byte string and returns its payload, a view of the input.
    ///
    /// - Throws: ``RLPError/expectedBytes(offset:)`` if the item is a list, or what ``peekHeader()`` throws.
    @inlinable
    public mutating func readBytes() throws(RLPError) -> ArraySlice<UInt8> {
        let header = try peekHeader()
        guard !header.isList else { throw .expectedBytes(offset: offset) }
        let start = position &+ header.headerLength
        position = start &+ header.payloadLength
        return input[start..<position]
    }

    /// Reads a byte string of exactly `count` bytes (an address, a hash) and returns a view of it.
    ///
    /// - Throws: ``RLPError/wrongByteCount(expected:got:offset:)`` for another length, or what ``readBytes()``
    ///   throws.
    @inlinable
    public mutating func readBytes(count: Int) throws(RLPError) -> ArraySlice<UInt8> {
        let itemOffset = offset
        let bytes = try readBytes()
        guard bytes.count == count else {
            throw .wrongByteCount(expected: count, got: bytes.count, offset: itemOffset)
        }
        return bytes
    }

    /// Reads an unsigned integer: big-endian bytes without leading zeros (zero is the empty string, `0x80`).
    ///
    /// - Throws: ``RLPError/leadingZeroInInteger(offset:)`` for a leading zero byte (so `0x00` is refused),
    ///   ``RLPError/integerOverflow(type:byteCount:offset:)`` when the value needs more bytes than `T` has, or what
    ///   ``readBytes()`` throws.
    @inlinable
    public mutating func readInteger<T: FixedWidthInteger & UnsignedInteger>(
        _ type: T.Type = T.self
    ) throws(RLPError) -> T {
        let itemOffset = offset
        let header = try peekHeader()
        guard !header.isList else { throw .expectedBytes(offset: itemOffset) }
        let start = position &+ header.headerLength
        let count = header.payloadLength
        position = start &+ count
        guard count > 0 else { return 0 }
        guard input[start] != 0 else { throw .leadingZeroInInteger(offset: itemOffset) }
        guard count <= T.bitWidth / 8 else {
            throw .integerOverflow(type: "\(T.self)", byteCount: count, offset: itemOffset)
        }
        var value: T = 0
        for i in start..<position {
            value = value << 8 | T(truncatingIfNeeded: input[i])
        }
        return value
    }

    /// Reads a list and returns a decoder over its items, one level deeper.
    ///
    /// The returned decoder reads the list's items; this one moves past the whole list. Reading a list does not
    /// check that its items were all consumed: call ``finish()`` on the returned decoder, or use
    /// ``readList(expectedCount:)``.
    ///
    /// - Throws: ``RLPError/expectedList(offset:)`` if the item is a byte string,
    ///   ``RLPError/depthLimitExceeded(limit:offset:)`` past ``maxDepth``, or what ``peekHeader()`` throws.
    @inlinable
    public mutating func readList() throws(RLPError) -> RLPDecoder {
        let header = try peekHeader()
        guard header.isList else { throw .expectedList(offset: offset) }
        guard depth < maxDepth else { throw .depthLimitExceeded(limit: maxDepth, offset: offset) }
        let start = position &+ header.headerLength
        position = start &+ header.payloadLength
        return RLPDecoder(input: input, position: start, end: position, depth: depth &+ 1, maxDepth: maxDepth)
    }

    /// Reads a list that must hold exactly `expectedCount` items (the fields of a transaction, say) and returns a
    /// decoder over them.
    ///
    /// - Throws: ``RLPError/listLengthMismatch(expected:got:offset:)`` for another number of items, or what
    ///   ``readList()`` and ``peekItemCount()`` throw.
    @inlinable
    public mutating func readList(expectedCount: Int) throws(RLPError) -> RLPDecoder {
        let listOffset = offset
        let list = try readList()
        let count = try list.peekItemCount()
        guard count == expectedCount else {
            throw .listLengthMismatch(expected: expectedCount, got: count, offset: listOffset)
        }
        return list
    }

    /// Reads one value of any decodable type.
    ///
    /// - Throws: whatever `Value`'s ``RLPDecodable/init(from:)`` throws.
    @inlinable
    public mutating func read<Value: RLPDecodable>(_ type: Value.Type = Value.self) throws(RLPError) -> Value {
        try Value(from: &self)
    }

    /// Reads one whole item, header included, without looking into a list's payload, and returns a view of its
    /// encoding (as go-ethereum's `RawValue`): for keeping a part of a structure encoded, or hashing it.
    ///
    /// - Throws: what ``peekHeader()`` throws.
    @inlinable
    public mutating func readRaw() throws(RLPError) -> ArraySlice<UInt8> {
        let start = position
        try skip()
        return input[start..<position]
    }

    /// Moves past one item, checking only its header.
    ///
    /// - Throws: what ``peekHeader()`` throws.
    @inlinable
    public mutating func skip() throws(RLPError) {
        let header = try peekHeader()
        position &+= header.encodedLength
    }
}
