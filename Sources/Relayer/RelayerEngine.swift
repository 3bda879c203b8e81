import ABI
public import EthPrimitives
import Foundation
public import JSONRPC
public import JSONRPCClient
public import Logging
public import Secp256k1
public import ServiceLifecycle
import Transactions

/// The relayer: turns the intents of its ``Outbox`` into escrow transactions, signed with its key and sent through
/// a ``JSONRPCClient``, and sees each through to a confirmed receipt, a moot revert or a plain failure.
///
/// It is a `Service`: ``run()`` starts it (checks the chain, binds the outbox to the key's address, resynchronises
/// the nonce, re-sends every signed transaction the chain has not passed yet, exactly once, from its stored bytes) and then takes a
/// ``step()`` every ``RelayerConfiguration/pollInterval``, or at once when an intent is submitted, until graceful
/// shutdown. Each step does, in order:
///
/// 1. **check the node** (`eth_blockNumber`: the head for confirmations, and liveness for `/healthz`);
/// 2. **resync** (on start and after `nonce too low`/`nonce too high`): next nonce and gaps from
///    `eth_getTransactionCount(pending)` (``NoncePlan``);
/// 3. **watch**: for every live nonce the chain has passed (`eth_getTransactionCount(latest)`), the receipts of its
///    transactions: mined (or requeued when it reverted), or **taken** by a transaction that is not the relayer's
///    (its intent requeued to be signed again at a new nonce); mined intents become confirmed after
///    ``RelayerConfiguration/confirmations`` blocks;
/// 4. **simulate** due pending intents with `eth_call` at the pending block (a deterministic revert makes the
///    intent moot; see ``SimulationVerdict``), the intents of one session one after another, and take each that
///    passes straight on: fees from ``FeePolicy``, gas from `eth_estimateGas` plus headroom, the nonce reserved and
///    the signed transaction stored in one outbox transaction, then sent;
/// 5. **sign** simulated intents left from earlier steps (fees were above the cap);
/// 6. **fill gaps** with zero-value self-transfers;
/// 7. **send** what the node has not accepted, and re-send accepted transactions not mined after
///    ``RelayerConfiguration/rebroadcastAfter``, or at once in the first step after the node was unreachable (a
///    restarted node may have lost its pool); each node error is classified (``NodeErrorClass``):
///    `already known` is a success, `nonce too low` checks receipts then resyncs, `underpriced` raises the fees,
///    connection errors cut the step short and back off (with jitter) before the next;
/// 8. **replace** transactions not mined ``RelayerConfiguration/replaceAfter`` seconds after they were signed:
///    same nonce, both fees raised by at least 12.5 %, never above the cap.
///
/// Time comes from the injected ``UnixClock``: tests move a ``ManualUnixClock`` and call ``step()`` instead of
/// sleeping. The key is used to sign and never logged.
public actor RelayerEngine: Service, IntentSink {
    /// The relayer's address (the key's).
    public nonisolated let address: Address
    /// The durable outbox.
    public nonisolated let outbox: Outbox
    /// The metrics, served by `GET /metrics`.
    public nonisolated let metrics: RelayerMetrics
    /// The configuration.
    public nonisolated let configuration: RelayerConfiguration
    /// The node.
    nonisolated let client: JSONRPCClient
    private nonisolated let key: PrivateKey
    private nonisolated let clock: any UnixClock
    private nonisolated let logger: Logger

    private var started = false
    private var needsResync = true
    private var plannedGaps: [UInt64] = []
    private var stepping = false
    private var nodeFailures = 0
    private var nodeRetryAt: Double = 0
    private var lastStepAt: Double?
    private var lastProblem: String?
    private var fatalError: RelayerError?
    private var generator: JitterGenerator
    private var waiter: CheckedContinuation<Void, Never>?
    private var wakePending = false
    /// Nonces whose stuck transaction could not be raised (fee cap): logged once per attempt, not every step.
    private var cappedAttempts: Set<Hash> = []
    /// Set when a step found the node unreachable: the node may have been restarted, and a restarted node may have
    /// lost its pool, so the first step that gets through sends every accepted, unmined transaction again, once.
    private var resendAfterOutage = false

    /// A relayer engine.
    ///
    /// - Parameters:
    ///   - key: the relayer's signing key (it must be a relayer of the escrow: `setRelayer(address, true)`).
    ///   - client: the node.
    ///   - outbox: the durable outbox; one per key and chain.
    ///   - configuration: chain, escrow, fees and timings.
    ///   - clock: the clock every timeout is measured with.
    ///   - logger: where structured logs go (intent keys, nonces, hashes, fees; never the key).
    ///   - metrics: the metrics to update.
    ///   - jitterSeed: a seed for the retry jitter, for repeatable tests; nil seeds from the system.
    public init(
        key: PrivateKey, client: JSONRPCClient, outbox: Outbox, configuration: RelayerConfiguration,
        clock: any UnixClock = SystemUnixClock(), logger: Logger = Logger(label: "metered.relayer"),
        metrics: RelayerMetrics = RelayerMetrics(), jitterSeed: UInt64? = nil
    ) {
        self.key = key
        self.address = key.address
        self.client = client
        self.outbox = outbox
        self.configuration = configuration
        self.clock = clock
        var logger = logger
        logger[metadataKey: "relayer"] = "\(key.address.checksummed)"
        self.logger = logger
        self.metrics = metrics
        self.generator = JitterGenerator(seed: jitterSeed ?? UInt64.random(in: 0...UInt64.max))
    }

    // MARK: - IntentSink

    /// Commits the intent to the outbox and wakes the engine.
    ///
    /// - Returns: the intent's idempotency key (the same for a duplicate, which changes nothing).
    /// - Throws: ``RelayerError/invalidIntent(_:)`` for a malformed intent, ``RelayerError/outboxUnavailable(_:)``
    ///   when it could not be committed; nothing is recorded then.
    public nonisolated func submit(_ intent: SessionIntent) async throws -> String {
        try await record(intent).record.key
    }

    /// ``submit(_:)``, returning the intent as recorded and whether this call created it.
    ///
    /// - Throws: as ``submit(_:)``, typed.
    public nonisolated func record(_ intent: SessionIntent) async throws(RelayerError) -> (
        record: OutboxIntent, created: Bool
    ) {
        let result = try await outbox.submit(intent, now: clock.now())
        if result.created {
            metrics.submitted(intent.action.rawValue)
            logger.info(
                "intent committed",
                metadata: ["intent": "\(result.record.key)", "endedAt": "\(intent.endedAt.map(String.init) ?? "-")"])
            await wake()
        }
        return result
    }

    // MARK: - Service

    /// Runs the engine until graceful shutdown (or cancellation): a step every poll interval, or sooner when an
    /// intent arrives.
    ///
    /// - Throws: ``RelayerError/wrongChain(expected:actual:)`` or
    ///   ``RelayerError/outboxBelongsToAnotherAccount(stored:given:)`` found on start: running on would sign for
    ///   the wrong chain or mix two accounts' nonces. Everything else (an unreachable node, a failed send) is
    ///   retried and never ends the service.
    public func run() async throws {
        logger.info(
            "relayer starting",
            metadata: ["chainId": "\(configuration.chainID)", "escrow": "\(configuration.escrow.checksummed)"])
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.step()
                if let fatal = await self.fatalError { throw fatal }
                await self.pause(for: self.configuration.pollInterval)
            }
        }
        logger.info("relayer stopped")
    }

    /// Wakes the loop now (an intent arrived).
    private func wake() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            wakePending = true
        }
    }

    /// Sleeps for `duration`, or until ``wake()`` or cancellation.
    private func pause(for duration: Duration) async {
        if wakePending {
            wakePending = false
            return
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: duration)) != nil else { return }
            await self?.wake()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiter = continuation }
            }
        } onCancel: {
            Task { await self.wake() }
        }
        timer.cancel()
        wakePending = false
    }

    // MARK: - Health

    /// What `GET /healthz` reports.
    public struct Health: Sendable, Hashable, Codable {
        /// `ok`; `degraded` while the node is unreachable or the outbox cannot be used (the engine retries);
        /// `failed` after a fatal error (wrong chain, an outbox of another account).
        public var status: String
        /// The relayer's address.
        public var address: String
        /// The configured chain.
        public var chainId: UInt64
        /// Unix time of the last completed step, nil before the first.
        public var lastStepAt: Double?
        /// Failed steps in a row.
        public var consecutiveFailures: Int
        /// The last problem, while degraded or failed.
        public var problem: String?
    }

    /// The engine's health now.
    public func health() -> Health {
        let status = fatalError != nil ? "failed" : (nodeFailures > 0 ? "degraded" : "ok")
        return Health(
            status: status, address: address.checksummed, chainId: configuration.chainID, lastStepAt: lastStepAt,
            consecutiveFailures: nodeFailures,
            problem: fatalError?.description ?? (nodeFailures > 0 ? lastProblem : nil))
    }

    // MARK: - A step

    /// Why a step stopped early.
    private enum StepAbort: Error {
        /// The node failed in a way that concerns every call (unreachable, timing out, an error where none is
        /// expected); the step backs off.
        case node(String, NodeErrorClass)
        /// The outbox failed; the step backs off.
        case outbox(RelayerError)
        /// Running on would be wrong.
        case fatal(RelayerError)
    }

    /// What one step has learned so far.
    private struct StepContext {
        let now: Double
        /// `eth_blockNumber` at the start of the step.
        var head: UInt64 = 0
        /// `eth_getTransactionCount(latest)`: nonces below it are mined.
        var latestCount: UInt64?
        /// Today's fee estimate, fetched at most once a step.
        var fresh: Result<Fees, FeePolicy.Refusal>?
    }

    /// Does everything that is due now (see the type's overview), then returns. Failures are logged and retried
    /// on a later step; after a node or outbox failure, steps do nothing until the backoff has passed.
    public func step() async {
        guard !stepping, fatalError == nil else { return }
        stepping = true
        defer { stepping = false }
        let now = clock.now()
        guard now >= nodeRetryAt else { return }
        var context = StepContext(now: now)
        do {
            if !started { try await startUp(&context) }
            // One call every step, busy or idle: the head for confirmations, and a liveness check for /healthz.
            context.head = try await must("eth_blockNumber") { () async throws(JSONRPCClientError) in
                try await client.blockNumber()
            }
            if needsResync { try await resync(&context) }
            try await watch(&context)
            try await simulate(&context)
            try await sign(&context)
            try await fillGaps(&context)
            try await sendPending(&context)
            try await replaceStuck(&context)
            nodeFailures = 0
            lastProblem = nil
            lastStepAt = now
            await publishGauges()
        } catch .fatal(let error) {
            fatalError = error
            logger.critical("relayer cannot run", metadata: ["error": "\(error)"])
        } catch {
            nodeFailures += 1
            let delay = configuration.backoff.delay(afterFailures: nodeFailures, using: &generator)
            nodeRetryAt = now + delay
            metrics.stepFailed()
            switch error {
            case .node(let what, let problem):
                lastProblem = "\(what): \(problem)"
                if case .connection = problem { resendAfterOutage = true }
            case .outbox(let failure):
                lastProblem = failure.description
            case .fatal(let failure):
                lastProblem = failure.description
            }
            logger.warning(
                "step cut short; retrying",
                metadata: [
                    "problem": "\(lastProblem ?? "")", "failures": "\(nodeFailures)",
                    "retryIn": "\(String(format: "%.2f", delay))s",
                ])
        }
    }

    private func publishGauges() async {
        guard let counts = try? await outbox.countsByState(), let next = try? await outbox.nextNonce(),
            let live = try? await outbox.liveSlots()
        else { return }
        metrics.intents(counts)
        metrics.nonces(next: next, live: live.count)
    }

    // MARK: Start and resync

    private func startUp(_ context: inout StepContext) async throws(StepAbort) {
        let chainID = try await must("eth_chainId") { () async throws(JSONRPCClientError) in try await client.chainID()
        }
        guard chainID == configuration.chainID else {
            throw .fatal(.wrongChain(expected: configuration.chainID, actual: chainID))
        }
        let pending = try await must("eth_getTransactionCount") { () async throws(JSONRPCClientError) in
            try await client.transactionCount(of: address, at: .pending)
        }
        do {
            _ = try await outbox.bind(address: address, chainID: chainID, startNonce: pending, now: context.now)
        } catch .outboxBelongsToAnotherAccount(let stored, let given) {
            throw .fatal(.outboxBelongsToAnotherAccount(stored: stored, given: given))
        } catch {
            throw .outbox(error)
        }
        let resimulated = try await db { () async throws(RelayerError) in
            try await outbox.resimulateAll(now: context.now)
        }
        if resimulated > 0 {
            logger.info("simulations from before the restart will be redone", metadata: ["intents": "\(resimulated)"])
        }
        try await resync(&context, chainPending: pending)
        // Every signed transaction that may not be mined yet is sent again, once, from its stored bytes: a node
        // that still has it answers "already known", one that lost it takes it back, one that mined it answers
        // "nonce too low" and the receipt is found.
        // Those the chain has already passed (nonce below its latest count) are not sent: the watch below finds
        // their receipts.
        let live = try await db { () async throws(RelayerError) in try await outbox.liveSlots() }
        let latest = live.isEmpty ? 0 : try await latestCount(&context)
        var resent = 0
        for slot in live where slot.slot.nonce >= latest {
            guard let newest = slot.newest else { continue }
            _ = try await send(newest, kind: .restart, &context)
            resent += 1
        }
        started = true
        logger.info("relayer started", metadata: ["resent": "\(resent)", "pendingNonce": "\(pending)"])
    }

    private func resync(_ context: inout StepContext, chainPending known: UInt64? = nil) async throws(StepAbort) {
        let pending: UInt64
        if let known {
            pending = known
        } else {
            pending = try await must("eth_getTransactionCount") { () async throws(JSONRPCClientError) in
                try await client.transactionCount(of: address, at: .pending)
            }
        }
        let localNext = try await db { () async throws(RelayerError) in try await outbox.nextNonce() }
        let live = try await db { () async throws(RelayerError) in try await outbox.liveSlots() }
        let plan = NoncePlan.resync(
            localNext: localNext, chainPending: pending, live: Set(live.map(\.slot.nonce)))
        if plan.next != localNext {
            try await db { () async throws(RelayerError) in try await outbox.setNextNonce(plan.next, now: context.now) }
            metrics.resynced()
            logger.notice(
                "nonce resynchronised with the node",
                metadata: ["from": "\(localNext)", "to": "\(plan.next)", "pending": "\(pending)"])
        }
        plannedGaps = plan.gaps
        needsResync = false
    }

    // MARK: Watch

    private func watch(_ context: inout StepContext) async throws(StepAbort) {
        let live = try await db { () async throws(RelayerError) in try await outbox.liveSlots() }
        let mined = try await db { () async throws(RelayerError) in try await outbox.minedIntents() }
        if live.isEmpty && mined.isEmpty { return }
        let latest = try await latestCount(&context)
        for slot in live where slot.slot.nonce < latest {
            try await settleUsedNonce(slot.slot.nonce, attempts: slot.attempts, &context)
        }
        let confirming = try await db { () async throws(RelayerError) in try await outbox.minedIntents() }
        guard !confirming.isEmpty else { return }
        let head = context.head
        for intent in confirming {
            guard let block = intent.minedBlock, let hash = intent.minedHash else { continue }
            guard head >= block, head - block + 1 >= configuration.confirmations else { continue }
            if configuration.confirmations > 1 {
                // Still there? A reorganisation may have moved or dropped it.
                let receipt = try await must("eth_getTransactionReceipt") { () async throws(JSONRPCClientError) in
                    try await client.receipt(of: hash)
                }
                guard let receipt, receipt.blockNumber == block else {
                    try await db { () async throws(RelayerError) in
                        try await outbox.unmine(key: intent.key, now: context.now)
                    }
                    logger.warning(
                        "mined transaction left the chain; watching it again",
                        metadata: ["intent": "\(intent.key)", "tx": "\(hash)"])
                    continue
                }
            }
            try await db { () async throws(RelayerError) in try await outbox.confirm(key: intent.key, now: context.now)
            }
            metrics.finished(.confirmed, after: context.now - intent.createdAt)
            logger.info(
                "intent confirmed", metadata: ["intent": "\(intent.key)", "tx": "\(hash)", "block": "\(block)"])
        }
    }

    /// The chain has passed `nonce`: finds which of its transactions was mined, or marks it taken.
    private func settleUsedNonce(
        _ nonce: UInt64, attempts: [OutboxTransaction], _ context: inout StepContext
    ) async throws(StepAbort) {
        for attempt in attempts.reversed() {
            let receipt = try await must("eth_getTransactionReceipt") { () async throws(JSONRPCClientError) in
                try await client.receipt(of: attempt.hash)
            }
            guard let receipt else { continue }
            let succeeded = receipt.succeeded ?? true
            let key = try await db { () async throws(RelayerError) in
                try await outbox.recordMined(
                    nonce: nonce, hash: attempt.hash, block: receipt.blockNumber, succeeded: succeeded,
                    maxAttempts: configuration.maxAttempts, now: context.now)
            }
            cappedAttempts.subtract(attempts.map(\.hash))
            var metadata: Logger.Metadata = [
                "nonce": "\(nonce)", "tx": "\(attempt.hash)", "block": "\(receipt.blockNumber)",
                "status": "\(succeeded ? "success" : "reverted")",
            ]
            if let key { metadata["intent"] = "\(key)" }
            if succeeded {
                logger.info("transaction mined", metadata: metadata)
            } else {
                logger.warning("transaction mined but reverted", metadata: metadata)
                if let key,
                    let intent = try await db({ () async throws(RelayerError) in try await outbox.intent(key: key) }),
                    intent.state == .failed
                {
                    metrics.finished(.failed, after: context.now - intent.createdAt)
                }
            }
            return
        }
        let key = try await db { () async throws(RelayerError) in
            try await outbox.markTaken(
                nonce: nonce,
                detail:
                    "nonce \(nonce) was used by a transaction that is not the relayer's; signing again at a new nonce",
                now: context.now)
        }
        cappedAttempts.subtract(attempts.map(\.hash))
        needsResync = true
        logger.warning(
            "nonce used by another transaction", metadata: ["nonce": "\(nonce)", "requeued": "\(key ?? "-")"])
    }

    // MARK: Simulate

    private func simulate(_ context: inout StepContext) async throws(StepAbort) {
        let due = try await db { () async throws(RelayerError) in
            try await outbox.dueForSimulation(now: context.now, limit: configuration.batchSize)
        }
        for intent in due {
            let request = callRequest(intent.intent)
            let outcome = await ask { () async throws(JSONRPCClientError) in
                try await client.call(request, at: .pending)
            }
            switch outcome {
            case .success:
                try await db { () async throws(RelayerError) in
                    try await outbox.markSimulated(key: intent.key, now: context.now)
                }
                logger.debug("simulation succeeded", metadata: ["intent": "\(intent.key)"])
                // On to the chain at once: a stop's latency is what the student pays for.
                var simulated = intent
                simulated.state = .simulated
                simulated.updatedAt = context.now
                try await signAndSend(simulated, &context)
            case .failure(let problem):
                try await judgeFailedCall(intent, problem, call: "eth_call", &context)
            }
        }
    }

    /// What to do with an intent whose `eth_call` or `eth_estimateGas` failed.
    private func judgeFailedCall(
        _ intent: OutboxIntent, _ problem: NodeErrorClass, call: String, _ context: inout StepContext
    ) async throws(StepAbort) {
        metrics.nodeError(problem)
        switch problem {
        case .connection:
            throw .node(call, problem)
        case .reverted(let reason):
            switch SimulationVerdict.judge(reason) {
            case .moot(let why):
                // A requeued intent whose first transaction did land after all is mined, not moot.
                if try await earlierTransactionMined(intent, &context) { return }
                try await finish(intent, as: .moot, detail: why, context.now)
            case .failed(let why):
                try await finish(intent, as: .failed, detail: why, context.now)
            case .wait(let why):
                if context.now - intent.createdAt > configuration.waitWindow {
                    try await finish(
                        intent, as: .failed,
                        detail: "\(why), still after \(Int(configuration.waitWindow)) s; the chain's clock is behind",
                        context.now)
                } else {
                    try await retry(intent, detail: why, failures: 1, countsAsAttempt: false, context.now)
                }
            }
        case .rejected(let message):
            try await finish(intent, as: .failed, detail: "\(call) refused: \(message)", context.now)
        default:
            if intent.attempts + 1 >= configuration.maxTransientFailures {
                try await finish(
                    intent, as: .failed, detail: "\(call): \(problem), \(intent.attempts + 1) times", context.now)
            } else {
                try await retry(intent, detail: "\(call): \(problem)", failures: intent.attempts + 1, context.now)
            }
        }
    }

    private func earlierTransactionMined(_ intent: OutboxIntent, _ context: inout StepContext) async throws(StepAbort)
        -> Bool
    {
        let earlier = try await db { () async throws(RelayerError) in
            try await outbox.transactions(intentKey: intent.key)
        }
        for attempt in earlier.reversed() {
            let receipt = try await must("eth_getTransactionReceipt") { () async throws(JSONRPCClientError) in
                try await client.receipt(of: attempt.hash)
            }
            guard let receipt, receipt.succeeded ?? true else { continue }
            _ = try await db { () async throws(RelayerError) in
                try await outbox.recordMined(
                    nonce: attempt.nonce, hash: attempt.hash, block: receipt.blockNumber, succeeded: true,
                    maxAttempts: configuration.maxAttempts, now: context.now)
            }
            logger.notice(
                "an earlier transaction of a requeued intent was mined after all",
                metadata: ["intent": "\(intent.key)", "tx": "\(attempt.hash)"])
            return true
        }
        return false
    }

    private func finish(_ intent: OutboxIntent, as state: IntentState, detail: String, _ now: Double)
        async throws(StepAbort)
    {
        try await db { () async throws(RelayerError) in
            try await outbox.finish(key: intent.key, as: state, detail: detail, now: now)
        }
        metrics.finished(state, after: now - intent.createdAt)
        let metadata: Logger.Metadata = ["intent": "\(intent.key)", "reason": "\(detail)"]
        if state == .moot {
            logger.info("intent moot", metadata: metadata)
        } else {
            logger.error("intent failed", metadata: metadata)
        }
    }

    private func retry(
        _ intent: OutboxIntent, detail: String, failures: Int, countsAsAttempt: Bool = true, _ now: Double
    ) async throws(StepAbort) {
        let delay = configuration.backoff.delay(afterFailures: max(1, failures), using: &generator)
        try await db { () async throws(RelayerError) in
            try await outbox.retryLater(
                key: intent.key, at: now + delay, detail: detail, countsAsAttempt: countsAsAttempt, now: now)
        }
        logger.info(
            "intent will be retried",
            metadata: ["intent": "\(intent.key)", "reason": "\(detail)", "in": "\(String(format: "%.2f", delay))s"])
    }

    // MARK: Sign

    /// Signs (and sends) simulated intents left from an earlier step: fees above the cap then, say.
    private func sign(_ context: inout StepContext) async throws(StepAbort) {
        let due = try await db { () async throws(RelayerError) in
            try await outbox.dueForSigning(now: context.now, limit: configuration.batchSize)
        }
        for intent in due {
            if context.now - intent.updatedAt > configuration.simulationMaxAge {
                try await db { () async throws(RelayerError) in
                    try await outbox.resimulate(key: intent.key, now: context.now)
                }
                continue
            }
            try await signAndSend(intent, &context)
        }
    }

    /// Prices a simulated intent, estimates its gas, reserves a nonce and stores the signed transaction (one outbox
    /// transaction), then sends it.
    private func signAndSend(_ intent: OutboxIntent, _ context: inout StepContext) async throws(StepAbort) {
        let fees: Fees
        switch try await currentFees(&context) {
        case .success(let estimate):
            fees = estimate
        case .failure(let refusal):
            metrics.feeCapHit()
            try await retry(intent, detail: refusal.description, failures: 1, countsAsAttempt: false, context.now)
            return
        }
        let request = callRequest(intent.intent)
        let estimate = await ask { () async throws(JSONRPCClientError) in
            try await client.estimateGas(request, at: .pending)
        }
        let gas: UInt64
        switch estimate {
        case .success(let value):
            let (headroom, overflow) = value.multipliedReportingOverflow(by: configuration.gasHeadroomPercent)
            gas = max(configuration.minimumGasLimit, overflow ? .max : value + headroom / 100)
        case .failure(let problem):
            try await judgeFailedCall(intent, problem, call: "eth_estimateGas", &context)
            return
        }
        let calldata = intent.intent.escrowCalldata
        let chainID = configuration.chainID
        let escrow = configuration.escrow
        let key = self.key
        let stored = try await db { () async throws(RelayerError) in
            try await outbox.reserveAndSign(key: intent.key, now: context.now) { nonce in
                let transaction = EIP1559Transaction(
                    chainID: chainID, nonce: nonce, maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
                    maxFeePerGas: fees.maxFeePerGas, gasLimit: gas, to: escrow, data: calldata)
                return try Self.prepare(transaction, key: key)
            }
        }
        logger.info(
            "transaction signed",
            metadata: [
                "intent": "\(intent.key)", "nonce": "\(stored.nonce)", "tx": "\(stored.hash)",
                "gasLimit": "\(gas)", "maxFeePerGas": "\(fees.maxFeePerGas)",
                "maxPriorityFeePerGas": "\(fees.maxPriorityFeePerGas)",
            ])
        _ = try await send(stored, kind: .first, &context)
    }

    private static func prepare(_ transaction: EIP1559Transaction, key: PrivateKey) throws -> PreparedTransaction {
        let signed = try transaction.sign(with: key)
        return PreparedTransaction(
            hash: signed.hash, raw: signed.encode(),
            fees: Fees(maxFeePerGas: transaction.maxFeePerGas, maxPriorityFeePerGas: transaction.maxPriorityFeePerGas),
            gasLimit: transaction.gasLimit)
    }

    private func callRequest(_ intent: SessionIntent) -> TransactionRequest {
        TransactionRequest(from: address, to: configuration.escrow, input: HexBytes(intent.escrowCalldata))
    }

    /// Today's fee estimate, fetched once a step.
    private func currentFees(_ context: inout StepContext) async throws(StepAbort) -> Result<Fees, FeePolicy.Refusal> {
        if let fresh = context.fresh { return fresh }
        let policy = configuration.fees
        let history = try await must("eth_feeHistory") { () async throws(JSONRPCClientError) in
            try await client.feeHistory(
                blockCount: policy.historyBlocks, newest: .latest, rewardPercentiles: [policy.rewardPercentile])
        }
        let suggestion: UInt256?
        switch await ask({ () async throws(JSONRPCClientError) in try await client.maxPriorityFeePerGas() }) {
        case .success(let tip): suggestion = tip
        case .failure(.connection(let message)): throw .node("eth_maxPriorityFeePerGas", .connection(message))
        case .failure: suggestion = nil  // not every node has it
        }
        let fresh = policy.estimate(history: history, suggestedPriorityFee: suggestion)
        context.fresh = fresh
        return fresh
    }

    // MARK: Gaps

    private func fillGaps(_ context: inout StepContext) async throws(StepAbort) {
        guard !plannedGaps.isEmpty else { return }
        let gaps = plannedGaps
        plannedGaps = []
        for nonce in gaps {
            guard case .success(var fees) = try await currentFees(&context) else {
                metrics.feeCapHit()
                plannedGaps.append(nonce)
                continue
            }
            // Outbid any copy of an earlier transaction at this nonce that may linger in a pool.
            let previous = try await db { () async throws(RelayerError) in
                try await outbox.transactions(nonce: nonce, includingAbandoned: true)
            }
            if let highest = previous.filter(\.accepted).max(by: { $0.fees.maxFeePerGas < $1.fees.maxFeePerGas }) {
                guard let raised = configuration.fees.bump(highest.fees, fresh: fees) else {
                    metrics.feeCapHit()
                    plannedGaps.append(nonce)
                    continue
                }
                fees = raised
            }
            let chainID = configuration.chainID
            let address = self.address
            let key = self.key
            let raisedFees = fees
            let stored = try await db { () async throws(RelayerError) in
                try await outbox.fillGap(nonce: nonce, now: context.now) { nonce in
                    let transfer = EIP1559Transaction(
                        chainID: chainID, nonce: nonce, maxPriorityFeePerGas: raisedFees.maxPriorityFeePerGas,
                        maxFeePerGas: raisedFees.maxFeePerGas, gasLimit: 21_000, to: address, value: 0)
                    return try Self.prepare(transfer, key: key)
                }
            }
            logger.notice(
                "gap filled with a zero-value self-transfer",
                metadata: ["nonce": "\(nonce)", "tx": "\(stored.hash)", "maxFeePerGas": "\(raisedFees.maxFeePerGas)"])
        }
    }

    // MARK: Send

    /// Sends what no node has accepted yet (when its retry is due), and sends accepted transactions again: after
    /// ``RelayerConfiguration/rebroadcastAfter``, or at once in the first step after the node was unreachable (it
    /// may have restarted without its pool; one that kept it answers `already known`). Lowest nonce first, so a
    /// node that lost its pool takes them back in order.
    private func sendPending(_ context: inout StepContext) async throws(StepAbort) {
        let live = try await db { () async throws(RelayerError) in try await outbox.liveSlots() }
        let afterOutage = resendAfterOutage
        var resent = 0
        for slot in live {
            guard let newest = slot.newest else { continue }
            if !newest.accepted {
                guard newest.nextSendAt <= context.now else { continue }
                let kind: RelayerMetrics.SendKind =
                    slot.slot.purpose == .gapFill ? .gapFill : (slot.attempts.count > 1 ? .replacement : .first)
                _ = try await send(newest, kind: kind, &context)
            } else if let sentAt = newest.lastSentAt,
                afterOutage || context.now - sentAt >= configuration.rebroadcastAfter
            {
                let latest = try await latestCount(&context)
                guard slot.slot.nonce >= latest else { continue }
                _ = try await send(newest, kind: afterOutage ? .reconnect : .rebroadcast, &context)
                if afterOutage { resent += 1 }
            }
        }
        if afterOutage {
            // Only once every live transaction went through: a step cut short by the node going away again keeps
            // the flag, and the next step that reaches the node sends them all.
            resendAfterOutage = false
            if resent > 0 {
                logger.notice(
                    "the node is back; its pool may be lost, so accepted transactions were sent again",
                    metadata: ["resent": "\(resent)"])
            }
        }
    }

    /// Sends a stored transaction and acts on what the node says.
    ///
    /// - Returns: true when the node took it (or already had it).
    private func send(
        _ transaction: OutboxTransaction, kind: RelayerMetrics.SendKind, _ context: inout StepContext,
        mayReplace: Bool = true
    ) async throws(StepAbort) -> Bool {
        metrics.sent(kind)
        let raw = transaction.raw
        let outcome = await ask { () async throws(JSONRPCClientError) in try await client.sendRawTransaction(raw) }
        var metadata: Logger.Metadata = [
            "nonce": "\(transaction.nonce)", "tx": "\(transaction.hash)", "kind": "\(kind.rawValue)",
        ]
        if let key = transaction.intentKey { metadata["intent"] = "\(key)" }
        switch outcome {
        case .success(let hash):
            if hash != transaction.hash {
                logger.warning("the node named another hash for the transaction", metadata: ["nodeHash": "\(hash)"])
            }
            try await accepted(transaction, context.now)
            logger.info("transaction sent", metadata: metadata)
            return true
        case .failure(let problem):
            metrics.nodeError(problem)
            metadata["error"] = "\(problem)"
            switch problem {
            case .alreadyKnown:
                try await accepted(transaction, context.now)
                logger.info("transaction already known to the node", metadata: metadata)
                return true
            case .connection:
                throw .node("eth_sendRawTransaction", problem)
            case .nonceTooLow:
                logger.notice("nonce too low; looking for a receipt", metadata: metadata)
                let attempts = try await db { () async throws(RelayerError) in
                    try await outbox.transactions(nonce: transaction.nonce)
                }
                try await settleUsedNonce(transaction.nonce, attempts: attempts, &context)
                needsResync = true
            case .nonceTooHigh:
                needsResync = true
                try await sendFailed(transaction, problem, failures: 1, context.now)
                logger.warning("nonce too high; resynchronising", metadata: metadata)
            case .underpriced:
                if mayReplace {
                    logger.notice("transaction underpriced; raising its fees", metadata: metadata)
                    try await replace(transaction.nonce, reason: "underpriced", &context, unaccepted: transaction)
                } else {
                    try await sendFailed(transaction, problem, failures: transaction.sendFailures + 1, context.now)
                }
            case .insufficientFunds:
                try await sendFailed(transaction, problem, failures: transaction.sendFailures + 1, context.now)
                logger.error(
                    "the relayer's account cannot pay for its transaction; fund it", metadata: metadata)
            case .rejected(let message):
                let acceptedOthers = try await db { () async throws(RelayerError) in
                    try await outbox.transactions(nonce: transaction.nonce)
                }.filter { $0.hash != transaction.hash && $0.accepted }
                guard transaction.intentKey != nil || !acceptedOthers.isEmpty else {
                    // A gap fill refused outright: giving its nonce up would only make the same gap again.
                    try await sendFailed(transaction, problem, failures: transaction.sendFailures + 1, context.now)
                    logger.error("gap fill refused by the node; retrying", metadata: metadata)
                    return false
                }
                let refusal = try await db { () async throws(RelayerError) in
                    try await outbox.refuse(
                        hash: transaction.hash, detail: "the node refused the transaction: \(message)",
                        now: context.now)
                }
                switch refusal {
                case .attemptDropped:
                    logger.error(
                        "replacement refused for good; the earlier transaction at this nonce stays", metadata: metadata)
                case .released(let key):
                    needsResync = true
                    if let key,
                        let intent = try await db({ () async throws(RelayerError) in try await outbox.intent(key: key) }
                        )
                    {
                        metrics.finished(.failed, after: context.now - intent.createdAt)
                    }
                    logger.error(
                        "transaction refused for good; its intent failed and its nonce will be filled",
                        metadata: metadata)
                }
            case .transient, .reverted:
                try await sendFailed(transaction, problem, failures: transaction.sendFailures + 1, context.now)
                logger.warning("send failed; will retry", metadata: metadata)
            }
            return false
        }
    }

    private func accepted(_ transaction: OutboxTransaction, _ now: Double) async throws(StepAbort) {
        try await db { () async throws(RelayerError) in try await outbox.markAccepted(hash: transaction.hash, now: now)
        }
    }

    private func sendFailed(_ transaction: OutboxTransaction, _ problem: NodeErrorClass, failures: Int, _ now: Double)
        async throws(StepAbort)
    {
        let delay = configuration.backoff.delay(afterFailures: max(1, failures), using: &generator)
        try await db { () async throws(RelayerError) in
            try await outbox.markSendFailed(hash: transaction.hash, error: "\(problem)", retryAt: now + delay, now: now)
        }
    }

    // MARK: Replace

    private func replaceStuck(_ context: inout StepContext) async throws(StepAbort) {
        let live = try await db { () async throws(RelayerError) in try await outbox.liveSlots() }
        for slot in live {
            guard let newest = slot.newest, newest.accepted,
                context.now - newest.signedAt >= configuration.replaceAfter
            else { continue }
            let latest = try await latestCount(&context)
            guard slot.slot.nonce >= latest else { continue }
            try await replace(slot.slot.nonce, reason: "not mined after \(Int(configuration.replaceAfter)) s", &context)
        }
    }

    /// Signs, stores and sends a replacement of the newest transaction at `nonce`, with both fees raised by at least
    /// 12.5 % (or to today's estimate), unless the cap forbids it.
    private func replace(
        _ nonce: UInt64, reason: String, _ context: inout StepContext, unaccepted: OutboxTransaction? = nil
    ) async throws(StepAbort) {
        let attempts = try await db { () async throws(RelayerError) in try await outbox.transactions(nonce: nonce) }
        guard let newest = attempts.last else { return }
        let fresh = try? await currentFees(&context).get()
        guard let fees = configuration.fees.bump(newest.fees, fresh: fresh) else {
            if let unaccepted {
                try await sendFailed(unaccepted, .underpriced, failures: unaccepted.sendFailures + 1, context.now)
            }
            if cappedAttempts.insert(newest.hash).inserted {
                metrics.feeCapHit()
                logger.warning(
                    "cannot raise fees: a 12.5 % raise would pass the fee cap; the transaction waits",
                    metadata: [
                        "nonce": "\(nonce)", "tx": "\(newest.hash)", "maxFeePerGas": "\(newest.fees.maxFeePerGas)",
                        "cap": "\(configuration.fees.maxFeePerGasCap)",
                    ])
            }
            return
        }
        let signed: SignedTransaction
        do {
            signed = try SignedTransaction.decode(newest.raw)
        } catch {
            throw .outbox(.outboxUnavailable("the stored transaction \(newest.hash) does not decode: \(error)"))
        }
        guard case .eip1559(var transaction) = signed.transaction else {
            throw .outbox(.outboxUnavailable("the stored transaction \(newest.hash) is not an EIP-1559 transaction"))
        }
        transaction.maxFeePerGas = fees.maxFeePerGas
        transaction.maxPriorityFeePerGas = fees.maxPriorityFeePerGas
        let prepared: PreparedTransaction
        do {
            prepared = try Self.prepare(transaction, key: key)
        } catch {
            throw .outbox(.outboxUnavailable("signing a replacement failed: \(error)"))
        }
        let stored = try await db { () async throws(RelayerError) in
            try await outbox.addReplacement(nonce: nonce, prepared: prepared, now: context.now)
        }
        logger.notice(
            "transaction replaced",
            metadata: [
                "nonce": "\(nonce)", "old": "\(newest.hash)", "tx": "\(stored.hash)", "reason": "\(reason)",
                "maxFeePerGas": "\(fees.maxFeePerGas)", "maxPriorityFeePerGas": "\(fees.maxPriorityFeePerGas)",
            ])
        _ = try await send(stored, kind: .replacement, &context, mayReplace: false)
    }

    // MARK: Node and outbox access

    private func latestCount(_ context: inout StepContext) async throws(StepAbort) -> UInt64 {
        if let count = context.latestCount { return count }
        let count = try await must("eth_getTransactionCount") { () async throws(JSONRPCClientError) in
            try await client.transactionCount(of: address, at: .latest)
        }
        context.latestCount = count
        return count
    }

    /// What the node answered: a value, or a classified failure.
    private enum Answer<T> {
        case success(T)
        case failure(NodeErrorClass)
    }

    /// Calls the node and classifies a failure.
    private func ask<T: Sendable>(_ body: () async throws(JSONRPCClientError) -> T) async -> Answer<T> {
        do throws(JSONRPCClientError) {
            return .success(try await body())
        } catch {
            return .failure(Self.classify(error))
        }
    }

    /// Calls the node; any failure cuts the step short.
    private func must<T: Sendable>(
        _ what: String, _ body: () async throws(JSONRPCClientError) -> T
    ) async throws(StepAbort) -> T {
        switch await ask(body) {
        case .success(let value):
            return value
        case .failure(let problem):
            metrics.nodeError(problem)
            throw .node(what, problem)
        }
    }

    private func db<T>(_ body: () async throws(RelayerError) -> T) async throws(StepAbort) -> T {
        do throws(RelayerError) {
            return try await body()
        } catch {
            throw .outbox(error)
        }
    }

    /// The class of a client error: the node's own errors by their message (reverts with their data, read wherever
    /// the node put it), the transport's as connection errors.
    public static func classify(_ error: JSONRPCClientError) -> NodeErrorClass {
        switch error {
        case .node(let nodeError):
            let problem = NodeErrorClass.classify(nodeError)
            if case .reverted = problem, let data = error.revertData {
                return .reverted((try? RevertReason(decoding: data)) ?? .unrecognized(data))
            }
            return problem
        case .unreachable(let message): return .connection(message)
        case .timeout: return .connection("the node did not answer in time")
        case .cancelled: return .connection("the call was cancelled")
        case .badResponse(let message): return .transient("bad response: \(message)")
        case .invalidEndpoint(let message): return .connection("invalid endpoint: \(message)")
        }
    }
}

/// SplitMix64: a small, fast generator for retry jitter (not for keys), seedable so that tests repeat.
struct JitterGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
