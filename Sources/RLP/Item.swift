import EthPrimitives

/// An RLP item of any shape: a byte string or a list of items, for data whose structure is only known at run
/// time (the `to-rlp`/`from-rlp` verbs, debugging, generic tools).
///
/// A decoded item's byte strings are views of the decoder's input (as a `Substring` is of its `String`), so
/// decoding allocates only the lists' arrays; copy with `Array(_:)` to keep a byte string apart from the input.
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
    case bytes(ArraySlice<UInt8>)
    /// A list of items.
    case list([RLPItem])

    /// A byte string item holding `bytes`.
    @inlinable
    public init(_ bytes: [UInt8]) {
        self = .bytes(bytes[...])
    }

    /// The bytes of a byte string, or nil for a list.
    @inlinable
    public var byteString: ArraySlice<UInt8>? {
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
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        if try decoder.peekIsList() {
            var list = try decoder.readList()
            var items: [RLPItem] = []
            items.reserveCapacity(try list.peekItemCount())
            while !list.isAtEnd {
                items.append(try RLPItem(from: &list))
            }
            self = .list(items)
        } else {
            self = .bytes(try decoder.readBytes())
        }
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
