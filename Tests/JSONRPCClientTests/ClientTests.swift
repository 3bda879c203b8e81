import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import Synchronization
import Testing

@testable import JSONRPCClient

/// `Error("nope")`: the revert data Solidity and Vyper write for a reason string, one word per line.
let nopeRevert: [UInt8] = try! Hex.decode(
    "0x08c379a0"
        + "0000000000000000000000000000000000000000000000000000000000000020"
        + "0000000000000000000000000000000000000000000000000000000000000004"
        + "6e6f706500000000000000000000000000000000000000000000000000000000")

/// A node with canned answers to every typed method, counting the requests it runs.
func ethereumDispatcher(calls: RequestCounter = RequestCounter()) -> JSONRPCDispatcher {
    var dispatcher = JSONRPCDispatcher()
    dispatcher.register("eth_chainId") { () in
        calls.increment()
        return Quantity<UInt64>(31337)
    }
    dispatcher.register("eth_blockNumber") { () in
        calls.increment()
        return Quantity<UInt64>(0x10)
    }
    dispatcher.register("eth_getBalance") { (account: Address, block: BlockTag?) in
        calls.increment()
        let base = UInt256(account.bytes[19]) * UInt256(1_000_000_000_000_000_000 as UInt64)
        return Quantity(block == .number(0) ? UInt256(0) : base)
    }
    dispatcher.register("eth_getTransactionCount") { (_: Address, block: BlockTag?) in
        calls.increment()
        return Quantity<UInt64>(block == .pending ? 5 : 4)
    }
    dispatcher.register("eth_getCode") { (account: Address, _: BlockTag?) in
        calls.increment()
        return HexBytes(account == address(1) ? [0x60, 0x00] : [])
    }
    dispatcher.register("eth_gasPrice") { () in Quantity(UInt256(1_000_000_000 as UInt64)) }
    dispatcher.register("eth_maxPriorityFeePerGas") { () in Quantity(UInt256(1_500_000_000 as UInt64)) }
    dispatcher.register("eth_feeHistory") { (count: Quantity<UInt64>, newest: BlockTag, percentiles: [Double]?) in
        FeeHistory(
            oldestBlock: 0x10 - count.value + 1,
            baseFeePerGas: Array(repeating: UInt256(7), count: Int(count.value) + 1),
            gasUsedRatio: Array(repeating: 0.5, count: Int(count.value)),
            reward: percentiles.map { p in Array(repeating: p.map { UInt256(UInt64($0)) }, count: Int(count.value)) })
    }
    dispatcher.register("eth_estimateGas") { (request: TransactionRequest, block: BlockTag?) in
        // 21000 when the block was left out, 21001 when given: the test sees which params went out.
        Quantity<UInt64>(block == nil ? 21_000 : 21_001 + (request.value == nil ? 0 : 1))
    }
    dispatcher.register("eth_call") { (request: TransactionRequest, _: BlockTag?) throws in
        let input = request.input?.bytes ?? []
        if input.starts(with: [0xde, 0xad]) { throw JSONRPCError.executionReverted(data: nopeRevert, reason: "nope") }
        return HexBytes(input.reversed())
    }
    dispatcher.register("eth_sendRawTransaction") { (raw: HexBytes) in Keccak256.hash(raw.bytes) }
    dispatcher.register("eth_getTransactionByHash") { (id: Hash) in
        id == hash(0xaa) ? sampleTransaction : nil
    }
    dispatcher.register("eth_getTransactionReceipt") { (_: Hash) in Receipt?.none }
    dispatcher.register("eth_getBlockByNumber") { (tag: BlockTag, full: Bool) in
        tag == .number(99) ? nil : sampleBlock(full: full)
    }
    dispatcher.register("eth_getBlockByHash") { (id: Hash, full: Bool) in
        id == hash(0xbb) ? sampleBlock(full: full) : nil
    }
    dispatcher.register("eth_getLogs") { (filter: LogFilter) in
        filter.address.map { Log(address: $0, topics: [hash(1)], data: [1, 2], blockNumber: 3) }
    }
    dispatcher.register("fail_nonce") { () throws -> Bool in
        throw JSONRPCError(
            code: -32000, message: "nonce too low: next nonce 4, tx nonce 3",
            data: json(#"{"nested":[1,"two",null]}"#))
    }
    dispatcher.register("slow") { () async throws -> Bool in
        calls.increment()
        try await Task.sleep(for: .seconds(60))
        return true
    }
    dispatcher.register("echo") { (value: JSONValue) in value }
    dispatcher.register("count") { () in
        calls.increment()
        return calls.count
    }
    return dispatcher
}

let sampleTransaction = Transaction(
    hash: hash(0xaa), type: 2, nonce: 3, from: address(1), to: address(2), gas: 21_000, value: 5,
    input: [], gasPrice: 10, maxFeePerGas: 20, maxPriorityFeePerGas: 1, accessList: [], chainID: 31337, v: 1, r: 2,
    s: 3, yParity: 1, blockHash: hash(0xbb), blockNumber: 7, transactionIndex: 0)

func sampleBlock(full: Bool) -> Block {
    Block(
        number: 7, hash: hash(0xbb), parentHash: hash(0xcc), nonce: HexBytes([UInt8](repeating: 0, count: 8)),
        sha3Uncles: hash(0x1d), logsBloom: HexBytes([UInt8](repeating: 0, count: 256)), transactionsRoot: hash(2),
        stateRoot: hash(3), receiptsRoot: hash(4), miner: address(0), difficulty: 0, extraData: [], size: 600,
        gasLimit: 30_000_000, gasUsed: 21_000, timestamp: 1_700_000_000,
        transactions: full ? .full([sampleTransaction]) : .hashes([sampleTransaction.hash]), uncles: [],
        mixHash: hash(5), baseFeePerGas: 7)
}

@Suite struct TypedMethodTests {
    @Test func everyTypedMethodOverLoopbackHTTP() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            #expect(try await client.chainID() == 31337)
            #expect(try await client.blockNumber() == 16)
            #expect(try await client.balance(of: address(3)) == UInt256(3_000_000_000_000_000_000 as UInt64))
            #expect(try await client.balance(of: address(3), at: .number(0)) == 0)
            #expect(try await client.transactionCount(of: address(3), at: .pending) == 5)
            #expect(try await client.transactionCount(of: address(3)) == 4)
            #expect(try await client.code(at: address(1)) == [0x60, 0x00])
            #expect(try await client.code(at: address(2), block: .earliest) == [])
            #expect(try await client.gasPrice() == 1_000_000_000)
            #expect(try await client.maxPriorityFeePerGas() == 1_500_000_000)
            let history = try await client.feeHistory(blockCount: 2, newest: .latest, rewardPercentiles: [25, 75])
            #expect(history.oldestBlock == 15)
            #expect(history.baseFeePerGas == [7, 7, 7])
            #expect(history.reward == [[25, 75], [25, 75]])
            #expect(try await client.estimateGas(TransactionRequest(to: address(2))) == 21_000)
            #expect(try await client.estimateGas(TransactionRequest(to: address(2), value: 1), at: .latest) == 21_002)
            #expect(try await client.call(TransactionRequest(to: address(2), input: [1, 2, 3])) == [3, 2, 1])
            #expect(try await client.sendRawTransaction([0x02, 0xc0]) == Keccak256.hash([0x02, 0xc0]))
            #expect(try await client.transaction(byHash: hash(0xaa)) == sampleTransaction)
            #expect(try await client.transaction(byHash: hash(0xab)) == nil)
            #expect(try await client.receipt(of: hash(0xaa)) == nil)
            #expect(try await client.block(.latest) == sampleBlock(full: false))
            #expect(try await client.block(.latest, fullTransactions: true) == sampleBlock(full: true))
            #expect(try await client.block(.number(99)) == nil)
            #expect(try await client.block(.hash(hash(0xbb), requireCanonical: false)) == sampleBlock(full: false))
            #expect(try await client.block(.hash(hash(0xbc), requireCanonical: true)) == nil)
            let logs = try await client.logs(LogFilter(address: [address(4), address(5)]))
            #expect(logs.map(\.address) == [address(4), address(5)])
            #expect(try await client.request("echo", params: [.integer(42)], as: Int.self) == 42)
        }
    }

    @Test func inProcessTransportGivesTheSameAnswers() async throws {
        let client = JSONRPCClient(transport: InProcessTransport(dispatcher: ethereumDispatcher()))
        #expect(try await client.chainID() == 31337)
        #expect(try await client.block(.latest, fullTransactions: true) == sampleBlock(full: true))
        let (number, price) = try await client.batch(.blockNumber(), .gasPrice())
        #expect(try number.get() == 16)
        #expect(try price.get() == 1_000_000_000)
        try await client.notify("count")
    }

    @Test func contractCallsDecodeTheirOutputStrictly() async throws {
        // This node's eth_call answers the calldata reversed: four bytes, not a uint8 word.
        let client = JSONRPCClient(transport: InProcessTransport(dispatcher: ethereumDispatcher()))
        do throws(JSONRPCClientError) {
            _ = try await client.call(TestToken.Decimals(), on: address(9))
            Issue.record("four bytes decoded as a uint8")
        } catch {
            guard case .badResponse(let detail) = error else {
                Issue.record("expected a bad response, got \(error)")
                return
            }
            #expect(detail.hasPrefix("the result of eth_call does not decode ("))
        }
    }

    @Test func requestIDsCountUpAcrossCopies() async throws {
        let recorder = RequestCounter()
        var dispatcher = JSONRPCDispatcher()
        dispatcher.register("echo") { () in
            recorder.increment()
            return true
        }
        let client = JSONRPCClient(transport: RecordingTransport(inner: InProcessTransport(dispatcher: dispatcher)))
        let copy = client
        _ = try await client.request("echo", as: Bool.self)
        _ = try await copy.request("echo", as: Bool.self)
        _ = try await client.batch([JSONRPCCall("echo", as: Bool.self), JSONRPCCall("echo", as: Bool.self)])
        let bodies = (client.transport as! RecordingTransport).bodies
        let ids = bodies.flatMap { body -> [JSONValue] in
            switch json(String(decoding: body, as: UTF8.self)) {
            case .array(let items): items.compactMap { if case .object(let o) = $0 { o["id"] } else { nil } }
            case .object(let o): [o["id"] ?? .null]
            default: []
            }
        }
        #expect(ids == [.integer(1), .integer(2), .integer(3), .integer(4)])
    }
}

