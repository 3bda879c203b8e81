import ChainSim
import Contracts
import EthPrimitives
import JSONRPC
import Relayer
import Testing
import Transactions

@Suite struct RelayerEngineTests {
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
        #expect(mined.allSatisfy { $0.type == 2 })
        // Stepping on sends nothing more.
        h.transport.clearRecords()
        for _ in 0..<5 {
            h.clock.advance(by: 200)
            await h.engine.step()
        }
        #expect(h.transport.rawSends.isEmpty)
        let record = try #require(try await h.outbox.intent(key: stop))
        #expect(record.minedHash == mined[1].hash && record.nonce == mined[1].nonce)
    }
}
