public import EthPrimitives
import RLP
public import Secp256k1

/// An EIP-1559 transaction (type 2): instead of one gas price, a fee cap (`maxFeePerGas`) and a tip to the block
/// producer (`maxPriorityFeePerGas`); the sender pays `min(maxFeePerGas, baseFee + maxPriorityFeePerGas)` per gas.
///
/// On the wire it is `0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
/// accessList, yParity, r, s])`; the signature is over the Keccak-256 of the same without the last three fields.
///
/// ```swift
/// let call = EIP1559Transaction(
///     chainID: 1, nonce: 7, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 40_000_000_000,
///     gasLimit: 90_000, to: escrow, data: calldata)
/// let signed = try call.sign(with: key)
/// send(signed.encode())               // eth_sendRawTransaction
/// ```
public struct EIP1559Transaction: Hashable, Sendable {
    /// The chain the transaction is valid on.
    public var chainID: UInt64
    /// The sender's transaction count before this one.
    public var nonce: UInt64
    /// The most wei per gas paid to the block producer on top of the base fee.
    public var maxPriorityFeePerGas: UInt256
    /// The most wei per gas paid in all (base fee and priority fee together).
    public var maxFeePerGas: UInt256
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

    /// An EIP-1559 transaction; `value`, `data` and `accessList` default to empty.
    public init(
        chainID: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256, gasLimit: UInt64,
        to: Address?, value: UInt256 = 0, data: [UInt8] = [], accessList: AccessList = []
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.accessList = accessList
    }

    /// The bytes a signer signs: `0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to,
    /// value, data, accessList])`.
    public var signingPayload: [UInt8] { payloadForSigning }

    /// The Keccak-256 of ``signingPayload``: the digest the signature is over.
    public var signingHash: Hash { hashForSigning }

    /// Signs the transaction with `key` (deterministic, low s) and returns it with its signature and hash.
    ///
    /// - Throws: ``TransactionError/signingFailed`` if libsecp256k1 cannot sign (not seen in practice).
    public func sign(with key: PrivateKey) throws(TransactionError) -> SignedTransaction {
        try TransactionEnvelope.eip1559(self).sign(with: key)
    }
}

extension EIP1559Transaction: TransactionFields {
    static var transactionType: TransactionType { .eip1559 }

    var fieldsLength: Int {
        chainID.encodedLength + nonce.encodedLength + maxPriorityFeePerGas.encodedLength
            + maxFeePerGas.encodedLength + gasLimit.encodedLength + recipientLength(to) + value.encodedLength
            + RLPEncoder.encodedLength(ofBytes: data) + accessList.encodedLength
    }

    func writeFields(to encoder: inout RLPEncoder) {
        encoder.write(chainID)
        encoder.write(nonce)
        encoder.write(maxPriorityFeePerGas)
        encoder.write(maxFeePerGas)
        encoder.write(gasLimit)
        writeRecipient(to, to: &encoder)
        encoder.write(value)
        encoder.writeBytes(data)
        encoder.write(accessList)
    }
}
