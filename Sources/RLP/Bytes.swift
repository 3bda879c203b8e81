// Arrays: a list of their elements, except arrays of `UInt8`, which are byte strings (see `UInt8`'s conformance).

extension Array: RLPEncodable where Element: RLPEncodable {
    /// A list of the elements, or a byte string for `[UInt8]`.
    @inlinable public var encodedLength: Int { Element.encodedLength(ofArray: self[...]) }

    /// Writes a list of the elements, or a byte string for `[UInt8]`.
    @inlinable public func encode(to encoder: inout RLPEncoder) { Element.encode(array: self[...], to: &encoder) }
}

extension Array: RLPDecodable where Element: RLPDecodable {
    /// Reads a list of elements, or a byte string for `[UInt8]`.
    ///
    /// - Throws: ``RLPError/expectedList(offset:)`` or ``RLPError/expectedBytes(offset:)`` for an item of the
    ///   other kind, or what the elements' decoding throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) { self = try Element.decodeArray(from: &decoder) }
}

extension ArraySlice: RLPEncodable where Element: RLPEncodable {
    /// A list of the elements, or a byte string for `ArraySlice<UInt8>`.
    @inlinable public var encodedLength: Int { Element.encodedLength(ofArray: self) }

    /// Writes a list of the elements, or a byte string for `ArraySlice<UInt8>`.
    @inlinable public func encode(to encoder: inout RLPEncoder) { Element.encode(array: self, to: &encoder) }
}

extension ArraySlice: RLPDecodable where Element: RLPDecodable {
    /// Reads a list of elements; for `ArraySlice<UInt8>`, a byte string as a view of the input (no copy).
    ///
    /// - Throws: ``RLPError/expectedList(offset:)`` or ``RLPError/expectedBytes(offset:)`` for an item of the
    ///   other kind, or what the elements' decoding throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        self = try Element.decodeArraySlice(from: &decoder)
    }
}
