public import EthPrimitives
public import RLP

/// Why a transaction was refused: by the strict decoder, by signing or recovery, or by a chain's rules.
///
/// This is the one error type of the `Transactions` module. Each case is named after the rule broken and, where a
/// place in the input makes sense, carries `offset`: the position, counted in bytes from the first byte of the raw
/// transaction (the type byte of a typed one), of the item that broke it. `field` names the field as JSON-RPC
/// spells it (`nonce`, `gasPrice`, `to`, `accessList[1].storageKeys[0]`, …). Descriptions start with
/// `transactions:` and read as one sentence.
public enum TransactionError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    // MARK: The envelope

    /// No bytes at all.
    case emptyInput
    /// A first byte below 0x80 that is not a transaction type this module knows (1 for EIP-2930, 2 for EIP-1559);
    /// blob (3) and set-code (4) transactions are among them.
    case unsupportedType(UInt8)
    /// A first byte from 0x80 to 0xbf: an RLP byte string, where a legacy transaction is a list and a typed one
    /// starts with its type byte.
    case notATransaction
    /// The transaction's list is not canonical RLP (a bad or non-minimal header, a length past the end), or is a
    /// byte string where the list should be.
    case invalidRLP(RLPError)
    /// Bytes after the end of the transaction.
    case trailingBytes(offset: Int)
    /// A transaction list with another number of fields than its type has (9 legacy, 11 EIP-2930, 12 EIP-1559).
    case wrongFieldCount(type: TransactionType, expected: Int, got: Int, offset: Int)

    // MARK: Fields

    /// A field that breaks a rule of canonical RLP (a non-minimal header, a length past the end of the list).
    case invalidFieldRLP(field: String, RLPError)
    /// A list where a byte string or an integer belongs.
    case expectedBytes(field: String, offset: Int)
    /// A byte string where a list belongs (the access list and its parts).
    case expectedList(field: String, offset: Int)
    /// An integer written with a leading zero byte (zero is the empty string, `0x80`).
    case nonCanonicalInteger(field: String, offset: Int)
    /// An integer with more bytes than the field holds (8 for nonces, gas limits and chain ids, 32 for amounts).
    case integerTooLarge(field: String, byteCount: Int, maximum: Int, offset: Int)
    /// An address that is not 20 bytes long (a recipient may also be empty, for a contract creation).
    case wrongAddressLength(field: String, got: Int, offset: Int)
    /// An access list storage key that is not 32 bytes long.
    case wrongStorageKeyLength(field: String, got: Int, offset: Int)
    /// An access list entry that is not a list of exactly an address and a list of storage keys.
    case wrongAccessListEntry(field: String, got: Int, offset: Int)

    // MARK: The signature

    /// A legacy `v` that is neither 27 nor 28 (pre-EIP-155) nor `chainId * 2 + 35` or `+ 36` for a chain id that
    /// fits in 64 bits (EIP-155).
    case invalidV(UInt256, offset: Int)
    /// A typed transaction's `yParity` other than 0 or 1.
    case invalidYParity(UInt256, offset: Int)
    /// `r` or `s` is zero or not below the curve order n.
    case signatureScalarOutOfRange(field: String, offset: Int)
    /// `s` is above n/2: Ethereum accepts only low-s signatures since Homestead (EIP-2).
    case highS(offset: Int)
    /// No public key matches the signature and the signing hash: the transaction has no sender.
    case recoveryFailed
    /// libsecp256k1 could not produce a signature (its nonce function failed; not seen in practice).
    case signingFailed

    // MARK: A chain's rules (see ``ChainRules``)

    /// A transaction signed for another chain: EIP-155 and typed transactions name the chain they are valid on.
    case wrongChainID(expected: UInt64, actual: UInt64)
    /// A gas limit below the transaction's intrinsic gas (what it costs before any code runs).
    case intrinsicGasTooLow(required: UInt64, gasLimit: UInt64)
    /// Contract-creation code longer than the limit of EIP-3860 (49152 bytes).
    case initCodeTooLarge(size: Int, limit: Int)
    /// A nonce of 2^64 - 1, which EIP-2681 reserves: the account's nonce could not be incremented past it.
    case nonceAtMaximum
    /// `gasLimit` times the gas price (or the fee cap) does not fit in 256 bits.
    case feeOverflow
    /// An EIP-1559 priority fee above the fee cap.
    case priorityFeeAboveMaxFee(maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256)

    /// The byte offset in the raw transaction of the item that broke the rule, when the rule is about one.
    public var offset: Int? {
        switch self {
        case .unsupportedType, .notATransaction: 0
        case .invalidRLP(let error): error.offset
        case .invalidFieldRLP(_, let error): error.offset
        case .trailingBytes(let offset), .wrongFieldCount(_, _, _, let offset), .expectedBytes(_, let offset),
            .expectedList(_, let offset), .nonCanonicalInteger(_, let offset), .integerTooLarge(_, _, _, let offset),
            .wrongAddressLength(_, _, let offset), .wrongStorageKeyLength(_, _, let offset),
            .wrongAccessListEntry(_, _, let offset), .invalidV(_, let offset), .invalidYParity(_, let offset),
            .signatureScalarOutOfRange(_, let offset), .highS(let offset):
            offset
        case .emptyInput, .recoveryFailed, .signingFailed, .wrongChainID, .intrinsicGasTooLow, .initCodeTooLarge,
            .nonceAtMaximum, .feeOverflow, .priorityFeeAboveMaxFee:
            nil
        }
    }

    /// The rule's name, as the case is spelled (`"highS"`): what vector files and logs refer to.
    public var rule: String {
        switch self {
        case .emptyInput: "emptyInput"
        case .unsupportedType: "unsupportedType"
        case .notATransaction: "notATransaction"
        case .invalidRLP: "invalidRLP"
        case .trailingBytes: "trailingBytes"
        case .wrongFieldCount: "wrongFieldCount"
        case .invalidFieldRLP: "invalidFieldRLP"
        case .expectedBytes: "expectedBytes"
        case .expectedList: "expectedList"
        case .nonCanonicalInteger: "nonCanonicalInteger"
        case .integerTooLarge: "integerTooLarge"
        case .wrongAddressLength: "wrongAddressLength"
        case .wrongStorageKeyLength: "wrongStorageKeyLength"
        case .wrongAccessListEntry: "wrongAccessListEntry"
        case .invalidV: "invalidV"
        case .invalidYParity: "invalidYParity"
        case .signatureScalarOutOfRange: "signatureScalarOutOfRange"
        case .highS: "highS"
        case .recoveryFailed: "recoveryFailed"
        case .signingFailed: "signingFailed"
        case .wrongChainID: "wrongChainID"
        case .intrinsicGasTooLow: "intrinsicGasTooLow"
        case .initCodeTooLarge: "initCodeTooLarge"
        case .nonceAtMaximum: "nonceAtMaximum"
        case .feeOverflow: "feeOverflow"
        case .priorityFeeAboveMaxFee: "priorityFeeAboveMaxFee"
        }
    }

    private static func bytes(_ count: Int) -> String {
        count == 1 ? "1 byte" : "\(count) bytes"
    }

    public var description: String {
        let at = offset.map { " at offset \($0)" } ?? ""
        return switch self {
        case .emptyInput:
            "transactions: emptyInput: the raw transaction is empty"
        case .unsupportedType(let type):
            "transactions: unsupportedType: transaction type \(type) is not supported "
                + "(legacy, 1 for EIP-2930 and 2 for EIP-1559 are)"
        case .notATransaction:
            "transactions: notATransaction: the input starts with an RLP byte string; a legacy transaction is a list "
                + "and a typed one starts with its type byte"
        case .invalidRLP(let error):
            "transactions: invalidRLP: the transaction is not canonical RLP (\(error))"
        case .trailingBytes:
            "transactions: trailingBytes: unexpected bytes\(at) after the end of the transaction"
        case .wrongFieldCount(let type, let expected, let got, _):
            "transactions: wrongFieldCount: the \(type) transaction list\(at) has \(got) field\(got == 1 ? "" : "s") "
                + "where \(expected) were expected"
        case .invalidFieldRLP(let field, let error):
            "transactions: invalidFieldRLP: \(field) is not canonical RLP (\(error))"
        case .expectedBytes(let field, _):
            "transactions: expectedBytes: \(field)\(at) is a list where a byte string was expected"
        case .expectedList(let field, _):
            "transactions: expectedList: \(field)\(at) is a byte string where a list was expected"
        case .nonCanonicalInteger(let field, _):
            "transactions: nonCanonicalInteger: \(field)\(at) has a leading zero byte (zero is written 0x80)"
        case .integerTooLarge(let field, let byteCount, let maximum, _):
            "transactions: integerTooLarge: \(field)\(at) has \(Self.bytes(byteCount)), more than its "
                + "\(Self.bytes(maximum))"
        case .wrongAddressLength(let field, let got, _):
            "transactions: wrongAddressLength: \(field)\(at) has \(Self.bytes(got)) where an address has 20"
                + (field == "to" ? " (or 0, to create a contract)" : "")
        case .wrongStorageKeyLength(let field, let got, _):
            "transactions: wrongStorageKeyLength: \(field)\(at) has \(Self.bytes(got)) where a storage key has 32"
        case .wrongAccessListEntry(let field, let got, _):
            "transactions: wrongAccessListEntry: \(field)\(at) has \(got) item\(got == 1 ? "" : "s") where an "
                + "access list entry has 2 (an address and a list of storage keys)"
        case .invalidV(let v, _):
            "transactions: invalidV: v\(at) is \(v); a legacy transaction's v is 27 or 28, or chainId * 2 + 35 "
                + "or + 36 (EIP-155)"
        case .invalidYParity(let value, _):
            "transactions: invalidYParity: yParity\(at) is \(value); it must be 0 or 1"
        case .signatureScalarOutOfRange(let field, _):
            "transactions: signatureScalarOutOfRange: \(field)\(at) must be above zero and below the curve order"
        case .highS:
            "transactions: highS: s\(at) is above n/2; Ethereum accepts only low-s signatures (EIP-2)"
        case .recoveryFailed:
            "transactions: recoveryFailed: no public key matches the signature and the signing hash, so the "
                + "transaction has no sender"
        case .signingFailed:
            "transactions: signingFailed: libsecp256k1 could not sign (its nonce function gave no valid nonce)"
        case .wrongChainID(let expected, let actual):
            "transactions: wrongChainID: the transaction is signed for chain \(actual), not chain \(expected)"
        case .intrinsicGasTooLow(let required, let gasLimit):
            "transactions: intrinsicGasTooLow: the gas limit \(gasLimit) is below the intrinsic gas \(required)"
        case .initCodeTooLarge(let size, let limit):
            "transactions: initCodeTooLarge: the creation code has \(Self.bytes(size)), more than the "
                + "\(limit) EIP-3860 allows"
        case .nonceAtMaximum:
            "transactions: nonceAtMaximum: the nonce is 2^64 - 1, which EIP-2681 leaves unusable"
        case .feeOverflow:
            "transactions: feeOverflow: the gas limit times the gas price or fee cap does not fit in 256 bits"
        case .priorityFeeAboveMaxFee(let priority, let max):
            "transactions: priorityFeeAboveMaxFee: maxPriorityFeePerGas \(priority) is above maxFeePerGas \(max)"
        }
    }
}
