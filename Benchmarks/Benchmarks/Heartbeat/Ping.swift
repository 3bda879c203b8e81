import Benchmark
import EthPrimitives
import Heartbeat
import Secp256k1
import Synchronization

/// The next `seq` of the store benchmark (each write must be above the last to be a write).
private let nextSeq = Atomic<UInt64>(0)

/// The ping verification path in process, stage by stage, next to the bare recovery that bounds it: reading the
/// JSON body of `POST /v1/ping`, the EIP-712 signing hash, the signature check (hash + one recovery), both together,
/// and one ping's conditional write to an in-memory store (the group-commit path without a disk sync). The HTTP load
/// with a durable store is `heartbeat-load pings` (docs/performance.md, Heartbeat).
func heartbeatBenchmarks() {
    let metrics: [BenchmarkMetric] = [.throughput, .mallocCountTotal]
    let key = try! PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32))
    let domain = HeartbeatDomain(
        chainID: 31337, escrow: try! Address(hex: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"))
    let message = HeartbeatMessage(
        sessionID: 7, participant: key.address, seq: 1_732_480_000_123, issuedAt: 1_732_480_000)
    let ping = SignedPing(message: message, signature: try! message.sign(in: domain, with: key))
    let body = ping.jsonBody
    let digest = message.signingHash(in: domain)

    Benchmark("ping read JSON body", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try SignedPing(json: body)) }
    }
    Benchmark("ping EIP-712 signing hash", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(message.signingHash(in: domain)) }
    }
    Benchmark("ping verify (hash + recovery)", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { try ping.verify(in: domain) }
    }
    Benchmark("ping read + verify", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { try SignedPing(json: body).verify(in: domain) }
    }
    Benchmark("bare recovery (ECDSA.recoverAddress)", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ECDSA.recoverAddress(digest: digest, signature: ping.signature))
        }
    }
    let store = try! SQLiteHeartbeatStore.inMemory()
    Benchmark("ping store write (memory)", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations {
            let seq = nextSeq.add(1, ordering: .relaxed).newValue
            var stored = StoredPing(message: message, signature: ping.signature, seenAt: 1_732_480_000)
            stored.message.seq = seq
            blackHole(try await store.recordPing(stored))
        }
    }
}
