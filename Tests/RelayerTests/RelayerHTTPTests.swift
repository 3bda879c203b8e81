import AsyncHTTPClient
import ChainSim
import Contracts
import EthPrimitives
import Foundation
import Hummingbird
import HummingbirdTesting
import JSONRPC
import JSONRPCClient
import Logging
import NIOCore
import Relayer
import Secp256k1
import ServiceLifecycle
import Testing
import Transactions

@Suite struct RelayerHTTPTests {
    static func app(_ engine: RelayerEngine) -> some ApplicationProtocol {
        Application(router: RelayerHTTP.router(engine: engine, logger: RelayerHarness.logger))
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONValue.parse(Array(buffer: buffer)) else {
            Issue.record("not a JSON object: \(String(buffer: buffer))")
            return [:]
        }
        return members
    }

    static func error(_ buffer: ByteBuffer) throws -> (code: String, message: String)? {
        guard case .object(let error)? = try json(buffer)["error"], case .string(let code)? = error["code"],
            case .string(let message)? = error["message"]
        else { return nil }
        return (code, message)
    }

    @Test func postThenGetAnIntent() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        let body = #"{"action":"stopAt","sessionId":"\#(session)","endedAt":\#(startedAt + 5)}"#
        try await Self.app(h.engine).test(.router) { client in
            try await client.execute(uri: "/v1/intents", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .accepted)
                #expect(response.headers[.contentType] == "application/json")
                let view = try Self.json(response.body)
                #expect(view["key"] == .string("\(session):stopAt"))
                #expect(view["state"] == .string("pending"))
                #expect(view["endedAt"] == .integer(Int64(startedAt + 5)))
                #expect(view["transactions"] == .array([]))
            }
            // The same intent again: 200, the recorded one.
            try await client.execute(uri: "/v1/intents", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let view = try Self.json(response.body)
                #expect(view["key"] == .string("\(session):stopAt"))
            }
            try await h.stepUntil { try await h.state("\(session):stopAt") == .confirmed }
            try await client.execute(uri: "/v1/intents/\(session):stopAt", method: .get) { response in
                #expect(response.status == .ok)
                let view = try Self.json(response.body)
                #expect(view["state"] == .string("confirmed"))
                #expect(view["nonce"] == .integer(0))
                guard case .array(let transactions)? = view["transactions"], case .object(let tx)? = transactions.first
                else { throw RelayerHarness.HarnessError.gaveUp(0) }
                #expect(transactions.count == 1)
                #expect(view["minedHash"] == tx["hash"])
                #expect(tx["nonce"] == .integer(0))
                #expect(tx["gasLimit"] != nil && tx["maxFeePerGas"] != nil && tx["sentAt"] != nil)
            }
        }
    }

    @Test(arguments: [
        ("{", "malformed_request", "relayer: malformed request: the body is not JSON"),
        (#"{"action":"stopAt","sessionId":1}"#, "invalid_intent", "relayer: invalid intent: stopAt needs endedAt"),
        (
            #"{"action":"start","sessionId":1,"extra":true}"#, "malformed_request",
            #"relayer: malformed request: unknown member "extra" (expected action, sessionId, endedAt)"#
        ),
        (
            String(repeating: " ", count: 20_000), "malformed_request",
            "relayer: malformed request: the body is larger than 16384 bytes"
        ),
    ])
    func badBodiesAreRefused(body: String, code: String, message: String) async throws {
        let h = try await RelayerHarness()
        try await Self.app(h.engine).test(.router) { client in
            try await client.execute(uri: "/v1/intents", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try Self.error(response.body))
                #expect(error.code == code && error.message == message)
            }
        }
        #expect(try await h.outbox.intents().isEmpty)
    }

    @Test func unknownIntentsAndRoutesAreNotFound() async throws {
        let h = try await RelayerHarness()
        try await Self.app(h.engine).test(.router) { client in
            try await client.execute(uri: "/v1/intents/42:start", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try Self.error(response.body))
                #expect(error.code == "not_found" && error.message == "relayer: no intent with key 42:start")
            }
            try await client.execute(uri: "/v2/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try Self.error(response.body)
                #expect(error?.code == "not_found")
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        let h = try await RelayerHarness()
        let (session, startedAt) = try h.activeSession()
        h.clock.advance(by: 10)
        _ = try await h.engine.submit(SessionIntent(action: .stopAt, sessionID: session, endedAt: startedAt + 5))
        try await h.stepUntil { try await h.state("\(session):stopAt") == .confirmed }
        try await Self.app(h.engine).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let health = try Self.json(response.body)
                #expect(health["status"] == .string("ok"))
                #expect(health["address"] == .string(RelayerHarness.relayer.checksummed))
                #expect(health["chainId"] == .integer(31337))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"relayer_intents_submitted_total{action="stopAt"} 1"#))
                #expect(text.contains(#"relayer_intents_finished_total{state="confirmed"} 1"#))
                #expect(text.contains(#"relayer_transactions_sent_total{kind="first"} 1"#))
                #expect(text.contains(#"relayer_intents{state="confirmed"} 1"#))
                #expect(text.contains("relayer_next_nonce 1"))
                #expect(text.contains("relayer_intent_seconds_bucket"))
            }
            h.transport.setUnreachable(true)
            await h.engine.step()
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let health = try Self.json(response.body)
                #expect(health["status"] == .string("degraded"))
            }
        }
        let wrong = try await RelayerHarness { $0.chainID = 5 }
        await wrong.engine.step()
        try await Self.app(wrong.engine).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let health = try Self.json(response.body)
                #expect(health["status"] == .string("failed"))
            }
        }
    }

    /// The whole service over loopback, on the wall clock: engine and HTTP face in one ServiceGroup, an intent
    /// posted over HTTP, confirmed on chain, then a graceful shutdown.
    @Test(.timeLimit(.minutes(1))) func endToEndOverLoopback() async throws {
        let clock = SystemUnixClock()
        let chain = try Chain(config: RelayerHarness.chainConfig(automine: true), clock: clock)
        let client = JSONRPCClient(transport: InProcessTransport(dispatcher: ChainRPC.dispatcher(chain)))
        var configuration = RelayerHarness.defaultConfiguration()
        configuration.pollInterval = .milliseconds(20)
        let engine = RelayerEngine(
            key: RelayerHarness.relayerKey, client: client, outbox: try Outbox(), configuration: configuration,
            clock: clock, logger: RelayerHarness.logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = RelayerHTTP.application(engine: engine, port: 0, logger: RelayerHarness.logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(
            configuration: .init(services: [engine, app], logger: RelayerHarness.logger))
        // A session started by its tutor.
        let tutorKey = MeteredGenesis.devAccounts[3].privateKey
        let studentKey = MeteredGenesis.devAccounts[2].privateKey
        func send(_ key: PrivateKey, _ data: [UInt8], value: UInt256 = 0) throws {
            let nonce = try chain.nonce(of: key.address, at: .pending)
            let tx = EIP1559Transaction(
                chainID: 31337, nonce: nonce, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 100_000_000_000,
                gasLimit: 1_000_000, to: MeteredGenesis.escrow, value: value, data: data)
            try chain.sendRawTransaction(tx.sign(with: key).encode())
        }
        try send(
            studentKey,
            SessionEscrow.Deposit(
                tutor: tutorKey.address, token: .zero, ratePerSecond: RelayerHarness.rate,
                capSeconds: RelayerHarness.cap
            ).calldata, value: RelayerHarness.rate * RelayerHarness.cap)
        try send(tutorKey, SessionEscrow.StartSession(sessionId: 1).calldata)

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { _ = http.shutdown() }
            let startedAt = try SessionEscrow.GetSession.decodeOutput(
                chain.call(
                    TransactionRequest(
                        to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.GetSession(sessionId: 1).calldata)))
            ).startedAt
            var post = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/intents")
            post.method = .POST
            post.body = .bytes(ByteBuffer(string: #"{"action":"stopAt","sessionId":1,"endedAt":\#(startedAt)}"#))
            let posted = try await http.execute(post, timeout: .seconds(10))
            #expect(posted.status == .accepted)
            var state = ""
            for _ in 0..<500 {
                let got = try await http.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/intents/1:stopAt"), timeout: .seconds(10))
                let body = try await got.body.collect(upTo: 1 << 20)
                if case .string(let value)? = try Self.json(body)["state"] { state = value }
                if state == "confirmed" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(state == "confirmed")
            try await http.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
