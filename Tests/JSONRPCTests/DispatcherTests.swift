import EthPrimitives
import Synchronization
import Testing

@testable import JSONRPC

/// Parses JSON text written in a test.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(Array(text.utf8))
    } catch {
        Issue.record("test JSON does not parse: \(text)")
        return .null
    }
}

/// Counts the calls a notification makes, to show that notifications run.
actor CallLog {
    var calls: [String] = []
    func record(_ call: String) { calls.append(call) }
}

private struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "database password is hunter2" }
}

private struct ChainFailure: JSONRPCErrorConvertible {
    var jsonRPCError: JSONRPCError { JSONRPCError(code: -32000, message: "nonce too low") }
}

func makeDispatcher(log: CallLog, maximumBatchSize: Int = 1000) -> JSONRPCDispatcher {
    var dispatcher = JSONRPCDispatcher(maximumBatchSize: maximumBatchSize)
    dispatcher.register("eth_blockNumber") { () in Quantity<UInt64>(0x1b4) }
    dispatcher.register("eth_getBalance") { (address: Address, block: BlockTag?) in
        let tag = block ?? .latest
        return Quantity(UInt256(address.bytes[19]) + (tag == .latest ? 0 : 1000))
    }
    dispatcher.register("eth_feeHistory") { (count: Quantity<UInt64>, newest: BlockTag, percentiles: [Double]?) in
        "\(count.value) \(newest) \(percentiles ?? [])"
    }
    dispatcher.register("eth_call") { (call: CallRequest, block: BlockTag?) in
        call.input ?? HexBytes([])
    }
    dispatcher.register("notify") { (text: String) in
        await log.record(text)
        return true
    }
    dispatcher.register("fail_internal") { () throws -> Bool in throw SecretFailure() }
    dispatcher.register("fail_chain") { () throws -> Bool in throw ChainFailure() }
    dispatcher.register("fail_revert") { () throws -> Bool in
        throw JSONRPCError.executionReverted(data: [0x08, 0xc3, 0x79, 0xa0], reason: "nope")
    }
    dispatcher.register(
        "named",
        rawParams: { params in
            struct Pair: Decodable {
                var a: Int
                var b: String
            }
            let pair = try params?.decode(Pair.self)
            return "\(pair?.a ?? 0)\(pair?.b ?? "")"
        })
    dispatcher.register("nothing") { () in JSONValue.null }
    return dispatcher
}

