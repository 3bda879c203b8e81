import ChainSim
import Logging
import ServiceLifecycle

/// Mines a block every ``ChainSim/Chain/intervalMining`` seconds while that is set (`--block-time`,
/// `evm_setIntervalMining`), on the wall clock, until graceful shutdown.
///
/// The period is read again every quarter of a second, so `evm_setIntervalMining` takes effect at once: a new
/// period starts counting from when it was set, and 0 stops mining. Blocks mined by other means (automine,
/// `evm_mine`) do not move the schedule, as in anvil.
public struct IntervalMiner: Service {
    let chain: Chain
    let logger: Logger
    /// How often the period is re-read.
    let tick: Duration

    /// A miner for `chain`.
    ///
    /// - Parameters:
    ///   - chain: the chain to mine, whose ``ChainSim/Chain/intervalMining`` sets the period.
    ///   - logger: where failures to mine are reported.
    public init(chain: Chain, logger: Logger = Logger(label: "metered.node")) {
        self.init(chain: chain, logger: logger, tick: .milliseconds(250))
    }

    init(chain: Chain, logger: Logger, tick: Duration) {
        self.chain = chain
        self.logger = logger
        self.tick = tick
    }

    /// Mines on schedule until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            var period: UInt64?
            var deadline: ContinuousClock.Instant?
            while !Task.isCancelled {
                let current = chain.intervalMining.flatMap { $0 > 0 ? $0 : nil }
                if current != period {
                    period = current
                    deadline = current.map { clock.now + .seconds($0) }
                }
                if let due = deadline, let seconds = period, clock.now >= due {
                    do {
                        try chain.mine()
                    } catch {
                        logger.error("interval mining failed: \(error)")
                    }
                    deadline = due + .seconds(seconds)
                }
                let wait = deadline.map { min(tick, max(.zero, $0 - clock.now)) } ?? tick
                try? await Task.sleep(for: wait)
            }
        }
    }
}
