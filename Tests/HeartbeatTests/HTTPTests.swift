import EthPrimitives
import Foundation
import HTTPTypes
import Heartbeat
import Hummingbird
import HummingbirdTesting
import JSONRPC
import Testing

@Suite("HTTP face")
struct HTTPTests {
    static func application(_ h: Harness) -> some ApplicationProtocol {
        Application(router: HeartbeatHTTP.makeRouter(engine: h.engine))
    }

    static func json(_ response: TestResponse) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONValue.parse(Array(response.body.readableBytesView)) else {
            throw HeartbeatError.malformedRequest("not an object")
        }
        return object
    }

    /// The `{"error": {"code", "message"}}` of a response.
    static func error(_ response: TestResponse) throws -> (code: String, message: String) {
        guard case .object(let error)? = try json(response)["error"], case .string(let code)? = error["code"],
            case .string(let message)? = error["message"]
        else { throw HeartbeatError.malformedRequest("no error object") }
        return (code, message)
    }

    static let signatureHeader = HTTPField.Name("Huddle01-Signature")!

    @Test func pingThenSessionView() async throws {
        let h = Harness()
        try await Self.application(h).test(.router) { client in
            let body = ping(Keys.student, session: 1, seq: 1, issuedAt: h.now).jsonBody
            try await client.execute(uri: "/v1/ping", method: .post, body: ByteBuffer(bytes: body)) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let object = try Self.json(response)
                #expect(object["status"] == .string("waiting"))
                #expect(object["serverTime"] == .number(t0) || object["serverTime"] == .integer(Int64(t0)))
            }
            try await client.execute(uri: "/v1/sessions/1", method: .get) { response throws in
                #expect(response.status == .ok)
                let object = try Self.json(response)
                #expect(object["sessionId"] == .string("1"))
                #expect(object["status"] == .string("waiting"))
                #expect(object["chainStatus"] == .string("funded"))
                guard case .object(let student)? = object["student"] else {
                    Issue.record("no student")
                    return
                }
                #expect(student["address"] == .string(Keys.student.address.checksummed))
                #expect(student["seq"] == .integer(1))
                guard case .object(let tutor)? = object["tutor"] else {
                    Issue.record("no tutor")
                    return
                }
                #expect(tutor["seq"] == .null)
                #expect(object["pendingIntents"] == .array([]))
            }
        }
    }

    /// Requests and the status and error code each must get.
    static let refusals: [(String, String, HTTPRequest.Method, String, Int, String)] = [
        ("malformed ping", "/v1/ping", .post, "{}", 400, "malformed"),
        ("unknown session view", "/v1/sessions/77", .get, "", 404, "unknown_session"),
        ("session id not decimal", "/v1/sessions/0x1", .get, "", 400, "malformed"),
        ("unknown route", "/v1/nothing", .get, "", 404, "not_found"),
        ("oversized ping", "/v1/ping", .post, String(repeating: " ", count: 5000), 413, "body_too_large"),
        ("unsigned webhook", "/v1/webhooks/room", .post, "{}", 401, "unauthenticated"),
    ]

    @Test(arguments: 0..<refusals.count)
    func refusalsAreJSONErrorsWithTheirStatus(_ index: Int) async throws {
        let (name, uri, method, body, status, code) = Self.refusals[index]
        let h = Harness()
        try await Self.application(h).test(.router) { client in
            try await client.execute(
                uri: uri, method: method, body: body.isEmpty ? nil : ByteBuffer(string: body)
            ) { response throws in
                #expect(response.status.code == status, "\(name)")
                let error = try Self.error(response)
                #expect(error.code == code, "\(name)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func everyPingRefusalOverHTTP() async throws {
        let h = Harness(sessions: [1: escrowSession(), 2: escrowSession(status: .cancelled)])
        let forged = ping(Keys.outsider, seq: 1, issuedAt: h.now, participant: Keys.student.address)
        let cases: [(SignedPing, Int, String)] = [
            (forged, 401, "bad_signature"),
            (ping(Keys.outsider, seq: 1, issuedAt: h.now), 403, "not_participant"),
            (ping(Keys.student, session: 3, seq: 1, issuedAt: h.now), 404, "unknown_session"),
            (ping(Keys.student, session: 2, seq: 1, issuedAt: h.now), 410, "session_ended"),
            (ping(Keys.student, seq: 1, issuedAt: h.now - 60), 422, "clock_skew"),
        ]
        try await Self.application(h).test(.router) { client in
            for (signed, status, code) in cases {
                try await client.execute(uri: "/v1/ping", method: .post, body: ByteBuffer(bytes: signed.jsonBody)) {
                    response throws in
                    #expect(response.status.code == status)
                    #expect(try Self.error(response).code == code)
                    // A clock-skew refusal tells the client the service's time.
                    #expect((try Self.json(response)["serverTime"] != nil) == (status == 422))
                }
            }
            let good = ping(Keys.student, seq: 1, issuedAt: h.now).jsonBody
            try await client.execute(uri: "/v1/ping", method: .post, body: ByteBuffer(bytes: good)) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/ping", method: .post, body: ByteBuffer(bytes: good)) { response throws in
                #expect(response.status.code == 409)
                #expect(try Self.error(response).code == "replayed")
            }
        }
    }

    @Test func webhookWithItsSignatureHeader() async throws {
        let h = Harness()
        let body = Array(h.peerEvent("peer:joined", id: "h1", wallet: Keys.student.address).utf8)
        let headers: HTTPFields = [Self.signatureHeader: Harness.secret.signature(of: body)]
        try await Self.application(h).test(.router) { client in
            try await client.execute(
                uri: "/v1/webhooks/room", method: .post, headers: headers, body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .ok)
                #expect(try Self.json(response)["status"] == .string("applied"))
            }
            try await client.execute(
                uri: "/v1/webhooks/room", method: .post, headers: headers, body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status.code == 409)
            }
            let other = Array(#"{"id":"h2","event":"meeting:started","payload":{"roomId":"r"}}"#.utf8)
            try await client.execute(
                uri: "/v1/webhooks/room", method: .post,
                headers: [Self.signatureHeader: Harness.secret.signature(of: other)], body: ByteBuffer(bytes: other)
            ) { response throws in
                #expect(response.status == .ok)
                #expect(try Self.json(response)["status"] == .string("ignored"))
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        let h = Harness()
        try await h.send(Keys.student, seq: 1)
        _ = try? await h.send(Keys.student, seq: 1)
        try await Self.application(h).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try Self.json(response)["status"] == .string("ok"))
            }
            try await client.execute(uri: "/metrics", method: .get) { response throws in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"heartbeat_pings_total{result="accepted"} 1"#))
                #expect(text.contains(#"heartbeat_pings_total{result="replayed"} 1"#))
            }
        }
    }

    @Test func endToEndOverLoopback() async throws {
        let h = Harness(sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0))])
        try await Self.application(h).test(.live) { client in
            for key in [Keys.student, Keys.tutor] {
                let body = ping(key, seq: 1, issuedAt: h.now).jsonBody
                try await client.execute(uri: "/v1/ping", method: .post, body: ByteBuffer(bytes: body)) {
                    response throws in
                    #expect(response.status == .ok)
                    #expect(try Self.json(response)["status"] == .string("active"))
                }
            }
            let left = Array(h.peerEvent("peer:left", id: "l1", wallet: Keys.tutor.address).utf8)
            try await client.execute(
                uri: "/v1/webhooks/room", method: .post,
                headers: [Self.signatureHeader: Harness.secret.signature(of: left)], body: ByteBuffer(bytes: left)
            ) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/sessions/1", method: .get) { response throws in
                let object = try Self.json(response)
                #expect(object["status"] == .string("stopping"))
                guard case .array(let intents)? = object["pendingIntents"], case .object(let stop)? = intents.first
                else {
                    Issue.record("no pending intent")
                    return
                }
                #expect(stop["key"] == .string("1:stopAt"))
                #expect(stop["endedAt"] == .integer(Int64(t0)))
                #expect(stop["submitted"] == .bool(true))
            }
        }
        #expect(h.sink.intents == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0))])
    }
}
