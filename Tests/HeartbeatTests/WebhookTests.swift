import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Testing

@Suite("Room webhooks: authentication, replay, effects")
struct WebhookTests {
    @Test(arguments: HeartbeatVectors.shared.webhooks)
    func signaturesMatchPythonsHMAC(_ row: WebhookVector) throws {
        let secret = try WebhookSecret(bytes: Hex.decode(row.secret))
        let body = try Hex.decode(row.body)
        #expect(secret.signature(of: body) == row.signature)
        try secret.authenticate(body: body, signature: row.signature)
    }

    @Test func rfc4231TestCase2() throws {
        let secret = try WebhookSecret(bytes: Array("Jefe".utf8))
        #expect(
            secret.signature(of: Array("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func theSecretNeverShows() throws {
        let secret = try WebhookSecret(bytes: Array("hunter2".utf8))
        #expect(!"\(secret)".contains("hunter2"))
        #expect(!String(reflecting: secret).contains("hunter2"))
        #expect(throws: HeartbeatError.self) { try WebhookSecret(bytes: []) }
    }

    @Test func theSecretFileLosesItsTrailingNewline() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        try Data("whsec_test\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let body = Array("{}".utf8)
        #expect(try WebhookSecret(contentsOfFile: path).signature(of: body) == Harness.secret.signature(of: body))
        #expect(throws: HeartbeatError.self) { try WebhookSecret(contentsOfFile: path + ".missing") }
    }

    /// Signature headers refused with 401.
    static let badSignatures: [(String, String?)] = [
        ("absent", nil),
        ("empty", ""),
        ("uppercase hex", Harness.secret.signature(of: Array("{}".utf8)).uppercased()),
        ("0x prefix", "0x" + Harness.secret.signature(of: Array("{}".utf8)).dropLast(2)),
        ("another secret", try! WebhookSecret(bytes: Array("other".utf8)).signature(of: Array("{}".utf8))),
        ("another body", Harness.secret.signature(of: Array("{ }".utf8))),
        ("truncated", String(Harness.secret.signature(of: Array("{}".utf8)).dropLast())),
    ]

    @Test(arguments: badSignatures)
    func unauthenticatedWebhooksAreRefusedWith401(_ name: String, _ header: String?) async {
        let h = Harness()
        let error = await #expect(throws: HeartbeatError.self, "\(name)") {
            try await h.engine.receiveWebhook(body: Array("{}".utf8), signature: header)
        }
        #expect(error?.httpStatus == 401, "\(name)")
        #expect(error?.code == "unauthenticated", "\(name)")
    }

    @Test func withoutASecretEveryWebhookIsRefused() async throws {
        let engine = HeartbeatEngine(
            configuration: HeartbeatConfiguration(domain: domain), store: try SQLiteHeartbeatStore.inMemory(),
            directory: MemoryDirectory(), sink: RecordingSink(), clock: ManualUnixClock(start: t0))
        let body = Array("{}".utf8)
        let error = await #expect(throws: HeartbeatError.self) {
            try await engine.receiveWebhook(body: body, signature: Harness.secret.signature(of: body))
        }
        #expect(error?.httpStatus == 401)
    }

