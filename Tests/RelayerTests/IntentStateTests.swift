import Relayer
import Testing

@Suite struct IntentStateTests {
    /// Every move the state machine allows; any other pair of distinct states is refused.
    static let allowed: Set<[IntentState]> = [
        [.pending, .simulated], [.pending, .moot], [.pending, .failed], [.pending, .mined],
        [.simulated, .signed], [.simulated, .pending], [.simulated, .failed], [.simulated, .mined],
        [.signed, .sent], [.signed, .mined], [.signed, .pending], [.signed, .failed],
        [.sent, .mined], [.sent, .pending], [.sent, .failed],
        [.mined, .confirmed], [.mined, .sent], [.mined, .pending],
    ]

    @Test(arguments: IntentState.allCases, IntentState.allCases)
    func transitions(from: IntentState, to: IntentState) {
        let expected = !from.isTerminal && (from == to || Self.allowed.contains([from, to]))
        #expect(from.canMove(to: to) == expected, "\(from) → \(to)")
    }

    @Test(arguments: [
        (IntentState.pending, false), (.simulated, false), (.signed, false), (.sent, false), (.mined, false),
        (.confirmed, true), (.moot, true), (.failed, true),
    ])
    func terminalStates(state: IntentState, terminal: Bool) {
        #expect(state.isTerminal == terminal)
        #expect(state.holdsLiveTransaction == (state == .signed || state == .sent))
        #expect(IntentState(rawValue: state.description) == state)
    }

    @Test func finalStatesAreReachableOnlyForward() {
        // Nothing leaves a final state, not even to itself.
        for final in IntentState.allCases where final.isTerminal {
            for next in IntentState.allCases { #expect(!final.canMove(to: next)) }
        }
        // Moot is reachable only before a transaction exists.
        #expect(IntentState.allCases.filter { $0.canMove(to: .moot) && $0 != .moot } == [.pending])
    }
}
