import ABI
import Relayer
import Testing

@Suite struct SimulationVerdictTests {
    /// Every revert reason of the escrow's relayer-facing functions (docs/contracts.md) and what it means.
    static let rows: [(RevertReason, SimulationVerdict)] = [
        (.error("escrow: not active"), .moot("escrow: not active")),
        (.error("escrow: not funded"), .moot("escrow: not funded")),
        (.error("escrow: not funded or active"), .moot("escrow: not funded or active")),
        (.error("escrow: unknown session"), .moot("escrow: unknown session")),
        (.error("escrow: ended in future"), .wait("escrow: ended in future")),
        (.error("escrow: cap not reached"), .wait("escrow: cap not reached")),
        (.error("escrow: not relayer"), .failed("escrow: not relayer")),
        (.error("escrow: not tutor or relayer"), .failed("escrow: not tutor or relayer")),
        (.error("escrow: not participant or relayer"), .failed("escrow: not participant or relayer")),
        (.error("escrow: ended before start"), .failed("escrow: ended before start")),
        (.error("escrow: gas too low for push"), .failed("escrow: gas too low for push")),
        (.empty, .failed("reverted without data")),
        (.panic(PanicCode(0x11)), .failed("panic 0x11: arithmetic overflow or underflow")),
        (.unrecognized([1, 2, 3]), .failed("unrecognized revert data 0x010203")),
    ]

    @Test(arguments: rows)
    func judge(reason: RevertReason, expected: SimulationVerdict) {
        #expect(SimulationVerdict.judge(reason) == expected)
    }
}
