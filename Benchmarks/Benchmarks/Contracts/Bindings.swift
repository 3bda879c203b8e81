import Benchmark
import Contracts
import EthPrimitives

/// The generated bindings on the relayer's and the indexer's hot paths: building `stopSessionAt` calldata, reading
/// any escrow call (`deposit`, found by its selector, checked as the contract checks it), reading any escrow log (a
/// `Settled` log, found by its first topic) and reading `getSession`'s eleven-word result.
func bindingsBenchmarks() {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .mallocCountTotal])

    let tutor = try! Address(hex: "0x90F79bf6EB2c4f870365E785982E1f101E93b906")
    let student = try! Address(hex: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")

    Benchmark("Bindings encode stopSessionAt", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SessionEscrow.StopSessionAt(sessionId: 7, endedAt: 1_735_689_720).calldata)
        }
    }

    let deposit = SessionEscrow.Deposit(
        tutor: tutor, token: .zero, ratePerSecond: 2_000_000_000_000, capSeconds: 1800
    ).calldata
    Benchmark("Bindings decode deposit calldata", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SessionEscrow.decodeFunction(calldata: deposit))
        }
    }

    let settled = SessionEscrow.Settled(
        sessionId: 1, tutorAmount: 240_000_000_000_000, studentRefund: 3_360_000_000_000_000
    ).encode()
    Benchmark("Bindings decode Settled log", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SessionEscrow.decodeEvent(topics: settled.topics, data: settled.data))
        }
    }

    let session = SessionEscrow.GetSession.encodeOutput(
        SessionEscrow.GetSession.Output(
            student: student, tutor: tutor, token: .zero, ratePerSecond: 2_000_000_000_000, capSeconds: 1800,
            openedAt: 1_735_689_601, startedAt: 1_735_689_641, endedAt: 1_735_689_761, status: 3,
            tutorPaid: 240_000_000_000_000, studentRefunded: 3_360_000_000_000_000))
    Benchmark("Bindings decode getSession output", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SessionEscrow.GetSession.decodeOutput(session))
        }
    }
}
