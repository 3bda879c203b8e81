import Benchmark

let benchmarks: @Sendable () -> Void = {
    hexBenchmarks()
    uint256Benchmarks()
}
