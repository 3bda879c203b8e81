/// The kinds of transaction this module builds, signs and decodes, by their EIP-2718 type number.
public enum TransactionType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The original transaction (type 0 in JSON-RPC; no type byte on the wire), with or without EIP-155 replay
    /// protection.
    case legacy = 0
    /// EIP-2930: a chain id and an access list, with a single gas price.
    case eip2930 = 1
    /// EIP-1559: a fee cap and a priority fee instead of one gas price, and an access list.
    case eip1559 = 2

    /// The number of fields of a signed transaction of this type (its RLP list).
    public var signedFieldCount: Int {
        switch self {
        case .legacy: 9
        case .eip2930: 11
        case .eip1559: 12
        }
    }

    /// "legacy", "EIP-2930" or "EIP-1559".
    public var description: String {
        switch self {
        case .legacy: "legacy"
        case .eip2930: "EIP-2930"
        case .eip1559: "EIP-1559"
        }
    }
}
