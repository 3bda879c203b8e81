import EthPrimitives
import Transactions

/// Reads the transaction object `tx sign` takes, as JSON-RPC writes it, into a ``TransactionEnvelope``; every
/// error names the field.
///
/// Fields: `type` (0, 1 or 2; absent means 2 when `maxFeePerGas` or `maxPriorityFeePerGas` is there, else 0),
/// `chainId`, `nonce`, `to` (absent or null creates a contract), `value`, `gas`, `gasPrice`, `maxFeePerGas`,
/// `maxPriorityFeePerGas`, `data` or `input` (both only when equal), `accessList`, and `from` (only checked against
/// the signing key). Numbers may be JSON integers, decimal strings or `0x` quantities.
struct TransactionRequest {
    let envelope: TransactionEnvelope
    /// The `from` the object names, if any: the signer must have this address.
    let from: Address?

    static let knownFields: Set<String> = [
        "type", "chainId", "nonce", "to", "value", "gas", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas",
        "data", "input", "accessList", "from",
    ]

    /// Other names tools use for the fields, with the name to use instead.
    static let otherNames: [String: String] = [
        "gasLimit": "gas", "chainID": "chainId", "chain_id": "chainId", "gas_price": "gasPrice",
        "maxFeePerGasCap": "maxFeePerGas", "recipient": "to", "calldata": "data",
    ]

    init(json: String) throws(UsageError) {
        guard case .object(let members) = try JSONText.parse(json, what: "transaction JSON") else {
            throw UsageError("transaction JSON: expected an object like {\"chainId\": 1, \"nonce\": 0, …}")
        }
        var fields: [String: JSONText] = [:]
        for (key, value) in members {
            guard Self.knownFields.contains(key) else {
                if let better = Self.otherNames[key] {
                    throw UsageError("transaction JSON: unknown field \"\(key)\" (JSON-RPC calls it \"\(better)\")")
                }
                throw UsageError(
                    "transaction JSON: unknown field \"\(key)\"; the fields are "
                        + Self.knownFields.sorted().joined(separator: ", "))
            }
            fields[key] = value
        }
        let reader = FieldReader(fields: fields)

        let type: UInt64
        if fields["type"] != nil {
            type = try reader.uint64("type")
            guard type <= 2 else {
                throw UsageError("transaction JSON: type: \(type) is not supported (0 legacy, 1 EIP-2930, 2 EIP-1559)")
            }
        } else {
            type = fields["maxFeePerGas"] != nil || fields["maxPriorityFeePerGas"] != nil ? 2 : 0
        }

        // Fields a type does not have are contradictions, not options.
        let forbidden: [String: String] =
            switch type {
            case 0:
                [
                    "maxFeePerGas": "a type-0 transaction has gasPrice; maxFeePerGas belongs to type 2",
                    "maxPriorityFeePerGas": "a type-0 transaction has gasPrice; maxPriorityFeePerGas belongs to type 2",
                    "accessList": "a type-0 transaction has no access list; use type 1 or 2",
                ]
            case 1:
                [
                    "maxFeePerGas": "a type-1 transaction has gasPrice; maxFeePerGas belongs to type 2",
                    "maxPriorityFeePerGas": "a type-1 transaction has gasPrice; maxPriorityFeePerGas belongs to type 2",
                ]
            default:
                ["gasPrice": "a type-2 transaction has maxFeePerGas and maxPriorityFeePerGas instead of gasPrice"]
            }
        for (field, reason) in forbidden.sorted(by: { $0.key < $1.key }) where fields[field] != nil {
            throw UsageError("transaction JSON: \(field): \(reason)")
        }

        let nonce = try reader.uint64("nonce", required: true)
        let gas = try reader.uint64("gas", required: true)
        let to = try reader.recipient()
        let value = try reader.uint256("value") ?? 0
        let data = try reader.data()
        from = try reader.address("from")

        switch type {
        case 0:
            let chainID = fields["chainId"] == nil ? nil : try reader.uint64("chainId")
            envelope = .legacy(
                LegacyTransaction(
                    chainID: chainID, nonce: nonce, gasPrice: try reader.uint256("gasPrice", required: true)!,
                    gasLimit: gas, to: to, value: value, data: data))
        case 1:
            envelope = .eip2930(
                EIP2930Transaction(
                    chainID: try reader.uint64("chainId", required: true),
                    nonce: nonce, gasPrice: try reader.uint256("gasPrice", required: true)!, gasLimit: gas, to: to,
                    value: value, data: data, accessList: try reader.accessList()))
        default:
            envelope = .eip1559(
                EIP1559Transaction(
                    chainID: try reader.uint64("chainId", required: true), nonce: nonce,
                    maxPriorityFeePerGas: try reader.uint256("maxPriorityFeePerGas", required: true)!,
                    maxFeePerGas: try reader.uint256("maxFeePerGas", required: true)!, gasLimit: gas, to: to,
                    value: value, data: data, accessList: try reader.accessList()))
        }
    }

