public import EthPrimitives
import RLP
public import Secp256k1

/// An EIP-2930 transaction (type 1): a legacy-style gas price, a chain id among the signed fields, and an access
/// list of accounts and storage slots to warm in advance.
///
/// On the wire it is `0x01 ‖ rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, yParity, r, s])`;
/// the signature is over the Keccak-256 of `0x01 ‖ rlp([chainId, …, accessList])`.
public struct EIP2930Transaction: Hashable, Sendable {
    /// The chain the transaction is valid on.
    public var chainID: UInt64
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
    /// The accounts and storage slots the transaction declares it will touch.
    public var accessList: AccessList

    /// An EIP-2930 transaction; `value`, `data` and `accessList` default to empty.
    public init(
        chainID: UInt64, nonce: UInt64, gasPrice: UInt256, gasLimit: UInt64, to: Address?, value: UInt256 = 0,
        data: [UInt8] = [], accessList: AccessList = []
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.accessList = accessList
    }

    /// The bytes a signer signs: `0x01 ‖ rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList])`.
    public var signingPayload: [UInt8] { payloadForSigning }

    /// The Keccak-256 of ``signingPayload``: the digest the signature is over.
    public var signingHash: Hash { hashForSigning }

    /// Signs the transaction with `key` (deterministic, low s) and returns it with its signature and hash.
    ///
    /// - Throws: ``TransactionError/signingFailed`` if libsecp256k1 cannot sign (not seen in practice).
    public func sign(with key: PrivateKey) throws(TransactionError) -> SignedTransaction {
        try TransactionEnvelope.eip2930(self).sign(with: key)
    }
}

extension EIP2930Transaction: TransactionFields {
    static var transactionType: TransactionType { .eip2930 }

    var fieldsLength: Int {
        chainID.encodedLength + nonce.encodedLength + gasPrice.encodedLength + gasLimit.encodedLength
            + recipientLength(to) + value.encodedLength + RLPEncoder.encodedLength(ofBytes: data)
            + accessList.encodedLength
    }

    func writeFields(to encoder: inout RLPEncoder) {
        encoder.write(chainID)
        encoder.write(nonce)
        encoder.write(gasPrice)
        encoder.write(gasLimit)
        writeRecipient(to, to: &encoder)
        encoder.write(value)
        encoder.writeBytes(data)
        encoder.write(accessList)
    }
}
