import Benchmark
import EthPrimitives

/// Keccak-256 at the sizes Ethereum hashes most (a 32-byte word, a calldata-sized kilobyte) and in bulk (1 MiB),
/// plus EIP-55 address printing and parsing, which hash 40 hex digits each time.
///
/// One operation per iteration, so throughput is hashes per second (bytes per second = that times the size);
/// tools/bench/peers_keccak.py runs OpenSSL's SHA3-256 and pycryptodome's Keccak-256 on the same workloads.
func keccakBenchmarks() {
    let small: Benchmark.Configuration = .init(
        metrics: [.throughput, .mallocCountTotal], maxDuration: .seconds(1), maxIterations: 2_000_000)
    let bulk: Benchmark.Configuration = .init(
        metrics: [.throughput, .mallocCountTotal], maxDuration: .seconds(2), maxIterations: 10_000)

    /// Deterministic bytes that are not all alike.
    func input(_ count: Int) -> [UInt8] {
        var x: UInt32 = 0x9e37_79b9
        return (0..<count).map { _ in
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            return UInt8(truncatingIfNeeded: x)
        }
    }
    let word = input(32)
    let kibibyte = input(1024)
    let mebibyte = input(1 << 20)

    Benchmark("Keccak256 32 bytes", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(word)) }
    }
    Benchmark("Keccak256 32 bytes incremental", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            var hasher = Keccak256()
            hasher.update(word)
            blackHole(hasher.finalize())
        }
    }
    Benchmark("Keccak256 1 KiB", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(kibibyte)) }
    }
    Benchmark("Keccak256 1 MiB", configuration: bulk) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(mebibyte)) }
    }

    let address = try! Address(Array(word[..<20]))
    let checksummed = address.checksummed
    Benchmark("Address checksummed", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(address.checksummed) }
    }
    Benchmark("Address parse checksummed", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Address(hex: checksummed)) }
    }
}
