/// A type with an RLP encoding (as alloy-rlp's `Encodable`).
///
/// Encoding happens in two passes: ``encodedLength`` sizes the output, which is allocated once, then
/// ``encode(to:)`` writes exactly that many bytes into it. A conformance computes its length without allocating.
///
/// ```swift
/// struct Transfer: RLPEncodable {
///     var nonce: UInt64
///     var to: [UInt8]
///     var payloadLength: Int { nonce.encodedLength + to.encodedLength }
///     var encodedLength: Int { RLPEncoder.encodedLength(listPayloadLength: payloadLength) }
///     func encode(to encoder: inout RLPEncoder) {
///         encoder.writeListHeader(payloadLength: payloadLength)
///         encoder.write(nonce)
///         encoder.write(to)
///     }
/// }
/// let bytes = RLPEncoder.encode(transfer)
/// ```
///
/// A type encoded as a list of fields can adopt ``RLPListEncodable`` instead, which writes the header for it.
public protocol RLPEncodable {
    /// The number of bytes ``encode(to:)`` writes: header and payload. Computed without allocating.
    var encodedLength: Int { get }

    /// Writes this value's encoding: exactly ``encodedLength`` bytes.
    func encode(to encoder: inout RLPEncoder)

    /// The encoded size of an array of this type. The default encodes a list; `UInt8` overrides it so that
    /// `[UInt8]` is a byte string, as go-ethereum treats `[]byte`.
    static func encodedLength(ofArray elements: ArraySlice<Self>) -> Int

    /// Writes an array of this type: by default a list of the elements; a byte string for `UInt8`.
    static func encode(array elements: ArraySlice<Self>, to encoder: inout RLPEncoder)
}

extension RLPEncodable {
    /// The size of the items of a list of `elements`, without the list's header.
    @inlinable
    public static func listPayloadLength(of elements: ArraySlice<Self>) -> Int {
        var total = 0
        for element in elements { total += element.encodedLength }
        return total
    }

    /// A list of the elements' encodings.
    @inlinable
    public static func encodedLength(ofArray elements: ArraySlice<Self>) -> Int {
        RLPEncoder.encodedLength(listPayloadLength: listPayloadLength(of: elements))
    }

    /// Writes a list of the elements' encodings.
    @inlinable
    public static func encode(array elements: ArraySlice<Self>, to encoder: inout RLPEncoder) {
        encoder.writeListHeader(payloadLength: listPayloadLength(of: elements))
        for element in elements { element.encode(to: &encoder) }
    }
}

/// A type encoded as a list of its fields (a transaction, a log, a receipt): it says how long the fields are
/// together and writes them; the list header comes from this protocol.
///
/// ```swift
/// extension Transfer: RLPListEncodable {
///     var listPayloadLength: Int { nonce.encodedLength + to.encodedLength }
///     func encodeListItems(to encoder: inout RLPEncoder) {
///         encoder.write(nonce)
///         encoder.write(to)
///     }
/// }
/// ```
public protocol RLPListEncodable: RLPEncodable {
    /// The encoded size of the fields together (the list's payload), computed without allocating.
    var listPayloadLength: Int { get }

    /// Writes the fields, exactly ``listPayloadLength`` bytes, in order.
    func encodeListItems(to encoder: inout RLPEncoder)
}

extension RLPListEncodable {
    /// The list header and the fields.
    @inlinable
    public var encodedLength: Int {
        RLPEncoder.encodedLength(listPayloadLength: listPayloadLength)
    }

    /// Writes the list header, then the fields.
    @inlinable
    public func encode(to encoder: inout RLPEncoder) {
        encoder.writeListHeader(payloadLength: listPayloadLength)
        encodeListItems(to: &encoder)
    }
}
