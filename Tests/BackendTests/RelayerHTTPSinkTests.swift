import ChainSim
import EthPrimitives
import Foundation
import JSONRPC
import JSONRPCClient
import Logging
import Node
import Relayer
import ServiceLifecycle
import Testing

@testable import Backend

/// The heartbeat's sink when the relayer runs apart: intents over the relayer's real HTTP face.
@Suite struct RelayerHTTPSinkTests {
    /// A relayer engine (not stepping: intents stay in its outbox) behind its HTTP face on a free port.
    func withRelayer(_ body: @Sendable (_ url: String, _ engine: RelayerEngine) async throws -> Void) async throws {
        let chain = try Chain(
            config: LocalNode.meteredConfig(genesisTimestamp: 1_767_225_600), clock: SystemUnixClock())
        let client = JSONRPCClient(transport: InProcessTransport(dispatcher: LocalNode(chain: chain).dispatcher))
        let engine = RelayerEngine(
            key: MeteredGenesis.devAccounts[1].privateKey, client: client, outbox: try Outbox(),
            configuration: RelayerConfiguration(chainID: 31337, escrow: MeteredGenesis.escrow))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let application = RelayerHTTP.application(engine: engine, port: 0, logger: quiet) { continuation.yield($0) }
        let group = ServiceGroup(services: [application], logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)", engine)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func anIntentIsCommittedOnceUnderItsKey() async throws {
        try await withRelayer { url, engine in
            let sink = try RelayerHTTPSink(baseURL: url + "/")
            let intent = SessionIntent(action: .stopAt, sessionID: 7, endedAt: 1_767_225_700)
            #expect(try await sink.submit(intent) == "7:stopAt")
            #expect(try await sink.submit(intent) == "7:stopAt")
            let recorded = try #require(try await engine.outbox.intent(key: "7:stopAt"))
            #expect(recorded.intent == intent)
            #expect(try await engine.outbox.intents().count == 1)
            #expect(
                try await sink.submit(SessionIntent(action: .start, sessionID: UInt256.max)) == "\(UInt256.max):start")
        }
    }

    @Test func aMalformedIntentIsRefusedWithTheRelayersReason() async throws {
        try await withRelayer { url, _ in
            let sink = try RelayerHTTPSink(baseURL: url)
            await #expect {
                try await sink.submit(SessionIntent(action: .stopAt, sessionID: 1))
            } throws: { error in
                guard case .relayerRefused(400, "invalid_intent", let message) = error as? BackendError else {
                    return false
                }
                return message.contains("endedAt")
            }
        }
    }

    @Test func anUnreachableRelayerSaysWhere() async throws {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let sink = try RelayerHTTPSink(baseURL: "http://127.0.0.1:9", timeout: .seconds(5))
        await #expect {
            try await sink.submit(SessionIntent(action: .start, sessionID: 1))
        } throws: { error in
            guard case .relayerUnreachable(let url, _) = error as? BackendError else { return false }
            return url == "http://127.0.0.1:9" && "\(error)".hasPrefix("backend: the relayer at http://127.0.0.1:9")
        }
    }

    @Test(arguments: ["", "127.0.0.1:8601", "ftp://host", "http://"])
    func aURLThatIsNotHTTPIsRefused(_ url: String) {
        #expect(throws: BackendError.self) { try RelayerHTTPSink(baseURL: url) }
    }

    @Test func errorBodiesAreRead() {
        let (code, message) = RelayerHTTPSink.errorBody(Data(#"{"error":{"code":"x","message":"y"}}"#.utf8))
        #expect(code == "x" && message == "y")
        let (other, text) = RelayerHTTPSink.errorBody(Data("<html>\nbad gateway</html>".utf8))
        #expect(other == "unknown" && text == "<html> bad gateway</html>")
        #expect(RelayerHTTPSink.errorBody(Data()).message == "empty body")
    }
}
