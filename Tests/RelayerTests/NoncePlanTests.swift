import PropertyBased
import Relayer
import Testing

@Suite struct NoncePlanTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var localNext: UInt64
        var chainPending: UInt64
        var live: Set<UInt64>
        var expected: NoncePlan
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "in step", localNext: 5, chainPending: 5, live: [], expected: NoncePlan(next: 5, gaps: [])),
        Row(
            name: "our transactions are in the pool", localNext: 7, chainPending: 7, live: [5, 6],
            expected: NoncePlan(next: 7, gaps: [])),
        Row(
            name: "an outside transaction used nonces: skip past them", localNext: 5, chainPending: 8, live: [],
            expected: NoncePlan(next: 8, gaps: [])),
        Row(
            name: "the node lost our pool transactions: re-send, no gap", localNext: 8, chainPending: 5,
            live: [5, 6, 7], expected: NoncePlan(next: 8, gaps: [])),
        Row(
            name: "a transaction given up below live ones is a gap", localNext: 8, chainPending: 5, live: [6, 7],
            expected: NoncePlan(next: 8, gaps: [5])),
        Row(
            name: "given-up transactions at the top are gaps too (a copy may linger in pools)", localNext: 8,
            chainPending: 5, live: [5], expected: NoncePlan(next: 8, gaps: [6, 7])),
        Row(
            name: "a fresh outbox on an account with history", localNext: 0, chainPending: 42, live: [],
            expected: NoncePlan(next: 42, gaps: [])),
    ]

    @Test(arguments: rows)
    func resync(row: Row) {
        #expect(
            NoncePlan.resync(localNext: row.localNext, chainPending: row.chainPending, live: row.live) == row.expected)
    }

    /// After a resync every nonce below `next` is used: mined or in the node's pool (below the pending count), held
    /// by a live transaction of ours, or a gap about to be filled; and the next nonce never goes backwards.
    @Test func everyNonceBelowNextIsAccountedFor() async {
        let small = Gen<UInt64>.value(in: 0...40)
        await propertyCheck(count: 400, input: small, small, Gen<UInt64>.value(in: 0...40).array(of: 0...10)) {
            localNext, chainPending, liveList in
            let live = Set(liveList.filter { $0 < localNext })
            let plan = NoncePlan.resync(localNext: localNext, chainPending: chainPending, live: live)
            #expect(plan.next >= localNext && plan.next >= chainPending)
            #expect(plan.gaps == plan.gaps.sorted())
            for nonce in 0..<plan.next {
                let covered = nonce < chainPending || live.contains(nonce) || plan.gaps.contains(nonce)
                #expect(covered, "nonce \(nonce) of \(plan)")
            }
            #expect(plan.gaps.allSatisfy { !live.contains($0) && $0 >= chainPending })
        }
    }
}