/// Keeps every body sent, then forwards it.
final class RecordingTransport: JSONRPCTransport {
    let inner: any JSONRPCTransport
    private let sent = Mutex<[[UInt8]]>([])
    init(inner: any JSONRPCTransport) { self.inner = inner }
    var bodies: [[UInt8]] { sent.withLock { $0 } }
    func send(_ body: [UInt8]) async throws -> [UInt8] {
        sent.withLock { $0.append(body) }
        return try await inner.send(body)
    }
}

@Suite struct BatchTests {
    @Test func variadicBatchKeepsTypesAndOrder() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            let (chainID, balance, code, missing, failed, revert) = try await client.batch(
                .chainID(), .balance(of: address(2)), .code(at: address(1)), .transaction(byHash: hash(1)),
                JSONRPCCall("fail_nonce", as: Bool.self),
                .call(TransactionRequest(to: address(2), input: [0xde, 0xad]))
            )
            #expect(try chainID.get() == 31337)
            #expect(try balance.get() == UInt256(2_000_000_000_000_000_000 as UInt64))
            #expect(try code.get() == [0x60, 0x00])
            #expect(try missing.get() == nil)
            #expect(throws: JSONRPCClientError.self) { try failed.get() }
            guard case .failure(let revertError) = revert else {
                Issue.record("the reverting call succeeded")
                return
            }
            #expect(revertError.revertData == nopeRevert)
            #expect(revertError.nodeError?.message == "execution reverted: nope")
        }
    }

    @Test func arrayBatchReturnsResultsInCallOrder() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            let accounts = (1...40).map { address(UInt8($0)) }
            let results = try await client.batch(accounts.map { JSONRPCCall.balance(of: $0) })
            #expect(results.count == 40)
            for (index, result) in results.enumerated() {
                #expect(try result.get() == UInt256(UInt64(index + 1)) * UInt256(1_000_000_000_000_000_000 as UInt64))
            }
            let empty = try await client.batch([JSONRPCCall<UInt64>]())
            #expect(empty.isEmpty)
        }
    }

    @Test func unknownMethodFailsAloneInABatch() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            let (ok, unknown) = try await client.batch(.blockNumber(), JSONRPCCall("eth_nope", as: Bool.self))
            #expect(try ok.get() == 16)
            guard case .failure(let error) = unknown else {
                Issue.record("an unknown method succeeded")
                return
            }
            #expect(error.nodeError?.code == JSONRPCError.methodNotFoundCode)
        }
    }

    @Test func aBatchOverTheNodesLimitIsRefusedWhole() async throws {
        try await withNode(JSONRPCDispatcher.limited(ethereumDispatcher(), batch: 3)) { url throws in
            let client = JSONRPCClient(urls: [url])
            await #expect(throws: JSONRPCClientError.node(.limitExceeded("batch too large: 4 requests, at most 3"))) {
                _ = try await client.batch(Array(repeating: JSONRPCCall.chainID(), count: 4))
            }
        }
    }
}

