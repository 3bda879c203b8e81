import EthPrimitives
import Foundation
import Testing
import Transactions

/// The rows of vectors/transactions.json (made by tools/vectors/gen_transactions.py with eth-account).
enum Vectors {
    static var file: [String: Any] { try! Fixtures.vectors("transactions.json") as! [String: Any] }

    static let signed: [SignedVector] = (file["signed"] as! [[String: Any]]).map { try! SignedVector($0) }
    static let invalid: [InvalidVector] = (file["invalid"] as! [[String: Any]]).map { InvalidVector($0) }
    static let create: [[String: String]] = file["create"] as! [[String: String]]
    static let create2: [[String: String]] = file["create2"] as! [[String: String]]
}

/// A transaction eth-account signed: its fields, key and every value derived from them.
struct SignedVector: Sendable, CustomTestStringConvertible {
    let name: String
    let transaction: TransactionEnvelope
    let privateKey: String
    let signingHash: Hash
    let raw: [UInt8]
    let hash: Hash
    let sender: Address
    let v: UInt256
    let r: UInt256
    let s: UInt256

    var testDescription: String { name }

    init(_ row: [String: Any]) throws {
        name = row["name"] as! String
        transaction = try TransactionEnvelope(rpcJSON: row["tx"] as! [String: Any])
        privateKey = row["privateKey"] as! String
        signingHash = try Hash(hex: row["signingHash"] as! String)
        raw = hex(row["raw"] as! String)
        hash = try Hash(hex: row["hash"] as! String)
        sender = try Address(hex: row["sender"] as! String)
        v = try UInt256(parsing: row["v"] as! String)
        r = try UInt256(parsing: row["r"] as! String)
        s = try UInt256(parsing: row["s"] as! String)
    }
}

/// A raw input that breaks one rule, with where.
struct InvalidVector: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: [UInt8]
    let rule: String
    let offset: Int?
    let field: String?
    /// Why Metered refuses what eth-account accepts, when it does.
    let policy: String?

    var testDescription: String { name }

    init(_ row: [String: Any]) {
        name = row["name"] as! String
        raw = hex(row["raw"] as! String)
        rule = row["rule"] as! String
        offset = row["offset"] as? Int
        field = row["field"] as? String
        policy = row["policy"] as? String
    }
}

extension TransactionEnvelope {
    /// A transaction from the JSON-RPC form the vectors use: quantities as "0x…", `to` null for a creation,
    /// `chainId` absent for a pre-EIP-155 legacy transaction.
    init(rpcJSON json: [String: Any]) throws {
        func quantity(_ key: String) throws -> UInt256 {
            guard let text = json[key] as? String else { throw FixtureError("missing \(key)") }
            return try UInt256(parsing: text)
        }
        func small(_ key: String) throws -> UInt64 {
            let value = try quantity(key)
            guard value <= UInt256(UInt64.max) else { throw FixtureError("\(key) too large") }
            return UInt64(value)
        }
        let to = try (json["to"] as? String).map { try Address(hex: $0) }
        let data = hex(json["data"] as! String)
        let accessList = AccessList(
            try (json["accessList"] as? [[String: Any]] ?? []).map { entry in
                AccessListItem(
                    address: try Address(hex: entry["address"] as! String),
                    storageKeys: try (entry["storageKeys"] as! [String]).map { try Hash(hex: $0) })
            })
        switch json["type"] as! String {
        case "0x0":
            self = .legacy(
                LegacyTransaction(
                    chainID: json["chainId"] == nil ? nil : try small("chainId"), nonce: try small("nonce"),
                    gasPrice: try quantity("gasPrice"), gasLimit: try small("gas"), to: to,
                    value: try quantity("value"),
                    data: data))
        case "0x1":
            self = .eip2930(
                EIP2930Transaction(
                    chainID: try small("chainId"), nonce: try small("nonce"), gasPrice: try quantity("gasPrice"),
                    gasLimit: try small("gas"), to: to, value: try quantity("value"), data: data,
                    accessList: accessList))
        case "0x2":
            self = .eip1559(
                EIP1559Transaction(
                    chainID: try small("chainId"), nonce: try small("nonce"),
                    maxPriorityFeePerGas: try quantity("maxPriorityFeePerGas"),
                    maxFeePerGas: try quantity("maxFeePerGas"), gasLimit: try small("gas"), to: to,
                    value: try quantity("value"), data: data, accessList: accessList))
        case let other:
            throw FixtureError("unknown type \(other)")
        }
    }
}