    /// Reads typed values out of the object's fields.
    private struct FieldReader {
        let fields: [String: JSONText]

        func fail(_ field: String, _ reason: String) -> UsageError {
            UsageError("transaction JSON: \(field): \(reason)")
        }

        /// An integer from a JSON integer, a decimal string or a `0x` quantity.
        func integer(_ value: JSONText, field: String) throws(UsageError) -> UInt256 {
            let text: String
            switch value {
            case .number(let number):
                guard number.allSatisfy(\.isASCIIDigit) else {
                    throw fail(field, "\(number) is not a non-negative integer")
                }
                text = number
            case .string(let string):
                guard !string.isEmpty else { throw fail(field, "empty string; write 0 or \"0x0\"") }
                text = string
            default:
                throw fail(field, "expected a number, a decimal string or a 0x quantity, got \(value.kindName)")
            }
            do {
                return try UInt256(parsing: text)
            } catch .numberOutOfRange {
                throw fail(field, "\(text) does not fit in 256 bits")
            } catch {
                throw fail(field, "\(String(reflecting: text)) is not a decimal integer or a 0x quantity")
            }
        }

        func uint256(_ field: String, required: Bool = false) throws(UsageError) -> UInt256? {
            guard let value = fields[field], value != .null else {
                if required { throw fail(field, "missing") }
                return nil
            }
            return try integer(value, field: field)
        }

        func uint64(_ field: String, required: Bool = false) throws(UsageError) -> UInt64 {
            guard let value = try uint256(field, required: required) else { return 0 }
            guard value <= UInt256(UInt64.max) else { throw fail(field, "\(value) does not fit in 64 bits") }
            return UInt64(value)
        }

        func address(_ field: String, in object: [String: JSONText]? = nil) throws(UsageError) -> Address? {
            guard let value = (object ?? fields)[field], value != .null else { return nil }
            guard case .string(let text) = value else {
                throw fail(field, "expected an address string, got \(value.kindName)")
            }
            do {
                return try Address(hex: text)
            } catch {
                throw fail(field, "\(error)")
            }
        }

        /// `to`: an address, or absent or null for a creation.
        func recipient() throws(UsageError) -> Address? {
            if case .string(let text)? = fields["to"], text.isEmpty || text == "0x" {
                throw fail("to", "an empty string is not an address; leave \"to\" out or set it to null to create")
            }
            return try address("to")
        }

        func hexBytes(_ value: JSONText, field: String) throws(UsageError) -> [UInt8] {
            guard case .string(let text) = value else {
                throw fail(field, "expected 0x hex bytes, got \(value.kindName)")
            }
            do {
                return try Hex.decode(text, requirePrefix: true)
            } catch {
                throw fail(field, "\(error)")
            }
        }

