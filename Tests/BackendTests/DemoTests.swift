import Backend
import MeteredCLI
import Testing

/// `metered demo`: the whole story, the same output on every run.
@Suite struct DemoTests {
    /// Every line `metered demo` prints, in order. The numbers are checked by the demo itself as it runs (the stop
    /// at the tutor's last ping, 95 s billed at 0.0001 ETH, the refund of the rest of the 0.06 ETH deposit); this
    /// pins the story, the wording and the gas each call costs.
    static let expected: [String] = [
        "Metered demo: one tutoring session, paid per second, from sign-in to ratings.",
        "In-process chain (ChainSim, Metered genesis, chain 31337) and services, on a manual clock.",
        "",
        "  student  0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC (account 2)",
        "  tutor    0x90F79bf6EB2c4f870365E785982E1f101E93b906 (account 3)",
        "  relayer  0x70997970C51812dc3A010C7d01b50e0d17dc79C8 (account 1, a relayer of the escrow)",
        "  escrow   0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        "  rate     0.0001 ETH per second, cap 600 s, heartbeat timeout 10 s",
        "  balances: student 10000 ETH, tutor 10000 ETH, escrow 0 ETH",
        "",
        "[+00:10] 1. The tutor signs in with Sign-In with Ethereum (EIP-4361) and goes online",
        "  signed in as 0x90F79bf6EB2c4f870365E785982E1f101E93b906; profile: teaches es at level b1, 0.0001 ETH per second",
        "  online until +05:10",
        "",
        "[+00:20] 2. The student signs in and asks for a Spanish tutor now (roulette)",
        "  request matching: max 0.0002 ETH per second, cap 600 s; 1 proposal made to an eligible online tutor (the student can afford it)",
        "",
        "[+00:25] 3. The tutor sees the proposal and accepts it",
        "  proposal from 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC: es/b1, 600 s, expires at +00:50",
        "  matched: rate locked at 0.0001 ETH per second, deposit 0.06 ETH due by +05:25",
        "  the student's room token verifies against the matchmaker's JWKS (ES256): role speaker",
        "",
        "[+00:40] 4. The student's wallet signs the prepared deposit (EIP-1559 transaction)",
        "  Deposited: session 1 is Funded with 0.06 ETH (block 1, gas 162143)",
        "  balances: student 9999.939695981875 ETH, tutor 10000 ETH, escrow 0.06 ETH",
        "  the matchmaker finds the deposit on-chain: the match is session 1",
        "",
        "[+01:00] 5. Both join the room and send signed heartbeats (EIP-712 Heartbeat, every 5 s)",
        "  student ping #1 accepted: waiting",
        "  tutor ping #1 accepted: waiting (both seen)",
        "  heartbeat → relayer at +61 s: start session 1",
        "  relayer: start for session 1 simulated, signed, sent and confirmed (block 2)",
        "  SessionStarted: billing runs from +01:01",
        "  heartbeat: session 1 active",
        "",
        "[+01:01] 6. The call: both keep pinging every 5 s; the tutor's connection drops after 95 s",
        "  pings accepted: student #1…#22, tutor #1…#20; the tutor's last at +02:36, the student's at +02:45",
        "  at +02:47 the tutor has been silent for more than 10 s",
        "  heartbeat → relayer at +167 s: stopAt session 1 with endedAt +156 s",
        "",
        "[+02:47] 7. The relayer stops the session at the last moment both were seen",
        "  relayer: stopAt for session 1 simulated, signed, sent and confirmed (block 3)",
        "  SessionStopped at +02:36 by the relayer (block 3, mined at +02:47)",
        "  billed 95 s, from +01:01 to +02:36; the 11 s it took to notice the silence are not billed",
        "",
        "[+02:47] 8. Settlement, in the same transaction",
        "  Settled: tutor paid 0.0095 ETH, student refunded 0.0505 ETH",
        "  heartbeat: session 1 ended",
        "  balances: student 9999.990195981875 ETH, tutor 10000.0095 ETH, escrow 0 ETH",
        "",
        "[+03:07] 9. Credential: the tutor attests the session, the student claims a soulbound token",
        "  token #1 minted to the student (block 5): 95 s with 0x90F79bf6EB2c4f870365E785982E1f101E93b906, locked true",
        "",
        "[+03:32] 10. Ratings: the student and the tutor rate each other",
        "  the student gives the tutor 5 stars, the tutor gives the student 4",
        "  ratingOf(tutor) = 1 rating(s), 5 stars; ratingOf(student) = 1 rating(s), 4 stars",
        "  balances: student 9999.989861280065353608 ETH, tutor 10000.009237925417463198 ETH, escrow 0 ETH",
        "",
        "[+03:47] 11. What the matchmaker now shows",
        "  tutor: 95 s taught, 1 session(s) completed, average rating 5.0 from 1 rating(s), free for the next student",
        "  student: 95 s learned, 1 credential(s)",
        "",
        "Done at +03:47: 7 blocks, every step checked.",
    ]

    @Test(.timeLimit(.minutes(1))) func theDemoTellsTheWholeStory() async {
        let outcome = await CLIRunner.runService(["demo"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "the output ends with a newline")
        let printed = Array(lines.dropLast())
        for (index, (line, expected)) in zip(printed, Self.expected).enumerated() {
            #expect(line == expected, "line \(index + 1)")
        }
        #expect(printed.count == Self.expected.count)
    }

    @Test func theDemoLibraryPrintsTheSameLines() async throws {
        let lines = LineCollector()
        try await Demo { lines.append($0) }.run()
        #expect(lines.all == Self.expected)
    }
}
