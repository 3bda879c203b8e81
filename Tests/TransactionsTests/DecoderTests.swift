import EthPrimitives
import RLP
import Secp256k1
import Testing
import Transactions

/// The strict decoder's rules, each with the exact error and offset, on hand-made inputs.
struct DecoderTests {
    /// A valid EIP-1559 transaction's fields (encoded), to break one at a time.
    static let key = try! PrivateKey(hex: "0x" + String(repeating: "46", count: 32))
    static let base = try! EIP1559Transaction(
        chainID: 1, nonce: 3, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 30_000_000_000, gasLimit: 21_000,
        to: try! Address(hex: "0x" + String(repeating: "35", count: 20)), value: 7, data: [0xab, 0xab]
    ).sign(with: key)

    static var baseFields: [RLPItem] {
        let raw = base.encode()
        return try! RLPDecoder.decode(RLPItem.self, from: raw[1...]).items!
    }

    /// The RLP header of a list whose items take `count` bytes.
    static func listHeader(_ count: Int) -> [UInt8] {
        if count < 56 { return [0xc0 + UInt8(count)] }
        let size = RLPEncoder.byteCount(of: count)
        return [0xf7 + UInt8(size)] + (0..<size).reversed().map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
    }

    /// `0x02 ‖ rlp(fields)` with field `index` replaced by the raw RLP `item`.
    static func replacing(_ index: Int, with item: [UInt8]) -> (raw: [UInt8], offset: Int) {
        var encodedFields = baseFields.map { RLPEncoder.encode($0) }
        encodedFields[index] = item
        let payload = encodedFields.flatMap { $0 }
        let header = listHeader(payload.count)
        let offset = 1 + header.count + encodedFields[..<index].reduce(0) { $0 + $1.count }
        return ([0x02] + header + payload, offset)
    }

    @Test func baseIsValid() throws {
        #expect(try SignedTransaction.decode(Self.base.encode()) == Self.base)
        let rebuilt = Self.replacing(0, with: [0x01])
        #expect(rebuilt.raw == Self.base.encode())
        #expect(rebuilt.offset == 3)
    }

