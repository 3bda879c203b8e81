import EthPrimitives
import Foundation
import JSONRPC
import Relayer
import Testing

@Suite struct OutboxTests {
    static let address = try! Address(hex: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")

    static func boundOutbox(startNonce: UInt64 = 0) async throws -> Outbox {
        let outbox = try Outbox()
        _ = try await outbox.bind(address: address, chainID: 31337, startNonce: startNonce, now: 1000)
        return outbox
    }

    /// A stand-in for a signed transaction: the outbox stores whatever bytes it is given.
    static func prepared(_ nonce: UInt64, fee: UInt256 = 10, tag: UInt8 = 0) -> PreparedTransaction {
        let raw: [UInt8] = [0x02, UInt8(truncatingIfNeeded: nonce), tag] + Array(fee.description.utf8)
        return PreparedTransaction(
            hash: Keccak256.hash(raw), raw: raw, fees: Fees(maxFeePerGas: fee, maxPriorityFeePerGas: 1),
            gasLimit: 100_000)
    }

    static let stop = SessionIntent(action: .stopAt, sessionID: 7, endedAt: 1_700_000_000)

    @Test func theSameIntentTwiceIsOneIntent() async throws {
        let outbox = try await Self.boundOutbox()
        let (first, created) = try await outbox.submit(Self.stop, now: 1000)
        #expect(created && first.state == .pending && first.key == "7:stopAt" && first.sequence == 1)
        let (second, createdAgain) = try await outbox.submit(Self.stop, now: 1001)
        #expect(!createdAgain && second == first)
        // Same key, another endedAt: still the first intent, unchanged.
        var other = Self.stop
        other.endedAt = 1_700_000_500
        let (third, createdThird) = try await outbox.submit(other, now: 1002)
        #expect(!createdThird && third.intent.endedAt == 1_700_000_000)
        #expect(try await outbox.intents().count == 1)
    }

    @Test(arguments: [
        (SessionIntent(action: .stopAt, sessionID: 1), "relayer: invalid intent: stopAt needs endedAt"),
        (
            SessionIntent(action: .start, sessionID: 1, endedAt: 5),
            "relayer: invalid intent: endedAt is only for stopAt, not start"
        ),
    ])
    func malformedIntentsAreRefusedAndNotRecorded(intent: SessionIntent, message: String) async throws {
        let outbox = try await Self.boundOutbox()
        await #expect(throws: RelayerError.invalidIntent(intent.validate()!)) {
            try await outbox.submit(intent, now: 1)
        }
        #expect(RelayerError.invalidIntent(intent.validate()!).description == message)
        #expect(try await outbox.intents().isEmpty)
    }

