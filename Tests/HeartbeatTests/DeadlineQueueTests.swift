import Heartbeat
import PropertyBased
import Testing

@Suite("DeadlineQueue: an indexed min-heap of deadlines")
struct DeadlineQueueTests {
    /// A deterministic generator (SplitMix64) so that the large tests are repeatable.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func aHundredThousandDeadlinesComeOutInOrder() {
        var random = SplitMix(state: 7)
        var queue = DeadlineQueue<Int>()
        var expected: [Int: Double] = [:]
        for key in 0..<100_000 {
            let time = Double(Int.random(in: 0..<50_000, using: &random))
            queue.schedule(key, at: time)
            expected[key] = time
        }
        // Move a third of them and cancel a tenth, as pings and ended sessions do.
        for key in stride(from: 0, to: 100_000, by: 3) {
            let time = Double(Int.random(in: 0..<50_000, using: &random))
            queue.schedule(key, at: time)
            expected[key] = time
        }
        for key in stride(from: 0, to: 100_000, by: 10) {
            let cancelled = queue.cancel(key)
            #expect(cancelled)
            expected[key] = nil
        }
        #expect(queue.count == expected.count)
        #expect(queue.deadline(of: 1) == expected[1])
        #expect(queue.deadline(of: 10) == nil)

        var previous = -Double.infinity
        var popped = 0
        var now = 0.0
        while !queue.isEmpty {
            now += 997
            for entry in queue.popDue(at: now) {
                #expect(entry.time <= now)
                #expect(entry.time >= previous)
                #expect(expected.removeValue(forKey: entry.key) == entry.time)
                previous = entry.time
                popped += 1
            }
            // Whatever remains is later than now.
            if let first = queue.first { #expect(first.time > now) }
        }
        #expect(expected.isEmpty)
        #expect(popped == 90_000)
    }

    @Test func aTickWithNothingDueTakesNothingWhateverTheSize() {
        var queue = DeadlineQueue<Int>()
        for key in 0..<100_000 { queue.schedule(key, at: 1_000 + Double(key)) }
        #expect(queue.popDue(at: 999).isEmpty)
        #expect(queue.popFirst(dueAt: 999) == nil)
        #expect(queue.count == 100_000)
        #expect(queue.popDue(at: 1_002).map(\.key) == [0, 1, 2])
    }

    @Test func equalTimesComeOutInSchedulingOrder() {
        var queue = DeadlineQueue<String>()
        queue.schedule("a", at: 5)
        queue.schedule("b", at: 5)
        queue.schedule("c", at: 5)
        queue.schedule("a", at: 5)  // moved: now after c
        #expect(queue.popDue(at: 5).map(\.key) == ["b", "c", "a"])
    }

    @Test func movingEarlierAndLaterAndCancellingTheLastEntry() {
        var queue = DeadlineQueue<Int>()
        for key in 0..<5 { queue.schedule(key, at: Double(10 * key)) }
        queue.schedule(4, at: 1)
        queue.schedule(0, at: 100)
        let first = queue.cancel(3)
        let second = queue.cancel(3)
        #expect(first && !second)
        #expect(queue.popDue(at: 1_000).map(\.key) == [4, 1, 2, 0])
        #expect(queue.isEmpty)
        #expect(queue.first == nil)
    }

    /// Any sequence of schedules, moves and cancels leaves the same deadlines as a dictionary would, popped in
    /// (time, scheduling order).
    @Test func behavesLikeASortedDictionary() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...2).array(of: 0...300), Gen.int(in: 0...40).array(of: 300...300),
            Gen.int(in: 0...60).array(of: 300...300)
        ) { operations, keys, times in
            var queue = DeadlineQueue<Int>()
            var model: [Int: (time: Double, order: Int)] = [:]
            for (index, operation) in operations.enumerated() {
                let key = keys[index]
                let time = Double(times[index])
                if operation == 2 {
                    let cancelled = queue.cancel(key)
                    #expect(cancelled == (model.removeValue(forKey: key) != nil))
                } else {
                    queue.schedule(key, at: time)
                    model[key] = (time, index)
                }
                #expect(queue.count == model.count)
            }
            let expected = model.sorted { ($0.value.time, $0.value.order) < ($1.value.time, $1.value.order) }
            #expect(queue.popDue(at: 1_000).map(\.key) == expected.map(\.key))
        }
    }
}