    /// Authenticated bodies refused with 400.
    static let malformed: [(String, String)] = [
        ("not JSON", "nope"),
        ("no id", #"{"event":"peer:left","payload":{}}"#),
        ("empty id", #"{"id":"","event":"peer:left","payload":{}}"#),
        ("no payload", #"{"id":"1","event":"peer:left"}"#),
        ("peer:left without leftAt", #"{"id":"1","event":"peer:left","payload":{"roomId":"r"}}"#),
        ("leftAt as text", #"{"id":"1","event":"peer:left","payload":{"leftAt":"soon"}}"#),
    ]

    @Test(arguments: malformed)
    func malformedWebhooksAreRefusedWith400(_ name: String, _ json: String) async {
        let h = Harness()
        let error = await #expect(throws: HeartbeatError.self, "\(name)") { try await h.webhook(json) }
        #expect(error?.httpStatus == 400, "\(name)")
    }

    @Test func peerLeftStopsAnActiveSessionAtOnce() async throws {
        let h = Harness(sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0))])
        try await h.send(Keys.student, seq: 1)
        h.clock.advance(by: 2)
        try await h.send(Keys.tutor, seq: 1)
        h.clock.advance(by: 1)
        try await h.webhook(h.peerEvent("peer:joined", id: "w1", wallet: Keys.tutor.address))
        h.clock.advance(by: 2)
        let acknowledgement = try await h.webhook(h.peerEvent("peer:left", id: "w2", wallet: Keys.student.address))
        #expect(acknowledgement.ignoredBecause == nil)
        #expect(h.sink.intents == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0))])
        let view = try await h.engine.view(of: 1)
        #expect(view.phase == .stopping)
        #expect(view.student.room == .left)
        #expect(view.tutor.room == .joined)
        #expect(view.roomID == "room-1")
    }

    @Test func aReplayedDeliveryIsRefusedAndADuplicateEventIsHarmless() async throws {
        let h = Harness(sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0))])
        try await h.send(Keys.student, seq: 1)
        try await h.send(Keys.tutor, seq: 1)
        let left = h.peerEvent("peer:left", id: "w1", wallet: Keys.tutor.address)
        try await h.webhook(left)
        let replay = await #expect(throws: HeartbeatError.self) { try await h.webhook(left) }
        #expect(replay == .webhookReplayed(id: "w1"))
        #expect(replay?.httpStatus == 409)
        // The same event delivered again under another id: acknowledged, no second intent.
        try await h.webhook(h.peerEvent("peer:left", id: "w2", wallet: Keys.tutor.address))
        try await h.webhook(h.peerEvent("peer:left", id: "w3", wallet: Keys.student.address))
        #expect(h.sink.intents.count == 1)
    }

    @Test func staleOrFarFutureEventsAreRefusedAsReplays() async {
        let h = Harness()
        for offset in [-301.0, 301] {
            let body = h.peerEvent("peer:left", id: "old\(offset)", wallet: Keys.tutor.address, at: t0 + offset)
            let error = await #expect(throws: HeartbeatError.self) { try await h.webhook(body) }
            #expect(error?.httpStatus == 409)
            #expect(error?.code == "replayed")
        }
        await #expect(throws: Never.self) {
            try await h.webhook(h.peerEvent("peer:left", id: "edge", wallet: Keys.tutor.address, at: t0 - 300))
        }
    }

    @Test func deliveryIdsSurviveARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let first = Harness(store: try SQLiteHeartbeatStore(path: path))
        let body = first.peerEvent("peer:joined", id: "once", wallet: Keys.student.address)
        try await first.webhook(body)
        let second = Harness(store: try SQLiteHeartbeatStore(path: path))
        let error = await #expect(throws: HeartbeatError.self) { try await second.webhook(body) }
        #expect(error == .webhookReplayed(id: "once"))
    }

    @Test func eventsAboutOtherSessionsOrWalletsAreAcknowledgedAndIgnored() async throws {
        let h = Harness()
        let unknown = try await h.webhook(h.peerEvent("peer:left", id: "a", wallet: Keys.tutor.address, session: 404))
        #expect(unknown.ignoredBecause?.contains("not known") == true)
        let stranger = try await h.webhook(h.peerEvent("peer:left", id: "b", wallet: Keys.outsider.address))
        #expect(stranger.ignoredBecause?.contains("neither") == true)
        let other = try await h.webhook(
            #"{"id":"c","event":"recording:started","payload":{"id":"rec","roomId":"r"}}"#)
        #expect(other.ignoredBecause != nil)
        let noMetadata = try await h.webhook(
            #"{"id":"d","event":"peer:left","payload":{"roomId":"r","leftAt":\#(Int64(t0 * 1000))}}"#)
        #expect(noMetadata.ignoredBecause?.contains("metadata") == true)
        #expect(h.sink.intents.isEmpty)
    }

    @Test func metadataAsAnObjectAndTheWalletAddressAlias() throws {
        let body = """
            {"id":"x","event":"peer:joined","payload":{"roomId":"r","joinedAt":1700000000000,
            "metadata":{"sessionId":12,"walletAddress":"\(Keys.tutor.address.checksummed)"}}}
            """
        let event = try RoomEvent(json: Array(body.utf8))
        #expect(event.sessionID == 12)
        #expect(event.wallet == Keys.tutor.address)
        #expect(event.occurredAt == 1_700_000_000)
        #expect(event.kind == .peerJoined)
        #expect(event.roomID == "r")
    }

    @Test func meetingEndedStopsTheSessionsSeenInTheRoom() async throws {
        let h = Harness(sessions: [1: escrowSession(status: .active, startedAt: UInt64(t0))])
        try await h.send(Keys.student, seq: 1)
        try await h.send(Keys.tutor, seq: 1)
        try await h.webhook(h.peerEvent("peer:joined", id: "j", wallet: Keys.tutor.address, room: "abc"))
        h.clock.advance(by: 4)
        let ms = Int64(h.clock.now() * 1000)
        try await h.webhook(#"{"id":"m","event":"meeting:ended","payload":{"roomId":"abc","endedAt":\#(ms)}}"#)
        #expect(h.sink.intents == [SessionIntent(action: .stopAt, sessionID: 1, endedAt: UInt64(t0))])
    }

    @Test func theStoreBeingDownIsA503AndTheRetryIsAccepted() async throws {
        let h = Harness()
        let body = h.peerEvent("peer:joined", id: "r1", wallet: Keys.student.address)
        h.store.setFailing(true)
        let error = await #expect(throws: HeartbeatError.self) { try await h.webhook(body) }
        #expect(error?.httpStatus == 503)
        h.store.setFailing(false)
        try await h.webhook(body)
    }
}
