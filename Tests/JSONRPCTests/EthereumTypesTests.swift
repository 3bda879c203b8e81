import EthPrimitives
import Foundation
import Testing

@testable import JSONRPC

/// The same JSON with every string lowercased: `Address` writes EIP-55 checksummed hex where geth writes lowercase.
func caseFolded(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): .string(text.lowercased())
    case .array(let values): .array(values.map(caseFolded))
    case .object(let members): .object(members.mapValues(caseFolded))
    default: value
    }
}

func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(text.utf8))
}

func encodeJSON(_ value: some Encodable) throws -> JSONValue {
    try JSONValue(encoding: value)
}

/// Decoding `text` as `T` and encoding the result gives the same JSON back (up to the case of hex letters).
func expectRoundTrip<T: Codable & Equatable>(_ type: T.Type, _ text: String) throws -> T {
    let value = try decodeJSON(T.self, text)
    let encoded = try encodeJSON(value)
    #expect(caseFolded(encoded) == caseFolded(json(text)))
    #expect(try encoded.decode(T.self) == value)
    return value
}

@Suite struct QuantityTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var text: String
        /// The value, or nil when the text must be refused.
        var value: UInt64?
        var testDescription: String { "\(text) → \(value.map(String.init) ?? "refused")" }
    }

    static let rows: [Row] = [
        Row(text: "0x0", value: 0),
        Row(text: "0x1", value: 1),
        Row(text: "0x1a", value: 26),
        Row(text: "0x1A", value: 26),
        Row(text: "0X1a", value: 26),
        Row(text: "0x400", value: 1024),
        Row(text: "0xffffffffffffffff", value: .max),
        Row(text: "0x", value: nil),
        Row(text: "0x00", value: nil),
        Row(text: "0x01", value: nil),
        Row(text: "0x0400", value: nil),
        Row(text: "1", value: nil),
        Row(text: "26", value: nil),
        Row(text: "", value: nil),
        Row(text: "0xg", value: nil),
        Row(text: "0x1 ", value: nil),
        Row(text: "-0x1", value: nil),
        Row(text: "0x10000000000000000", value: nil),
    ]

    @Test(arguments: rows)
    func uint64(row: Row) throws {
        let decoded = try? decodeJSON(Quantity<UInt64>.self, "\"\(row.text)\"")
        #expect(decoded?.value == row.value)
        if let value = row.value {
            #expect(try encodeJSON(Quantity(value)) == .string("0x" + String(value, radix: 16)))
        }
    }

    @Test(arguments: [
        ("0x0", UInt256.zero),
        ("0xde0b6b3a7640000", UInt256(1_000_000_000_000_000_000)),
        ("0x" + String(repeating: "f", count: 64), UInt256.max),
    ])
    func uint256(text: String, value: UInt256) throws {
        #expect(try decodeJSON(Quantity<UInt256>.self, "\"\(text)\"").value == value)
        #expect(try encodeJSON(Quantity(value)) == .string(text))
    }

    @Test(arguments: ["0x1" + String(repeating: "0", count: 64), "0x0de0b6b3a7640000", "1000", "0x"])
    func uint256Refused(text: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(Quantity<UInt256>.self, "\"\(text)\"") }
    }

    @Test func jsonNumbersAreRefused() {
        #expect(throws: DecodingError.self) { try decodeJSON(Quantity<UInt64>.self, "26") }
        #expect(throws: DecodingError.self) { try decodeJSON(Quantity<UInt256>.self, "26") }
    }

    @Test(arguments: [
        ("\"0x\"", [UInt8]()), ("\"0x00\"", [0]), ("\"0xABcd\"", [0xab, 0xcd]),
    ])
    func hexBytes(text: String, bytes: [UInt8]) throws {
        #expect(try decodeJSON(HexBytes.self, text).bytes == bytes)
    }

    @Test(arguments: ["\"\"", "\"abcd\"", "\"0xabc\"", "\"0xzz\"", "12"])
    func hexBytesRefused(text: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(HexBytes.self, text) }
    }
}

@Suite struct BlockTagTests {
    static let hash = "0x56473d5d55aacb7fe6ac7db435dd035c1b3d1204b7c0592cf55ae1d4374fe471"

