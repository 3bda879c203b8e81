import AsyncHTTPClient
import Foundation
import JSONRPC
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import Matchmaker

@Suite struct ServiceTests {
    /// The service from a configuration: SQLite and the room key under the data directory, HTTP on a free
    /// loopback port, the tick loop running, and a clean stop on graceful shutdown.
    @Test func runsAndStopsCleanly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = MatchmakerServiceConfiguration(matchmaker: MatchmakerConfig(domain: "localhost:3000"))
        configuration.port = 0
        configuration.dataDirectory = directory
        configuration.tickInterval = 0.01
        let port = Mutex<Int?>(nil)
        let service = try MatchmakerService(
            configuration: configuration, chain: FakeChain(), clock: SystemUnixClock(),
            onServerRunning: { p in port.withLock { $0 = p } })
        #expect(FileManager.default.fileExists(atPath: directory + "/matchmaker.sqlite"))
        #expect(FileManager.default.fileExists(atPath: directory + "/room-key.pem"))
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound: Int? = nil
            for _ in 0..<500 where bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = port.withLock { $0 }
            }
            let p = try #require(bound)
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(p)/healthz"), timeout: .seconds(5))
            #expect(response.status == .ok)
            // The tick loop runs: a tutor online shows in the gauge it sets.
            let tutor = DevKeys.address(1)
            _ = try await service.matchmaker.setProfile(
                tutor: tutor, languages: ["en"], levels: ["b1"], ratePerSecond: 1, token: .zero)
            _ = try await service.matchmaker.goOnline(tutor: tutor, leaseSeconds: 60)
            var seen = false
            for _ in 0..<300 where !seen {
                try await Task.sleep(for: .milliseconds(10))
                seen = service.matchmaker.metrics.exposition().contains("matchmaker_online_tutors 1")
            }
            #expect(seen)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

extension ServiceTests {
    @Test func refusesANodeOnAnotherChain() async throws {
        var configuration = MatchmakerServiceConfiguration(
            matchmaker: MatchmakerConfig(domain: "localhost:3000", chainID: 1))
        configuration.inMemory = true
        configuration.port = 0
        configuration.dataDirectory =
            FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
        let service = try MatchmakerService(configuration: configuration, chain: FakeChain())
        await #expect(
            throws: MatchmakerError.chainUnavailable(
                "the node is on chain 31337, but the matchmaker is configured for chain 1")
        ) {
            try await service.run()
        }
    }
}