@Suite struct DispatcherTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var body: String
        /// The expected response, or nil for no response at all.
        var response: String?
        var testDescription: String { name }
    }

    static let address = "0x000000000000000000000000000000000000002a"

    static let rows: [Row] = [
        // Single requests.
        Row(
            name: "result", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":1}"#,
            response: #"{"jsonrpc":"2.0","id":1,"result":"0x1b4"}"#),
        Row(
            name: "params omitted", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","id":"a"}"#,
            response: #"{"jsonrpc":"2.0","id":"a","result":"0x1b4"}"#),
        Row(
            name: "id null is a request", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","id":null}"#,
            response: #"{"jsonrpc":"2.0","id":null,"result":"0x1b4"}"#),
        Row(
            name: "optional trailing param absent",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["\#(address)"],"id":2}"#,
            response: #"{"jsonrpc":"2.0","id":2,"result":"0x2a"}"#),
        Row(
            name: "optional trailing param null",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["\#(address)",null],"id":2}"#,
            response: #"{"jsonrpc":"2.0","id":2,"result":"0x2a"}"#),
        Row(
            name: "optional trailing param given",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["\#(address)","0x10"],"id":2}"#,
            response: #"{"jsonrpc":"2.0","id":2,"result":"0x412"}"#),
        Row(
            name: "three params, last optional",
            body: #"{"jsonrpc":"2.0","method":"eth_feeHistory","params":["0x4","latest",[25,75]],"id":3}"#,
            response: #"{"jsonrpc":"2.0","id":3,"result":"4 latest [25.0, 75.0]"}"#),
        Row(
            name: "object param",
            body: #"{"jsonrpc":"2.0","method":"eth_call","params":[{"to":"\#(address)","data":"0xabcd"}],"id":4}"#,
            response: #"{"jsonrpc":"2.0","id":4,"result":"0xabcd"}"#),
        Row(
            name: "named params", body: #"{"jsonrpc":"2.0","method":"named","params":{"a":7,"b":"x"},"id":5}"#,
            response: #"{"jsonrpc":"2.0","id":5,"result":"7x"}"#),
        Row(
            name: "null result", body: #"{"jsonrpc":"2.0","method":"nothing","id":6}"#,
            response: #"{"jsonrpc":"2.0","id":6,"result":null}"#),
        Row(
            name: "notification gets nothing", body: #"{"jsonrpc":"2.0","method":"notify","params":["n"]}"#,
            response: nil),
        Row(
            name: "failing notification gets nothing", body: #"{"jsonrpc":"2.0","method":"nope"}"#,
            response: nil),

        // -32700
        Row(
            name: "parse error", body: #"{"jsonrpc":"2.0","method":"foobar,"params":"bar","baz]"#,
            response: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
        Row(
            name: "parse error in batch",
            body: #"[{"jsonrpc":"2.0","method":"sum","id":"1"},{"jsonrpc":"2.0","method""#,
            response: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
        Row(
            name: "empty body", body: "",
            response: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),

        // -32600
        Row(
            name: "wrong version", body: #"{"jsonrpc":"1.0","method":"eth_blockNumber","id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request: jsonrpc must be \"2.0\""}}"#
        ),
        Row(
            name: "version missing", body: #"{"method":"eth_blockNumber","id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request: jsonrpc must be \"2.0\""}}"#
        ),
        Row(
            name: "version as number", body: #"{"jsonrpc":2.0,"method":"eth_blockNumber","id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request: jsonrpc must be \"2.0\""}}"#
        ),
        Row(
            name: "method not a string, no id: still answered",
            body: #"{"jsonrpc":"2.0","method":1,"params":"bar"}"#,
            response:
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: method must be a string"}}"#
        ),
        Row(
            name: "params a string", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","params":"x","id":9}"#,
            response:
                #"{"jsonrpc":"2.0","id":9,"error":{"code":-32600,"message":"invalid request: params must be an array or an object, got a string"}}"#
        ),
        Row(
            name: "params null", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","params":null,"id":9}"#,
            response:
                #"{"jsonrpc":"2.0","id":9,"error":{"code":-32600,"message":"invalid request: params must be an array or an object, got null"}}"#
        ),
        Row(
            name: "id an object", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","id":{}}"#,
            response:
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: id must be an integer, a string or null"}}"#
        ),
        Row(
            name: "id a fraction", body: #"{"jsonrpc":"2.0","method":"eth_blockNumber","id":1.5}"#,
            response:
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: id must be an integer, a string or null"}}"#
        ),
        Row(
            name: "not an object", body: "1",
            response:
                #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: expected an object, got a number"}}"#
        ),
        Row(
            name: "empty batch", body: "[]",
            response: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: empty batch"}}"#),

        // -32601
        Row(
            name: "unknown method", body: #"{"jsonrpc":"2.0","method":"eth_foo","id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"the method eth_foo does not exist/is not available"}}"#
        ),

        // -32602
        Row(
            name: "missing required param", body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":[],"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"missing value for required argument 0"}}"#
        ),
        Row(
            name: "too many params",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["\#(address)","latest",1],"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"too many arguments, want at most 2"}}"#
        ),
        Row(
            name: "bad block tag",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["\#(address)","0x01"],"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 1: quantity: 0x01 has leading zeros; JSON-RPC quantities are compact (0x0, 0x1a)"}}"#
        ),
        Row(
            name: "bad address",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":["0x12"],"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: address: expected 20 bytes, got 1"}}"#
        ),
        Row(
            name: "nested field named",
            body: #"{"jsonrpc":"2.0","method":"eth_call","params":[{"gas":"0x"}],"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: gas: number: no digits"}}"#
        ),
        Row(
            name: "data and input differ",
            body: #"{"jsonrpc":"2.0","method":"eth_call","params":[{"data":"0x01","input":"0x02"}],"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: data: transaction: both \"data\" and \"input\" are set and differ; send only \"input\""}}"#
        ),
        Row(
            name: "named params to a positional method",
            body: #"{"jsonrpc":"2.0","method":"eth_getBalance","params":{"address":"\#(address)"},"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid params: this method takes positional params (an array), not an object"}}"#
        ),
        Row(
            name: "raw params decoding failure",
            body: #"{"jsonrpc":"2.0","method":"named","params":{"a":"7"},"id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid params: a: Expected to decode Int but found a string instead."}}"#
        ),

        // Handler errors.
        Row(
            name: "non-convertible error leaks nothing", body: #"{"jsonrpc":"2.0","method":"fail_internal","id":1}"#,
            response: #"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"internal error"}}"#),
        Row(
            name: "convertible error", body: #"{"jsonrpc":"2.0","method":"fail_chain","id":1}"#,
            response: #"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"nonce too low"}}"#),
        Row(
            name: "revert with data", body: #"{"jsonrpc":"2.0","method":"fail_revert","id":1}"#,
            response:
                #"{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted: nope","data":"0x08c379a0"}}"#
        ),

        // Batches.
        Row(
            name: "batch of invalid items: one error each", body: "[1,2,3]",
            response: """
                [{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: expected an object, got a number"}},
                 {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: expected an object, got a number"}},
                 {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: expected an object, got a number"}}]
                """),
        Row(
            name: "mixed batch in request order",
            body: """
                [{"jsonrpc":"2.0","method":"eth_getBalance","params":["\(address)"],"id":"1"},
                 {"jsonrpc":"2.0","method":"notify","params":["in batch"]},
                 {"jsonrpc":"2.0","method":"eth_foo","id":"2"},
                 {"foo":"boo"},
                 {"jsonrpc":"2.0","method":"eth_blockNumber","id":"5"},
                 {"jsonrpc":"2.0","method":"fail_internal","id":"6"}]
                """,
            response: """
                [{"jsonrpc":"2.0","id":"1","result":"0x2a"},
                 {"jsonrpc":"2.0","id":"2","error":{"code":-32601,"message":"the method eth_foo does not exist/is not available"}},
                 {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: jsonrpc must be \\"2.0\\""}},
                 {"jsonrpc":"2.0","id":"5","result":"0x1b4"},
                 {"jsonrpc":"2.0","id":"6","error":{"code":-32603,"message":"internal error"}}]
                """),
        Row(
            name: "batch of notifications only: nothing",
            body: #"[{"jsonrpc":"2.0","method":"notify","params":["a"]},{"jsonrpc":"2.0","method":"eth_foo"}]"#,
            response: nil),
        Row(
            name: "batch of one", body: #"[{"jsonrpc":"2.0","method":"eth_blockNumber","id":1}]"#,
            response: #"[{"jsonrpc":"2.0","id":1,"result":"0x1b4"}]"#),
    ]

    @Test(arguments: rows)
    func answers(row: Row) async throws {
        let dispatcher = makeDispatcher(log: CallLog())
        let reply = await dispatcher.handle(body: Array(row.body.utf8))
        guard let expected = row.response else {
            #expect(reply == nil, "\(reply.map { String(decoding: $0, as: UTF8.self) } ?? "")")
            return
        }
        let body = try #require(reply)
        #expect(
            json(String(decoding: body, as: UTF8.self)) == json(expected), "\(String(decoding: body, as: UTF8.self))")
    }

    @Test func batchLimit() async throws {
        let dispatcher = makeDispatcher(log: CallLog(), maximumBatchSize: 2)
        let item = #"{"jsonrpc":"2.0","method":"notify","params":["x"],"id":1}"#
        let atLimit = try #require(await dispatcher.handle(body: Array("[\(item),\(item)]".utf8)))
        #expect(
            json(String(decoding: atLimit, as: UTF8.self))
                == json(#"[{"jsonrpc":"2.0","id":1,"result":true},{"jsonrpc":"2.0","id":1,"result":true}]"#))

        let log = CallLog()
        let limited = makeDispatcher(log: log, maximumBatchSize: 2)
        let over = try #require(await limited.handle(body: Array("[\(item),\(item),\(item)]".utf8)))
        #expect(
            json(String(decoding: over, as: UTF8.self))
                == json(
                    #"{"jsonrpc":"2.0","id":null,"error":{"code":-32005,"message":"batch too large: 3 requests, at most 2"}}"#
                ))
        #expect(await log.calls.isEmpty, "nothing in a refused batch runs")
    }

    @Test func notificationsRunInOrder() async {
        let log = CallLog()
        let dispatcher = makeDispatcher(log: log)
        let body = (1...5).map { #"{"jsonrpc":"2.0","method":"notify","params":["\#($0)"]}"# }.joined(separator: ",")
        let reply = await dispatcher.handle(body: Array("[\(body)]".utf8))
        #expect(reply == nil)
        #expect(await log.calls == ["1", "2", "3", "4", "5"])
    }

    @Test func internalErrorsAreReportedNotSent() async throws {
        let reported = ReportBox()
        var dispatcher = JSONRPCDispatcher { method, error in reported.add("\(method): \(error)") }
        dispatcher.register("boom") { () throws -> Int in throw SecretFailure() }
        let reply = try #require(
            await dispatcher.handle(body: Array(#"{"jsonrpc":"2.0","method":"boom","id":1}"#.utf8)))
        #expect(!String(decoding: reply, as: UTF8.self).contains("hunter2"))
        #expect(reported.values == ["boom: database password is hunter2"])
    }

    @Test func registeredMethodsAreListed() {
        let dispatcher = makeDispatcher(log: CallLog())
        #expect(dispatcher.methods.first == "eth_blockNumber")
        #expect(dispatcher.methods.contains("eth_getBalance"))
    }
}

/// The strings a synchronous callback reported.
final class ReportBox: Sendable {
    private let storage = Mutex<[String]>([])
    func add(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
}
