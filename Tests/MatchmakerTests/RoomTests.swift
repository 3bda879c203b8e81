import Crypto
import EthPrimitives
import Foundation
import JSONRPC
import Testing

@testable import Matchmaker

@Suite struct RoomTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func token(
        _ provider: LocalRoomProvider, role: RoomRole = .speaker, sessionID: UInt256? = 42, expiresAt: Double
    ) async throws -> String {
        try await provider.participantToken(
            roomID: "room_abc", role: role,
            metadata: RoomParticipantMetadata(wallet: DevKeys.address(9), sessionID: sessionID, displayName: "Ana"),
            expiresAt: expiresAt)
    }

    @Test func tokensVerifyWithTheJWKSAlone() async throws {
        let clock = ManualUnixClock(start: 1_795_551_960)
        let provider = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
        let jwt = try await token(provider, expiresAt: 1_795_552_560)
        let jwks = try #require(provider.jwks)
        #expect(jwks.keys.count == 1 && jwks.keys[0].kid == provider.keyID)
        #expect(jwks.keys[0].alg == "ES256" && jwks.keys[0].crv == "P-256" && jwks.keys[0].use == "sig")
        let claims = try RoomTokenVerifier(jwks: jwks).verify(jwt, now: clock.now())
        #expect(claims.roomId == "room_abc")
        #expect(claims.role == .speaker)
        #expect(claims.wallet == DevKeys.address(9).checksummed && claims.sub == claims.wallet)
        #expect(claims.sessionId == "42")
        #expect(claims.metadata.displayName == "Ana")
        #expect(claims.iat == 1_795_551_960 && claims.nbf == claims.iat && claims.exp == 1_795_552_560)
        #expect(claims.aud == "metered-rooms" && claims.iss == "metered-matchmaker")
    }

    @Test func theVerifierRefusesForgeriesAndExpiredTokens() async throws {
        let clock = ManualUnixClock(start: 1_795_551_960)
        let provider = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
        let stranger = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
        let verifier = try RoomTokenVerifier(jwks: provider.jwks!)
        let good = try await token(provider, expiresAt: 1_795_552_000)
        // Another key.
        let foreign = try await token(stranger, expiresAt: 1_795_552_000)
        await expectError(.unauthenticated("room token is signed by an unknown key")) { () throws(MatchmakerError) in
            try verifier.verify(foreign, now: clock.now())
        }
        // The payload changed after signing.
        let parts = good.split(separator: ".").map(String.init)
        var claims = try JSONDecoder().decode(RoomTokenClaims.self, from: Data(Base64URL.decode(parts[1])!))
        claims.role = .host
        let forged = parts[0] + "." + Base64URL.encode(Array(try JSONEncoder().encode(claims))) + "." + parts[2]
        await expectError(.unauthenticated("room token signature does not verify")) { () throws(MatchmakerError) in
            try verifier.verify(forged, now: clock.now())
        }
        // alg none.
        let none = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
        await expectError(.unauthenticated("room token is not ES256")) { () throws(MatchmakerError) in
            try verifier.verify(none, now: clock.now())
        }
        // Time.
        await expectError(.unauthenticated("room token expired")) { () throws(MatchmakerError) in
            try verifier.verify(good, now: 1_795_552_000)
        }
        await expectError(.unauthenticated("room token is not valid yet")) { () throws(MatchmakerError) in
            try verifier.verify(good, now: 1_795_551_959)
        }
    }

    /// The independent check: PyJWT with cryptography verifies the token trusting only the served JWKS, and
    /// computes the key's RFC 7638 thumbprint, which must be its key id.
    @Test func pyJWTVerifiesTheTokens() async throws {
        let python = Self.packageRoot.appendingPathComponent(".venv/bin/python").path
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "run tools/setup.sh first: the test needs .venv with PyJWT (tools/requirements.txt)")
        let clock = ManualUnixClock(start: 1_795_551_960)
        let provider = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
        for (role, session) in [(RoomRole.host, UInt256?.none), (.speaker, UInt256(7))] {
            let jwt = try await token(provider, role: role, sessionID: session, expiresAt: 1_795_552_560)
            let (status, output) = try run(python, jwt: jwt, jwks: provider.jwks!, now: clock.now())
            #expect(status == 0, "\(output)")
            struct Answer: Decodable {
                var claims: RoomTokenClaims
                var thumbprint: String
            }
            let answer = try JSONDecoder().decode(Answer.self, from: Data(output.utf8))
            #expect(answer.thumbprint == provider.keyID)
            #expect(answer.claims.role == role && answer.claims.sessionId == session.map { String($0) })
            #expect(answer.claims.roomId == "room_abc" && answer.claims.wallet == DevKeys.address(9).checksummed)
            // And PyJWT refuses it once expired, and under another key.
            #expect(try run(python, jwt: jwt, jwks: provider.jwks!, now: 1_795_552_560).status == 1)
            let stranger = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
            var wrong = stranger.jwks!
            wrong.keys[0].kid = provider.keyID
            #expect(try run(python, jwt: jwt, jwks: wrong, now: clock.now()).status == 1)
        }
    }

    private func run(_ python: String, jwt: String, jwks: JSONWebKeySet, now: Double) throws -> (
        status: Int32, output: String
    ) {
        struct Input: Encodable {
            var token: String
            var jwks: JSONWebKeySet
            var audience: String
            var now: Int64
        }
        let input = try JSONEncoder().encode(
            Input(token: jwt, jwks: jwks, audience: LocalRoomProvider.audience, now: Int64(now)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.packageRoot.appendingPathComponent("tools/matchmaker/verify_room_token.py").path]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theKeyFileSurvivesRestarts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys/room-key.pem").path
        let clock = ManualUnixClock(start: 1_795_551_960)
        let first = try LocalRoomProvider(keyFile: path, clock: clock)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = try LocalRoomProvider(keyFile: path, clock: clock)
        #expect(first.keyID == second.keyID)
        let jwt = try await token(first, expiresAt: 1_795_552_000)
        _ = try RoomTokenVerifier(jwks: second.jwks!).verify(jwt, now: clock.now())
        try "not a key".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: MatchmakerError.self) { try LocalRoomProvider(keyFile: path, clock: clock) }
    }
}
