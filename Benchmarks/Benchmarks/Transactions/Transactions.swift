import Benchmark
import EthPrimitives
import Secp256k1
import Transactions

/// EIP-1559 signing and decoding through the Swift API, next to eth-account and direct libsecp256k1 calls in
/// tools/bench/peers_transactions.py. The transaction is the relayer's typical one: an ERC-20-sized call (68 bytes
/// of calldata) with one access list entry.
func transactionBenchmarks() {
    let metrics: [BenchmarkMetric] = [.throughput, .mallocCountTotal]
    // The key of tools/bench/c/secp_peer.c; the transaction of peers_transactions.py.
    let key = try! PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32))
    let transaction = EIP1559Transaction(
        chainID: 1, nonce: 42, maxPriorityFeePerGas: 1_500_000_000, maxFeePerGas: 30_000_000_000, gasLimit: 90_000,
        to: try! Address([UInt8](repeating: 0x35, count: 20)), value: 0,
        data: [0xa9, 0x05, 0x9c, 0xbb] + [UInt8](repeating: 0, count: 12) + [UInt8](repeating: 0x19, count: 20)
            + [UInt8](repeating: 0, count: 31) + [0x64],
        accessList: [
            AccessListItem(
                address: try! Address([UInt8](repeating: 0x35, count: 20)),
                storageKeys: [try! Hash([UInt8](repeating: 0x01, count: 32))])
        ])
    let raw = try! transaction.sign(with: key).encode()

    Benchmark("EIP-1559 sign+encode", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try transaction.sign(with: key).encode()) }
    }
    Benchmark("EIP-1559 decode+recover", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try SignedTransaction.decode(raw).recoverSender()) }
    }
    // The parts, to show where the time goes: the elliptic-curve operations alone through the Swift API (the same
    // key and digest as the transactions above), and the transaction work without them.
    let digest = transaction.signingHash
    let signature = try! key.sign(digest: digest)
    Benchmark("EIP-1559 part: secp256k1 sign", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try key.sign(digest: digest)) }
    }
    Benchmark("EIP-1559 part: secp256k1 recover address", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ECDSA.recoverAddress(digest: digest, signature: signature))
        }
    }
    Benchmark("EIP-1559 signing hash", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(transaction.signingHash) }
    }
    Benchmark("EIP-1559 decode", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try SignedTransaction.decode(raw)) }
    }
}
