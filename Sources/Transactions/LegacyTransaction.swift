public import EthPrimitives
import RLP
public import Secp256k1

/// The original Ethereum transaction (type 0), with EIP-155 replay protection when it names a chain.
///
/// With a `chainID`, the signature commits to it (the signing payload ends with `chainId, 0, 0`, and `v` is
/// `chainId * 2 + 35 + yParity`), so the transaction is valid on that chain only. Without one it is a pre-EIP-155
/// transaction (`v` is 27 or 28), valid on every chain: only sign such a transaction when replaying it elsewhere is
/// intended (deterministic deployment proxies, for example).
///
/// ```swift
/// let transfer = LegacyTransaction(
///     chainID: 1, nonce: 9, gasPrice: 20_000_000_000, gasLimit: 21_000, to: recipient,
///     value: 1_000_000_000_000_000_000)
/// let signed = try transfer.sign(with: key)
/// let raw = signed.encode()           // f86c 09 8504a817c800 825208 94… 25 a0… a0…
/// ```
public struct LegacyTransaction: Hashable, Sendable {
    /// The chain this transaction is protected for by EIP-155, or nil for a pre-EIP-155 transaction.
    public var chainID: UInt64?
    /// The sender's transaction count before this one.
    public var nonce: UInt64
    /// The price of one unit of gas, in wei.
    public var gasPrice: UInt256
    /// The most gas the transaction may use.
    public var gasLimit: UInt64
    /// The recipient, or nil to create a contract whose code `data` builds.
    public var to: Address?
    /// The wei sent to the recipient (or to the new contract).
    public var value: UInt256
    /// The call data, or the creation code when `to` is nil.
    public var data: [UInt8]

    /// A legacy transaction; all fields but `nonce`, `gasPrice` and `gasLimit` have the values of a plain call.
    ///
    /// - Parameter chainID: the chain to protect the transaction for (EIP-155); nil signs it pre-EIP-155.
    public init(
        chainID: UInt64?, nonce: UInt64, gasPrice: UInt256, gasLimit: UInt64, to: Address?, value: UInt256 = 0,
        data: [UInt8] = []
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
    }

    /// The bytes a signer signs: `rlp([nonce, gasPrice, gasLimit, to, value, data])`, followed inside the list by
    /// `chainId, 0, 0` under EIP-155.
    public var signingPayload: [UInt8] { payloadForSigning }

    /// The Keccak-256 of ``signingPayload``: the digest the signature is over.
    public var signingHash: Hash { hashForSigning }

    /// Signs the transaction with `key` (deterministic, low s) and returns it with its signature and hash.
    ///
    /// - Throws: ``TransactionError/signingFailed`` if libsecp256k1 cannot sign (not seen in practice).
    public func sign(with key: PrivateKey) throws(TransactionError) -> SignedTransaction {
        try TransactionEnvelope.legacy(self).sign(with: key)
    }
}

extension LegacyTransaction: TransactionFields {
    static var transactionType: TransactionType { .legacy }

    var legacyReplayProtection: UInt64? { chainID }

    var fieldsLength: Int {
        nonce.encodedLength + gasPrice.encodedLength + gasLimit.encodedLength + recipientLength(to)
            + value.encodedLength + RLPEncoder.encodedLength(ofBytes: data)
    }

    func writeFields(to encoder: inout RLPEncoder) {
        encoder.write(nonce)
        encoder.write(gasPrice)
        encoder.write(gasLimit)
        writeRecipient(to, to: &encoder)
        encoder.write(value)
        encoder.writeBytes(data)
    }
}
