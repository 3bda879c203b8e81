import AsyncHTTPClient
import ChainSim
import Contracts
import Crypto
import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import JSONRPCClient
import NIOCore
import NIOHTTP1
import Secp256k1
import Signing
import Testing
import Transactions

/// The whole product path of `metered up`, over loopback and with real wallet signatures: from Sign-In with
/// Ethereum through the roulette and the deposit to the heartbeat's stop, the settlement, and the tutor free again.
@Suite struct MatchmakerFlowEndToEndTests {
    /// Student (account 2) and tutor (account 3) sign in with SIWE; the tutor goes online; the student's roulette
    /// request is proposed to the tutor, who accepts; the student gets the match with a room token (checked against
    /// the JWKS with swift-crypto's ES256) and the prepared deposit, signs and sends exactly that call; the
    /// matchmaker sees the deposit; both ping; the tutor goes silent; the session is stopped at the last mutual
    /// ping and settled; the matchmaker ends the match and the tutor is proposed again.
    @Test(.timeLimit(.minutes(2))) func fromSignInToSettlementAndTheTutorFreeAgain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metered-mm-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let up = try ChildProcess([
            "up", "--data-dir", directory, "--timeout", "2", "--node-port", "0", "--heartbeat-port", "0",
            "--relayer-port", "0", "--matchmaker-port", "0",
        ])
        try await up.waitForLine(startingWith: "Ready.")
        let endpoints = try Endpoints(banner: up.stdout)
        let mm = endpoints.matchmaker
        let http = HTTPClient.shared
        let chain = JSONRPCClient(urls: [endpoints.node])
        let accounts = MeteredGenesis.devAccounts
        let studentKey = accounts[2].privateKey
        let tutorKey = accounts[3].privateKey
        let student = studentKey.address
        let tutor = tutorKey.address
        let escrow = Deployments.chain31337.sessionEscrow

        // Sign-in: a nonce from the server, the EIP-4361 message signed with EIP-191, a bearer token back.
        let studentToken = try await signIn(http, mm, key: studentKey)
        let tutorToken = try await signIn(http, mm, key: tutorKey)
        #expect(try await call(http, .GET, mm + "/v1/tutors/me", token: "not-a-token").status == 401)

