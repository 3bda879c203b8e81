import EthPrimitives
public import JSONRPC
public import Logging
import Synchronization

/// The matchmaker: signs users in with their wallets, keeps tutors' presence, matches students to tutors by
/// roulette, books slots, keeps a waitlist, and hands out room tokens and prepared deposit calls.
///
/// All state lives in a ``MatchmakerStore`` and changes only by compare-and-set commits, so any number of
/// concurrent callers (and several instances sharing one store) keep the rules: a nonce signs in once, the first
/// valid accept of a tutor wins, two bookings of one slot cannot both succeed. All time comes from the injected
/// ``UnixClock``; ``tick()`` does the timed work (proposals that time out, leases that lapse, matches abandoned
/// without a deposit, long-polls that reach their deadline) and is called by ``MatchmakerService`` a few times a
/// second, or by tests after moving a ``ManualUnixClock``.
public final class Matchmaker: Sendable {
    /// The configuration.
    public let config: MatchmakerConfig
    /// Where the state lives.
    public let store: any MatchmakerStore
    /// The chain, through a short-lived cache.
    public let chain: CachingChainReader
    /// The video rooms.
    public let rooms: any RoomProvider
    /// The clock all rules read.
    public let clock: any UnixClock
    /// The Prometheus metrics.
    public let metrics: MatchmakerMetrics
    let random: RandomSource
    let waiters = Waiters()
    let logger: Logger
    private let timers = Mutex<(chainPoll: Double?, purge: Double?)>((nil, nil))

    /// A matchmaker.
    ///
    /// - Parameters:
    ///   - chain: the chain reader; it is wrapped in a ``CachingChainReader`` with
    ///     ``MatchmakerConfig/chainCacheTimeToLive``.
    ///   - random: the source of the roulette's choices (seed it in tests to make choices reproducible).
    public init(
        config: MatchmakerConfig, store: any MatchmakerStore, chain: any ChainReader, rooms: any RoomProvider,
        clock: any UnixClock, random: RandomSource = .system, metrics: MatchmakerMetrics = MatchmakerMetrics(),
        logger: Logger = Logger(label: "metered.matchmaker")
    ) {
        self.config = config
        self.store = store
        self.chain = CachingChainReader(chain, clock: clock, timeToLive: config.chainCacheTimeToLive)
        self.rooms = rooms
        self.clock = clock
        self.random = random
        self.metrics = metrics
        self.logger = logger
    }

    /// Reads, decides and commits until the commit applies: `attempt` reads the store and returns the changes and
    /// the result; a commit refused by a version check runs it again on fresh reads. An attempt that returns no
    /// changes ends the loop at once.
    func commitLoop<T>(
        _ what: String, _ attempt: () async throws(MatchmakerError) -> (changes: [StoreChange], result: T)
    ) async throws(MatchmakerError) -> T {
        for _ in 0..<100 {
            let (changes, result) = try await attempt()
            if changes.isEmpty { return result }
            if try await store.commit(changes) { return result }
            await Task.yield()
        }
        throw .storage("\(what): too many concurrent changes; try again")
    }

    // MARK: Timed work

    /// Does the work that time triggers, as of the clock's now:
    /// - proposals past their time to live expire, and proposals to tutors whose lease lapsed or who got another
    ///   match are withdrawn; their requests move on to the next candidate;
    /// - matching requests with no open proposal (after a chain outage or a restart) move on;
    /// - every ``MatchmakerConfig/chainPollInterval`` (and at once when a deposit window closes): open matches
    ///   look for their deposit and for the end of their escrow session on-chain, and matches past their deposit
    ///   window with no deposit seen are abandoned;
    /// - long-polls whose deadline passed return;
    /// - once a minute, records that can no longer matter are purged.
    ///
    /// Failures are logged and retried at the next tick; nothing here throws.
    public func tick() async {
        let now = clock.now()
        do {
            try await expireProposals(now: now)
            for request in try await store.requests(status: .matching) where request.currentProposalID == nil {
                await advance(request.id)
            }
            // Poll the chain every interval, and at once when a deposit window just closed, so that abandoning
            // a match waits for no more than a tick after its deadline.
            let open = try await store.openMatches()
            let deadlinePassed = open.contains { $0.status == .awaitingDeposit && now >= $0.depositDeadline }
            let pollChain = timers.withLock { t -> Bool in
                guard deadlinePassed || (t.chainPoll.map({ now - $0 >= config.chainPollInterval }) ?? true) else {
                    return false
                }
                t.chainPoll = now
                return true
            }
            if pollChain && !open.isEmpty { try await pollMatches(now: now) }
            let purge = timers.withLock { t -> Bool in
                guard t.purge.map({ now - $0 >= 60 }) ?? true else { return false }
                t.purge = now
                return true
            }
            if purge { _ = try await store.purge(before: now - 3600) }
            metrics.onlineTutors.set(Double(try await store.tutorsOnline(at: now).count))
            metrics.pendingProposals.set(Double(try await store.pendingProposals().count))
            metrics.openMatches.set(Double(try await store.openMatches().count))
        } catch {
            logger.error("tick failed", metadata: ["error": "\(error)"])
        }
        waiters.expire(now: clock.now())
        metrics.longPolls.set(Double(waiters.count))
    }

    /// Waits until `key` is notified, `deadline` passes (at a tick) or the task is cancelled, checking `ready`
    /// first and after each wake-up; returns the last value `ready` produced.
    func longPoll<T>(
        key: String, deadline: Double, _ ready: () async throws(MatchmakerError) -> (done: Bool, value: T)
    ) async throws(MatchmakerError) -> T {
        while true {
            let ticket = waiters.register(key, deadline: deadline)
            let (done, value) = try await ready()
            if done || clock.now() >= deadline || Task.isCancelled {
                waiters.remove(ticket)
                return value
            }
            metrics.longPolls.set(Double(waiters.count))
            await waiters.wait(ticket)
        }
    }

    static func tutorKey(_ address: Address) -> String { "tutor:\(address.storeKey)" }
    static func requestKey(_ id: String) -> String { "request:\(id)" }
}
