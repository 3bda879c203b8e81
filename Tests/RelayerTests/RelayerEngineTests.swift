import ChainSim
import Contracts
import EthPrimitives
import JSONRPC
import Relayer
import Testing
import Transactions

/// The engine against a real chain in process, reached through the JSON-RPC client, with a manual clock: one test
/// per rule of SERVICES.md.
@Suite struct RelayerEngineTests {
    static let gwei = FeePolicy.gwei

    @Test func startThenStopLandOnceEach() async throws {
        let h = try await RelayerHarness()
        let session = try h.openSession()
        let start = try await h.engine.submit(SessionIntent(action: .start, sessionID: session))
        #expect(start == "\(session):start")
        try await h.stepUntil { try await h.state(start) == .confirmed }
        #expect(try h.status(session) == .active)
        let startedAt = try h.session(session).startedAt

        h.clock.advance(by: 30)
        let stop = try await h.engine.submit(
            SessionIntent(action: .stopAt, sessionID: session, endedAt: UInt64(startedAt) + 20))
        try await h.stepUntil { try await h.state(stop) == .confirmed }
        let settled = try h.session(session)
        #expect(settled.status == RelayerHarness.Status.settled.rawValue)
        #expect(settled.endedAt == startedAt + 20)
        #expect(settled.tutorPaid == 20 * RelayerHarness.rate)

        let mined = h.minedFromRelayer()
        #expect(mined.count == 2)
        #expect(mined.allSatisfy { $0.type == 2 && $0.to == MeteredGenesis.escrow })
        // Stepping on sends nothing more.
        h.transport.clearRecords()
        for _ in 0..<5 {
            h.clock.advance(by: 200)
            await h.engine.step()
        }
        #expect(h.transport.rawSends.isEmpty)
        let record = try #require(try await h.outbox.intent(key: stop))
        #expect(record.minedHash == mined[1].hash && record.nonce == mined[1].nonce)
        #expect(await h.engine.health().status == "ok")
    }

