import Benchmark
import ChainSim
import Contracts
import EthPrimitives
import JSONRPC
import JSONRPCClient
import Node

/// The local node answering in process, request bytes to response bytes through its dispatcher (what every HTTP or
/// WebSocket request costs before the network): an account read (`eth_getBalance`), a contract read through a model
/// (`eth_call` of TestToken's `balanceOf`), and a client batch of 100 balance reads (encoding, dispatch, decoding).
func nodeBenchmarks() {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .mallocCountTotal])

    let chain = try! Chain(
        config: LocalNode.meteredConfig(genesisTimestamp: 1_735_689_600),
        clock: ManualUnixClock(start: 1_735_689_601))
    let node = LocalNode(chain: chain)
    let student = MeteredGenesis.accounts[2]

    let balance = Array(
        #"{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["\#(student)","latest"]}"#.utf8)
    Benchmark("Node eth_getBalance", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(await node.dispatcher.handle(body: balance))
        }
    }

    let calldata = Hex.encode(TestToken.BalanceOf(owner: student).calldata)
    let call = Array(
        #"{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"\#(MeteredGenesis.testToken)","input":"\#(calldata)"},"latest"]}"#
            .utf8)
    Benchmark("Node eth_call balanceOf", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(await node.dispatcher.handle(body: call))
        }
    }

    let client = JSONRPCClient(transport: InProcessTransport(dispatcher: node.dispatcher))
    let balances = (0..<100).map { JSONRPCCall.balance(of: MeteredGenesis.accounts[$0 % 10]) }
    Benchmark("Node client batch of 100 eth_getBalance", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await client.batch(balances))
        }
    }
}
