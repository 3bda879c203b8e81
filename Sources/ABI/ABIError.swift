import EthPrimitives

/// Why the ABI module refused a type, a signature, a value or an encoding.
///
/// This is the one error type of `ABI`. Each case is named after the rule broken. Decoding failures carry the byte
/// offset in the input where the rule was broken; parsing failures carry the character offset in the text. The
/// description starts with `abi:` and reads as one sentence a user can act on.
public enum ABIError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Text: types, signatures, JSON ABI, values

    /// The text does not follow the grammar: `expected` names what should have come at character `offset`.
    case invalidSyntax(text: String, offset: Int, expected: String)
    /// A type name that the ABI does not have (`uint7`, `bytes33`, `foo`), at character `offset` of the text.
    case unknownType(String, offset: Int)
    /// A type that encodes to nothing: a fixed array of zero elements or an empty tuple used as a value type.
    case zeroSizedType(String)
    /// A static type too large to encode (`uint256[4000000000][4000000000]`), beyond 4 GiB.
    case typeTooLarge(String)
    /// Types nested deeper than ``ABIType/maximumDepth`` (arrays of tuples of arrays …), refused to bound recursion.
    case nestingTooDeep(limit: Int)
    /// A JSON ABI document that cannot be read; `item` is the index of the entry in the ABI array when known.
    case invalidJSONABI(reason: String, item: Int?)
    /// Text that is not a value of the type it was given for (command-line or JSON value syntax).
    case invalidValue(text: String, type: ABIType, reason: String)

    // MARK: Values

    /// A value of the wrong kind for its type; `path` locates it (`1[2].0`: argument 1, element 2, component 0).
    case typeMismatch(path: String, expected: ABIType, actual: String)
    /// A number or byte string that does not fit its type (300 for `uint8`, 3 bytes for `bytes4`).
    case valueOutOfRange(path: String, type: ABIType, value: String)
    /// A list with the wrong number of values: arguments for a signature, elements for `T[k]`, tuple components.
    case wrongCount(path: String, expected: Int, actual: Int)
    /// A type that `abi.encodePacked` cannot encode (tuples, nested arrays, arrays of dynamic types).
    case notPackable(ABIType)

    // MARK: Decoding (offsets are bytes from the start of the input)

    /// The input ends before a word or byte string that the type needs: `needed` bytes from `offset`.
    case inputTooShort(offset: Int, needed: Int, available: Int)
    /// The offset word at `offset` points outside the input (`value` is the offset as written, in decimal).
    case offsetOutOfBounds(offset: Int, value: String)
    /// Strict decoding: the offset word at `offset` does not point where a canonical encoder puts the data.
    case nonCanonicalOffset(offset: Int, expected: Int, actual: String)
    /// A length word at `offset` claims more elements or bytes than the rest of the input could hold.
    case lengthOutOfBounds(offset: Int, length: String, available: Int)
    /// A `uintN` (N < 256), `address` or `function` word at `offset` has non-zero bits above its width.
    case dirtyHighBits(offset: Int, type: ABIType)
    /// An `intN` (N < 256) word at `offset` is not the sign extension of its low N bits.
    case badSignExtension(offset: Int, type: ABIType)
    /// A `bool` word at `offset` that is neither 0 nor 1.
    case invalidBool(offset: Int)
    /// Non-zero padding after a `bytesN` value or after the bytes of a `bytes`/`string` at `offset`.
    case dirtyPadding(offset: Int, type: ABIType)
    /// A `string` at `offset` whose bytes are not valid UTF-8 (decode it as `bytes` to see them).
    case invalidUTF8(offset: Int)
    /// Strict decoding: `count` bytes follow the end of the encoding at `offset`.
    case trailingBytes(offset: Int, count: Int)
    /// Lenient decoding: offsets that point at shared data made the decoded value more than
    /// ``ABIDecoder/inflationLimit`` times larger than the input.
    case inflationLimitExceeded(offset: Int)
    /// Calldata or revert data whose first four bytes are not the selector of the function or error asked for.
    case selectorMismatch(expected: Selector, actual: Selector)

    // MARK: Events

    /// A log with the wrong number of topics for its event (the signature topic counts unless the event is anonymous).
    case topicCountMismatch(expected: Int, actual: Int)
    /// A log whose first topic is not the event's signature hash.
    case eventTopicMismatch(expected: Hash, actual: Hash)
    /// A topic that cannot hold the value its parameter type needs (dirty bits in an indexed `address`, …).
    case invalidTopic(index: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidSyntax(let text, let offset, let expected):
            "abi: expected \(expected) at offset \(offset) of \(quoted(text))"
        case .unknownType(let name, let offset):
            "abi: unknown type \(quoted(name)) at offset \(offset) (integers are uint8…uint256 and int8…int256 in "
                + "steps of 8, fixed bytes bytes1…bytes32)"
        case .zeroSizedType(let name):
            "abi: type \(quoted(name)) has no size; fixed arrays need at least one element and tuples one component"
        case .typeTooLarge(let name):
            "abi: type \(quoted(name)) is too large to encode (more than 4 GiB)"
        case .nestingTooDeep(let limit):
            "abi: types nest deeper than \(limit) levels"
        case .invalidJSONABI(let reason, let item):
            if let item {
                "abi: JSON ABI entry \(item): \(reason)"
            } else {
                "abi: JSON ABI: \(reason)"
            }
        case .invalidValue(let text, let type, let reason):
            "abi: \(quoted(text)) is not a valid \(type): \(reason)"
        case .typeMismatch(let path, let expected, let actual):
            "abi: \(place(path)) must be a \(expected) value, not \(actual)"
        case .valueOutOfRange(let path, let type, let value):
            "abi: \(place(path)): \(value) does not fit in \(type)"
        case .wrongCount(let path, let expected, let actual):
            "abi: \(place(path)) needs \(expected) value\(expected == 1 ? "" : "s"), got \(actual)"
        case .notPackable(let type):
            "abi: abi.encodePacked cannot encode \(type); packed mode has no tuples, nested arrays or arrays of "
                + "dynamic types"
        case .inputTooShort(let offset, let needed, let available):
            "abi: input too short: \(needed) bytes needed at offset \(offset) but the input has \(available)"
        case .offsetOutOfBounds(let offset, let value):
            "abi: the offset at byte \(offset) points to \(value), outside the input"
        case .nonCanonicalOffset(let offset, let expected, let actual):
            "abi: the offset at byte \(offset) is \(actual) where a canonical encoding has \(expected) "
                + "(use lenient decoding to accept it)"
        case .lengthOutOfBounds(let offset, let length, let available):
            "abi: the length at byte \(offset) is \(length), more than the \(available) bytes left can hold"
        case .dirtyHighBits(let offset, let type):
            "abi: the \(type) word at byte \(offset) has non-zero bits above its width"
        case .badSignExtension(let offset, let type):
            "abi: the \(type) word at byte \(offset) is not sign-extended to 256 bits"
        case .invalidBool(let offset):
            "abi: the bool word at byte \(offset) is neither 0 nor 1"
        case .dirtyPadding(let offset, let type):
            "abi: the \(type) value at byte \(offset) has non-zero padding"
        case .invalidUTF8(let offset):
            "abi: the string at byte \(offset) is not valid UTF-8 (decode it as bytes instead)"
        case .trailingBytes(let offset, let count):
            "abi: \(count) unexpected byte\(count == 1 ? "" : "s") after the encoding, at offset \(offset)"
        case .inflationLimitExceeded(let offset):
            "abi: offsets reuse data so much that the decoded value would be more than \(ABIDecoder.inflationLimit) "
                + "times the input (at byte \(offset))"
        case .selectorMismatch(let expected, let actual):
            "abi: selector \(actual) is not the expected \(expected)"
        case .topicCountMismatch(let expected, let actual):
            "abi: the log has \(actual) topic\(actual == 1 ? "" : "s") where the event needs \(expected)"
        case .eventTopicMismatch(let expected, let actual):
            "abi: the log's first topic \(actual) is not the event's signature hash \(expected)"
        case .invalidTopic(let index, let reason):
            "abi: topic \(index): \(reason)"
        }
    }
}

/// `text` in double quotes, with control characters escaped, as error messages show user input.
private func quoted(_ text: String) -> String {
    String(reflecting: text.count > 200 ? String(text.prefix(200)) + "…" : text)
}

/// "argument 1[2].0" or "the value" for an empty path.
private func place(_ path: String) -> String {
    path.isEmpty ? "the value" : "argument \(path)"
}
