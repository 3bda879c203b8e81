import EthPrimitives

/// An RLP item of any shape: a byte string or a list of items, for data whose structure is only known at run
/// time (the `to-rlp`/`from-rlp` verbs, debugging, generic tools).
///
/// Byte strings are ``RLPBytes``: up to 32 bytes inline, longer ones a view of the decoder's input (as a
/// `Substring` is of its `String`). Decoding therefore allocates only the lists' arrays and copies nothing large;
/// `Array(_:)` copies a byte string out.
///
/// ```swift
/// let item: RLPItem = [RLPItem(Array("cat".utf8)), RLPItem(Array("dog".utf8))]
/// RLPEncoder.encode(item)            // c8 83 63 61 74 83 64 6f 67
/// try RLPDecoder.decode(RLPItem.self, from: [0xc8, 0x83, 0x63, 0x61, 0x74, 0x83, 0x64, 0x6f, 0x67])
/// ```
///
/// `description` is the JSON form the command line prints: byte strings as lowercase `0x` hex strings (`"0x"`
/// when empty), lists as arrays, no spaces.
public enum RLPItem: Hashable, Sendable {
    /// A byte string.
    case bytes(RLPBytes)
    /// A list of items.
    case list([RLPItem])

    /// A byte string item holding `bytes`.
    @inlinable
    public init(_ bytes: [UInt8]) {
        self = .bytes(RLPBytes(bytes))
    }

    /// The bytes of a byte string, or nil for a list.
    @inlinable
    public var byteString: RLPBytes? {
        if case .bytes(let bytes) = self { bytes } else { nil }
    }

    /// The items of a list, or nil for a byte string.
    @inlinable
    public var items: [RLPItem]? {
        if case .list(let items) = self { items } else { nil }
    }
}

extension RLPItem: ExpressibleByArrayLiteral {
    /// A list of the given items.
    @inlinable
    public init(arrayLiteral elements: RLPItem...) {
        self = .list(elements)
    }
}

extension RLPItem: RLPEncodable {
    /// The size of the item's encoding (nested lists are measured, never built).
    @inlinable
    public var encodedLength: Int {
        switch self {
        case .bytes(let bytes): RLPEncoder.encodedLength(ofBytes: bytes)
        case .list(let items): RLPEncoder.encodedLength(listPayloadLength: RLPItem.listPayloadLength(of: items[...]))
        }
    }

    /// Writes the item.
    @inlinable
    public func encode(to encoder: inout RLPEncoder) {
        switch self {
        case .bytes(let bytes): encoder.writeBytes(bytes)
        case .list(let items): RLPItem.encode(array: items[...], to: &encoder)
        }
    }
}

extension RLPItem: RLPDecodable {
    /// Reads one item of any shape, checking every rule down to the innermost byte string.
    ///
    /// - Throws: the first ``RLPError`` found, including ``RLPError/depthLimitExceeded(limit:offset:)`` for lists
    ///   nested deeper than the decoder's `maxDepth`.
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        // A local position keeps `decoder.input` borrowed rather than copied while the position changes.
        var position = decoder.position
        self = try RLPItem.read(
            in: decoder.input, at: &position, end: decoder.end, depth: decoder.depth, maxDepth: decoder.maxDepth)
        decoder.position = position
    }

    /// Reads the item at `position` (moving past it) from `input`, which ends by `end`, with `depth` lists around
    /// it. Works on indices into the one input buffer, so the only reference counting is each byte string's view.
    static func read(
        in input: borrowing ArraySlice<UInt8>, at position: inout Int, end: Int, depth: Int, maxDepth: Int
    ) throws(RLPError) -> RLPItem {
        let header = try RLPDecoder.header(in: input, at: position, end: end)
        let start = position &+ header.headerLength
        let payloadEnd = start &+ header.payloadLength
        guard header.isList else {
            position = payloadEnd
            return .bytes(RLPBytes(input, from: start, count: header.payloadLength))
        }
        guard depth < maxDepth else { throw .depthLimitExceeded(limit: maxDepth, offset: position &- input.startIndex) }
        position = payloadEnd
        let count = try RLPDecoder.itemCount(in: input, from: start, to: payloadEnd)
        var items: [RLPItem] = []
        items.reserveCapacity(count)
        var cursor = start
        while cursor < payloadEnd {
            // Byte strings, the common case, are built right here: the item goes into the array straight from
            // registers instead of through a returned temporary.
            let child = try RLPDecoder.header(in: input, at: cursor, end: payloadEnd)
            if child.isList {
                items.append(try read(in: input, at: &cursor, end: payloadEnd, depth: depth &+ 1, maxDepth: maxDepth))
            } else {
                let childStart = cursor &+ child.headerLength
                cursor = childStart &+ child.payloadLength
                items.append(.bytes(RLPBytes(input, from: childStart, count: child.payloadLength)))
            }
        }
        return .list(items)
    }
}

extension RLPItem: CustomStringConvertible {
    /// The JSON form: `"0x…"` for a byte string (lowercase, `"0x"` when empty), `[…]` for a list, no spaces.
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    func write(to text: inout String) {
        switch self {
        case .bytes(let bytes):
            text += "\""
            text += Hex.encode(bytes)
            text += "\""
        case .list(let items):
            text += "["
            for (i, item) in items.enumerated() {
                if i > 0 { text += "," }
                item.write(to: &text)
            }
            text += "]"
        }
    }
}
