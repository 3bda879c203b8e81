public import ChainSim
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Keeps a chain's state file current: saves it after new blocks (at most once per ``minimumInterval``) and once
/// more on graceful shutdown, so a backend restarted after a crash resumes from its last saved block and one
/// stopped cleanly resumes exactly where it stopped.
///
/// The file is ChainSim's journal of inputs (``ChainSim/StateFile``), written atomically (to a temporary file,
/// then renamed), so a crash during a save leaves the previous file whole.
public struct ChainStateSaver: Service {
    /// The chain saved.
    public let chain: Chain
    /// The state file's path.
    public let path: String
    /// The least time between two saves while blocks keep coming.
    public let minimumInterval: Duration
    private let logger: Logger

    /// A saver of `chain` to `path`.
    ///
    /// - Parameters:
    ///   - minimumInterval: the least time between two saves (500 ms by default); the last block is always saved.
    ///   - logger: where a failed save is reported (the service keeps running and tries again at the next block).
    public init(
        chain: Chain, path: String, minimumInterval: Duration = .milliseconds(500),
        logger: Logger = Logger(label: "metered.chain")
    ) {
        self.chain = chain
        self.path = path
        self.minimumInterval = minimumInterval
        self.logger = logger
    }

    /// Saves after each burst of blocks until graceful shutdown or cancellation, then saves a last time.
    ///
    /// - Throws: the chain's error when the final save fails (the state since the last good save would be lost).
    public func run() async throws {
        let (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let token = chain.onNewBlock { _ in continuation.yield() }
        defer { chain.removeObserver(token) }
        let chain = chain
        let path = path
        let logger = logger
        let minimumInterval = minimumInterval
        await cancelWhenGracefulShutdown {
            for await _ in changes {
                do {
                    try chain.save(to: path)
                } catch {
                    logger.error("chain: saving the state failed", metadata: ["path": "\(path)", "error": "\(error)"])
                }
                try? await Task.sleep(for: minimumInterval)
            }
        }
        continuation.finish()
        try chain.save(to: path)
    }
}
