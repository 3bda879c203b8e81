import EthPrimitives
import Foundation
import JSONRPC
import Testing

@Suite("SessionIntent: the heartbeat → relayer seam")
struct SessionIntentTests {
    /// Intents and the reason `validate()` must give (nil when well formed).
    static let validation: [(SessionIntent, String?)] = [
        (SessionIntent(action: .start, sessionID: 1), nil),
        (SessionIntent(action: .settle, sessionID: 1), nil),
        (SessionIntent(action: .cancel, sessionID: 1), nil),
        (SessionIntent(action: .stopAt, sessionID: 1, endedAt: 1_700_000_000), nil),
        (SessionIntent(action: .stopAt, sessionID: 1, endedAt: 0), nil),
        (SessionIntent(action: .stopAt, sessionID: 1), "intent: stopAt needs endedAt"),
        (SessionIntent(action: .start, sessionID: 1, endedAt: 5), "intent: endedAt is only for stopAt, not start"),
        (SessionIntent(action: .settle, sessionID: 1, endedAt: 5), "intent: endedAt is only for stopAt, not settle"),
        (SessionIntent(action: .cancel, sessionID: 1, endedAt: 5), "intent: endedAt is only for stopAt, not cancel"),
    ]

    @Test(arguments: validation)
    func validate(_ intent: SessionIntent, _ reason: String?) {
        #expect(intent.validate() == reason)
    }

    @Test func idempotencyKeyIsSessionAndAction() {
        #expect(SessionIntent(action: .start, sessionID: 7).idempotencyKey == "7:start")
        #expect(SessionIntent(action: .stopAt, sessionID: 7, endedAt: 9).idempotencyKey == "7:stopAt")
        // The key does not depend on endedAt: a second stop of one session is the same intent.
        #expect(
            SessionIntent(action: .stopAt, sessionID: 7, endedAt: 9).idempotencyKey
                == SessionIntent(action: .stopAt, sessionID: 7, endedAt: 10).idempotencyKey)
        #expect(
            SessionIntent(action: .settle, sessionID: .max).idempotencyKey
                == "115792089237316195423570985008687907853269984665640564039457584007913129639935:settle")
        let keys = Set(
            SessionIntent.Action.allCases.map { SessionIntent(action: $0, sessionID: 1, endedAt: 1).idempotencyKey })
        #expect(keys.count == SessionIntent.Action.allCases.count)
    }

    @Test func jsonUsesTheHTTPFacesMemberNames() throws {
        let intent = SessionIntent(action: .stopAt, sessionID: 12, endedAt: 1_700_000_000)
        let json = try JSONValue(encoding: intent)
        guard case .object(let object) = json else {
            Issue.record("not an object: \(json)")
            return
        }
        #expect(Set(object.keys) == ["action", "sessionId", "endedAt"])
        #expect(object["action"] == .string("stopAt"))
        #expect(try json.decode(SessionIntent.self) == intent)
        let start = try JSONValue.parse(Array(#"{"action":"start","sessionId":"0x2a"}"#.utf8)).decode(
            SessionIntent.self)
        #expect(start == SessionIntent(action: .start, sessionID: 42))
        #expect(throws: (any Error).self) {
            try JSONValue.parse(Array(#"{"action":"pause","sessionId":"1"}"#.utf8)).decode(SessionIntent.self)
        }
    }
}

@Suite("ManualUnixClock and SystemUnixClock")
struct UnixClockTests {
    @Test func movesOnlyForwardAndOnlyWhenTold() {
        let clock = ManualUnixClock(start: 1_700_000_000.75)
        #expect(clock.now() == 1_700_000_000.75)
        #expect(clock.nowSeconds() == 1_700_000_000)
        clock.advance(by: 0.25)
        #expect(clock.now() == 1_700_000_001)
        #expect(clock.nowSeconds() == 1_700_000_001)
        clock.advance(by: -50)
        #expect(clock.now() == 1_700_000_001, "negative advances are ignored")
        clock.set(to: 1_600_000_000)
        #expect(clock.now() == 1_700_000_001, "time never runs backwards")
        clock.set(to: 1_700_000_100)
        #expect(clock.now() == 1_700_000_100)
    }

    @Test func nowSecondsRoundsDownAndNeverGoesNegative() {
        #expect(ManualUnixClock(start: 5.999).nowSeconds() == 5)
        #expect(ManualUnixClock(start: -3).nowSeconds() == 0)
        #expect(ManualUnixClock(start: 0).nowSeconds() == 0)
    }

    @Test func concurrentAdvancesAllCount() async {
        let clock = ManualUnixClock(start: 0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { clock.advance(by: 1) } }
        }
        #expect(clock.now() == 100)
    }

    @Test func theSystemClockReadsTheWallClock() {
        let before = Date().timeIntervalSince1970
        let now = SystemUnixClock().now()
        let after = Date().timeIntervalSince1970
        #expect(now >= before && now <= after)
        #expect(SystemUnixClock().nowSeconds() >= UInt64(before))
    }
}
