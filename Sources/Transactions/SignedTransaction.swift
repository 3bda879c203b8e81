public import EthPrimitives
import RLP
public import Secp256k1

/// A signed transaction of any type: the transaction, its signature and its hash. What is sent
/// (`eth_sendRawTransaction`), decoded from the wire and included in blocks.
///
/// Every value holds a signature Ethereum accepts (r and s in range, low s), so it encodes to bytes that
/// ``decode(_:)-(ArraySlice<UInt8>)`` reads back unchanged. Whether a sender can be recovered is another matter:
/// ``recoverSender()`` says.
///
/// ```swift
/// let tx = try SignedTransaction.decode(raw)
/// let from = try tx.recoverSender()
/// print(tx.hash, from, tx.transaction.nonce)
/// ```
public struct SignedTransaction: Hashable, Sendable {
    /// The transaction that was signed.
    public let transaction: TransactionEnvelope
    /// The signature over ``TransactionEnvelope/signingHash``.
    public let signature: Signature
    /// The raw bytes, made once when signing or kept from decoding, so that ``encode()`` costs nothing.
    private let raw: [UInt8]

    /// The transaction hash: the Keccak-256 of the raw bytes (``encode()``), as blocks and JSON-RPC name it.
    ///
    /// Computed from the bytes on each access (a few hundred nanoseconds for a typical transaction), so that
    /// signing and decoding do not pay for it when it is not needed; keep it in a constant to use it often.
    public var hash: Hash { Keccak256.hash(raw) }

    /// A signed transaction from a transaction and a signature made elsewhere (a hardware wallet, a remote signer).
    ///
    /// The signature is not checked against a key here; ``recoverSender()`` tells who made it.
    ///
    /// - Throws: ``TransactionError/signatureScalarOutOfRange(field:offset:)`` when r or s is zero or not below
    ///   the curve order, ``TransactionError/highS(offset:)`` when s is above n/2; offsets are where r and s sit in
    ///   the encoding.
    public init(transaction: TransactionEnvelope, signature: Signature) throws(TransactionError) {
        let (rOffset, sOffset) = transaction.signatureOffsets(signature)
        try checkSignatureScalars(signature.r, signature.s, rOffset: rOffset, sOffset: sOffset)
        self.init(validated: transaction, signature: signature)
    }

    /// A signed transaction whose signature is known to be in range; encodes it.
    init(validated transaction: TransactionEnvelope, signature: Signature) {
        self.transaction = transaction
        self.signature = signature
        raw = transaction.signedEncoding(signature)
    }

    /// A signed transaction decoded from `raw`, which is its canonical encoding.
    init(decoded transaction: TransactionEnvelope, signature: Signature, raw: ArraySlice<UInt8>) {
        self.transaction = transaction
        self.signature = signature
        self.raw = Array(raw)
    }

    /// Equal when the raw bytes are: the canonical encoding determines the transaction and the signature, and
    /// they determine it.
    public static func == (a: SignedTransaction, b: SignedTransaction) -> Bool {
        a.raw == b.raw
    }

    /// Hashes the raw bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(raw)
    }

    /// The transaction's type.
    public var type: TransactionType { transaction.type }

    /// The `v` of the signature as the transaction carries it: 27 or 28 (pre-EIP-155 legacy),
    /// `chainId * 2 + 35 + yParity` (EIP-155 legacy), or `yParity` itself (0 or 1) for typed transactions, as
    /// JSON-RPC reports them.
    public var v: UInt256 {
        switch transaction {
        case .legacy(let tx): legacyV(chainID: tx.chainID, yParity: signature.yParity)
        case .eip2930, .eip1559: signature.yParity ? 1 : 0
        }
    }

    /// The raw transaction: `rlp([fields…, v, r, s])` for legacy, `type ‖ rlp([fields…, yParity, r, s])` for
    /// typed ones (EIP-2718).
    ///
    /// The bytes are made once, when the transaction is signed (sized first, written into one allocation of
    /// exactly that size) or kept when it is decoded; this returns them without copying.
    public func encode() -> [UInt8] {
        raw
    }

    /// The size of ``encode()``'s result.
    public var encodedLength: Int { raw.count }

    /// The address that signed the transaction, recovered from the signature and the signing hash.
    ///
    /// - Throws: ``TransactionError/recoveryFailed`` when no public key matches (an r that is not the x of a
    ///   curve point, for example): such a transaction has no sender and no chain accepts it.
    public func recoverSender() throws(TransactionError) -> Address {
        do {
            return try ECDSA.recoverAddress(digest: transaction.signingHash, signature: signature)
        } catch {
            throw .recoveryFailed
        }
    }

    /// The address of the contract this transaction creates (CREATE: from the recovered sender and the nonce), or
    /// nil when it is a call.
    ///
    /// - Throws: ``TransactionError/recoveryFailed`` for a contract creation whose sender cannot be recovered.
    public func contractAddress() throws(TransactionError) -> Address? {
        guard transaction.isContractCreation else { return nil }
        return transaction.contractAddress(sender: try recoverSender())
    }
}

extension TransactionEnvelope {
    /// The signed encoding of the transaction with `signature`.
    func signedEncoding(_ signature: Signature) -> [UInt8] {
        switch self {
        case .legacy(let tx): tx.signedEncoding(signature)
        case .eip2930(let tx): tx.signedEncoding(signature)
        case .eip1559(let tx): tx.signedEncoding(signature)
        }
    }

    /// Where r and s start in the signed encoding with `signature` (for error offsets).
    func signatureOffsets(_ signature: Signature) -> (r: Int, s: Int) {
        func offsets<Fields: TransactionFields>(_ fields: Fields) -> (r: Int, s: Int) {
            let payload = TransactionPayload(fields: fields, signature: signature)
            let prefix = Fields.transactionType == .legacy ? 0 : 1
            let vLength =
                Fields.transactionType == .legacy
                ? legacyV(chainID: fields.legacyReplayProtection, yParity: signature.yParity).encodedLength : 1
            let r =
                prefix + RLPEncoder.headerLength(payloadLength: payload.listPayloadLength) + fields.fieldsLength
                + vLength
            return (r, r + signature.r.encodedLength)
        }
        return switch self {
        case .legacy(let tx): offsets(tx)
        case .eip2930(let tx): offsets(tx)
        case .eip1559(let tx): offsets(tx)
        }
    }
}

/// Checks the rules Ethereum sets on r and s: both in 1..<n (n the curve order), and s ≤ n/2 (EIP-2).
///
/// - Throws: ``TransactionError/signatureScalarOutOfRange(field:offset:)`` or ``TransactionError/highS(offset:)``.
func checkSignatureScalars(_ r: UInt256, _ s: UInt256, rOffset: Int, sOffset: Int) throws(TransactionError) {
    guard r != 0, r < Signature.curveOrder else { throw .signatureScalarOutOfRange(field: "r", offset: rOffset) }
    guard s != 0, s < Signature.curveOrder else { throw .signatureScalarOutOfRange(field: "s", offset: sOffset) }
    guard s <= Signature.halfCurveOrder else { throw .highS(offset: sOffset) }
}