    @Test(arguments: [
        (#""latest""#, BlockTag.latest, #""latest""#),
        (#""earliest""#, .earliest, #""earliest""#),
        (#""pending""#, .pending, #""pending""#),
        (#""safe""#, .safe, #""safe""#),
        (#""finalized""#, .finalized, #""finalized""#),
        (#""0x0""#, .number(0), #""0x0""#),
        (#""0x1b4""#, .number(436), #""0x1b4""#),
        (#""0x7fffffffffffffff""#, .number(UInt64(Int64.max)), #""0x7fffffffffffffff""#),
        (#"{"blockNumber":"0x1b4"}"#, .number(436), #""0x1b4""#),
        (
            #"{"blockHash":"\#(hash)"}"#, .hash(try! Hash(hex: hash), requireCanonical: false),
            #"{"blockHash":"\#(hash)","requireCanonical":false}"#
        ),
        (
            #"{"blockHash":"\#(hash)","requireCanonical":true}"#, .hash(try! Hash(hex: hash), requireCanonical: true),
            #"{"blockHash":"\#(hash)","requireCanonical":true}"#
        ),
    ])
    func forms(text: String, tag: BlockTag, written: String) throws {
        #expect(try decodeJSON(BlockTag.self, text) == tag)
        #expect(try encodeJSON(tag) == json(written))
    }

    @Test(arguments: [
        #""Latest""#, #""LATEST""#, #""head""#, #""""#, #""0x""#, #""0x01""#, #""12""#, #""0x8000000000000000""#,
        "12", "null", "true", #"{}"#, #"{"blockNumber":"0x1","blockHash":"\#(hash)"}"#,
        #"{"blockNumber":"0x1","requireCanonical":true}"#, #"{"blockHash":"0x12"}"#, #"{"blockNumber":"latest"}"#,
    ])
    func refused(text: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(BlockTag.self, text) }
    }
}

@Suite struct MessageTests {
    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#, JSONRPCResponse(id: 1, result: .string("0x1"))),
        (#"{"jsonrpc":"2.0","id":"x","result":null}"#, JSONRPCResponse(id: "x", result: .null)),
        (
            #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#,
            JSONRPCResponse(id: .null, error: .parseError())
        ),
        (
            #"{"jsonrpc":"2.0","id":7,"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"#,
            JSONRPCResponse(id: 7, error: .executionReverted(data: [0x08, 0xc3, 0x79, 0xa0]))
        ),
    ])
    func responsesRoundTrip(text: String, response: JSONRPCResponse) throws {
        #expect(try expectRoundTrip(JSONRPCResponse.self, text) == response)
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":1}"#,
        #"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"x"}}"#,
        #"{"jsonrpc":"1.0","id":1,"result":1}"#,
        #"{"id":1,"result":1}"#,
        #"{"jsonrpc":"2.0","result":1}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"message":"x"}}"#,
        #"{"jsonrpc":"2.0","id":[1],"result":1}"#,
    ])
    func badResponsesAreRefused(text: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(JSONRPCResponse.self, text) }
    }

    @Test func revertDataIsRead() throws {
        let response = try decodeJSON(
            JSONRPCResponse.self,
            #"{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"#)
        guard case .failure(let error) = response.outcome else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == JSONRPCError.executionRevertedCode)
        #expect(error.revertData == [0x08, 0xc3, 0x79, 0xa0])
        #expect(throws: JSONRPCError.self) { try response.decodeResult(String.self) }
        #expect(JSONRPCError(code: 3, message: "x", data: .integer(1)).revertData == nil)
    }

    @Test func requestsRoundTrip() throws {
        let request = try expectRoundTrip(
            JSONRPCRequest.self, #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["0x1","latest"],"id":1}"#)
        #expect(request.params == .positional([.string("0x1"), .string("latest")]))
        let notification = try expectRoundTrip(JSONRPCRequest.self, #"{"jsonrpc":"2.0","method":"ping"}"#)
        #expect(notification.isNotification)
        let nullID = try expectRoundTrip(JSONRPCRequest.self, #"{"jsonrpc":"2.0","method":"ping","id":null}"#)
        #expect(!nullID.isNotification)
        let named = try expectRoundTrip(
            JSONRPCRequest.self, #"{"jsonrpc":"2.0","method":"m","params":{"a":1},"id":"q"}"#)
        #expect(named.params == .named(["a": .integer(1)]))
    }

    @Test(arguments: [
        (#"{"method":"m","id":1}"#, JSONRPCID.number(1)),
        (#"{"jsonrpc":"2.0","method":"m","params":3,"id":"a"}"#, .string("a")),
        (#"{"jsonrpc":"2.0","id":true,"method":"m"}"#, .null),
        (#"[]"#, .null),
    ])
    func invalidRequestsKeepTheirID(text: String, id: JSONRPCID) {
        do {
            let request = try JSONRPCRequest(validating: json(text))
            Issue.record("accepted: \(request)")
        } catch {
            #expect(error.id == id)
            #expect(error.error.code == JSONRPCError.invalidRequestCode)
        }
    }
}

/// Examples copied from the execution-apis conformance tests (`tests/<method>/*.io`, geth's output).
@Suite struct EthereumTypesTests {
    static let dynamicFeeReceipt = """
        {"blockHash":"0x56473d5d55aacb7fe6ac7db435dd035c1b3d1204b7c0592cf55ae1d4374fe471","blockNumber":"0x1b",\
        "contractAddress":null,"cumulativeGasUsed":"0xca9c","effectiveGasPrice":"0x3b9aca01",\
        "from":"0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f","gasUsed":"0xca9c","logs":[{\
        "address":"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df","topics":[\
        "0x00000000000000000000000000000000000000000000000000000000656d6974",\
        "0x13bd2394f758553be374ffa4a9455cdf5e6ef3d905acd02746df2d12361e1ace"],\
        "data":"0x0000000000000000000000000000000000000000000000000000000000000012","blockNumber":"0x1b",\
        "transactionHash":"0xc7dba25cdd5aee6ff7d27fe5422a4179f5913c664c3339c8e0440bd1c9cd8de9",\
        "transactionIndex":"0x0","blockHash":"0x56473d5d55aacb7fe6ac7db435dd035c1b3d1204b7c0592cf55ae1d4374fe471",\
        "blockTimestamp":"0x10e","logIndex":"0x0","removed":false}],\
        "logsBloom":"0x00000000000000000000000000000000000000000000000010000000800000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000040000000000002000000000000000000000000000020000000\
        0000000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000009000000000000000000000000000000000000000000000000000000000000000\
        0000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\
        00000000000000",\
        "status":"0x1","to":"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df",\
        "transactionHash":"0xc7dba25cdd5aee6ff7d27fe5422a4179f5913c664c3339c8e0440bd1c9cd8de9",\
        "transactionIndex":"0x0","type":"0x2"}
        """

    @Test func receipt() throws {
        let receipt = try expectRoundTrip(Receipt.self, Self.dynamicFeeReceipt)
        #expect(receipt.blockNumber == 0x1b)
        #expect(receipt.contractAddress == nil)
        #expect(receipt.effectiveGasPrice == 0x3b9a_ca01)
        #expect(receipt.succeeded == true)
        #expect(receipt.type == 2)
        #expect(receipt.logsBloom.bytes.count == 256)
        #expect(receipt.logs[0].blockTimestamp == 0x10e)
        #expect(receipt.logs[0].topics.count == 2)
        #expect(receipt.logs[0].data.bytes.last == 0x12)
    }

    @Test func contractCreationReceipt() throws {
        let text = """
            {"blockHash":"0xac5c61edb087a51279674fe01d5c1f65eac3fd8597f9bea215058e745df8088e","blockNumber":"0x1",\
            "contractAddress":"0x9344b07175800259691961298ca11c824e65032d","cumulativeGasUsed":"0xf777",\
            "effectiveGasPrice":"0x342770c1","from":"0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f","gasUsed":"0xf777",\
            "logs":[],"logsBloom":"0x\(String(repeating: "00", count: 256))","status":"0x1","to":null,\
            "transactionHash":"0xbdb37c763e721bf1a0e94e0bc72db704110b2ccc6720713708744422a2cc95d6",\
            "transactionIndex":"0x0","type":"0x0"}
            """
        let receipt = try expectRoundTrip(Receipt.self, text)
        #expect(receipt.to == nil)
        #expect(receipt.contractAddress == (try Address(hex: "0x9344b07175800259691961298ca11c824e65032d")))
    }

    @Test func receiptWithLeadingZeroQuantityIsRefused() {
        let bad = Self.dynamicFeeReceipt.replacingOccurrences(of: #""gasUsed":"0xca9c""#, with: #""gasUsed":"0x0ca9c""#)
        #expect(throws: DecodingError.self) { try decodeJSON(Receipt.self, bad) }
    }

    @Test func blockWithHashes() throws {
        let text = """
            {"baseFeePerGas":"0x56a6c98","blobGasUsed":"0x0","difficulty":"0x0","excessBlobGas":"0x0","extraData":"0x",\
            "gasLimit":"0xbebc200","gasUsed":"0x54a92",\
            "hash":"0xe02dd6dfcd01b2afca0e56cd1d09535398be984b97b3e8be7bfba38ea17fc633",\
            "logsBloom":"0x\(String(repeating: "00", count: 256))","miner":"0x0000000000000000000000000000000000000000",\
            "mixHash":"0x0000000000000000000000000000000000000000000000000000000000000000","nonce":"0x0000000000000000",\
            "number":"0x2d","parentBeaconBlockRoot":"0x4b118bd31ed2c4eeb81dc9e3919e9989994333fe36f147c2930f12c53f0d3c78",\
            "parentHash":"0x5728fa3c576e9a3752567c117c855c453c366645ed30f9490bb30b230a99b751",\
            "receiptsRoot":"0x2c86b2791cdd088d3c3e9d6225f71724d3e8c67bdd13cd6208831058cee1043f",\
            "requestsHash":"0x57cac3e52cdcd73e52bd9e54956e0eae370f00ed41f68edc78266bdb46c3a543",\
            "sha3Uncles":"0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347","size":"0x633",\
            "stateRoot":"0x56852e5aa0d8282b17c5bf8bc232b237080bd5d8bd2bca5ea885a222ebc9d281","timestamp":"0x1c2",\
            "transactions":["0xdf828b2ebbbf0909d360dda61943e84c906302c0b946e22640920058993bf56d",\
            "0x52936c0771a21d9835c6948bc04f7cb42bb5d4cbd88e4a31abd2673511173c68"],\
            "transactionsRoot":"0xe5dd57ce3d51101d81f5dd866b2c0a878d44245ef8f96836c07210a529b0a438","uncles":[],\
            "withdrawals":[],"withdrawalsRoot":"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"}
            """
        let block = try expectRoundTrip(Block.self, text)
        #expect(block.number == 0x2d)
        #expect(block.baseFeePerGas == 0x56a_6c98)
        #expect(block.nonce?.bytes == [UInt8](repeating: 0, count: 8))
        #expect(block.withdrawals == [])
        guard case .hashes(let hashes) = block.transactions else {
            Issue.record("expected hashes")
            return
        }
        #expect(hashes.count == 2)
    }

    static let accessListTransaction = """
        {"blockHash":"0xa6c4f972bc75b6fc4f6baa53789aa8f9e38ff1bb438f69a862089c093aa99c3b","blockNumber":"0x18",\
        "blockTimestamp":"0xf0","from":"0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f","gas":"0x186a0","gasPrice":"0x1",\
        "hash":"0xd82374da698cfacbf4bb58d7ab8444621517e2137c08b859c66e50e8927c7af6","input":"0x0e394e7c8a2b32c9656d6974",\
        "nonce":"0x4e","to":"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df","transactionIndex":"0x0","value":"0x2",\
        "type":"0x1","accessList":[{"address":"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df","storageKeys":[\
        "0x0000000000000000000000000000000000000000000000000000000000000000",\
        "0x95104e47e1982aba633477f377b1511396c3fe83600224bcb0c78949be705b33"]}],"chainId":"0xc72dd9d5e883e",\
        "v":"0x1","r":"0x6ecd9ea7e1958288a3a822eb9c22662c30a7696e364d5b219a164bafd9bc58d8",\
        "s":"0x3fc5322f888fabe456b29bb2b0e829482d728500678627f564ee3aff184428c2","yParity":"0x1"}
        """

    static let legacyTransaction = """
        {"blockHash":"0x7e5d03caac4eb2b613ae9c919ef3afcc8ed0e384f31ee746381d3c8739475d2a","blockNumber":"0x4",\
        "from":"0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f","gas":"0x5208","gasPrice":"0x23237dee",\
        "hash":"0x3f38cdc805c02e152bfed34471a3a13a786fed436b3aec0c3eca35d23e2cdd2c","input":"0x","nonce":"0xc",\
        "to":"0x4dde844b71bcdf95512fb4dc94e84fb67b512ed8","transactionIndex":"0x0","value":"0x1","type":"0x0",\
        "chainId":"0xc72dd9d5e883e","v":"0x18e5bb3abd10a0",\
        "r":"0x3d61f5d7e93eecd0669a31eb640ab3349e9e5868a44c2be1337c90a893b51990",\
        "s":"0xc55f44ba123af37d0e73ed75e578647c3f473805349936f64ea902ea9e03bc7"}
        """

    @Test func transactions() throws {
        let typed = try expectRoundTrip(Transaction.self, Self.accessListTransaction)
        #expect(typed.accessList?.first?.storageKeys.count == 2)
        #expect(typed.chainID == 0xc_72dd_9d5e_883e)
        #expect(typed.yParity == 1)
        let legacy = try expectRoundTrip(Transaction.self, Self.legacyTransaction)
        #expect(legacy.v == 0x18_e5bb_3abd_10a0)  // EIP-155: chainId * 2 + 35 + parity
        #expect(legacy.v == UInt256(legacy.chainID! * 2 + 35 + 1))  // y parity 1
        #expect(legacy.input.bytes.isEmpty)
    }

    @Test func blockWithFullTransactions() throws {
        let text = """
            {"difficulty":"0x0","extraData":"0x","gasLimit":"0x1","gasUsed":"0x0","hash":null,\
            "logsBloom":"0x","miner":"0x0000000000000000000000000000000000000000",\
            "mixHash":"0x0000000000000000000000000000000000000000000000000000000000000000","nonce":null,"number":null,\
            "parentHash":"0x5728fa3c576e9a3752567c117c855c453c366645ed30f9490bb30b230a99b751",\
            "receiptsRoot":"0x2c86b2791cdd088d3c3e9d6225f71724d3e8c67bdd13cd6208831058cee1043f",\
            "sha3Uncles":"0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347","size":"0x633",\
            "stateRoot":"0x56852e5aa0d8282b17c5bf8bc232b237080bd5d8bd2bca5ea885a222ebc9d281","timestamp":"0x1c2",\
            "transactions":[\(Self.accessListTransaction),\(Self.legacyTransaction)],\
            "transactionsRoot":"0xe5dd57ce3d51101d81f5dd866b2c0a878d44245ef8f96836c07210a529b0a438","uncles":[]}
            """
        let block = try expectRoundTrip(Block.self, text)
        #expect(block.number == nil && block.hash == nil && block.nonce == nil)
        guard case .full(let transactions) = block.transactions else {
            Issue.record("expected full transactions")
            return
        }
        #expect(transactions.map(\.type) == [1, 0])
        #expect(block.transactions.hashes.count == 2)
    }

    @Test func feeHistory() throws {
        let text = #"""
            {"oldestBlock":"0x2","reward":[["0x1","0x1"]],"baseFeePerGas":["0x2db08786","0x2806be9d"],"gasUsedRatio":[0.0042]}
            """#
        let history = try expectRoundTrip(FeeHistory.self, text)
        #expect(history.oldestBlock == 2)
        #expect(history.reward == [[1, 1]])
        #expect(history.baseFeePerGas == [0x2db0_8786, 0x2806_be9d])
        #expect(history.gasUsedRatio == [0.0042])
    }

    @Test func pendingLogWritesNulls() throws {
        let log = Log(address: .zero, topics: [], data: [0x01])
        #expect(
            try encodeJSON(log)
                == json(
                    #"{"address":"0x0000000000000000000000000000000000000000","topics":[],"data":"0x01","blockNumber":null,"transactionHash":null,"transactionIndex":null,"blockHash":null,"logIndex":null,"removed":false}"#
                ))
    }
}

@Suite struct TransactionRequestTests {
    static let to = "0x7dcd17433742f4c0ca53122ab541d0ba67fc27df"

    @Test func everyField() throws {
        let text = """
            {"from":"0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f","to":"\(Self.to)","gas":"0x5208",\
            "maxFeePerGas":"0x3b9aca00","maxPriorityFeePerGas":"0x1","value":"0xde0b6b3a7640000","input":"0xabcd",\
            "nonce":"0x0","accessList":[{"address":"\(Self.to)","storageKeys":[]}],"type":"0x2","chainId":"0x1"}
            """
        let request = try expectRoundTrip(TransactionRequest.self, text)
        #expect(request.gas == 21000)
        #expect(request.value == UInt256(1_000_000_000_000_000_000))
        #expect(request.input == [0xab, 0xcd])
        #expect(request.type == 2 && request.chainID == 1 && request.nonce == 0)
        let legacy = try expectRoundTrip(TransactionRequest.self, #"{"to":"\#(Self.to)","gasPrice":"0x1"}"#)
        #expect(legacy.gasPrice == 1)
    }

    @Test(arguments: [
        (#"{"data":"0xabcd"}"#, [UInt8]([0xab, 0xcd])),
        (#"{"input":"0xabcd"}"#, [0xab, 0xcd]),
        (#"{"data":"0xabcd","input":"0xABCD"}"#, [0xab, 0xcd]),
        (#"{"to":null}"#, nil),
        (#"{}"#, nil),
    ])
    func dataOrInput(text: String, input: [UInt8]?) throws {
        let request = try decodeJSON(TransactionRequest.self, text)
        #expect(request.input?.bytes == input)
        #expect(request.to == nil)
    }

    @Test(arguments: [
        #"{"data":"0xab","input":"0xcd"}"#, #"{"gas":"0x01"}"#, #"{"gas":21000}"#, #"{"value":"1000"}"#,
        #"{"to":"0x12"}"#, #"{"input":"abcd"}"#, #"{"nonce":"0x10000000000000000"}"#,
        #"{"to":"0x7DCD17433742f4c0ca53122ab541d0ba67fc27df"}"#,
    ])
    func refused(text: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(TransactionRequest.self, text) }
    }
}

@Suite struct LogFilterTests {
    static let a = "0x7dcd17433742f4c0ca53122ab541d0ba67fc27df"
    static let b = "0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f"
    static let t1 = "0x00000000000000000000000000000000000000000000000000000000656d6974"
    static let t2 = "0x13bd2394f758553be374ffa4a9455cdf5e6ef3d905acd02746df2d12361e1ace"

    @Test func forms() throws {
        let one = try expectRoundTrip(
            LogFilter.self, #"{"fromBlock":"0x1","toBlock":"latest","address":"\#(Self.a)","topics":["\#(Self.t1)"]}"#)
        #expect(one.address.count == 1)
        #expect(one.fromBlock == .number(1) && one.toBlock == .latest)
        let many = try expectRoundTrip(
            LogFilter.self,
            #"{"address":["\#(Self.a)","\#(Self.b)"],"topics":[null,["\#(Self.t1)","\#(Self.t2)"],"\#(Self.t2)"]}"#)
        #expect(many.address.count == 2)
        #expect(many.topics == [nil, [try Hash(hex: Self.t1), try Hash(hex: Self.t2)], [try Hash(hex: Self.t2)]])
        let byHash = try expectRoundTrip(LogFilter.self, #"{"blockHash":"\#(Self.t1)"}"#)
        #expect(byHash.blockHash != nil)
        #expect(try expectRoundTrip(LogFilter.self, "{}") == LogFilter())
    }

    @Test func wildcardsNormalise() throws {
        let filter = try decodeJSON(LogFilter.self, #"{"topics":[[],["\#(Self.t1)",null]],"address":[]}"#)
        #expect(filter.topics == [nil, nil])
        #expect(filter.address.isEmpty)
    }

    @Test(arguments: [
        #"{"topics":[null,null,null,null,null]}"#,
        #"{"blockHash":"\#(t1)","fromBlock":"0x1"}"#,
        #"{"fromBlock":{"blockHash":"\#(t1)"}}"#,
        #"{"topics":["0x12"]}"#,
        #"{"topics":[[["\#(t1)"]]]}"#,
        #"{"topics":[1]}"#,
        #"{"address":"0x12"}"#,
        #"{"toBlock":"0x01"}"#,
    ])
    func refused(text: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(LogFilter.self, text) }
    }
}
