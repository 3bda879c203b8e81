/// Why a primitive value (hex text, an integer, an address, a fixed-size byte string) was refused.
///
/// This is the one error type of `EthPrimitives`. Each case is named after the rule broken; its description starts
/// with what was being read and reads as a sentence a user can act on.
public enum PrimitivesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Text that should start with `0x` (or `0X`) does not.
    case missingHexPrefix
    /// An odd number of hex digits: they do not spell whole bytes.
    case oddHexLength(digits: Int)
    /// A character that is not a hex digit, at this character offset of the whole text.
    case invalidHexCharacter(Character, offset: Int)
    /// A byte string of the wrong size for a fixed-size type (`Address`, `Hash`, `Selector`, …).
    case wrongByteCount(type: String, expected: Int, actual: Int)
    /// A byte string longer than a number type holds (more than 32 bytes for `UInt256`), even with leading zeros.
    case tooManyBytes(type: String, maximum: Int, actual: Int)
    /// A mixed-case address whose letters do not match its EIP-55 checksum.
    case badAddressChecksum(given: String, expected: String)
    /// Text that is not a number of the expected form (decimal, or `0x` hex), with the offending character's offset.
    case invalidNumber(String, offset: Int)
    /// No digits where a number was expected.
    case emptyNumber
    /// A number that does not fit the type, like 2^256 for `UInt256`.
    case numberOutOfRange(String, type: String)
    /// A quantity with leading zeros where Ethereum's JSON-RPC requires the compact form (`0x0`, `0x1a`).
    case nonCompactQuantity(String)

    public var description: String {
        switch self {
        case .missingHexPrefix: "hex: expected 0x followed by hex digits"
        case .oddHexLength(let n): "hex: odd number of hex digits (\(n)); each byte needs two"
        case .invalidHexCharacter(let c, let offset):
            "hex: invalid character \(String(reflecting: String(c))) at offset \(offset)"
        case .wrongByteCount(let type, let expected, let actual):
            "\(type): expected \(expected) bytes, got \(actual)"
        case .tooManyBytes(let type, let maximum, let actual):
            "\(type): expected at most \(maximum) bytes, got \(actual)"
        case .badAddressChecksum(let given, let expected):
            "address: \(given) fails its EIP-55 checksum (expected \(expected), or write it all in one case)"
        case .invalidNumber(let text, let offset):
            "number: invalid character at offset \(offset) in \(String(reflecting: text))"
        case .emptyNumber: "number: no digits"
        case .numberOutOfRange(let text, let type): "number: \(text) does not fit in \(type)"
        case .nonCompactQuantity(let text):
            "quantity: \(text) has leading zeros; JSON-RPC quantities are compact (0x0, 0x1a)"
        }
    }
}
