import EthPrimitives
import RLP
import Secp256k1

// The strict decoder: raw bytes to a SignedTransaction, refusing everything that is not the one canonical
// encoding of a well-formed transaction with an acceptable signature. Nothing is allocated before the bytes that
// justify it have been seen: lengths come from RLP headers checked against what is left of the input, so a header
// that declares gigabytes of data in a short input is refused before any copy.

extension SignedTransaction {
    /// Decodes a raw transaction (what `eth_sendRawTransaction` takes and `eth_getRawTransactionByHash` returns).
    ///
    /// - Throws: a ``TransactionError`` naming the first rule the input breaks, with its byte offset (see
    ///   ``decode(_:)-(ArraySlice<UInt8>)``).
    public static func decode(_ raw: [UInt8]) throws(TransactionError) -> SignedTransaction {
        try decode(raw[...])
    }

    /// Decodes a raw transaction strictly; error offsets count from `raw.startIndex`.
    ///
    /// What is refused, in the order it is checked:
    /// - an empty input (``TransactionError/emptyInput``), a type byte other than 1 or 2
    ///   (``TransactionError/unsupportedType(_:)``), an RLP byte string where the transaction belongs
    ///   (``TransactionError/notATransaction``);
    /// - a list that is not canonical RLP (``TransactionError/invalidRLP(_:)``), bytes after it
    ///   (``TransactionError/trailingBytes(offset:)``), another number of fields than the type has
    ///   (``TransactionError/wrongFieldCount(type:expected:got:offset:)``);
    /// - a field that is not canonical (``TransactionError/invalidFieldRLP(field:_:)``,
    ///   ``TransactionError/nonCanonicalInteger(field:offset:)``), of the wrong kind
    ///   (``TransactionError/expectedBytes(field:offset:)``, ``TransactionError/expectedList(field:offset:)``) or
    ///   too large (``TransactionError/integerTooLarge(field:byteCount:maximum:offset:)``: nonces, gas limits and
    ///   chain ids are 64-bit, amounts 256-bit);
    /// - an address that is not 20 bytes (the recipient may be empty, for a creation), a storage key that is not
    ///   32 bytes, an access list entry that is not `[address, [keys…]]`;
    /// - a legacy `v` other than 27, 28 or an EIP-155 value, a `yParity` other than 0 or 1, r or s zero or not
    ///   below n, s above n/2 (EIP-2).
    ///
    /// The sender is not recovered here (it costs an elliptic-curve operation): call ``recoverSender()``.
    ///
    /// - Throws: ``TransactionError``, as listed.
    public static func decode(_ raw: ArraySlice<UInt8>) throws(TransactionError) -> SignedTransaction {
        guard let first = raw.first else { throw .emptyInput }
        var decoder = RLPDecoder(raw)
        let transaction: TransactionEnvelope
        let signature: Signature
        switch first {
        case 0xc0...0xff:
            var fields = try openList(&decoder, type: .legacy)
            (transaction, signature) = try decodeLegacy(&fields)
        case 0x80...0xbf:
            throw .notATransaction
        case TransactionType.eip2930.rawValue:
            try! decoder.skip()  // the type byte, a one-byte RLP item
            var fields = try openList(&decoder, type: .eip2930)
            (transaction, signature) = try decodeEIP2930(&fields)
        case TransactionType.eip1559.rawValue:
            try! decoder.skip()
            var fields = try openList(&decoder, type: .eip1559)
            (transaction, signature) = try decodeEIP1559(&fields)
        default:
            throw .unsupportedType(first)
        }
        return SignedTransaction(decoded: transaction, signature: signature, raw: raw)
    }

    /// Reads the transaction's list, checks that nothing follows it and that it has the type's number of fields.
    private static func openList(_ decoder: inout RLPDecoder, type: TransactionType) throws(TransactionError)
        -> FieldReader
    {
        let listOffset = decoder.offset
        let list: RLPDecoder
        do {
            list = try decoder.readList()
        } catch {
            throw .invalidRLP(error)
        }
        guard decoder.isAtEnd else { throw .trailingBytes(offset: decoder.offset) }
        // Count the fields up front when their headers allow it; a broken header is reported at its field.
        if let count = try? list.peekItemCount(), count != type.signedFieldCount {
            throw .wrongFieldCount(type: type, expected: type.signedFieldCount, got: count, offset: listOffset)
        }
        return FieldReader(list: list, type: type, listOffset: listOffset)
    }

