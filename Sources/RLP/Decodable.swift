/// A type that can be read from RLP (as alloy-rlp's `Decodable`), strictly: input that is not the canonical
/// encoding of a value is refused with an ``RLPError`` naming the rule it breaks.
///
/// ```swift
/// extension Transfer: RLPDecodable {
///     init(from decoder: inout RLPDecoder) throws(RLPError) {
///         var fields = try decoder.readList(expectedCount: 2)
///         nonce = try fields.readInteger()
///         to = Array(try fields.readBytes(count: 20))
///     }
/// }
/// let transfer = try RLPDecoder.decode(Transfer.self, from: bytes)
/// ```
public protocol RLPDecodable {
    /// Reads one value from the item under the decoder's cursor, moving past it.
    ///
    /// - Throws: ``RLPError`` for the first rule of canonical RLP the item breaks, or for an item of the wrong
    ///   shape (a list for an integer, a list with the wrong number of fields).
    init(from decoder: inout RLPDecoder) throws(RLPError)

    /// Reads an array of this type. The default reads a list of values; `UInt8` overrides it so that `[UInt8]` is
    /// read from a byte string.
    ///
    /// - Throws: ``RLPError``, as ``init(from:)`` does.
    static func decodeArray(from decoder: inout RLPDecoder) throws(RLPError) -> [Self]

    /// Reads an array slice of this type: by default the same as ``decodeArray(from:)``; for `UInt8`, a view of
    /// the input that copies nothing.
    ///
    /// - Throws: ``RLPError``, as ``init(from:)`` does.
    static func decodeArraySlice(from decoder: inout RLPDecoder) throws(RLPError) -> ArraySlice<Self>
}

extension RLPDecodable {
    /// Reads a list, each item as one `Self`.
    @inlinable
    public static func decodeArray(from decoder: inout RLPDecoder) throws(RLPError) -> [Self] {
        var list = try decoder.readList()
        var elements: [Self] = []
        elements.reserveCapacity(try list.peekItemCount())
        while !list.isAtEnd {
            elements.append(try Self(from: &list))
        }
        return elements
    }

    /// Reads a list, each item as one `Self`.
    @inlinable
    public static func decodeArraySlice(from decoder: inout RLPDecoder) throws(RLPError) -> ArraySlice<Self> {
        try decodeArray(from: &decoder)[...]
    }
}