    @Test func intentsOfOneSessionRunInOrder() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(SessionIntent(action: .start, sessionID: 7), now: 1)
        _ = try await outbox.submit(Self.stop, now: 2)
        _ = try await outbox.submit(SessionIntent(action: .start, sessionID: 8), now: 3)
        // The stop of session 7 waits for its start.
        #expect(try await outbox.dueForSimulation(now: 10, limit: 10).map(\.key) == ["7:start", "8:start"])
        try await outbox.markSimulated(key: "7:start", now: 11)
        #expect(try await outbox.dueForSimulation(now: 11, limit: 10).map(\.key) == ["8:start"])
        _ = try await outbox.reserveAndSign(key: "7:start", now: 12) { Self.prepared($0) }
        let hash = Self.prepared(0).hash
        try await outbox.markAccepted(hash: hash, now: 13)
        #expect(try await outbox.dueForSimulation(now: 13, limit: 10).map(\.key) == ["8:start"])
        try await outbox.recordMined(nonce: 0, hash: hash, block: 5, succeeded: true, maxAttempts: 3, now: 14)
        // Mined: its effect is on the chain, so the stop may be simulated.
        #expect(try await outbox.dueForSimulation(now: 14, limit: 10).map(\.key) == ["7:stopAt", "8:start"])
        // A retry's backoff keeps an intent out until it is due.
        try await outbox.retryLater(key: "8:start", at: 100, detail: "node busy", now: 14)
        #expect(try await outbox.dueForSimulation(now: 99, limit: 10).map(\.key) == ["7:stopAt"])
        #expect(try await outbox.dueForSimulation(now: 100, limit: 10).map(\.key) == ["7:stopAt", "8:start"])
        #expect(try await outbox.intent(key: "8:start")?.attempts == 1)
        #expect(try await outbox.intent(key: "8:start")?.detail == "node busy")
    }

    @Test func aNonceIsReservedTogetherWithItsSignedTransaction() async throws {
        let outbox = try await Self.boundOutbox(startNonce: 4)
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: Self.stop.idempotencyKey, now: 2)
        // Signing fails: nothing is stored, the nonce is not used up, the intent is still simulated.
        struct SigningFailed: Error {}
        await #expect(throws: RelayerError.self) {
            _ = try await outbox.reserveAndSign(key: Self.stop.idempotencyKey, now: 3) { _ in throw SigningFailed() }
        }
        #expect(try await outbox.nextNonce() == 4)
        #expect(try await outbox.slots().isEmpty)
        #expect(try await outbox.intent(key: Self.stop.idempotencyKey)?.state == .simulated)
        // Signing succeeds: slot, transaction, state and next nonce move together.
        let stored = try await outbox.reserveAndSign(key: Self.stop.idempotencyKey, now: 4) { Self.prepared($0) }
        #expect(stored.nonce == 4 && stored.raw == Self.prepared(4).raw && !stored.accepted)
        #expect(try await outbox.nextNonce() == 5)
        let intent = try #require(try await outbox.intent(key: Self.stop.idempotencyKey))
        #expect(intent.state == .signed && intent.nonce == 4 && intent.gasLimit == 100_000)
        #expect(try await outbox.liveSlots().map(\.slot.nonce) == [4])
        // Signing it again is an illegal move, and reserves nothing.
        await #expect(throws: RelayerError.illegalTransition(key: "7:stopAt", from: .signed, to: .signed)) {
            _ = try await outbox.reserveAndSign(key: Self.stop.idempotencyKey, now: 5) { Self.prepared($0) }
        }
        #expect(try await outbox.nextNonce() == 5)
    }

    @Test func illegalMovesAreRefused() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        // pending cannot be signed without a simulation.
        await #expect(throws: RelayerError.illegalTransition(key: "7:stopAt", from: .pending, to: .signed)) {
            _ = try await outbox.reserveAndSign(key: "7:stopAt", now: 2) { Self.prepared($0) }
        }
        try await outbox.finish(key: "7:stopAt", as: .moot, detail: "escrow: not active", now: 3)
        // Final states never move.
        await #expect(throws: RelayerError.illegalTransition(key: "7:stopAt", from: .moot, to: .simulated)) {
            try await outbox.markSimulated(key: "7:stopAt", now: 4)
        }
        await #expect(throws: RelayerError.unknownIntent("9:start")) {
            try await outbox.markSimulated(key: "9:start", now: 4)
        }
        #expect(try await outbox.intent(key: "7:stopAt")?.detail == "escrow: not active")
    }

    @Test func replacementsAndReceipts() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: "7:stopAt", now: 2)
        let first = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0, fee: 80) }
        try await outbox.markAccepted(hash: first.hash, now: 4)
        #expect(try await outbox.intent(key: "7:stopAt")?.state == .sent)
        let second = try await outbox.addReplacement(nonce: 0, prepared: Self.prepared(0, fee: 90), now: 70)
        let live = try #require(try await outbox.liveSlots().first)
        #expect(live.attempts.map(\.hash) == [first.hash, second.hash] && live.newest?.fees.maxFeePerGas == 90)
        // The first attempt is the one mined.
        try await outbox.recordMined(nonce: 0, hash: first.hash, block: 9, succeeded: true, maxAttempts: 3, now: 80)
        let mined = try #require(try await outbox.intent(key: "7:stopAt"))
        #expect(mined.state == .mined && mined.minedHash == first.hash && mined.minedBlock == 9)
        #expect(try await outbox.liveSlots().isEmpty)
        #expect(try await outbox.transactions(intentKey: "7:stopAt").count == 2)
        try await outbox.confirm(key: "7:stopAt", now: 81)
        #expect(try await outbox.intent(key: "7:stopAt")?.state == .confirmed)
        await #expect(throws: RelayerError.self) {
            _ = try await outbox.addReplacement(nonce: 0, prepared: Self.prepared(0, fee: 100), now: 90)
        }
    }

    @Test func aRevertedTransactionRequeuesThenFails() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        for round in 0..<2 {
            try await outbox.markSimulated(key: "7:stopAt", now: 2)
            let tx = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0) }
            #expect(tx.nonce == UInt64(round))
            try await outbox.markAccepted(hash: tx.hash, now: 4)
            try await outbox.recordMined(
                nonce: tx.nonce, hash: tx.hash, block: 9, succeeded: false, maxAttempts: 2, now: 5)
        }
        let failed = try #require(try await outbox.intent(key: "7:stopAt"))
        #expect(failed.state == .failed && failed.attempts == 2)
        #expect(failed.detail?.contains("reverted, 2 times") == true)
    }

    @Test func aTakenNonceRequeuesItsIntent() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: "7:stopAt", now: 2)
        let tx = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0) }
        let key = try await outbox.markTaken(nonce: tx.nonce, detail: "nonce 0 used by another transaction", now: 4)
        #expect(key == "7:stopAt")
        let requeued = try #require(try await outbox.intent(key: "7:stopAt"))
        #expect(requeued.state == .pending && requeued.nonce == nil)
        #expect(try await outbox.slot(nonce: 0)?.state == .taken)
        // Signed again at the next nonce; the taken one is never reused.
        try await outbox.markSimulated(key: "7:stopAt", now: 5)
        let again = try await outbox.reserveAndSign(key: "7:stopAt", now: 6) { Self.prepared($0) }
        #expect(again.nonce == 1)
        await #expect(throws: RelayerError.nonceAlreadyReserved(0)) {
            _ = try await outbox.fillGap(nonce: 0, now: 7) { Self.prepared($0) }
        }
        // If the first transaction turns out to be mined after all, the intent is mined by it.
        try await outbox.recordMined(nonce: 0, hash: tx.hash, block: 3, succeeded: true, maxAttempts: 3, now: 8)
        #expect(try await outbox.intent(key: "7:stopAt")?.minedHash == tx.hash)
    }

    @Test func aReleasedNonceFailsItsIntentAndIsFilledByAGapFill() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: "7:stopAt", now: 2)
        let tx = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0) }
        // Never accepted anywhere: the nonce is given up.
        #expect(
            try await outbox.refuse(hash: tx.hash, detail: "intrinsic gas too low", now: 4)
                == .released(intentKey: "7:stopAt"))
        let failed = try #require(try await outbox.intent(key: "7:stopAt"))
        #expect(failed.state == .failed && failed.detail == "intrinsic gas too low")
        #expect(try await outbox.slot(nonce: 0)?.state == .released)
        let fill = try await outbox.fillGap(nonce: 0, now: 5) { Self.prepared($0, tag: 9) }
        #expect(fill.intentKey == nil && fill.nonce == 0)
        let slot = try #require(try await outbox.slot(nonce: 0))
        #expect(slot.purpose == .gapFill && slot.state == .live && slot.intentKey == nil)
        #expect(try await outbox.nextNonce() == 1)
        // A gap above the next nonce moves it up.
        _ = try await outbox.fillGap(nonce: 3, now: 6) { Self.prepared($0, tag: 9) }
        #expect(try await outbox.nextNonce() == 4)
        #expect(try await outbox.liveSlots().map(\.slot.nonce) == [0, 3])
    }

    @Test func aRefusedReplacementIsDroppedWhileTheAcceptedOneMayStillBeMined() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: "7:stopAt", now: 2)
        let first = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0, fee: 80) }
        try await outbox.markAccepted(hash: first.hash, now: 4)
        let second = try await outbox.addReplacement(nonce: 0, prepared: Self.prepared(0, fee: 90), now: 70)
        #expect(
            try await outbox.refuse(hash: second.hash, detail: "exceeds the configured cap", now: 71) == .attemptDropped
        )
        // The nonce stays live with the accepted attempt as its newest; the intent is still sent.
        let live = try #require(try await outbox.liveSlots().first)
        #expect(live.attempts.map(\.hash) == [first.hash] && live.newest?.hash == first.hash)
        #expect(try await outbox.intent(key: "7:stopAt")?.state == .sent)
        #expect(try await outbox.transactions(nonce: 0).map(\.hash) == [first.hash])
        let all = try await outbox.transactions(nonce: 0, includingAbandoned: true)
        #expect(all.map(\.abandoned) == [false, true] && all[1].lastError == "exceeds the configured cap")
    }

    @Test func sendFailuresAreRecorded() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: "7:stopAt", now: 2)
        let tx = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0) }
        try await outbox.markSendFailed(hash: tx.hash, error: "insufficient funds", retryAt: 50, now: 4)
        var stored = try #require(try await outbox.liveSlots().first?.newest)
        #expect(stored.sendFailures == 1 && stored.nextSendAt == 50 && stored.lastError == "insufficient funds")
        #expect(!stored.accepted && stored.sendCount == 1)
        #expect(try await outbox.intent(key: "7:stopAt")?.state == .signed)
        try await outbox.markAccepted(hash: tx.hash, now: 60)
        stored = try #require(try await outbox.liveSlots().first?.newest)
        #expect(stored.sendFailures == 0 && stored.lastSentAt == 60 && stored.sendCount == 2 && stored.lastError == nil)
    }

    @Test func aFileOutboxSurvivesReopeningAndKnowsItsAccount() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("relayer.sqlite").path
        do {
            let outbox = try Outbox(path: path)
            #expect(try await outbox.bind(address: Self.address, chainID: 31337, startNonce: 3, now: 1) == 3)
            _ = try await outbox.submit(Self.stop, now: 1)
            try await outbox.markSimulated(key: "7:stopAt", now: 2)
            _ = try await outbox.reserveAndSign(key: "7:stopAt", now: 3) { Self.prepared($0) }
        }
        let reopened = try Outbox(path: path)
        #expect(try await reopened.bind(address: Self.address, chainID: 31337, startNonce: 0, now: 5) == 4)
        #expect(try await reopened.intent(key: "7:stopAt")?.state == .signed)
        #expect(try await reopened.liveSlots().first?.newest?.raw == Self.prepared(3).raw)
        let other = try Address(hex: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
        await #expect(
            throws: RelayerError.outboxBelongsToAnotherAccount(
                stored: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 on chain 31337",
                given: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC on chain 31337")
        ) { _ = try await reopened.bind(address: other, chainID: 31337, startNonce: 0, now: 6) }
        await #expect(throws: RelayerError.self) {
            _ = try await reopened.bind(address: Self.address, chainID: 1, startNonce: 0, now: 6)
        }
    }

    @Test func anUnwritablePathIsReported() {
        #expect(throws: RelayerError.self) { _ = try Outbox(path: "/proc/no-such-dir/relayer.sqlite") }
    }

    @Test func simulatedIntentsAreSimulatedAgainAfterARestart() async throws {
        let outbox = try await Self.boundOutbox()
        _ = try await outbox.submit(Self.stop, now: 1)
        try await outbox.markSimulated(key: "7:stopAt", now: 2)
        #expect(try await outbox.dueForSigning(now: 2, limit: 5).map(\.key) == ["7:stopAt"])
        #expect(try await outbox.resimulateAll(now: 3) == 1)
        #expect(try await outbox.intent(key: "7:stopAt")?.state == .pending)
        #expect(try await outbox.countsByState() == [.pending: 1])
    }
}
