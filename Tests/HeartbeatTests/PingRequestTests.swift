import EthPrimitives
import Heartbeat
import Secp256k1
import Testing

@Suite("POST /v1/ping body")
struct PingRequestTests {
    static let signed = ping(Keys.student, session: 9, seq: 41, issuedAt: 1_700_000_000)
    static let signature = Hex.encode(signed.signature.rsv)
    static let address = Keys.student.address.checksummed

    /// A body with these members, as raw JSON text for each value.
    static func body(
        sessionId: String? = "9", participant: String? = nil, seq: String? = "41", issuedAt: String? = "1700000000",
        signature: String? = nil
    ) -> String {
        var members: [String] = []
        if let sessionId { members.append("\"sessionId\":\(sessionId)") }
        members.append("\"participant\":\(participant ?? "\"\(address)\"")")
        if let seq { members.append("\"seq\":\(seq)") }
        if let issuedAt { members.append("\"issuedAt\":\(issuedAt)") }
        members.append("\"signature\":\(signature ?? "\"\(Self.signature)\"")")
        return "{" + members.joined(separator: ",") + "}"
    }

    @Test func readsTheBodyAClientSends() throws {
        let decoded = try SignedPing(json: Array(Self.body().utf8))
        #expect(decoded == Self.signed)
        #expect(try SignedPing(json: Self.signed.jsonBody) == Self.signed)
    }

    static let accepted: [(String, String)] = [
        ("numbers as decimal strings", body(sessionId: "\"9\"", seq: "\"41\"", issuedAt: "\"1700000000\"")),
        ("lowercase address", body(participant: "\"\(address.lowercased())\"")),
        ("signature without 0x", body(signature: "\"\(signature.dropFirst(2))\"")),
        ("unknown members ignored", "{\"extra\":[1,2]," + body().dropFirst()),
        ("v as 0/1", body(signature: "\"\(signature.dropLast(2))\(signed.signature.yParity ? "01" : "00")\"")),
    ]

    @Test(arguments: accepted)
    func acceptedForms(_ name: String, _ body: String) throws {
        let decoded = try SignedPing(json: Array(body.utf8))
        #expect(decoded.message == Self.signed.message, "\(name)")
        #expect(decoded.signature == Self.signed.signature, "\(name)")
    }

    @Test func largeNumbersAsStrings() throws {
        let maxSession = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let decoded = try SignedPing(
            json: Array(Self.body(sessionId: "\"\(maxSession)\"", seq: "\"18446744073709551615\"").utf8))
        #expect(decoded.message.sessionID == UInt256.max)
        #expect(decoded.message.seq == UInt64.max)
    }

    /// Bodies refused with 400, each with a word its message must contain.
    static let refused: [(String, String, String)] = [
        ("not JSON", "{", "not JSON"),
        ("not an object", "[1]", "JSON object"),
        ("empty", "", "not JSON"),
        ("no sessionId", body(sessionId: nil), "sessionId is missing"),
        ("null sessionId", body(sessionId: "null"), "sessionId is missing"),
        ("negative seq", body(seq: "-1"), "seq"),
        ("fractional seq", body(seq: "1.5"), "seq"),
        ("seq as hex string", body(seq: "\"0x29\""), "decimal digits"),
        ("seq with a sign", body(seq: "\"+41\""), "decimal digits"),
        ("seq with spaces", body(seq: "\" 41\""), "decimal digits"),
        ("empty seq string", body(seq: "\"\""), "decimal digits"),
        ("seq above uint64", body(seq: "\"18446744073709551616\""), "uint64"),
        ("issuedAt as bool", body(issuedAt: "true"), "issuedAt"),
        ("no issuedAt", body(issuedAt: nil), "issuedAt is missing"),
        ("sessionId of 2^256", body(sessionId: "\"\(String(repeating: "9", count: 79))\""), "sessionId"),
        ("participant not hex", body(participant: "\"0xzz\""), "participant"),
        ("participant short", body(participant: "\"0x1234\""), "participant"),
        (
            "participant bad checksum", body(participant: "\"0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266\""),
            "participant"
        ),
        ("participant as number", body(participant: "12"), "participant"),
        ("signature 64 bytes", body(signature: "\"\(signature.dropLast(2))\""), "signature"),
        ("signature v 29", body(signature: "\"\(signature.dropLast(2))1d\""), "signature"),
        ("signature not hex", body(signature: "\"0xnothex\""), "signature"),
        ("signature as number", body(signature: "1"), "signature"),
    ]

    @Test(arguments: refused)
    func malformedBodiesAreRefusedWith400(_ name: String, _ body: String, _ mention: String) {
        let error = #expect(throws: HeartbeatError.self, "\(name)") { try SignedPing(json: Array(body.utf8)) }
        #expect(error?.httpStatus == 400, "\(name)")
        #expect(error?.code == "malformed", "\(name)")
        #expect(error?.description.contains(mention) == true, "\(name): \(String(describing: error))")
        #expect(error?.description.hasPrefix("heartbeat: ") == true)
    }
}