    @Test func theSameIntentTwiceIsOneTransaction() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let intent = SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5)
        let first = try await h.engine.submit(intent)
        let second = try await h.engine.submit(intent)
        var other = intent
        other.endedAt = startedAt + 7
        let third = try await h.engine.record(other)
        #expect(first == second && first == third.record.key && !third.created)
        #expect(third.record.intent.endedAt == startedAt + 5)
        try await h.stepUntil { try await h.state(first) == .confirmed }
        // Submitting it again after it is done changes nothing and sends nothing.
        h.transport.clearRecords()
        #expect(try await h.engine.submit(intent) == first)
        for _ in 0..<3 {
            h.clock.advance(by: 100)
            await h.engine.step()
        }
        #expect(h.transport.rawSends.isEmpty)
        #expect(h.minedFromRelayer().count == 1)
        #expect(try await h.outbox.intents().count == 1)
        #expect(try h.session(session).endedAt == UInt256(startedAt + 5))
    }

    @Test func aSessionStoppedMeanwhileMakesTheStopMoot() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        // The student leaves and stops the session itself first.
        try h.send(from: 2, to: MeteredGenesis.escrow, data: SessionEscrow.StopSession(sessionId: session).calldata)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        let cancel = try await h.engine.submit(SessionIntent(action: .cancel, sessionID: session))
        let unknown = try await h.engine.submit(SessionIntent(action: .start, sessionID: 999))
        try await h.stepUntil {
            let states = [try await h.state(stop), try await h.state(cancel), try await h.state(unknown)]
            return states == [.moot, .moot, .moot]
        }
        #expect(try await h.outbox.intent(key: stop)?.detail == "escrow: not active")
        #expect(try await h.outbox.intent(key: cancel)?.detail == "escrow: not funded")
        #expect(try await h.outbox.intent(key: unknown)?.detail == "escrow: unknown session")
        // Nothing was signed, let alone sent.
        #expect(h.transport.rawSends.isEmpty)
        #expect(try await h.transactions(stop).isEmpty)
        #expect(h.minedFromRelayer().isEmpty)
    }

    @Test func aRevertOnChainAfterARaceIsSimulatedAgainAndFoundMoot() async throws {
        let h = try await RelayerHarness(automine: false)
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state(stop) == .sent }
        // The student's own stop, with a higher tip, is mined first in the same block: the relayer's reverts.
        try h.send(
            from: 2, to: MeteredGenesis.escrow, data: SessionEscrow.StopSession(sessionId: session).calldata,
            tip: 50 * Self.gwei)
        try h.mine()
        #expect(h.minedFromRelayer().count == 1)
        try await h.stepUntil { try await h.state(stop) == .moot }
        let record = try #require(try await h.outbox.intent(key: stop))
        #expect(record.detail == "escrow: not active" && record.attempts == 1)
        #expect(try await h.transactions(stop).count == 1)
        let mined = try #require(h.minedFromRelayer().first)
        #expect(h.chain.receipt(hash: mined.hash)?.status == 0)
    }

    @Test func anOutsideTransactionWithTheRelayersKeyIsSkippedOver() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        await h.engine.step()  // started: the relayer's next nonce is 0
        #expect(try await h.outbox.nextNonce() == 0)
        // Someone else uses the relayer's key: nonces 0 and 1 are gone.
        try h.send(from: 1, to: RelayerHarness.relayer)
        try h.send(from: 1, to: RelayerHarness.relayer)
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state(stop) == .confirmed }
        // Signed at 0, refused as "nonce too low", no receipt of its own at 0: requeued, the next nonce resynced
        // from the node (2), and signed again there.
        #expect(try await h.transactions(stop).map(\.nonce) == [0, 2])
        #expect(try await h.outbox.slot(nonce: 0)?.state == .taken)
        #expect(try await h.outbox.slot(nonce: 1) == nil)
        #expect(try await h.outbox.intent(key: stop)?.nonce == 2)
        #expect(try await h.outbox.nextNonce() == 3)
        #expect(try h.status(session) == .settled)
        #expect(h.engine.metrics.exposition().contains("relayer_nonce_resyncs_total 1"))
    }

    @Test func aStuckTransactionIsReplacedWithAtLeastTwelveAndAHalfPercentMore() async throws {
        let h = try await RelayerHarness(automine: false) { $0.replaceAfter = 60 }
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state(stop) == .sent }
        let first = try #require(try await h.transactions(stop).first)
        h.clock.advance(by: 59)
        await h.engine.step()
        #expect(try await h.transactions(stop).count == 1)
        h.clock.advance(by: 1)
        await h.engine.step()
        let attempts = try await h.transactions(stop)
        #expect(attempts.count == 2)
        let second = attempts[1]
        #expect(second.nonce == first.nonce && second.gasLimit == first.gasLimit)
        // The base fee has not moved, so the raise is exactly 12.5 %, rounded up.
        #expect(second.fees.maxFeePerGas == (first.fees.maxFeePerGas * 9 + 7) / 8)
        #expect(second.fees.maxPriorityFeePerGas == (first.fees.maxPriorityFeePerGas * 9 + 7) / 8)
        // Same call, new fees.
        let decoded = try SignedTransaction.decode(second.raw)
        #expect(
            decoded.transaction.data
                == SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5).escrowCalldata)
        try h.mine()
        try await h.stepUntil { try await h.state(stop) == .confirmed }
        #expect(try await h.outbox.intent(key: stop)?.minedHash == second.hash)
        #expect(h.chain.receipt(hash: first.hash) == nil)
        #expect(h.minedFromRelayer().map(\.hash) == [second.hash])
    }

    @Test func theFeeCapStopsTheRaise() async throws {
        let cap = 2 * Self.gwei
        let h = try await RelayerHarness(automine: false) {
            $0.replaceAfter = 60
            $0.fees.maxFeePerGasCap = cap
        }
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state(stop) == .sent }
        let first = try #require(try await h.transactions(stop).first)
        #expect(first.fees.maxFeePerGas == cap)
        for _ in 0..<3 {
            h.clock.advance(by: 61)
            await h.engine.step()
        }
        #expect(try await h.transactions(stop).count == 1)
        #expect(h.engine.metrics.exposition().contains("relayer_fee_cap_hits_total 1"))
        try h.mine()
        try await h.stepUntil { try await h.state(stop) == .confirmed }
    }

    @Test func aBaseFeeAboveTheCapDelaysSigning() async throws {
        let h = try await RelayerHarness { $0.fees.maxFeePerGasCap = 1 }
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        for _ in 0..<3 {
            await h.engine.step()
            h.clock.advance(by: 5)
        }
        let record = try #require(try await h.outbox.intent(key: stop))
        #expect(record.state == .simulated || record.state == .pending)
        #expect(record.detail?.contains("is above the fee cap 1 wei") == true)
        #expect(h.transport.rawSends.isEmpty)
        #expect(try await h.outbox.nextNonce() == 0)
    }

    @Test func aGivenUpNonceIsFilledByAZeroValueSelfTransfer() async throws {
        let h = try await RelayerHarness(automine: false)
        let (first, startedFirst) = try h.activeSession(student: 2, tutor: 3)
        let (second, startedSecond) = try h.activeSession(student: 4, tutor: 5)
        // A node that refuses the escrow call at nonce 0 for good (its block gas limit, say).
        h.transport.onSend(
            times: 1, .answer(JSONRPCError(code: -32000, message: "exceeds block gas limit"))
        ) { raw in
            guard let tx = SignedTransaction.decoded(raw) else { return false }
            return tx.transaction.nonce == 0 && tx.transaction.to == MeteredGenesis.escrow
        }
        h.clock.advance(by: 10)
        let stopFirst = try await h.engine.submit(
            SessionIntent(action: .stopAt, sessionID: first, endedAt: startedFirst + 5))
        let stopSecond = try await h.engine.submit(
            SessionIntent(action: .stopAt, sessionID: second, endedAt: startedSecond + 5))
        await h.engine.step()
        #expect(try await h.state(stopFirst) == .failed)
        #expect(
            try await h.outbox.intent(key: stopFirst)?.detail
                == "the node refused the transaction: exceeds block gas limit")
        #expect(try await h.state(stopSecond) == .sent)
        #expect(try await h.outbox.slot(nonce: 0)?.state == .released)
        // Nonce 1 waits behind the gap; the next step fills nonce 0 with a self-transfer.
        await h.engine.step()
        let fill = try #require(try await h.outbox.liveSlots().first { $0.slot.nonce == 0 })
        #expect(fill.slot.purpose == .gapFill)
        try h.mine()
        try await h.stepUntil { try await h.state(stopSecond) == .confirmed }
        let mined = h.minedFromRelayer()
        #expect(mined.map(\.nonce) == [0, 1])
        #expect(mined[0].to == RelayerHarness.relayer && mined[0].value == 0 && mined[0].gas == 21_000)
        #expect(mined[0].input.bytes.isEmpty)
        #expect(mined[1].to == MeteredGenesis.escrow)
        #expect(try h.status(first) == .active && h.status(second) == .settled)
        #expect(try await h.outbox.slot(nonce: 0)?.state == .mined)
    }

    @Test func aRestartResendsTheStoredBytesExactlyOnceToANodeThatLostThem() async throws {
        let h = try await RelayerHarness(automine: false)
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        let beforeSending = h.chain.snapshot()
        try await h.stepUntil { try await h.state(stop) == .sent }
        let stored = try #require(try await h.transactions(stop).first)
        // The relayer dies; the node restarts with an empty pool.
        #expect(h.chain.revert(to: beforeSending))
        #expect(h.chain.transaction(hash: stored.hash) == nil)
        let restarted = h.restarted()
        h.transport.clearRecords()
        await restarted.step()
        #expect(h.transport.rawSends == [stored.raw])
        #expect(h.chain.transaction(hash: stored.hash) != nil)
        try h.mine()
        try await h.stepUntil(restarted) { try await h.state(stop) == .confirmed }
        #expect(h.transport.rawSends == [stored.raw])
        #expect(h.minedFromRelayer().map(\.hash) == [stored.hash])
    }

    @Test func aRestartBetweenSigningAndSendingSendsOnce() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        // The send never gets an answer: the relayer dies with the transaction signed and stored.
        h.transport.onSend(times: 1, .unreachable)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        await h.engine.step()
        #expect(try await h.state(stop) == .signed)
        let stored = try #require(try await h.transactions(stop).first)
        #expect(h.minedFromRelayer().isEmpty)
        let restarted = h.restarted()
        h.transport.clearRecords()
        try await h.stepUntil(restarted) { try await h.state(stop) == .confirmed }
        #expect(h.transport.rawSends == [stored.raw])
        #expect(h.minedFromRelayer().map(\.hash) == [stored.hash])
    }

    @Test func alreadyKnownCountsAsSent() async throws {
        let h = try await RelayerHarness(automine: false)
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state(stop) == .sent }
        let stored = try #require(try await h.transactions(stop).first)
        // A restart while the node still holds the transaction: it answers "already known".
        let restarted = h.restarted()
        h.transport.clearRecords()
        await restarted.step()
        #expect(h.transport.rawSends == [stored.raw])
        #expect(restarted.metrics.exposition().contains(#"relayer_node_errors_total{class="already_known"} 1"#))
        #expect(try await h.state(stop) == .sent)
        #expect(await restarted.health().status == "ok")
        try h.mine()
        try await h.stepUntil(restarted) { try await h.state(stop) == .confirmed }
    }

    @Test func aMinedTransactionFoundAfterARestartIsNotSentAgainAsANewOne() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        // The node takes the transaction (automine mines it) but the answer is lost.
        h.transport.onSend(times: 1, .unreachable)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        await h.engine.step()
        let stored = try #require(try await h.transactions(stop).first)
        try h.chain.sendRawTransaction(stored.raw)
        let restarted = h.restarted()
        try await h.stepUntil(restarted) { try await h.state(stop) == .confirmed }
        #expect(h.minedFromRelayer().map(\.hash) == [stored.hash])
        #expect(try await h.transactions(stop).count == 1)
    }

    @Test func anUnreachableNodeIsRetriedWithBackoffUntilItRecovers() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        h.transport.setUnreachable(true)
        // Committing does not need the node.
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        await h.engine.step()
        var health = await h.engine.health()
        #expect(health.status == "degraded" && health.consecutiveFailures == 1)
        #expect(health.problem?.contains("connection refused") == true)
        // Backing off: no request until the delay has passed.
        let calls = h.transport.methods.count
        await h.engine.step()
        #expect(h.transport.methods.count == calls)
        h.clock.advance(by: 1)
        await h.engine.step()
        #expect(await h.engine.health().consecutiveFailures == 2)
        h.transport.setUnreachable(false)
        h.clock.advance(by: 2)
        try await h.stepUntil { try await h.state(stop) == .confirmed }
        health = await h.engine.health()
        #expect(health.status == "ok" && health.consecutiveFailures == 0 && health.problem == nil)
        #expect(h.engine.metrics.exposition().contains("relayer_step_failures_total 2"))
    }

    @Test func aNodeBackFromAnOutageGetsItsAcceptedTransactionsAgainAtOnce() async throws {
        let h = try await RelayerHarness(automine: false)
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        let beforeSending = h.chain.snapshot()
        try await h.stepUntil { try await h.state(stop) == .sent }
        let stored = try #require(try await h.transactions(stop).first)
        // The node goes away and comes back restarted, its pool lost; the relayer itself keeps running.
        h.transport.setUnreachable(true)
        await h.engine.step()
        #expect(await h.engine.health().status == "degraded")
        #expect(h.chain.revert(to: beforeSending))
        h.transport.setUnreachable(false)
        h.transport.clearRecords()
        // Past the backoff, far before rebroadcastAfter: the stored bytes are sent again at once.
        h.clock.advance(by: 2)
        await h.engine.step()
        #expect(h.transport.rawSends == [stored.raw])
        #expect(h.chain.transaction(hash: stored.hash) != nil)
        // Once: later steps leave it to the node.
        h.clock.advance(by: 1)
        await h.engine.step()
        #expect(h.transport.rawSends == [stored.raw])
        try h.mine()
        try await h.stepUntil { try await h.state(stop) == .confirmed }
        #expect(h.transport.rawSends == [stored.raw])
        #expect(h.minedFromRelayer().map(\.hash) == [stored.hash])
        #expect(h.engine.metrics.exposition().contains(#"relayer_transactions_sent_total{kind="reconnect"} 1"#))
    }

    @Test func intentsOfOneSessionReachTheChainInOrder() async throws {
        let h = try await RelayerHarness(automine: false)
        let session = try h.openSession()
        try h.mine()
        let now = UInt64(h.clock.nowSeconds())
        let start = try await h.engine.submit(SessionIntent(action: .start, sessionID: session))
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: now + 2))
        await h.engine.step()
        #expect(try await h.state(start) == .sent)
        #expect(try await h.state(stop) == .pending)
        #expect(h.transport.methods.filter { $0 == "eth_call" }.count == 1)
        try h.mine()
        h.clock.advance(by: 5)
        try await h.stepUntil {
            if try await h.state(stop) == .sent { try h.mine() }
            return try await h.state(stop) == .confirmed
        }
        #expect(try h.session(session).endedAt == UInt256(now + 2))
    }

    @Test func anEndInTheChainsFutureWaitsForTheChainsClock() async throws {
        let h = try await RelayerHarness { $0.waitWindow = 120 }
        let (session, startedAt) = try h.activeSession()
        let soon = try await h.engine.submit(
            SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 30))
        await h.engine.step()
        var record = try #require(try await h.outbox.intent(key: soon))
        #expect(record.state == .pending && record.detail == "escrow: ended in future" && record.attempts == 0)
        h.clock.advance(by: 31)
        try await h.stepUntil { try await h.state(soon) == .confirmed }
        // One that never comes within the window fails.
        let (other, startedOther) = try h.activeSession(student: 4, tutor: 5)
        let never = try await h.engine.submit(
            SessionIntent(action: .stopAt, sessionID: other, endedAt: startedOther + 100_000))
        try await h.stepUntil(tick: 10) { try await h.state(never) == .failed }
        record = try #require(try await h.outbox.intent(key: never))
        #expect(record.detail == "escrow: ended in future, still after 120 s; the chain's clock is behind")
    }

    @Test func transientNodeErrorsAreRetriedThenGivenUp() async throws {
        let h = try await RelayerHarness { $0.maxTransientFailures = 3 }
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let busy = JSONRPCError(code: -32000, message: "header not found")
        h.transport.onMethod("eth_call", times: 2, .answer(busy))
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        await h.engine.step()
        var record = try #require(try await h.outbox.intent(key: stop))
        #expect(record.state == .pending && record.attempts == 1)
        #expect(record.detail == "eth_call: transient (header not found)")
        try await h.stepUntil(tick: 5) { try await h.state(stop) == .confirmed }
        #expect(try await h.outbox.intent(key: stop)?.attempts == 2)
        // Past the limit, the intent fails.
        let (other, startedOther) = try h.activeSession(student: 4, tutor: 5)
        h.transport.onMethod("eth_estimateGas", times: 10, .answer(busy))
        let doomed = try await h.engine.submit(
            SessionIntent(action: .stopAt, sessionID: other, endedAt: startedOther + 1))
        try await h.stepUntil(tick: 70) { try await h.state(doomed) == .failed }
        record = try #require(try await h.outbox.intent(key: doomed))
        #expect(record.detail == "eth_estimateGas: transient (header not found), 3 times")
        #expect(try await h.transactions(doomed).isEmpty)
    }

    @Test func anUnfundedRelayerRetriesUntilFunded() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        h.chain.setBalance(0, of: RelayerHarness.relayer)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        await h.engine.step()
        #expect(try await h.state(stop) == .signed)
        #expect(try await h.outbox.intent(key: stop)?.detail?.hasPrefix("insufficient_funds") == true)
        h.chain.setBalance(MeteredGenesis.accountBalance, of: RelayerHarness.relayer)
        try await h.stepUntil(tick: 5) { try await h.state(stop) == .confirmed }
        #expect(try await h.transactions(stop).count == 1)
    }

    @Test func confirmationsWaitForLaterBlocks() async throws {
        let h = try await RelayerHarness { $0.confirmations = 3 }
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state(stop) == .mined }
        await h.engine.step()
        #expect(try await h.state(stop) == .mined)
        try h.chain.mine(blocks: 2)
        await h.engine.step()
        #expect(try await h.state(stop) == .confirmed)
    }

    @Test func theWrongChainStopsTheService() async throws {
        let h = try await RelayerHarness { $0.chainID = 1 }
        await #expect(throws: RelayerError.wrongChain(expected: 1, actual: 31337)) { try await h.engine.run() }
        let health = await h.engine.health()
        #expect(health.status == "failed")
        #expect(health.problem == "relayer: the node serves chain 31337, but the relayer is configured for chain 1")
    }

    @Test func anOutboxOfAnotherAccountStopsTheService() async throws {
        let outbox = try Outbox()
        _ = try await outbox.bind(address: MeteredGenesis.accounts[7], chainID: 31337, startNonce: 0, now: 0)
        let h = try await RelayerHarness(outbox: outbox)
        await #expect(throws: RelayerError.self) { try await h.engine.run() }
        #expect(await h.engine.health().status == "failed")
    }
}

