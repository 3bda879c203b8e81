import EthPrimitives
import RLP
import Secp256k1

// How the three transaction types become bytes. Each type writes its own fields (without the signature); one
// generic payload adds what follows them (nothing, EIP-155's `[chainId, 0, 0]`, or `v, r, s`), the list header and,
// for typed transactions, the type byte in front. Lengths are computed first, so every encoding is one allocation
// of exactly the right size.

/// The fields of one transaction type, before the signature.
protocol TransactionFields: Sendable {
    /// The type the fields belong to.
    static var transactionType: TransactionType { get }
    /// The encoded size of the fields, without the list header or the signature.
    var fieldsLength: Int { get }
    /// Writes the fields, exactly `fieldsLength` bytes.
    func writeFields(to encoder: inout RLPEncoder)
    /// The chain id a legacy transaction is protected for by EIP-155; nil for pre-155 legacy and typed ones (whose
    /// chain id is one of their fields).
    var legacyReplayProtection: UInt64? { get }
}

extension TransactionFields {
    var legacyReplayProtection: UInt64? { nil }
}

/// The legacy `v` of a signature: 27 or 28 without a chain id, `chainId * 2 + 35 + yParity` with one (EIP-155).
/// Computed in 256 bits, since it passes 2^64 for chain ids from 2^63 on.
func legacyV(chainID: UInt64?, yParity: Bool) -> UInt256 {
    let parity: UInt256 = yParity ? 1 : 0
    guard let chainID else { return 27 + parity }
    return UInt256(chainID) * 2 + 35 + parity
}

/// A transaction as it is signed (`signature` nil) or sent (`signature` set): the optional type byte and one list.
struct TransactionPayload<Fields: TransactionFields>: RLPEncodable {
    let fields: Fields
    let signature: Signature?

    /// The size of what follows the fields in the list.
    var tailLength: Int {
        if let signature {
            let v =
                Fields.transactionType == .legacy
                ? legacyV(chainID: fields.legacyReplayProtection, yParity: signature.yParity).encodedLength : 1
            return v + signature.r.encodedLength + signature.s.encodedLength
        }
        if let chainID = fields.legacyReplayProtection {
            return chainID.encodedLength + 2
        }
        return 0
    }

    var listPayloadLength: Int { fields.fieldsLength + tailLength }

    var encodedLength: Int {
        (Fields.transactionType == .legacy ? 0 : 1) + RLPEncoder.encodedLength(listPayloadLength: listPayloadLength)
    }

    func encode(to encoder: inout RLPEncoder) {
        if Fields.transactionType != .legacy {
            encoder.writeRaw(CollectionOfOne(Fields.transactionType.rawValue))
        }
        encoder.writeListHeader(payloadLength: listPayloadLength)
        fields.writeFields(to: &encoder)
        if let signature {
            if Fields.transactionType == .legacy {
                encoder.write(legacyV(chainID: fields.legacyReplayProtection, yParity: signature.yParity))
            } else {
                encoder.write(signature.yParity)
            }
            encoder.write(signature.r)
            encoder.write(signature.s)
        } else if let chainID = fields.legacyReplayProtection {
            encoder.write(chainID)
            encoder.writeInteger(0 as UInt8)
            encoder.writeInteger(0 as UInt8)
        }
    }
}

extension TransactionFields {
    /// The bytes that are hashed and signed: `rlp(fields)` for pre-155 legacy, `rlp(fields ‖ chainId, 0, 0)` for
    /// EIP-155, `type ‖ rlp(fields)` for typed transactions.
    var payloadForSigning: [UInt8] {
        RLPEncoder.encode(TransactionPayload(fields: self, signature: nil))
    }

    /// The Keccak-256 of ``payloadForSigning``.
    var hashForSigning: Hash {
        Keccak256.hash(payloadForSigning)
    }

    /// The raw signed transaction: `rlp(fields ‖ v, r, s)` or `type ‖ rlp(fields ‖ yParity, r, s)`.
    func signedEncoding(_ signature: Signature) -> [UInt8] {
        RLPEncoder.encode(TransactionPayload(fields: self, signature: signature))
    }
}

/// The encoded size of an optional recipient: 21 for an address, 1 for the empty string of a creation.
@inline(__always)
func recipientLength(_ to: Address?) -> Int {
    to == nil ? 1 : 21
}

/// Writes an optional recipient: the address, or the empty string for a contract creation.
@inline(__always)
func writeRecipient(_ to: Address?, to encoder: inout RLPEncoder) {
    if let to {
        encoder.write(to)
    } else {
        encoder.writeBytes(EmptyCollection<UInt8>())
    }
}