    @Test(
        arguments: [
            // (field index, replacement, expected error given the field's offset)
            (1, [0x82, 0x00, 0x03], "nonCanonicalInteger", "nonce"),
            (1, [0x00], "nonCanonicalInteger", "nonce"),
            (1, [0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0], "integerTooLarge", "nonce"),
            (0, [0x81, 0x01], "invalidFieldRLP", "chainId"),
            (4, [0xc0], "expectedBytes", "gasLimit"),
            (5, [0x93] + [UInt8](repeating: 0x35, count: 19), "wrongAddressLength", "to"),
            (8, [0x80], "expectedList", "accessList"),
            (9, [0x02], "invalidYParity", "yParity"),
            (9, [0xc0], "expectedBytes", "yParity"),
            (10, [0x80], "signatureScalarOutOfRange", "r"),
            (11, [0x80], "signatureScalarOutOfRange", "s"),
        ] as [(Int, [UInt8], String, String)])
    func fieldErrorsNameTheFieldAndItsOffset(index: Int, item: [UInt8], rule: String, field: String) {
        let (raw, offset) = Self.replacing(index, with: item)
        do {
            _ = try SignedTransaction.decode(raw)
            Issue.record("accepted")
        } catch {
            #expect(error.rule == rule, "\(error)")
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.contains(field), "\(error)")
        }
    }

    @Test func envelopeErrors() {
        #expect(throws: TransactionError.emptyInput) { try SignedTransaction.decode([]) }
        #expect(throws: TransactionError.unsupportedType(3)) { try SignedTransaction.decode([0x03, 0xc0]) }
        #expect(throws: TransactionError.unsupportedType(0)) { try SignedTransaction.decode([0x00]) }
        #expect(throws: TransactionError.notATransaction) { try SignedTransaction.decode([0x83, 1, 2, 3]) }
        #expect(throws: TransactionError.invalidRLP(.expectedList(offset: 1))) {
            try SignedTransaction.decode([0x02, 0x80])
        }
        #expect(throws: TransactionError.invalidRLP(.truncated(offset: 1))) { try SignedTransaction.decode([0x01]) }
        let raw = Self.base.encode()
        #expect(throws: TransactionError.trailingBytes(offset: raw.count)) {
            try SignedTransaction.decode(raw + [0x80])
        }
        #expect(throws: TransactionError.wrongFieldCount(type: .eip1559, expected: 12, got: 0, offset: 1)) {
            try SignedTransaction.decode([0x02, 0xc0])
        }
        #expect(throws: TransactionError.wrongFieldCount(type: .legacy, expected: 9, got: 3, offset: 0)) {
            try SignedTransaction.decode([0xc3, 0x80, 0x80, 0x80])
        }
    }

    /// When a header is broken the fields cannot be counted up front; the error is then the broken field's.
    @Test func brokenHeaderIsReportedAtItsField() {
        // Eight good fields, then a ninth whose header is cut: the error is the ninth field's.
        let list: [UInt8] = [0x80, 0x01, 0x82, 0x52, 0x08, 0x80, 0x80, 0x80, 0x1b, 0x01, 0xb8]
        let raw = [0xc0 + UInt8(list.count)] + list
        #expect(throws: TransactionError.invalidFieldRLP(field: "s", .truncated(offset: 11))) {
            try SignedTransaction.decode(raw)
        }
        // Nine good fields and a tenth, broken.
        let ten: [UInt8] = [0x80, 0x01, 0x82, 0x52, 0x08, 0x80, 0x80, 0x80, 0x1b, 0x01, 0x01, 0xb8]
        #expect(throws: TransactionError.invalidFieldRLP(field: "field 9", .truncated(offset: 12))) {
            try SignedTransaction.decode([0xc0 + UInt8(ten.count)] + ten)
        }
    }

    @Test func legacyVRules() throws {
        let legacy = try LegacyTransaction(
            chainID: 1, nonce: 0, gasPrice: 1, gasLimit: 21_000, to: nil
        ).sign(with: Self.key)
        var fields = try RLPDecoder.decode(RLPItem.self, from: legacy.encode()).items!
        for (v, accepted) in [
            (27, true), (28, true), (35, true), (36, true), (37, true), (0, false), (1, false),
            (26, false), (29, false), (34, false),
        ] as [(UInt64, Bool)] {
            fields[6] = RLPItem(UInt256(v).minimalBigEndianBytes)
            let raw = RLPEncoder.encode(RLPItem.list(fields))
            if accepted {
                let tx = try SignedTransaction.decode(raw)
                #expect(tx.v == UInt256(v))
                #expect(tx.encode() == raw)
            } else {
                #expect(throws: TransactionError.invalidV(UInt256(v), offset: 2 + 1 + 1 + 3 + 1 + 1 + 1)) {
                    try SignedTransaction.decode(raw)
                }
            }
        }
        // v = 35 names chain 0: it decodes (a well-formed EIP-155 v); chain rules refuse it for any real chain.
        fields[6] = RLPItem([35])
        let chainZero = try SignedTransaction.decode(RLPEncoder.encode(RLPItem.list(fields)))
        #expect(chainZero.transaction.chainID == 0)
    }

    /// Sizes far beyond the input are refused from the header alone, before anything is allocated for them.
    @Test func absurdLengthsAreRefusedWithoutAllocating() {
        // A legacy list declaring 2^62 bytes.
        let hugeList: [UInt8] = [0xff, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x80]
        #expect(throws: TransactionError.invalidRLP(.lengthPastEnd(declared: 1 << 62, available: 1, offset: 0))) {
            try SignedTransaction.decode(hugeList)
        }
        // A data field declaring 2^40 bytes inside a small list.
        let hugeData: [UInt8] = [0x02, 0xce, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xbd, 0x01, 0, 0, 0, 0, 0]
        #expect {
            try SignedTransaction.decode(hugeData)
        } throws: { error in
            guard
                case .invalidFieldRLP(field: "data", .lengthPastEnd(declared: 1 << 40, _, offset: 9)) =
                    error as? TransactionError
            else { return false }
            return true
        }
        // A length that does not fit in Int.
        #expect(throws: TransactionError.invalidRLP(.lengthOverflow(offset: 0))) {
            try SignedTransaction.decode([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80])
        }
    }

    @Test func accessListErrorsNameTheirPath() throws {
        let entry = RLPItem.list([RLPItem([UInt8](repeating: 0x11, count: 20)), .list([RLPItem([1, 2])])])
        let (raw, offset) = Self.replacing(8, with: RLPEncoder.encode(RLPItem.list([entry])))
        #expect(
            throws: TransactionError.wrongStorageKeyLength(
                field: "accessList[0].storageKeys[0]", got: 2, offset: offset + 1 + 1 + 21 + 1)
        ) {
            try SignedTransaction.decode(raw)
        }
        let three = RLPItem.list([RLPItem([UInt8](repeating: 0x11, count: 20)), .list([]), .list([])])
        let (raw3, offset3) = Self.replacing(8, with: RLPEncoder.encode(RLPItem.list([three])))
        #expect(throws: TransactionError.wrongAccessListEntry(field: "accessList[0]", got: 3, offset: offset3 + 1)) {
            try SignedTransaction.decode(raw3)
        }
    }

    @Test func errorDescriptionsAreOneSentence() {
        let errors: [TransactionError] = [
            .emptyInput, .unsupportedType(3), .notATransaction, .invalidRLP(.truncated(offset: 0)),
            .trailingBytes(offset: 4), .wrongFieldCount(type: .legacy, expected: 9, got: 8, offset: 0),
            .invalidFieldRLP(field: "data", .nonCanonicalSize(offset: 9)), .expectedBytes(field: "to", offset: 3),
            .expectedList(field: "accessList", offset: 3), .nonCanonicalInteger(field: "nonce", offset: 1),
            .integerTooLarge(field: "nonce", byteCount: 9, maximum: 8, offset: 1),
            .wrongAddressLength(field: "to", got: 19, offset: 5),
            .wrongStorageKeyLength(field: "accessList[0].storageKeys[1]", got: 31, offset: 60),
            .wrongAccessListEntry(field: "accessList[0]", got: 3, offset: 40), .invalidV(29, offset: 70),
            .invalidYParity(2, offset: 70), .signatureScalarOutOfRange(field: "r", offset: 71), .highS(offset: 104),
            .recoveryFailed, .signingFailed, .wrongChainID(expected: 1, actual: 5),
            .intrinsicGasTooLow(required: 21_000, gasLimit: 20_999), .initCodeTooLarge(size: 49_153, limit: 49_152),
            .nonceAtMaximum, .feeOverflow, .priorityFeeAboveMaxFee(maxPriorityFeePerGas: 2, maxFeePerGas: 1),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("transactions: \(error.rule): "))
            #expect(!error.description.contains("\n"))
            if let offset = error.offset, offset > 0 {
                #expect(error.description.contains("offset \(offset)"), "\(error)")
            }
        }
    }
}