@Suite struct RelayerLoggingTests {
    /// Structured logs say what happened to which intent, nonce and transaction, and never hold the key.
    @Test func logsAreStructuredAndNeverHoldTheKey() async throws {
        let capture = LogCapture()
        let h = try await RelayerHarness(logger: capture.logger(label: "test.relayer"))
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        await h.engine.step()
        try h.send(from: 1, to: RelayerHarness.relayer)  // an outside transaction with the key
        let stop = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        _ = try await h.engine.submit(SessionIntent(action: .cancel, sessionID: session))
        h.transport.setUnreachable(true)
        await h.engine.step()
        h.transport.setUnreachable(false)
        h.clock.advance(by: 5)
        try await h.stepUntil { try await h.state(stop) == .confirmed }

        let records = capture.all
        let secret = RelayerHarness.relayerKey.revealedHex().lowercased().replacingOccurrences(of: "0x", with: "")
        #expect(secret.count == 64)
        for record in records {
            #expect(!record.line.lowercased().contains(secret), "the key leaked into: \(record.line)")
        }
        let signed = try #require(records.first { $0.message == "transaction signed" })
        for key in ["intent", "nonce", "tx", "gasLimit", "maxFeePerGas", "maxPriorityFeePerGas", "relayer"] {
            #expect(signed.metadata[key] != nil, "missing \(key)")
        }
        #expect(signed.metadata["relayer"] == RelayerHarness.relayer.checksummed)
        let messages = Set(records.map(\.message))
        for expected in [
            "intent committed", "step cut short; retrying", "relayer started", "nonce used by another transaction",
            "transaction mined", "intent confirmed", "intent moot",
        ] {
            #expect(messages.contains(expected), "no \"\(expected)\" record")
        }
    }
}
