/// Why RLP input was refused.
///
/// This is the one error type of the `RLP` module. Each case is named after the rule of canonical RLP that the
/// input breaks, and carries `offset`: the position, counted in bytes from the start of the input given to the
/// decoder, of the first byte of the offending item (for a malformed length, of the item's header). Descriptions
/// start with `rlp:` and read as one sentence.
public enum RLPError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The input ends inside an item's header, or where an item was expected (an empty input, for example).
    case truncated(offset: Int)
    /// A header declares a payload longer than what is left of the input or of the enclosing list.
    case lengthPastEnd(declared: Int, available: Int, offset: Int)
    /// A long-form length that does not fit in `Int` (or that, added to its header, would not).
    case lengthOverflow(offset: Int)
    /// A long-form length whose first byte is zero (`0xb8 0x00 …`): lengths are written without leading zeros.
    case leadingZeroInLength(offset: Int)
    /// The long form (`0xb8…0xbf`, `0xf8…0xff`) used for a payload shorter than 56 bytes, which has a short form.
    case nonCanonicalSize(offset: Int)
    /// A single byte below `0x80` wrapped as a one-byte string (`0x81 0x00…0x7f`): such a byte is its own encoding.
    case nonCanonicalSingleByte(offset: Int)
    /// An integer whose big-endian bytes start with zero (zero itself is the empty string, `0x80`).
    case leadingZeroInInteger(offset: Int)
    /// An integer with more bytes than the target type holds, like 9 bytes for `UInt64`.
    case integerOverflow(type: String, byteCount: Int, offset: Int)
    /// Bytes after the end of the single item that the whole input should be.
    case trailingBytes(offset: Int)
    /// A list with a different number of items than the type being decoded has fields.
    case listLengthMismatch(expected: Int, got: Int, offset: Int)
    /// A byte string where a list was expected.
    case expectedList(offset: Int)
    /// A list where a byte string (or an integer) was expected.
    case expectedBytes(offset: Int)
    /// A byte string of the wrong length for a fixed-size value (an address, a hash, …).
    case wrongByteCount(expected: Int, got: Int, offset: Int)
    /// A boolean other than `0x80` (false) or `0x01` (true).
    case invalidBool(offset: Int)
    /// A byte string decoded as `String` that is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// Lists nested deeper than the decoder's `maxDepth`.
    case depthLimitExceeded(limit: Int, offset: Int)

    /// The byte offset where the problem was found.
    public var offset: Int {
        switch self {
        case .truncated(let offset), .lengthPastEnd(_, _, let offset), .lengthOverflow(let offset),
            .leadingZeroInLength(let offset), .nonCanonicalSize(let offset), .nonCanonicalSingleByte(let offset),
            .leadingZeroInInteger(let offset), .integerOverflow(_, _, let offset), .trailingBytes(let offset),
            .listLengthMismatch(_, _, let offset), .expectedList(let offset), .expectedBytes(let offset),
            .wrongByteCount(_, _, let offset), .invalidBool(let offset), .invalidUTF8(let offset),
            .depthLimitExceeded(_, let offset):
            offset
        }
    }

    /// The rule's name, as the case is spelled (`"nonCanonicalSize"`): what vector files and logs refer to.
    public var rule: String {
        switch self {
        case .truncated: "truncated"
        case .lengthPastEnd: "lengthPastEnd"
        case .lengthOverflow: "lengthOverflow"
        case .leadingZeroInLength: "leadingZeroInLength"
        case .nonCanonicalSize: "nonCanonicalSize"
        case .nonCanonicalSingleByte: "nonCanonicalSingleByte"
        case .leadingZeroInInteger: "leadingZeroInInteger"
        case .integerOverflow: "integerOverflow"
        case .trailingBytes: "trailingBytes"
        case .listLengthMismatch: "listLengthMismatch"
        case .expectedList: "expectedList"
        case .expectedBytes: "expectedBytes"
        case .wrongByteCount: "wrongByteCount"
        case .invalidBool: "invalidBool"
        case .invalidUTF8: "invalidUTF8"
        case .depthLimitExceeded: "depthLimitExceeded"
        }
    }

    private func bytes(_ count: Int) -> String {
        count == 1 ? "1 byte" : "\(count) bytes"
    }

    public var description: String {
        let at = "at offset \(offset)"
        return switch self {
        case .truncated:
            "rlp: truncated: the input ends before the header of the item \(at) is complete"
        case .lengthPastEnd(let declared, let available, _):
            "rlp: lengthPastEnd: the item \(at) declares \(bytes(declared)) of payload but only \(bytes(available)) "
                + (available == 1 ? "remains" : "remain")
        case .lengthOverflow:
            "rlp: lengthOverflow: the item \(at) declares a length too large to address"
        case .leadingZeroInLength:
            "rlp: leadingZeroInLength: the length of the item \(at) has a leading zero byte"
        case .nonCanonicalSize:
            "rlp: nonCanonicalSize: the item \(at) uses the long form for a payload under 56 bytes"
        case .nonCanonicalSingleByte:
            "rlp: nonCanonicalSingleByte: the item \(at) wraps a single byte below 0x80, which must be written bare"
        case .leadingZeroInInteger:
            "rlp: leadingZeroInInteger: the integer \(at) has a leading zero byte (zero is written 0x80)"
        case .integerOverflow(let type, let byteCount, _):
            "rlp: integerOverflow: the integer \(at) has \(bytes(byteCount)), too many for \(type)"
        case .trailingBytes:
            "rlp: trailingBytes: unexpected bytes \(at) after the end of the item"
        case .listLengthMismatch(let expected, let got, _):
            "rlp: listLengthMismatch: the list \(at) has \(got) item\(got == 1 ? "" : "s") where \(expected) "
                + (expected == 1 ? "was expected" : "were expected")
        case .expectedList:
            "rlp: expectedList: the item \(at) is a byte string where a list was expected"
        case .expectedBytes:
            "rlp: expectedBytes: the item \(at) is a list where a byte string was expected"
        case .wrongByteCount(let expected, let got, _):
            "rlp: wrongByteCount: the byte string \(at) has \(bytes(got)) where exactly \(bytes(expected)) "
                + (expected == 1 ? "was expected" : "were expected")
        case .invalidBool:
            "rlp: invalidBool: the boolean \(at) is neither 0x80 (false) nor 0x01 (true)"
        case .invalidUTF8:
            "rlp: invalidUTF8: the string \(at) is not valid UTF-8"
        case .depthLimitExceeded(let limit, _):
            "rlp: depthLimitExceeded: the list \(at) nests deeper than the limit of \(limit)"
        }
    }
}
