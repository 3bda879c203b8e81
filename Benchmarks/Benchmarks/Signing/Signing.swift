import Benchmark
import EthPrimitives
import Secp256k1
import Signing

/// The heartbeat every participant signs every 5 seconds (see ARCHITECTURE.md).
struct Heartbeat: EIP712Struct {
    var sessionId: UInt256
    var participant: Address
    var seq: UInt64
    var issuedAt: UInt64
    static let eip712TypeName = "Heartbeat"
    static let eip712Members = [
        TypedDataMember(name: "sessionId", type: "uint256"), TypedDataMember(name: "participant", type: "address"),
        TypedDataMember(name: "seq", type: "uint64"), TypedDataMember(name: "issuedAt", type: "uint64"),
    ]
    var eip712Values: [TypedDataValue] { [.uint(sessionId), .address(participant), .uint(seq), .uint(issuedAt)] }
}

/// Signing and recovery through the Swift API (next to direct libsecp256k1 calls in tools/bench/peers_signing.py),
/// and the EIP-712 and EIP-191 hashing that precedes a signature.
func signingBenchmarks() {
    let metrics: [BenchmarkMetric] = [.throughput, .mallocCountTotal]
    // The same key and digest as tools/bench/c/secp_peer.c.
    let key = try! PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32))
    let digest = try! Hash([UInt8](repeating: 0x22, count: 32))
    let signature = try! key.sign(digest: digest)

    Benchmark("secp256k1 sign", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try key.sign(digest: digest)) }
    }
    Benchmark("secp256k1 recover", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ECDSA.recover(digest: digest, signature: signature)) }
    }

    let domain = EIP712Domain(
        name: "Metered", version: "1", chainID: try! UInt256(bigEndianBytes: [0x7a, 0x69]),
        verifyingContract: try! Address([UInt8](repeating: 0xcc, count: 20)))
    let separator = domain.separator
    let heartbeat = Heartbeat(
        sessionId: try! UInt256(bigEndianBytes: [7]), participant: key.address, seq: 42, issuedAt: 1_767_225_600)
    _ = try! heartbeat.signingHash(domainSeparator: separator)  // builds the cached type hash
    Benchmark("EIP-712 heartbeat signing hash", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try heartbeat.signingHash(domainSeparator: separator)) }
    }

    let message = [UInt8](repeating: 0x33, count: 32)
    Benchmark("EIP-191 hash 32 bytes", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(PersonalMessage.hash(message)) }
    }
}
