public import EthPrimitives
import RLP
public import Secp256k1

/// An unsigned transaction of any of the three types: what a wallet or a relayer builds, then signs.
///
/// Each case holds its own type, so a type's fields are never mixed up with another's (an EIP-1559 transaction
/// has no `gasPrice`); the properties here read what every type has, and the optional ones read what only some
/// have. Signing gives a ``SignedTransaction``, which is what is encoded, sent, decoded and hashed.
///
/// ```swift
/// let envelope = TransactionEnvelope.eip1559(call)
/// let signed = try envelope.sign(with: key)
/// ```
public enum TransactionEnvelope: Hashable, Sendable {
    /// A legacy transaction, pre-EIP-155 or EIP-155.
    case legacy(LegacyTransaction)
    /// An EIP-2930 (type 1) transaction.
    case eip2930(EIP2930Transaction)
    /// An EIP-1559 (type 2) transaction.
    case eip1559(EIP1559Transaction)

    /// The transaction's type.
    public var type: TransactionType {
        switch self {
        case .legacy: .legacy
        case .eip2930: .eip2930
        case .eip1559: .eip1559
        }
    }

    /// The chain the transaction is valid on; nil for a pre-EIP-155 legacy transaction (valid on every chain).
    public var chainID: UInt64? {
        switch self {
        case .legacy(let tx): tx.chainID
        case .eip2930(let tx): tx.chainID
        case .eip1559(let tx): tx.chainID
        }
    }

    /// The sender's transaction count before this one.
    public var nonce: UInt64 {
        switch self {
        case .legacy(let tx): tx.nonce
        case .eip2930(let tx): tx.nonce
        case .eip1559(let tx): tx.nonce
        }
    }

    /// The most gas the transaction may use.
    public var gasLimit: UInt64 {
        switch self {
        case .legacy(let tx): tx.gasLimit
        case .eip2930(let tx): tx.gasLimit
        case .eip1559(let tx): tx.gasLimit
        }
    }

    /// The recipient, or nil for a contract creation.
    public var to: Address? {
        switch self {
        case .legacy(let tx): tx.to
        case .eip2930(let tx): tx.to
        case .eip1559(let tx): tx.to
        }
    }

    /// The wei sent.
    public var value: UInt256 {
        switch self {
        case .legacy(let tx): tx.value
        case .eip2930(let tx): tx.value
        case .eip1559(let tx): tx.value
        }
    }

    /// The call data, or the creation code of a contract creation.
    public var data: [UInt8] {
        switch self {
        case .legacy(let tx): tx.data
        case .eip2930(let tx): tx.data
        case .eip1559(let tx): tx.data
        }
    }

    /// The access list; empty for a legacy transaction, which cannot carry one.
    public var accessList: AccessList {
        switch self {
        case .legacy: []
        case .eip2930(let tx): tx.accessList
        case .eip1559(let tx): tx.accessList
        }
    }

    /// The gas price of a legacy or EIP-2930 transaction; nil for EIP-1559.
    public var gasPrice: UInt256? {
        switch self {
        case .legacy(let tx): tx.gasPrice
        case .eip2930(let tx): tx.gasPrice
        case .eip1559: nil
        }
    }

    /// The fee cap of an EIP-1559 transaction; nil for the others.
    public var maxFeePerGas: UInt256? {
        if case .eip1559(let tx) = self { tx.maxFeePerGas } else { nil }
    }

    /// The priority fee of an EIP-1559 transaction; nil for the others.
    public var maxPriorityFeePerGas: UInt256? {
        if case .eip1559(let tx) = self { tx.maxPriorityFeePerGas } else { nil }
    }

    /// The most wei per gas the sender can be charged: the gas price, or the fee cap of an EIP-1559 transaction.
    public var maxPricePerGas: UInt256 {
        switch self {
        case .legacy(let tx): tx.gasPrice
        case .eip2930(let tx): tx.gasPrice
        case .eip1559(let tx): tx.maxFeePerGas
        }
    }

    /// True when the transaction creates a contract (it has no recipient).
    public var isContractCreation: Bool { to == nil }

    /// The bytes a signer signs (see each type's `signingPayload`).
    public var signingPayload: [UInt8] {
        switch self {
        case .legacy(let tx): tx.payloadForSigning
        case .eip2930(let tx): tx.payloadForSigning
        case .eip1559(let tx): tx.payloadForSigning
        }
    }

    /// The Keccak-256 of ``signingPayload``: the digest the signature is over.
    public var signingHash: Hash {
        switch self {
        case .legacy(let tx): tx.hashForSigning
        case .eip2930(let tx): tx.hashForSigning
        case .eip1559(let tx): tx.hashForSigning
        }
    }

    /// Signs the transaction with `key`: deterministically (RFC 6979) and with a low s (EIP-2), so the same key
    /// and transaction always give the same bytes.
    ///
    /// - Throws: ``TransactionError/signingFailed`` if libsecp256k1 cannot sign (not seen in practice).
    public func sign(with key: PrivateKey) throws(TransactionError) -> SignedTransaction {
        let signature: Signature
        do {
            signature = try ECDSA.sign(digest: signingHash, with: key)
        } catch {
            throw .signingFailed
        }
        return SignedTransaction(validated: self, signature: signature)
    }

    /// The address of the contract this transaction creates when `sender` sends it (CREATE: from the sender and the
    /// nonce), or nil when it is a call.
    public func contractAddress(sender: Address) -> Address? {
        to == nil ? ContractAddress.create(sender: sender, nonce: nonce) : nil
    }
}