    private static func decodeLegacy(_ fields: inout FieldReader) throws(TransactionError)
        -> (TransactionEnvelope, Signature)
    {
        let nonce: UInt64 = try fields.integer("nonce")
        let gasPrice: UInt256 = try fields.integer("gasPrice")
        let gasLimit: UInt64 = try fields.integer("gasLimit")
        let to = try fields.recipient()
        let value: UInt256 = try fields.integer("value")
        let data = try fields.bytes("data")
        let vOffset = fields.offset
        let v: UInt256 = try fields.integer("v")
        let (r, rOffset) = try fields.scalar("r")
        let (s, sOffset) = try fields.scalar("s")
        try fields.finish()

        let chainID: UInt64?
        let yParity: Bool
        if v == 27 || v == 28 {
            chainID = nil
            yParity = v == 28
        } else if v >= 35, case let id = (v &- 35) >> 1, id <= UInt256(UInt64.max) {
            chainID = UInt64(id)
            yParity = (v &- 35) & 1 == 1
        } else {
            throw .invalidV(v, offset: vOffset)
        }
        try checkSignatureScalars(r, s, rOffset: rOffset, sOffset: sOffset)
        let transaction = LegacyTransaction(
            chainID: chainID, nonce: nonce, gasPrice: gasPrice, gasLimit: gasLimit, to: to, value: value,
            data: Array(data))
        return (.legacy(transaction), Signature(r: r, s: s, yParity: yParity))
    }

    private static func decodeEIP2930(_ fields: inout FieldReader) throws(TransactionError)
        -> (TransactionEnvelope, Signature)
    {
        let chainID: UInt64 = try fields.integer("chainId")
        let nonce: UInt64 = try fields.integer("nonce")
        let gasPrice: UInt256 = try fields.integer("gasPrice")
        let gasLimit: UInt64 = try fields.integer("gasLimit")
        let to = try fields.recipient()
        let value: UInt256 = try fields.integer("value")
        let data = try fields.bytes("data")
        let accessList = try fields.accessList()
        let signature = try fields.typedSignature()
        let transaction = EIP2930Transaction(
            chainID: chainID, nonce: nonce, gasPrice: gasPrice, gasLimit: gasLimit, to: to, value: value,
            data: Array(data), accessList: accessList)
        return (.eip2930(transaction), signature)
    }

    private static func decodeEIP1559(_ fields: inout FieldReader) throws(TransactionError)
        -> (TransactionEnvelope, Signature)
    {
        let chainID: UInt64 = try fields.integer("chainId")
        let nonce: UInt64 = try fields.integer("nonce")
        let maxPriorityFeePerGas: UInt256 = try fields.integer("maxPriorityFeePerGas")
        let maxFeePerGas: UInt256 = try fields.integer("maxFeePerGas")
        let gasLimit: UInt64 = try fields.integer("gasLimit")
        let to = try fields.recipient()
        let value: UInt256 = try fields.integer("value")
        let data = try fields.bytes("data")
        let accessList = try fields.accessList()
        let signature = try fields.typedSignature()
        let transaction = EIP1559Transaction(
            chainID: chainID, nonce: nonce, maxPriorityFeePerGas: maxPriorityFeePerGas, maxFeePerGas: maxFeePerGas,
            gasLimit: gasLimit, to: to, value: value, data: Array(data), accessList: accessList)
        return (.eip1559(transaction), signature)
    }
}

/// Reads a transaction's fields one by one, turning each ``RLPError`` into the ``TransactionError`` that names the
/// field. Field names are static strings; paths into the access list are built only when an error is thrown.
private struct FieldReader {
    var list: RLPDecoder
    let type: TransactionType
    let listOffset: Int
    /// How many fields have been read.
    var count = 0

    init(list: RLPDecoder, type: TransactionType, listOffset: Int) {
        self.list = list
        self.type = type
        self.listOffset = listOffset
    }

    /// The offset of the next field.
    var offset: Int { list.offset }

    /// The error for a field whose RLP is wrong.
    static func error(_ error: RLPError, field: @autoclosure () -> String, maximumBytes: Int = 0) -> TransactionError {
        switch error {
        case .leadingZeroInInteger(let offset): .nonCanonicalInteger(field: field(), offset: offset)
        case .integerOverflow(_, let byteCount, let offset):
            .integerTooLarge(field: field(), byteCount: byteCount, maximum: maximumBytes, offset: offset)
        case .expectedBytes(let offset): .expectedBytes(field: field(), offset: offset)
        case .expectedList(let offset): .expectedList(field: field(), offset: offset)
        default: .invalidFieldRLP(field: field(), error)
        }
    }

    /// Fails with ``TransactionError/wrongFieldCount(type:expected:got:offset:)`` when the list ends before the
    /// next field (its headers were broken, so the count could not be taken up front).
    mutating func next() throws(TransactionError) {
        guard !list.isAtEnd else {
            throw .wrongFieldCount(
                type: type, expected: type.signedFieldCount, got: count, offset: listOffset)
        }
        count += 1
    }

