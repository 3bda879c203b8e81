import Benchmark
import EthPrimitives

/// Hex coding of a 32-byte word, the commonest size on the wire.
func hexBenchmarks() {
    let word = [UInt8](repeating: 0xab, count: 32)
    let text = Hex.encode(word)
    Benchmark("Hex encode 32 bytes", configuration: .init(metrics: [.throughput, .mallocCountTotal])) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Hex.encode(word)) }
    }
    Benchmark("Hex decode 32 bytes", configuration: .init(metrics: [.throughput, .mallocCountTotal])) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Hex.decode(text)) }
    }
}
