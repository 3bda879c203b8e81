import PropertyBased
import Relayer
import Testing

@Suite struct BackoffTests {
    @Test(arguments: [(0, 0.0), (1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (100, 60.0), (Int.max, 60.0)])
    func ceilings(failures: Int, ceiling: Double) {
        #expect(Backoff(base: 1, maximum: 60).ceiling(afterFailures: failures) == ceiling)
    }

    /// Full jitter within the upper half of the ceiling: never at once, never past the maximum.
    @Test func delaysStayWithinTheirWindow() async {
        await propertyCheck(count: 300, input: Gen<Int>.value(in: 1...80), Gen<UInt64>.value(in: 0...UInt64.max)) {
            failures, seed in
            var generator = SplitMix(seed: seed)
            let backoff = Backoff(base: 0.5, maximum: 30)
            let ceiling = backoff.ceiling(afterFailures: failures)
            let delay = backoff.delay(afterFailures: failures, using: &generator)
            #expect(delay >= ceiling / 2 && delay <= ceiling && delay <= 30)
        }
    }

    @Test func jitterSpreadsRetries() {
        var generator = SplitMix(seed: 7)
        let delays = (0..<50).map { _ in Backoff(base: 1, maximum: 60).delay(afterFailures: 4, using: &generator) }
        #expect(Set(delays).count > 40)
    }
}

/// A small seeded generator, so that jitter is repeatable in tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