extension JSONRPCDispatcher {
    static func limited(_ dispatcher: JSONRPCDispatcher, batch: Int) -> JSONRPCDispatcher {
        var copy = dispatcher
        copy.maximumBatchSize = batch
        return copy
    }
}

@Suite struct NodeErrorTests {
    @Test func nodeErrorsKeepCodeMessageAndData() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            do throws(JSONRPCClientError) {
                _ = try await client.request("fail_nonce", as: Bool.self)
                Issue.record("expected the node's error")
            } catch {
                #expect(
                    error
                        == .node(
                            JSONRPCError(
                                code: -32000, message: "nonce too low: next nonce 4, tx nonce 3",
                                data: json(#"{"nested":[1,"two",null]}"#))))
                #expect(error.revertData == nil)
                #expect(error.description.hasPrefix("rpc: the node answered error -32000: nonce too low"))
            }
        }
    }

    @Test func revertOfACallCarriesItsData() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            do throws(JSONRPCClientError) {
                _ = try await client.call(TransactionRequest(to: address(2), input: [0xde, 0xad, 0xbe, 0xef]))
                Issue.record("expected a revert")
            } catch {
                #expect(error.nodeError?.code == 3)
                #expect(error.nodeError?.message == "execution reverted: nope")
                #expect(error.revertData == nopeRevert)
            }
        }
    }

    @Test func unknownMethodIsTheNodesError() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            await #expect(throws: JSONRPCClientError.node(.methodNotFound("eth_nope"))) {
                _ = try await client.request("eth_nope", params: [.integer(1)], as: Bool.self)
            }
        }
    }

    struct RevertRow: CustomTestStringConvertible, Sendable {
        var name: String
        var error: JSONRPCError
        var expected: [UInt8]?
        var testDescription: String { name }
    }

    static let revertRows: [RevertRow] = [
        RevertRow(
            name: "geth/anvil: code 3, data hex",
            error: JSONRPCError(code: 3, message: "execution reverted: nope", data: .string(Hex.encode(nopeRevert))),
            expected: nopeRevert),
        RevertRow(
            name: "empty revert", error: JSONRPCError(code: 3, message: "execution reverted", data: .string("0x")),
            expected: []),
        RevertRow(
            name: "custom error",
            error: JSONRPCError(code: 3, message: "execution reverted", data: .string("0x1234abcd")),
            expected: [0x12, 0x34, 0xab, 0xcd]),
        RevertRow(
            name: "Nethermind: Reverted prefix",
            error: JSONRPCError(code: -32015, message: "VM execution error.", data: .string("Reverted 0x1234abcd")),
            expected: [0x12, 0x34, 0xab, 0xcd]),
        RevertRow(
            name: "Nethermind with revert message",
            error: JSONRPCError(code: -32015, message: "Reverted", data: .string("Reverted 0x1234abcd")),
            expected: [0x12, 0x34, 0xab, 0xcd]),
        RevertRow(
            name: "Hardhat: nested data",
            error: JSONRPCError(
                code: -32603,
                message: "Error: VM Exception while processing transaction: reverted with reason string 'nope'",
                data: .object(["message": .string("…"), "data": .string(Hex.encode(nopeRevert))])),
            expected: nopeRevert),
        RevertRow(
            name: "Ganache: result member",
            error: JSONRPCError(
                code: -32000, message: "VM Exception while processing transaction: revert nope",
                data: .object(["result": .string("0x1234abcd"), "reason": .string("nope")])),
            expected: [0x12, 0x34, 0xab, 0xcd]),
        RevertRow(
            name: "revert without data", error: JSONRPCError(code: 3, message: "execution reverted"), expected: nil),
        RevertRow(
            name: "not a revert, hex data",
            error: JSONRPCError(code: -32000, message: "already known", data: .string("0x1234")), expected: nil),
        RevertRow(
            name: "revert with malformed hex",
            error: JSONRPCError(code: 3, message: "execution reverted", data: .string("0x123")), expected: nil),
        RevertRow(
            name: "revert with non-string data",
            error: JSONRPCError(code: 3, message: "execution reverted", data: .integer(5)), expected: nil),
    ]

    @Test(arguments: revertRows) func revertDataExtraction(row: RevertRow) {
        #expect(JSONRPCClientError.node(row.error).revertData == row.expected)
    }

    @Test func onlyNodeErrorsHaveRevertData() {
        #expect(JSONRPCClientError.timeout.revertData == nil)
        #expect(JSONRPCClientError.badResponse("x").revertData == nil)
    }

    @Test func descriptionsAreOneLineStartingWithRPC() {
        let errors: [JSONRPCClientError] = [
            .unreachable("http://127.0.0.1:1 (connection refused)"), .timeout, .cancelled,
            .node(JSONRPCError(code: 3, message: "execution reverted", data: .string("0x"))),
            .node(JSONRPCError(code: -32000, message: "nonce too low")), .badResponse("the answer is empty"),
            .invalidEndpoint("no endpoint URL was given"),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("rpc: "))
            #expect(!error.description.contains("\n"))
        }
        #expect(
            JSONRPCClientError.node(JSONRPCError(code: 3, message: "execution reverted", data: .string("0x")))
                .description
                == #"rpc: the node answered error 3: execution reverted (data: "0x")"#)
    }
}
