import Benchmark

let benchmarks: @Sendable () -> Void = {
    hexBenchmarks()
    keccakBenchmarks()
    uint256Benchmarks()
    rlpBenchmarks()
}
