import ABI
import EthPrimitives
import JSONRPC
import Relayer
import Testing

@Suite struct IntentRequestTests {
    static let big = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    /// Bodies of `POST /v1/intents` and what they read as.
    static let accepted: [(String, SessionIntent)] = [
        (#"{"action":"start","sessionId":7}"#, SessionIntent(action: .start, sessionID: 7)),
        (
            #"{"action":"stopAt","sessionId":"7","endedAt":1700000000}"#,
            SessionIntent(action: .stopAt, sessionID: 7, endedAt: 1_700_000_000)
        ),
        (
            #"{"action":"stopAt","sessionId":7,"endedAt":"1700000000"}"#,
            SessionIntent(action: .stopAt, sessionID: 7, endedAt: 1_700_000_000)
        ),
        (#"{"action":"settle","sessionId":0,"endedAt":null}"#, SessionIntent(action: .settle, sessionID: 0)),
        (#"{"action":"cancel","sessionId":"\#(big)"}"#, SessionIntent(action: .cancel, sessionID: .max)),
        (
            #"{"sessionId":"18446744073709551616","action":"start"}"#,
            SessionIntent(action: .start, sessionID: UInt256(1) << 64)
        ),
    ]

    @Test(arguments: accepted)
    func reads(body: String, expected: SessionIntent) throws {
        #expect(try RelayerHTTP.parseIntent(Array(body.utf8)) == expected)
    }

    /// Refused bodies, with the exact error: every one names the member at fault.
    static let refused: [(String, RelayerError)] = [
        ("", .malformedRequest("the body is not JSON")),
        ("{", .malformedRequest("the body is not JSON")),
        ("[1]", .malformedRequest("the body must be a JSON object")),
        (
            #"{"action":"start","sessionID":7}"#,
            .malformedRequest("unknown member \"sessionID\" (expected action, sessionId, endedAt)")
        ),
        (#"{"sessionId":7}"#, .malformedRequest("\"action\" must be one of start, stopAt, settle, cancel")),
        (
            #"{"action":"stop","sessionId":7}"#,
            .malformedRequest("\"action\" must be one of start, stopAt, settle, cancel, not \"stop\"")
        ),
        (#"{"action":"start"}"#, .malformedRequest("\"sessionId\" is missing")),
        (#"{"action":"start","sessionId":-1}"#, .malformedRequest("\"sessionId\" must not be negative")),
        (
            #"{"action":"start","sessionId":1.5}"#,
            .malformedRequest("\"sessionId\" must be a whole number; above 2^63 − 1 send it as a decimal string")
        ),
        (
            #"{"action":"start","sessionId":18446744073709551616}"#,
            .malformedRequest("\"sessionId\" must be a whole number; above 2^63 − 1 send it as a decimal string")
        ),
        (
            #"{"action":"start","sessionId":"0x07"}"#,
            .malformedRequest("\"sessionId\" must be decimal digits, not \"0x07\"")
        ),
        (#"{"action":"start","sessionId":""}"#, .malformedRequest("\"sessionId\" must be decimal digits, not \"\"")),
        (#"{"action":"start","sessionId":"1\#(big)"}"#, .malformedRequest("\"sessionId\" must be below 2^256")),
        (
            #"{"action":"start","sessionId":true}"#,
            .malformedRequest("\"sessionId\" must be an integer or a decimal string")
        ),
        (
            #"{"action":"stopAt","sessionId":1,"endedAt":"18446744073709551616"}"#,
            .malformedRequest("\"endedAt\" must be below 2^64")
        ),
        (#"{"action":"stopAt","sessionId":1}"#, .invalidIntent("intent: stopAt needs endedAt")),
        (
            #"{"action":"start","sessionId":1,"endedAt":5}"#,
            .invalidIntent("intent: endedAt is only for stopAt, not start")
        ),
    ]

    @Test(arguments: refused)
    func refuses(body: String, expected: RelayerError) {
        #expect(throws: expected) { try RelayerHTTP.parseIntent(Array(body.utf8)) }
    }

    @Test func errorsReadAsSentences() {
        #expect(
            RelayerError.malformedRequest("\"sessionId\" is missing").description
                == "relayer: malformed request: \"sessionId\" is missing")
        #expect(
            RelayerError.invalidIntent("intent: stopAt needs endedAt").description
                == "relayer: invalid intent: stopAt needs endedAt")
    }

    /// The calldata of each action, checked against the ABI module's own encoding of the escrow's signatures.
    @Test(arguments: [
        (SessionIntent(action: .start, sessionID: 7), "startSession(uint256)", [UInt256(7)]),
        (
            SessionIntent(action: .stopAt, sessionID: 7, endedAt: 1_700_000_000), "stopSessionAt(uint256,uint256)",
            [UInt256(7), UInt256(1_700_000_000)]
        ),
        (SessionIntent(action: .settle, sessionID: .max), "settle(uint256)", [UInt256.max]),
        (SessionIntent(action: .cancel, sessionID: 0), "cancelSession(uint256)", [UInt256(0)]),
    ])
    func escrowCalldata(intent: SessionIntent, signature: String, arguments: [UInt256]) {
        var expected = ABIFunction.selector(of: signature).bytes
        for argument in arguments { expected += ABIEncoder.encode(argument) }
        #expect(intent.escrowCalldata == expected)
    }
}
