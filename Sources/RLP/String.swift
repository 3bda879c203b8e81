/// A string is the byte string of its UTF-8; decoding refuses bytes that are not valid UTF-8, so that every
/// decoded string re-encodes to the same bytes.
extension String: RLPEncodable, RLPDecodable {
    /// The size of the encoding of the UTF-8 bytes.
    @inlinable public var encodedLength: Int { RLPEncoder.encodedLength(ofBytes: utf8) }

    /// Writes the UTF-8 bytes as a byte string.
    @inlinable public func encode(to encoder: inout RLPEncoder) { encoder.writeBytes(utf8) }

    /// Reads a byte string holding valid UTF-8.
    ///
    /// - Throws: ``RLPError/invalidUTF8(offset:)`` for ill-formed UTF-8 (overlong forms, surrogates, cut
    ///   sequences), or what ``RLPDecoder/readBytes()`` throws.
    @inlinable
    public init(from decoder: inout RLPDecoder) throws(RLPError) {
        let itemOffset = decoder.offset
        let bytes = try decoder.readBytes()
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput:
                self = String(decoding: bytes, as: UTF8.self)
                return
            case .error: throw .invalidUTF8(offset: itemOffset)
            }
        }
    }
}
