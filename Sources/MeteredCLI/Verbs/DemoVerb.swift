import ArgumentParser
import Backend

/// `metered demo`: a scripted tutoring session against an in-process chain, printed step by step.
struct DemoVerb: MeteredServiceVerb {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play one tutoring session from sign-in to ratings against an in-process chain, step by step.",
        discussion: """
            The tutor signs in with Sign-In with Ethereum and goes online; the student asks for a tutor and the \
            tutor accepts (roulette); the student deposits; both send signed heartbeats; the relayer starts the \
            session; the tutor's pings stop; the relayer stops the session at the last moment both were seen and \
            the money is settled; the tutor attests, the student claims the soulbound credential; both rate each \
            other. Each step is printed with the balances.

            Everything runs in this process with the real parts (the chain simulator behind the node's JSON-RPC \
            methods, the matchmaker, the heartbeat and the relayer) on a manual clock, so the output is the same \
            on every run. Nothing listens on a port and nothing is written to disk.
            """
    )

    func serve(_ console: ServiceConsole) async throws {
        do {
            try await Demo { line in console.print(line) }.run()
        } catch {
            throw UsageError("demo: \(ServiceErrors.oneLine(error))")
        }
    }
}