        /// `data` or `input` (the same when both are given).
        func data() throws(UsageError) -> [UInt8] {
            let data = try fields["data"].map { v throws(UsageError) in try hexBytes(v, field: "data") }
            let input = try fields["input"].map { v throws(UsageError) in try hexBytes(v, field: "input") }
            if let data, let input, data != input {
                throw fail("input", "differs from data; give one of them (they are the same field)")
            }
            return data ?? input ?? []
        }

        func accessList() throws(UsageError) -> AccessList {
            guard let value = fields["accessList"], value != .null else { return [] }
            guard case .array(let entries) = value else {
                throw fail("accessList", "expected an array of {address, storageKeys}, got \(value.kindName)")
            }
            var items: [AccessListItem] = []
            for (i, entry) in entries.enumerated() {
                let path = "accessList[\(i)]"
                guard case .object(let members) = entry else {
                    throw fail(path, "expected an object {address, storageKeys}, got \(entry.kindName)")
                }
                var object: [String: JSONText] = [:]
                for (key, member) in members {
                    guard key == "address" || key == "storageKeys" else {
                        throw fail(path, "unknown field \"\(key)\"; an entry has address and storageKeys")
                    }
                    object[key] = member
                }
                guard let address = try self.address("address", in: object) else {
                    throw fail(path + ".address", "missing")
                }
                var keys: [Hash] = []
                switch object["storageKeys"] {
                case nil, .null?:
                    break
                case .array(let list)?:
                    for (j, key) in list.enumerated() {
                        let keyPath = "\(path).storageKeys[\(j)]"
                        let bytes = try hexBytes(key, field: keyPath)
                        guard bytes.count == 32 else {
                            throw fail(keyPath, "a storage key is 32 bytes, got \(bytes.count)")
                        }
                        keys.append(try! Hash(bytes))
                    }
                case let other?:
                    throw fail(path + ".storageKeys", "expected an array of 32-byte hex keys, got \(other.kindName)")
                }
                items.append(AccessListItem(address: address, storageKeys: keys))
            }
            return AccessList(items)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension SignedTransaction {
    /// The JSON object `tx decode` prints: the fields as `0x` quantities, then `v`, `r`, `s`, `yParity` (typed
    /// transactions), `from` and `hash`.
    func decodedJSON(from sender: Address) -> JSONText {
        func quantity(_ value: UInt256) -> JSONText { .string(value.hexQuantity) }
        func quantity(_ value: UInt64) -> JSONText { .string(UInt256(value).hexQuantity) }
        let tx = transaction
        var members: [(key: String, value: JSONText)] = [("type", quantity(UInt64(tx.type.rawValue)))]
        if let chainID = tx.chainID { members.append(("chainId", quantity(chainID))) }
        members.append(("nonce", quantity(tx.nonce)))
        if let gasPrice = tx.gasPrice { members.append(("gasPrice", quantity(gasPrice))) }
        if let priority = tx.maxPriorityFeePerGas { members.append(("maxPriorityFeePerGas", quantity(priority))) }
        if let maxFee = tx.maxFeePerGas { members.append(("maxFeePerGas", quantity(maxFee))) }
        members.append(("gas", quantity(tx.gasLimit)))
        members.append(("to", tx.to.map { .string($0.checksummed) } ?? .null))
        members.append(("value", quantity(tx.value)))
        members.append(("input", .string(Hex.encode(tx.data))))
        if tx.type != .legacy {
            members.append(
                (
                    "accessList",
                    .array(
                        tx.accessList.map { item in
                            .object([
                                ("address", .string(item.address.checksummed)),
                                ("storageKeys", .array(item.storageKeys.map { .string($0.description) })),
                            ])
                        })
                ))
        }
        members.append(("v", quantity(v)))
        members.append(("r", quantity(signature.r)))
        members.append(("s", quantity(signature.s)))
        if tx.type != .legacy { members.append(("yParity", quantity(UInt64(signature.yParity ? 1 : 0)))) }
        members.append(("from", .string(sender.checksummed)))
        members.append(("hash", .string(hash.description)))
        return .object(members)
    }
}