    /// Fails when fields are left after the last one the type has.
    func finish() throws(TransactionError) {
        guard list.isAtEnd else {
            var rest = list
            var extra = 0
            while !rest.isAtEnd {
                do { try rest.skip() } catch { throw FieldReader.error(error, field: "field \(count + extra)") }
                extra += 1
            }
            throw .wrongFieldCount(
                type: type, expected: type.signedFieldCount, got: count + extra, offset: listOffset)
        }
    }

    mutating func integer<T: FixedWidthInteger & UnsignedInteger & RLPDecodable>(_ field: StaticString)
        throws(TransactionError) -> T
    {
        try next()
        do {
            return try list.read(T.self)
        } catch {
            throw FieldReader.error(error, field: "\(field)", maximumBytes: T.bitWidth / 8)
        }
    }

    /// A signature scalar and its offset.
    mutating func scalar(_ field: StaticString) throws(TransactionError) -> (UInt256, Int) {
        let offset = list.offset
        return (try integer(field), offset)
    }

    mutating func bytes(_ field: StaticString) throws(TransactionError) -> ArraySlice<UInt8> {
        try next()
        do {
            return try list.readBytes()
        } catch {
            throw FieldReader.error(error, field: "\(field)")
        }
    }

    /// The recipient: 20 bytes, or none (a contract creation).
    mutating func recipient() throws(TransactionError) -> Address? {
        let offset = list.offset
        let bytes = try self.bytes("to")
        switch bytes.count {
        case 0: return nil
        case 20: return try! Address(bytes)
        default: throw .wrongAddressLength(field: "to", got: bytes.count, offset: offset)
        }
    }

    /// `yParity, r, s` of a typed transaction, checked.
    mutating func typedSignature() throws(TransactionError) -> Signature {
        let yOffset = list.offset
        let yParity: UInt256 = try integer("yParity")
        guard yParity <= 1 else { throw .invalidYParity(yParity, offset: yOffset) }
        let (r, rOffset) = try scalar("r")
        let (s, sOffset) = try scalar("s")
        try finish()
        try checkSignatureScalars(r, s, rOffset: rOffset, sOffset: sOffset)
        return Signature(r: r, s: s, yParity: yParity == 1)
    }

    /// The access list: `[[address, [key, …]], …]`.
    mutating func accessList() throws(TransactionError) -> AccessList {
        try next()
        var entries: RLPDecoder
        do {
            entries = try list.readList()
        } catch {
            throw FieldReader.error(error, field: "accessList")
        }
        var items: [AccessListItem] = []
        var index = 0
        while !entries.isAtEnd {
            let entryOffset = entries.offset
            var entry: RLPDecoder
            do {
                entry = try entries.readList()
            } catch {
                throw FieldReader.error(error, field: "accessList[\(index)]")
            }
            let parts: Int
            do {
                parts = try entry.peekItemCount()
            } catch {
                throw FieldReader.error(error, field: "accessList[\(index)]")
            }
            guard parts == 2 else {
                throw .wrongAccessListEntry(field: "accessList[\(index)]", got: parts, offset: entryOffset)
            }
            let addressOffset = entry.offset
            let addressBytes: ArraySlice<UInt8>
            do {
                addressBytes = try entry.readBytes()
            } catch {
                throw FieldReader.error(error, field: "accessList[\(index)].address")
            }
            guard addressBytes.count == 20 else {
                throw .wrongAddressLength(
                    field: "accessList[\(index)].address", got: addressBytes.count, offset: addressOffset)
            }
            var keyList: RLPDecoder
            do {
                keyList = try entry.readList()
            } catch {
                throw FieldReader.error(error, field: "accessList[\(index)].storageKeys")
            }
            var keys: [Hash] = []
            var keyIndex = 0
            while !keyList.isAtEnd {
                let keyOffset = keyList.offset
                let key: ArraySlice<UInt8>
                do {
                    key = try keyList.readBytes()
                } catch {
                    throw FieldReader.error(error, field: "accessList[\(index)].storageKeys[\(keyIndex)]")
                }
                guard key.count == 32 else {
                    throw .wrongStorageKeyLength(
                        field: "accessList[\(index)].storageKeys[\(keyIndex)]", got: key.count, offset: keyOffset)
                }
                keys.append(try! Hash(key))
                keyIndex += 1
            }
            items.append(AccessListItem(address: try! Address(addressBytes), storageKeys: keys))
            index += 1
        }
        return AccessList(items)
    }
}
