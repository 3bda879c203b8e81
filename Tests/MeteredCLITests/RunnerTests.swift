import Testing

@testable import MeteredCLI

@Suite struct RunnerTests {
    @Test func helpGoesToStdoutWithSuccess() {
        let outcome = CLIRunner.run(["--help"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.contains("USAGE: metered"))
        #expect(outcome.stderr.isEmpty)
    }

    @Test func unknownVerbIsOneLineError() {
        let outcome = CLIRunner.run(["no-such-verb"])
        #expect(outcome.exitCode != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1)
    }
}
