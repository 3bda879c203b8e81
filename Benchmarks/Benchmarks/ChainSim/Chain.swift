import Benchmark
import ChainSim
import Contracts
import EthPrimitives
import JSONRPC
import Secp256k1
import Transactions

/// The escrow scenario of tools/bench/peers_chain.py: pre-signed EIP-1559 transactions on the Metered genesis,
/// sent through `Chain.sendRawTransaction` with automine (one block each), next to the signature recoveries the
/// same transactions need, so the ratio pipeline/recovery says how much of the pipeline is not recovery.
func chainBenchmarks() {
    let metrics: [BenchmarkMetric] = [.throughput, .mallocCountTotal]
    let scenario = EscrowScenario(sessions: EscrowScenario.sessionsPerBatch)
    // The chain at genesis; every batch starts from a copy of it (ChainState is a value), made outside the timing.
    let genesis = scenario.verifiedGenesis()

    Benchmark(
        "escrow pipeline \(scenario.raw.count) tx",
        configuration: .init(metrics: metrics, maxDuration: .seconds(3))
    ) { benchmark in
        let chain = Chain(state: genesis, clock: ManualUnixClock(start: EscrowScenario.start))
        benchmark.startMeasurement()
        for raw in scenario.raw { blackHole(try chain.sendRawTransaction(raw)) }
        benchmark.stopMeasurement()
    }
    // The part the pipeline cannot avoid: one recovery per transaction (decoded and hashed outside the timing).
    let signed = scenario.raw.map { try! SignedTransaction.decode($0) }
    let digests = signed.map { $0.transaction.signingHash }
    let signatures = signed.map(\.signature)
    Benchmark(
        "escrow recover \(scenario.raw.count) senders",
        configuration: .init(metrics: metrics, maxDuration: .seconds(3))
    ) { _ in
        for index in digests.indices {
            blackHole(try ECDSA.recoverAddress(digest: digests[index], signature: signatures[index]))
        }
    }
}

/// Pre-signed transactions of escrow sessions on the Metered genesis (``ChainConfig/metered``): for session k
/// (ids 1, 2, … in order), student `2 + k % 8` deposits native currency for tutor `2 + (k + 1) % 8`, the relayer
/// (account 1) starts the session, and the student stops it: three transactions per session.
struct EscrowScenario: Sendable {
    /// Sessions per timed batch: 20 sessions, 60 transactions.
    static let sessionsPerBatch = 20
    /// The genesis time and the clock's start (2026-01-01).
    static let start: Double = 1_767_225_600
    /// 1 gwei per second for at most an hour.
    static let rate: UInt256 = 1_000_000_000
    static let capSeconds: UInt256 = 3600

    var raw: [[UInt8]]

    init(sessions: Int) {
        let accounts = MeteredGenesis.devAccounts
        var nonces = [UInt64](repeating: 0, count: accounts.count)
        var raw: [[UInt8]] = []
        func sign(_ account: Int, _ call: [UInt8], value: UInt256 = 0) {
            let transaction = EIP1559Transaction(
                chainID: MeteredGenesis.chainID, nonce: nonces[account], maxPriorityFeePerGas: 1_000_000_000,
                maxFeePerGas: 10_000_000_000, gasLimit: 300_000, to: MeteredGenesis.escrow, value: value,
                data: call, accessList: [])
            nonces[account] += 1
            raw.append(try! transaction.sign(with: accounts[account].privateKey).encode())
        }
        for k in 0..<sessions {
            let student = 2 + k % 8
            let tutor = 2 + (k + 1) % 8
            let id = UInt256(UInt64(k + 1))
            sign(
                student,
                SessionEscrow.Deposit(
                    tutor: accounts[tutor].address, token: .zero, ratePerSecond: Self.rate,
                    capSeconds: Self.capSeconds
                ).calldata, value: Self.rate * Self.capSeconds)
            sign(1, SessionEscrow.StartSession(sessionId: id).calldata)
            sign(student, SessionEscrow.StopSession(sessionId: id).calldata)
        }
        self.raw = raw
    }

    /// The Metered genesis state, after checking once, untimed, that every transaction of the scenario succeeds
    /// on it (a benchmark of reverting transactions would measure the wrong thing).
    func verifiedGenesis() -> ChainState {
        let config = ChainConfig.metered(genesisTimestamp: UInt64(Self.start))
        let chain = try! Chain(config: config, clock: ManualUnixClock(start: Self.start))
        let genesis = chain.state
        for transaction in raw {
            let hash = try! chain.sendRawTransaction(transaction)
            precondition(chain.receipt(hash: hash)?.status == 1, "escrow scenario: a transaction failed")
        }
        return genesis
    }
}