        // The tutor sets a profile and goes online.
        let rate = "1000000000000"
        let profile = try await call(
            http, .PUT, mm + "/v1/tutors/me", token: tutorToken,
            json: #"{"languages":["en"],"levels":["b1"],"ratePerSecond":"\#(rate)","token":"0x0"}"#)
        #expect(profile.status == 200, "\(profile.body)")
        let online = try await call(
            http, .POST, mm + "/v1/tutors/me/online", token: tutorToken, json: #"{"leaseSeconds":600}"#)
        #expect(online.status == 200, "\(online.body)")
        #expect(try online.json()["online"] == .bool(true))

        // The student asks for a match: the roulette proposes the only eligible tutor.
        let filters = #"""
            {"language":"en","level":"b1","maxRatePerSecond":"2000000000000","token":"0x0","capSeconds":600}
            """#
        let asked = try await call(http, .POST, mm + "/v1/match", token: studentToken, json: filters)
        #expect(asked.status == 202, "\(asked.body)")
        let requestID = try #require(try asked.json()["requestId"]?.string)

        // The tutor long-polls the proposal and accepts it.
        let proposals = try await call(http, .GET, mm + "/v1/tutors/me/proposals?wait=10", token: tutorToken)
        let proposal = try #require(try proposals.json()["proposals"]?.array?.first, "\(proposals.body)")
        #expect(proposal["student"]?.string == student.checksummed)
        #expect(proposal["ratePerSecond"]?.string == rate)
        let proposalID = try #require(proposal["proposalId"]?.string)
        let accepted = try await call(http, .POST, mm + "/v1/proposals/\(proposalID)/accept", token: tutorToken)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(try accepted.json()["status"]?.string == "awaiting_deposit")

        // The student's long-poll answers `matched`, with the room token and the prepared deposit.
        var status = try await call(http, .GET, mm + "/v1/match/\(requestID)?wait=10", token: studentToken)
        let matchedDeadline = ContinuousClock.now + .seconds(15)
        while try status.json()["status"]?.string == "matching", ContinuousClock.now < matchedDeadline {
            status = try await call(http, .GET, mm + "/v1/match/\(requestID)?wait=10", token: studentToken)
        }
        #expect(try status.json()["status"]?.string == "matched", "\(status.body)")
        let match = try #require(try status.json()["match"], "\(status.body)")
        let matchID = try #require(match["matchId"]?.string)
        #expect(match["tutor"]?.string == tutor.checksummed)
        #expect(match["ratePerSecond"]?.string == rate)

        // The room token verifies against the served JWKS with ES256 (swift-crypto), for this room and wallet.
        let jwks = try await call(http, .GET, mm + "/v1/rooms/jwks")
        let claims = try verifyRoomToken(
            try #require(match["roomToken"]?.string), jwks: try jwks.json(), now: Date().timeIntervalSince1970)
        #expect(claims["aud"]?.string == "metered-rooms")
        #expect(claims["roomId"] == match["roomId"])
        #expect(claims["wallet"]?.string == student.checksummed)
        #expect(claims["role"]?.string == "speaker")

        // The prepared deposit is SessionEscrow.deposit(tutor, native, rate, cap) paying rate × cap; the student
        // signs and sends exactly that call.
        let deposit = try #require(match["deposit"])
        let depositTo = try Address(hex: try #require(deposit["to"]?.string))
        let depositData = try Hex.decode(try #require(deposit["data"]?.string))
        let depositValue = try UInt256(parsing: try #require(deposit["value"]?.string))
        let rateValue = try UInt256(parsing: rate)
        #expect(depositTo == escrow)
        #expect(
            depositData
                == SessionEscrow.Deposit(tutor: tutor, token: .zero, ratePerSecond: rateValue, capSeconds: 600).calldata
        )
        #expect(depositValue == rateValue * 600)
        let receipt = try await sendCall(chain, from: studentKey, to: depositTo, data: depositData, value: depositValue)
        let log = try #require(receipt.logs.first { $0.topics.first == SessionEscrow.Deposited.topic })
        let sessionID = try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes).sessionId

        // The matchmaker sees the deposit (it polls the escrow's logs every 2 s): the match is in session.
        var seen = try await call(http, .GET, mm + "/v1/matches/\(matchID)", token: studentToken)
        let seenDeadline = ContinuousClock.now + .seconds(15)
        while try seen.json()["status"]?.string != "in_session", ContinuousClock.now < seenDeadline {
            try await Task.sleep(for: .milliseconds(200))
            seen = try await call(http, .GET, mm + "/v1/matches/\(matchID)", token: studentToken)
        }
        #expect(try seen.json()["status"]?.string == "in_session", "\(seen.body)")
        #expect(try seen.json()["sessionId"]?.string == String(sessionID))
        let tutorView = try await call(http, .GET, mm + "/v1/matches/\(matchID)", token: tutorToken)
        let hostClaims = try verifyRoomToken(
            try #require(try tutorView.json()["roomToken"]?.string), jwks: try jwks.json(),
            now: Date().timeIntervalSince1970)
        #expect(hostClaims["role"]?.string == "host")
        #expect(hostClaims["sessionId"]?.string == String(sessionID))

        // Both ping until the relayer has started the session, then 2 s more; then the tutor goes silent.
        let domain = HeartbeatDomain(chainID: 31337, escrow: escrow)
        let (settled, tutorLast) = try await playCallUntilTheTutorDrops(
            http, heartbeat: endpoints.heartbeat, chain: chain, student: studentKey, tutor: tutorKey,
            session: sessionID, domain: domain, activeFor: .seconds(2))
        let startedAt = UInt64(clamping: settled.startedAt)
        let endedAt = UInt64(clamping: settled.endedAt)
        #expect(endedAt == max(startedAt, UInt64(tutorLast.rounded(.down))))
        #expect(settled.tutorPaid == UInt256(endedAt - startedAt) * rateValue)
        #expect(settled.tutorPaid + settled.studentRefunded == depositValue)

        // The matchmaker reads the settlement: the match has ended and the tutor is free again.
        var ended = try await call(http, .GET, mm + "/v1/matches/\(matchID)", token: tutorToken)
        let endedDeadline = ContinuousClock.now + .seconds(15)
        while try ended.json()["status"]?.string != "ended", ContinuousClock.now < endedDeadline {
            try await Task.sleep(for: .milliseconds(200))
            ended = try await call(http, .GET, mm + "/v1/matches/\(matchID)", token: tutorToken)
        }
        #expect(try ended.json()["status"]?.string == "ended", "\(ended.body)")
        let free = try await call(http, .GET, mm + "/v1/tutors/\(tutor.checksummed)", token: studentToken)
        #expect(try free.json()["busy"] == .bool(false), "\(free.body)")
        #expect(try free.json()["online"] == .bool(true), "\(free.body)")
        // Free means proposable: the student's next request goes to the same tutor.
        let again = try await call(http, .POST, mm + "/v1/match", token: studentToken, json: filters)
        #expect(try again.json()["status"]?.string == "matching", "\(again.body)")
        let next = try await call(http, .GET, mm + "/v1/tutors/me/proposals?wait=5", token: tutorToken)
        #expect(try next.json()["proposals"]?.array?.first?["student"]?.string == student.checksummed, "\(next.body)")

        #expect(try await up.stop(signal: SIGTERM) == 0, "\(up.stderr)")
    }
}

// MARK: - Helpers

/// Signs in to the matchmaker at `base` as a wallet does: `GET /v1/auth/nonce`, the EIP-4361 message for
/// `localhost:3000` (the `--siwe-domain` default) signed with EIP-191 by `key`, `POST /v1/auth/login`; returns the
/// bearer token.
private func signIn(_ http: HTTPClient, _ base: String, key: PrivateKey) async throws -> String {
    let nonce = try #require(try await call(http, .GET, base + "/v1/auth/nonce").json()["nonce"]?.string)
    let message = try SIWEMessage(
        domain: "localhost:3000", address: key.address, statement: "Sign in to Metered.",
        uri: "http://localhost:3000/login", chainID: 31337, nonce: nonce,
        issuedAt: SIWETimestamp(unixSeconds: Date().timeIntervalSince1970.rounded(.down)))
    let signature = Hex.encode(try message.sign(with: key).rsv)
    let body = JSONValue.object(["message": .string(message.text), "signature": .string(signature)])
    let login = try await call(
        http, .POST, base + "/v1/auth/login", json: String(decoding: body.jsonBytes, as: UTF8.self))
    #expect(login.status == 200, "\(login.body)")
    #expect(try login.json()["address"]?.string == key.address.checksummed)
    return try #require(try login.json()["token"]?.string, "\(login.body)")
}

/// One HTTP call with an optional bearer token and JSON body.
private func call(
    _ http: HTTPClient, _ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil
) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    }
    let response = try await http.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 20)
    return Answer(status: Int(response.status.code), body: String(buffer: body))
}

/// Checks a room token as a client that trusts only the JWKS would, with swift-crypto and nothing of the
/// matchmaker's code: the header names ES256 and a key of the set, the signature (raw r ‖ s over
/// `header.payload`) verifies with that P-256 key, and `nbf ≤ now < exp`. Returns the claims.
private func verifyRoomToken(_ token: String, jwks: JSONValue, now: Double) throws -> JSONValue {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    try #require(parts.count == 3, "a JWT has three parts: \(token)")
    let header = try JSONValue.parse(try base64URL(parts[0]))
    let claims = try JSONValue.parse(try base64URL(parts[1]))
    #expect(header["alg"]?.string == "ES256")
    let key = try #require(jwks["keys"]?.array?.first { $0["kid"] == header["kid"] }, "no key \(header) in \(jwks)")
    #expect(key["kty"]?.string == "EC" && key["crv"]?.string == "P-256")
    let publicKey = try P256.Signing.PublicKey(
        rawRepresentation: try base64URL(try #require(key["x"]?.string)) + base64URL(try #require(key["y"]?.string)))
    let signature = try P256.Signing.ECDSASignature(rawRepresentation: try base64URL(parts[2]))
    let signed = Data((parts[0] + "." + parts[1]).utf8)
    try #require(publicKey.isValidSignature(signature, for: signed), "the room token's signature does not verify")
    let notBefore = try #require(claims["nbf"]?.integer)
    let expiry = try #require(claims["exp"]?.integer)
    #expect(Double(notBefore) <= now + 1 && now < Double(expiry), "\(claims)")
    // Any other key refuses it.
    let stranger = P256.Signing.PrivateKey().publicKey
    #expect(!stranger.isValidSignature(signature, for: signed))
    return claims
}

/// The bytes of base64url text without padding (RFC 4648 §5, as JWTs and JWKs write them).
private func base64URL(_ text: some StringProtocol) throws -> [UInt8] {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Array(try #require(Data(base64Encoded: base64), "not base64url: \(text)"))
}

extension Answer {
    /// The body parsed as JSON.
    fileprivate func json() throws -> JSONValue { try JSONValue.parse(Array(body.utf8)) }
}

extension JSONValue {
    /// A member of an object (nil for a missing member or a value that is not an object).
    fileprivate subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The value as a string, if it is one.
    fileprivate var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as an integer, if it is one.
    fileprivate var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as an array, if it is one.
    fileprivate var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
