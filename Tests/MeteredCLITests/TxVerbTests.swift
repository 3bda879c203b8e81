import EthPrimitives
import Foundation
import Secp256k1
import Signing
import Testing
import Transactions

@testable import MeteredCLI

/// `metered tx sign` and `metered tx decode`, in process: Ethereum's CLI cases, every signed vector of
/// vectors/transactions.json both ways, each input form and each wrong input.
@Suite struct TxVerbTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let casesFile = packageRoot.appendingPathComponent(
        "../shared/vectors/ethereum-tests/cli-cases/ethtests_tx.json"
    ).standardized

    static let key = "0x4646464646464646464646464646464646464646464646464646464646464646"
    static let keyAddress = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
    /// EIP-155's example transaction, signed with `key`.
    static let eip155Raw =
        "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025"
        + "a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"
        + "a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"

    /// One row of vectors/transactions.json's "signed" table, as the CLI sees it.
    struct SignedRow: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let fields: [String: String]
        let accessList: String?
        let privateKey: String
        let raw: String
        let hash: String
        let sender: String
        let v: String
        let r: String
        let s: String
        var testDescription: String { name }
    }

    static let signedRows: [SignedRow] = {
        let url = packageRoot.appendingPathComponent("vectors/transactions.json")
        let file = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (file["signed"] as! [[String: Any]]).map { row in
            let tx = row["tx"] as! [String: Any]
            let json = String(
                decoding: try! JSONSerialization.data(withJSONObject: tx, options: [.sortedKeys]), as: UTF8.self)
            var fields: [String: String] = [:]
            for (key, value) in tx where key != "accessList" {
                fields[key] = value as? String ?? "null"
            }
            let accessList = tx["accessList"].map {
                String(decoding: try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
            }
            return SignedRow(
                name: row["name"] as! String, json: json, fields: fields, accessList: accessList,
                privateKey: row["privateKey"] as! String, raw: row["raw"] as! String, hash: row["hash"] as! String,
                sender: row["sender"] as! String, v: row["v"] as! String, r: row["r"] as! String,
                s: row["s"] as! String)
        }
    }()

    /// Exactly one line on stdout, nothing on stderr, status 0; the line.
    func succeeds(
        _ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        let outcome = CLIRunner.run(arguments, environment: environment)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.isEmpty, sourceLocation: sourceLocation)
        #expect(
            outcome.stdout.hasSuffix("\n") && outcome.stdout.filter { $0 == "\n" }.count == 1,
            sourceLocation: sourceLocation)
        return String(outcome.stdout.dropLast())
    }

    /// A non-zero status and one line on stderr; the line.
    @discardableResult
    func fails(
        _ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        let outcome = CLIRunner.run(arguments, environment: environment)
        #expect(outcome.exitCode != 0, "\(arguments) should fail", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "\(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stderr
    }

    func decodeJSON(_ raw: String) throws -> [String: Any] {
        let line = succeeds(["tx", "decode", raw])
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    // MARK: Ethereum's CLI cases

    @Test(.enabled(if: FileManager.default.fileExists(atPath: casesFile.path)))
    func ethereumCLICases() throws {
        let cases = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.casesFile)) as? [[String: Any]])
        #expect(cases.count >= 128)
        for testCase in cases {
            let arguments = try #require(testCase["verb"] as? [String])
            let note = testCase["note"] as? String ?? ""
            let expect = try #require(testCase["expect"] as? [String: Any])
            if expect["error"] as? Bool == true {
                let outcome = CLIRunner.run(arguments)
                #expect(outcome.exitCode != 0, "\(note)")
                #expect(outcome.stdout.isEmpty, "\(note)")
                #expect(
                    outcome.stderr.hasPrefix("error: ") && outcome.stderr.filter { $0 == "\n" }.count == 1, "\(note)")
                continue
            }
            // {"tx": {field: value, …}}: the fields that must match in the decoded object.
            let wanted = try #require(expect["tx"] as? [String: String], "\(note)")
            let outcome = CLIRunner.run(arguments)
            #expect(outcome.exitCode == 0, "\(note): \(outcome.stderr)")
            guard outcome.exitCode == 0 else { continue }
            let decoded = try #require(
                try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            for (field, value) in wanted {
                #expect(decoded[field] as? String == value, "\(note): \(field)")
            }
        }
    }

    // MARK: Every vector, both ways

    @Test(arguments: signedRows)
    func signReproducesEthAccount(_ row: SignedRow) {
        #expect(succeeds(["tx", "sign", "--private-key", row.privateKey, row.json]) == row.raw)
    }

    @Test(arguments: signedRows)
    func decodeGivesTheFields(_ row: SignedRow) throws {
        let decoded = try decodeJSON(row.raw)
        for (field, value) in row.fields {
            let printed = field == "data" ? decoded["input"] : decoded[field]
            if value == "null" {
                #expect(printed is NSNull, "\(field)")
            } else {
                #expect((printed as? String)?.lowercased() == value.lowercased(), "\(field)")
            }
        }
        if row.fields["chainId"] == nil { #expect(decoded["chainId"] == nil) }
        if let accessList = row.accessList {
            let printed = try JSONSerialization.data(withJSONObject: decoded["accessList"]!, options: [.sortedKeys])
            #expect(String(decoding: printed, as: UTF8.self).lowercased() == accessList.lowercased())
        } else {
            #expect(decoded["accessList"] == nil)
        }
        #expect(decoded["from"] as? String == row.sender)
        #expect(decoded["hash"] as? String == row.hash)
        #expect(decoded["v"] as? String == row.v)
        #expect(decoded["r"] as? String == row.r)
        #expect(decoded["s"] as? String == row.s)
        #expect((decoded["yParity"] != nil) == (row.fields["type"] != "0x0"))
    }

    // MARK: Input forms

    @Test func eip155ExampleInEveryNumberForm() {
        let forms = [
            #"{"chainId": 1, "nonce": 9, "gasPrice": 20000000000, "gas": 21000, "to": "0x3535353535353535353535353535353535353535", "value": 1000000000000000000}"#,
            #"{"chainId": "1", "nonce": "9", "gasPrice": "20000000000", "gas": "21000", "to": "0x3535353535353535353535353535353535353535", "value": "1000000000000000000", "data": "0x"}"#,
            #"{"type": "0x0", "chainId": "0x1", "nonce": "0x9", "gasPrice": "0x4a817c800", "gas": "0x5208", "to": "0x3535353535353535353535353535353535353535", "value": "0xde0b6b3a7640000", "input": "0x"}"#,
            #"{"type": 0, "from": "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f", "chainId": 1, "nonce": 9, "gasPrice": 20000000000, "gas": 21000, "to": "0x3535353535353535353535353535353535353535", "value": 1000000000000000000, "data": "0x", "input": "0x"}"#,
        ]
        for json in forms {
            #expect(succeeds(["tx", "sign", "--private-key", Self.key, json]) == Self.eip155Raw, "\(json)")
        }
    }

    @Test func typeIsInferredAndPre155WhenNoChainID() throws {
        let dynamic = succeeds([
            "tx", "sign", "--private-key", Self.key,
            #"{"chainId": 1, "nonce": 0, "gas": 21000, "maxFeePerGas": 2, "maxPriorityFeePerGas": 1, "to": null}"#,
        ])
        #expect(dynamic.hasPrefix("0x02"))
        let decoded = try decodeJSON(dynamic)
        #expect(decoded["type"] as? String == "0x2" && decoded["to"] is NSNull && decoded["yParity"] != nil)
        #expect(decoded["from"] as? String == Self.keyAddress)

        let pre155 = succeeds(["tx", "sign", "--private-key", Self.key, #"{"nonce": 0, "gas": 21000, "gasPrice": 1}"#])
        let legacy = try decodeJSON(pre155)
        #expect(legacy["chainId"] == nil && legacy["yParity"] == nil)
        #expect(legacy["v"] as? String == "0x1b" || legacy["v"] as? String == "0x1c")

        let accessList = succeeds([
            "tx", "sign", "--private-key", Self.key,
            #"{"type": 1, "chainId": 5, "nonce": 1, "gas": 30000, "gasPrice": "7", "to": "0x3535353535353535353535353535353535353535", "accessList": [{"address": "0x3535353535353535353535353535353535353535", "storageKeys": ["0x0000000000000000000000000000000000000000000000000000000000000001"]}]}"#,
        ])
        #expect(accessList.hasPrefix("0x01"))
        let list = try #require((try decodeJSON(accessList))["accessList"] as? [[String: Any]])
        #expect(list.count == 1 && (list[0]["storageKeys"] as? [String])?.count == 1)
    }

    @Test func largeJSONNumbersKeepEveryDigit() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let raw = succeeds([
            "tx", "sign", "--private-key", Self.key,
            #"{"chainId": 1, "nonce": 18446744073709551615, "gas": 21000, "gasPrice": 1, "value": \#(max)}"#,
        ])
        let decoded = try decodeJSON(raw)
        #expect(decoded["value"] as? String == "0x" + String(repeating: "f", count: 64))
        #expect(decoded["nonce"] as? String == "0xffffffffffffffff")
    }

    // MARK: Key sources

    @Test func keyFromTheEnvironmentAndFromAKeystore() throws {
        let json =
            #"{"chainId": 1, "nonce": 9, "gasPrice": 20000000000, "gas": 21000, "to": "0x3535353535353535353535353535353535353535", "value": 1000000000000000000}"#
        #expect(succeeds(["tx", "sign", json], environment: ["METERED_PRIVATE_KEY": Self.key]) == Self.eip155Raw)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metered-tx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keystore = dir + "/key.json"
        let password = dir + "/password"
        try "pw\n".write(toFile: password, atomically: true, encoding: .utf8)
        try Keystore.encrypt(try PrivateKey(hex: Self.key), password: "pw", kdf: .pbkdf2(iterations: 2))
            .write(toFile: keystore, atomically: true, encoding: .utf8)
        #expect(
            succeeds(["tx", "sign", "--keystore", keystore, "--password-file", password, json]) == Self.eip155Raw)
        fails(["tx", "sign", json])
    }

    @Test(arguments: [
        [
            "tx", "sign", "--private-key", key,
            "{\"nonce\": 1, \"gas\": 1, \"gasPrice\": 1, \"from\": \"0x0000000000000000000000000000000000000001\"}",
        ],
        ["tx", "sign", "--private-key", key, "not json"],
        ["tx", "sign", "--private-key", key, "{\"nonce\": 1}"],
        ["tx", "sign", "--private-key", String(key.dropLast()), "{\"nonce\": 1, \"gas\": 1, \"gasPrice\": 1}"],
        ["tx", "sign", "--private-ky", key, "{}"],
        ["tx", "sign", key, "{}"],
    ])
    func keyNeverAppearsInOutput(_ arguments: [String]) {
        let outcome = CLIRunner.run(arguments)
        #expect(outcome.exitCode != 0)
        for secret in [
            Self.key, String(Self.key.dropFirst(2)), String(Self.key.dropLast()),
            String(Self.key.dropFirst(2).dropLast()),
        ] {
            #expect(!outcome.stderr.contains(secret) && !outcome.stdout.contains(secret), "\(outcome.stderr)")
        }
    }

    // MARK: Wrong input

    @Test(arguments: [
        (
            #"{"nonce": 0, "gas": 21000, "gasPrice": 1, "gasLimit": 5}"#,
            "unknown field \"gasLimit\" (JSON-RPC calls it \"gas\")"
        ),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "colour": 5}"#, "unknown field \"colour\""),
        (
            #"{"type": 2, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1}"#,
            "gasPrice: a type-2 transaction"
        ),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "maxFeePerGas": 2}"#, "gasPrice: a type-2 transaction"),
        (
            #"{"type": 0, "nonce": 0, "gas": 21000, "gasPrice": 1, "accessList": []}"#,
            "accessList: a type-0 transaction has no access list"
        ),
        (
            #"{"type": 1, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "maxPriorityFeePerGas": 1}"#,
            "maxPriorityFeePerGas: a type-1 transaction"
        ),
        (#"{"type": 3, "chainId": 1, "nonce": 0, "gas": 21000}"#, "type: 3 is not supported"),
        (#"{"type": 1, "nonce": 0, "gas": 21000, "gasPrice": 1}"#, "chainId: missing"),
        (#"{"chainId": 1, "gas": 21000, "gasPrice": 1}"#, "nonce: missing"),
        (#"{"chainId": 1, "nonce": 0, "gasPrice": 1}"#, "gas: missing"),
        (#"{"type": 2, "chainId": 1, "nonce": 0, "gas": 21000, "maxFeePerGas": 1}"#, "maxPriorityFeePerGas: missing"),
        (
            #"{"nonce": 18446744073709551616, "gas": 21000, "gasPrice": 1}"#,
            "nonce: 18446744073709551616 does not fit in 64 bits"
        ),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "value": -1}"#, "value: -1 is not a non-negative integer"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1.5}"#, "gasPrice: 1.5 is not a non-negative integer"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": "1e9"}"#, "gasPrice: \"1e9\" is not a decimal integer"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": true}"#, "gasPrice: expected a number"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "to": "0x3535"}"#, "to: "),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "to": "0x8617E340B3D01Fa5F11F306F4090FD50E238070d"}"#, "EIP-55"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "to": ""}"#, "to: an empty string is not an address"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "data": "0x12", "input": "0x34"}"#, "input: differs from data"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1, "data": "0x123"}"#, "data: hex: odd number of hex digits"),
        (
            #"{"type": 2, "chainId": 1, "nonce": 0, "gas": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1, "accessList": [{"address": "0x3535353535353535353535353535353535353535", "storageKeys": ["0x01"]}]}"#,
            "accessList[0].storageKeys[0]: a storage key is 32 bytes, got 1"
        ),
        (
            #"{"type": 2, "chainId": 1, "nonce": 0, "gas": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1, "accessList": [{"storageKeys": []}]}"#,
            "accessList[0].address: missing"
        ),
        (
            #"{"type": 2, "chainId": 1, "nonce": 0, "gas": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1, "accessList": [{"address": "0x3535353535353535353535353535353535353535", "keys": []}]}"#,
            "accessList[0]: unknown field \"keys\""
        ),
        (#"{"nonce": 0, "nonce": 1, "gas": 21000, "gasPrice": 1}"#, "duplicate key \"nonce\""),
        (#"[1, 2]"#, "expected an object"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1"#, "expected ',' or '}'"),
        (#"{"nonce": 0, "gas": 21000, "gasPrice": 1} x"#, "unexpected text after the JSON value"),
    ])
    func signRefusesWrongInput(json: String, message: String) {
        let stderr = fails(["tx", "sign", "--private-key", Self.key, json])
        #expect(stderr.contains(message), "\(stderr)")
    }

    @Test(arguments: [
        ("0x", "emptyInput"),
        ("f86c", "must be 0x followed by hex bytes"),
        ("0xf86", "must be 0x followed by hex bytes"),
        ("0x03c0", "unsupportedType"),
        (eip155Raw + "00", "trailingBytes: unexpected bytes at offset 110"),
        (String(eip155Raw.dropLast(2)), "invalidRLP"),
    ])
    func decodeRefusesWrongInput(raw: String, message: String) {
        let stderr = fails(["tx", "decode", raw])
        #expect(stderr.contains(message), "\(stderr)")
    }

    @Test func decodeRefusesATransactionWithoutSender() throws {
        // A well-formed transaction whose r is the x of no curve point with a recoverable key: nobody signed it.
        let tx = TransactionEnvelope.legacy(
            LegacyTransaction(chainID: 1, nonce: 0, gasPrice: 1, gasLimit: 21_000, to: nil))
        var unsigned: SignedTransaction?
        for r in 1...64 as ClosedRange<UInt64> {
            let candidate = try SignedTransaction(
                transaction: tx, signature: Signature(r: UInt256(r), s: 1, yParity: false))
            if (try? candidate.recoverSender()) == nil {
                unsigned = candidate
                break
            }
        }
        let raw = Hex.encode(try #require(unsigned).encode())
        let stderr = fails(["tx", "decode", raw])
        #expect(stderr.contains("transactions: recoveryFailed"), "\(stderr)")
    }

    @Test func decodePrintsTheDocumentedFieldsInOrder() {
        let line = succeeds(["tx", "decode", Self.eip155Raw])
        #expect(
            line
                == #"{"type":"0x0","chainId":"0x1","nonce":"0x9","gasPrice":"0x4a817c800","gas":"0x5208","#
                + #""to":"0x3535353535353535353535353535353535353535","value":"0xde0b6b3a7640000","input":"0x","#
                + #""v":"0x25","r":"0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276","#
                + #""s":"0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83","#
                + #""from":"0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F","#
                + #""hash":"0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788"}"#)
    }

    @Test func helpIsAvailable() {
        for arguments in [["tx", "--help"], ["tx", "sign", "--help"], ["tx", "decode", "--help"], ["help", "tx"]] {
            let outcome = CLIRunner.run(arguments)
            #expect(outcome.exitCode == 0, "\(arguments)")
            #expect(outcome.stdout.contains("USAGE"), "\(arguments)")
        }
    }
}
