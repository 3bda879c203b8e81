import Benchmark
import EthPrimitives

/// UInt256 arithmetic and text. Each benchmark iteration runs a batch of 1000 operations on 1000 different
/// operands (so a single operation is not dwarfed by the harness's clock reads, and nothing is hoisted out of the
/// loop); `tools/bench/peers_uint256.py` times the same batches with Python integers.
func uint256Benchmarks() {
    let batch = UInt256Operands(count: 1000)
    let metrics: [BenchmarkMetric] = [.throughput, .mallocCountTotal]
    let configuration = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(1))

    Benchmark("UInt256 add x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(batch.a[i] &+ batch.b[i]) }
        }
    }
    Benchmark("UInt256 multiply 256x256 x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(batch.a[i] &* batch.b[i]) }
        }
    }
    Benchmark("UInt256 divide 256 by 192 x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(batch.a[i].quotientAndRemainder(dividingBy: batch.d192[i])) }
        }
    }
    Benchmark("UInt256 divide 256 by 128 x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(batch.a[i].quotientAndRemainder(dividingBy: batch.d128[i])) }
        }
    }
    Benchmark("UInt256 divide 256 by 64 x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(batch.a[i].quotientAndRemainder(dividingBy: batch.d64[i])) }
        }
    }
    Benchmark("UInt256 mulmod x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(UInt256.mulmod(batch.a[i], batch.b[i], batch.m[i])) }
        }
    }
    Benchmark("UInt256 decimal print x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(batch.a[i].description) }
        }
    }
    Benchmark("UInt256 decimal parse x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(try UInt256(parsing: batch.decimal[i])) }
        }
    }
    Benchmark("UInt256 hex parse x1000", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<batch.count { blackHole(try UInt256(parsing: batch.hex[i])) }
        }
    }
}

/// Seeded operands: full-width dividends and factors, divisors of 192, 128 and 64 significant bits, full-width
/// moduli, and the dividends' decimal and hex text.
struct UInt256Operands {
    let count: Int
    let a: [UInt256]
    let b: [UInt256]
    let m: [UInt256]
    let d192: [UInt256]
    let d128: [UInt256]
    let d64: [UInt256]
    let decimal: [String]
    let hex: [String]

    init(count: Int) {
        var state: UInt64 = 0x5EED_0256
        func next() -> UInt64 {
            // SplitMix64.
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        func word(bits: Int) -> UInt256 {
            let x = UInt256(words: (next(), next(), next(), next())) >> (256 - bits)
            return x | UInt256.one << (bits - 1)  // exactly `bits` significant bits
        }
        self.count = count
        a = (0..<count).map { _ in word(bits: 256) }
        b = (0..<count).map { _ in word(bits: 256) }
        m = (0..<count).map { _ in word(bits: 256) }
        d192 = (0..<count).map { _ in word(bits: 192) }
        d128 = (0..<count).map { _ in word(bits: 128) }
        d64 = (0..<count).map { _ in word(bits: 64) }
        decimal = a.map(\.description)
        hex = a.map(\.hexQuantity)
    }
}
