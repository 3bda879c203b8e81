import EthPrimitives
import Heartbeat
import JSONRPC
import Logging
import ServiceLifecycle
import Testing

@Suite("HeartbeatService under swift-service-lifecycle")
struct ServiceTests {
    /// Yields until `condition` holds, failing after `limit` of wall time (the service's timer is real time; the
    /// rules read the manual clock).
    static func eventually(_ what: String, limit: Duration = .seconds(20), _ condition: () async -> Bool) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while !(await condition()) {
            if clock.now > deadline {
                Issue.record("timed out waiting until \(what)")
                return
            }
            await Task.yield()
        }
    }

    @Test func restoresTicksAndStopsOnGracefulShutdown() async throws {
        let store = try SQLiteHeartbeatStore.inMemory()
        let message = HeartbeatMessage(sessionID: 1, participant: Keys.student.address, seq: 1, issuedAt: UInt64(t0))
        _ = try await store.recordPing(
            StoredPing(message: message, signature: try message.sign(in: domain, with: Keys.student), seenAt: t0))
        let h = Harness(
            sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0))], store: store, start: t0 + 5)
        let service = HeartbeatService(
            engine: h.engine, tickInterval: .milliseconds(2), refreshInterval: .milliseconds(2),
            logger: Logger(label: "test"))
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await Self.eventually("the stored session is restored") { h.engine.trackedSessions == 1 }
            // Restored at t0 + 5: silence is counted from then.
            h.clock.advance(by: 10.5)
            await Self.eventually("the silent session is stopped") { !h.sink.intents.isEmpty }
            #expect(h.sink.intents == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0))])
            // The service reads the escrow's events too.
            h.directory.emit(.stopped(sessionID: 1, endedAt: UInt64(t0)), .settled(sessionID: 1))
            await Self.eventually("the stop is confirmed") {
                (try? await h.engine.view(of: 1))?.phase == .ended
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
