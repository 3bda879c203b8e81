import ChainSim
import Contracts
import EthPrimitives
import HummingbirdWSClient
import JSONRPC
import JSONRPCClient
import Testing
import Transactions

@testable import Node

/// The local node over real loopback sockets: HTTP through `JSONRPCClient`, subscriptions over WebSocket.
@Suite struct LocalNodeLoopbackTests {
    /// Runs `body` with `t`'s node served on a free port.
    func serving<T: Sendable>(_ t: TestNode, _ body: @Sendable (_ port: Int) async throws -> T) async throws -> T {
        try await withServer(t.node.dispatcher, subscriptions: t.node.subscriptions, body)
    }

    @Test func aTransferOverHTTP() async throws {
        let t = try TestNode()
        try await serving(t) { port throws in
            let client = JSONRPCClient(urls: ["http://127.0.0.1:\(port)"])
            #expect(try await client.chainID() == 31337)
            let raw = try await t.raw(from: 2, to: t.account(3), value: ether, gas: 21_000)
            let hash = try await client.sendRawTransaction(raw)
            #expect(try await client.receipt(of: hash)?.status == 1)
            let (balance, number) = try await client.batch(.balance(of: t.account(3)), .blockNumber())
            #expect(try balance.get() == 10_001 * ether)
            #expect(try number.get() == 1)
            do throws(JSONRPCClientError) {
                _ = try await client.sendRawTransaction(raw)
                Issue.record("a replayed transaction was accepted")
            } catch {
                #expect(error.nodeError?.code == -32000)
            }
        }
    }

    @Test func newHeadsAndLogsOverWebSocket() async throws {
        let t = try TestNode()
        try await serving(t) { port throws in
            try await withWebSocket(port: port) { reader, writer in
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}"#))
                let heads = try #require(try await reader.next()?["result"].string)
                let filter =
                    #"{"address":"\#(MeteredGenesis.testToken)","topics":["\#(TestToken.TransferEvent.topic)"]}"#
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["logs",\#(filter)]}"#))
                let logs = try #require(try await reader.next()?["result"].string)

                // A plain transfer: one head, no log. Then a mint: one head and its Transfer log.
                try await t.send(from: 2, to: t.account(3), value: 1, gas: 21_000)
                let mint = try await t.send(
                    from: 2, to: MeteredGenesis.testToken, data: TestToken.Mint(to: t.account(2), amount: 9).calldata)
                var headNumbers: [JSONValue] = []
                var logHashes: [JSONValue] = []
                while headNumbers.count < 2 || logHashes.isEmpty {
                    guard let message = try await reader.next() else { break }
                    #expect(message["method"] == string("eth_subscription"))
                    let params = message["params"]
                    switch params["subscription"].string {
                    case heads:
                        headNumbers.append(params["result"]["number"])
                        #expect(params["result"]["transactions"] == .null)
                        #expect(params["result"]["hash"].string != nil)
                    case logs:
                        logHashes.append(params["result"]["transactionHash"])
                        #expect(params["result"]["removed"] == .bool(false))
                    default:
                        Issue.record("a notification for an unknown subscription: \(message)")
                    }
                }
                #expect(headNumbers == [string("0x1"), string("0x2")])
                #expect(logHashes == [try JSONValue(encoding: mint)])

                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":3,"method":"eth_subscribe","params":["newPendingTransactions"]}"#))
                #expect(
                    try await reader.next()
                        == json(
                            #"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no \"newPendingTransactions\" subscription in eth namespace"}}"#
                        ))
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":4,"method":"eth_subscribe","params":["logs",{"topics":"nope"}]}"#))
                #expect(try await reader.next()?["error"]["code"] == .integer(-32602))
            }
        }
    }
}
