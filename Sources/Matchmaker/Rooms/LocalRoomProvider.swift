public import Crypto
public import EthPrimitives
import Foundation
public import JSONRPC

/// The claims of a room token issued by ``LocalRoomProvider``.
public struct RoomTokenClaims: Sendable, Hashable, Codable {
    /// Issuer: the matchmaker's name for itself.
    public var iss: String
    /// Audience: `"metered-rooms"`.
    public var aud: String
    /// Subject: the participant's wallet (EIP-55).
    public var sub: String
    /// The room.
    public var roomId: String
    /// The participant's wallet (EIP-55), as in ``sub``.
    public var wallet: String
    /// The participant's role.
    public var role: RoomRole
    /// The escrow session id (decimal), when known at issue.
    public var sessionId: String?
    /// The peer metadata, as Huddle01 carries it.
    public var metadata: RoomParticipantMetadata
    /// Issued at (unix seconds).
    public var iat: Int64
    /// Not before (unix seconds).
    public var nbf: Int64
    /// Expires at (unix seconds).
    public var exp: Int64
    /// A unique token id.
    public var jti: String
}

/// A ``RoomProvider`` that runs without any outside service: rooms are ids it makes up, and participant tokens are
/// JWTs signed with ES256 (ECDSA P-256, SHA-256; RFC 7518) by the backend's own key, whose public half is served
/// as a JWKS (`GET /v1/rooms/jwks`). A client that trusts only that key can check a token's signature, audience,
/// expiry, room and wallet (see ``RoomTokenVerifier``).
public final class LocalRoomProvider: RoomProvider {
    /// The audience of every token.
    public static let audience = "metered-rooms"
    /// The signing key's raw scalar (swift-crypto's keys are not `Sendable`; one is rebuilt per signature).
    private let keyBytes: Data
    private let publicKey: Data
    private let issuer: String
    private let clock: any UnixClock
    /// The key id of the signing key (its RFC 7638 thumbprint).
    public let keyID: String

    /// A provider signing with `key`, naming itself `issuer`, reading time from `clock`.
    public init(key: P256.Signing.PrivateKey, issuer: String = "metered-matchmaker", clock: any UnixClock) {
        self.keyBytes = key.rawRepresentation
        self.publicKey = key.publicKey.x963Representation
        self.issuer = issuer
        self.clock = clock
        self.keyID = Self.thumbprint(of: key.publicKey)
    }

    /// A provider whose key lives in the PEM file at `keyFile` (PKCS#8 or SEC1), created with a fresh key
    /// (readable by the owner only) when the file does not exist, so tokens stay valid across restarts.
    ///
    /// - Throws: ``MatchmakerError/roomProviderFailed(_:)`` when the file cannot be read, parsed or written.
    public convenience init(keyFile: String, issuer: String = "metered-matchmaker", clock: any UnixClock)
        throws(MatchmakerError)
    {
        let key: P256.Signing.PrivateKey
        do {
            if FileManager.default.fileExists(atPath: keyFile) {
                let pem = try String(contentsOfFile: keyFile, encoding: .utf8)
                key = try P256.Signing.PrivateKey(pemRepresentation: pem)
            } else {
                key = P256.Signing.PrivateKey()
                let url = URL(fileURLWithPath: keyFile)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard
                    FileManager.default.createFile(
                        atPath: keyFile, contents: Data(key.pemRepresentation.utf8),
                        attributes: [.posixPermissions: 0o600])
                else { throw MatchmakerError.roomProviderFailed("cannot create \(keyFile)") }
            }
        } catch {
            throw .roomProviderFailed("cannot use the room key file \(keyFile): \(error)")
        }
        self.init(key: key, issuer: issuer, clock: clock)
    }

    public func createRoom(title: String, hostWallets: [Address]) async throws(MatchmakerError) -> Room {
        Room(roomID: "room_" + RandomIDs.make(byteCount: 12), title: title)
    }

    public func participantToken(
        roomID: String, role: RoomRole, metadata: RoomParticipantMetadata, expiresAt: Double
    ) async throws(MatchmakerError) -> String {
        let now = Int64(clock.now().rounded(.down))
        let claims = RoomTokenClaims(
            iss: issuer, aud: Self.audience, sub: metadata.walletAddress, roomId: roomID,
            wallet: metadata.walletAddress, role: role, sessionId: metadata.sessionId, metadata: metadata, iat: now,
            nbf: now, exp: Int64(expiresAt.rounded(.up)), jti: RandomIDs.make(byteCount: 12))
        return try sign(claims)
    }

    /// Signs `claims` as a compact JWS with this provider's key.
    func sign(_ claims: RoomTokenClaims) throws(MatchmakerError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let header = #"{"alg":"ES256","kid":"\#(keyID)","typ":"JWT"}"#
            let signingInput =
                Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(try encoder.encode(claims)))
            let key = try P256.Signing.PrivateKey(rawRepresentation: keyBytes)
            let signature = try key.signature(for: Data(signingInput.utf8))
            return signingInput + "." + Base64URL.encode(Array(signature.rawRepresentation))
        } catch {
            throw .roomProviderFailed("cannot sign a room token: \(error)")
        }
    }

    public var jwks: JSONWebKeySet? {
        (try? P256.Signing.PublicKey(x963Representation: publicKey)).map { Self.jwks(of: $0) }
    }

    /// The JWKS holding `publicKey` with its thumbprint as key id.
    public static func jwks(of publicKey: P256.Signing.PublicKey) -> JSONWebKeySet {
        let (x, y) = coordinates(publicKey)
        return JSONWebKeySet(keys: [
            .init(kty: "EC", crv: "P-256", x: x, y: y, use: "sig", alg: "ES256", kid: thumbprint(of: publicKey))
        ])
    }

    private static func coordinates(_ publicKey: P256.Signing.PublicKey) -> (x: String, y: String) {
        let point = Array(publicKey.x963Representation)  // 0x04 ‖ x ‖ y
        return (Base64URL.encode(Array(point[1..<33])), Base64URL.encode(Array(point[33..<65])))
    }

    /// The RFC 7638 JWK thumbprint: base64url(SHA-256 of `{"crv":"P-256","kty":"EC","x":…,"y":…}`).
    public static func thumbprint(of publicKey: P256.Signing.PublicKey) -> String {
        let (x, y) = coordinates(publicKey)
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#
        return Base64URL.encode(Array(SHA256.hash(data: Data(canonical.utf8))))
    }
}

/// Checks room tokens with nothing but a JWKS, as a client of the local room provider does.
public struct RoomTokenVerifier: Sendable {
    /// Trusted keys by key id, as x9.63 points (swift-crypto's keys are not `Sendable`).
    private let keys: [String: Data]

    /// A verifier trusting the P-256 keys of `jwks`.
    ///
    /// - Throws: ``MatchmakerError/invalidRequest(_:)`` when a key is not a valid P-256 point.
    public init(jwks: JSONWebKeySet) throws(MatchmakerError) {
        var keys: [String: Data] = [:]
        for key in jwks.keys where key.kty == "EC" && key.crv == "P-256" {
            guard let x = Base64URL.decode(key.x), let y = Base64URL.decode(key.y), x.count == 32, y.count == 32,
                let publicKey = try? P256.Signing.PublicKey(x963Representation: [0x04] + x + y)
            else { throw .invalidRequest("JWKS key \(key.kid) is not a P-256 point") }
            keys[key.kid] = publicKey.x963Representation
        }
        self.keys = keys
    }

    /// The claims of `token` if its ES256 signature verifies under a trusted key, its audience is
    /// ``LocalRoomProvider/audience`` and `now` lies in `[nbf, exp)`.
    ///
    /// - Throws: ``MatchmakerError/unauthenticated(_:)`` saying which check failed.
    public func verify(_ token: String, now: Double) throws(MatchmakerError) -> RoomTokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signatureBytes = Base64URL.decode(parts[2])
        else { throw .unauthenticated("room token is not a compact JWS") }
        struct Header: Decodable {
            var alg: String
            var kid: String?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)), header.alg == "ES256"
        else { throw .unauthenticated("room token is not ES256") }
        guard let kid = header.kid, let point = keys[kid],
            let key = try? P256.Signing.PublicKey(x963Representation: point)
        else {
            throw .unauthenticated("room token is signed by an unknown key")
        }
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
            key.isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8))
        else { throw .unauthenticated("room token signature does not verify") }
        guard let claims = try? JSONDecoder().decode(RoomTokenClaims.self, from: Data(payload)) else {
            throw .unauthenticated("room token claims are malformed")
        }
        guard claims.aud == LocalRoomProvider.audience else {
            throw .unauthenticated("room token is for another audience")
        }
        guard Double(claims.nbf) <= now else { throw .unauthenticated("room token is not valid yet") }
        guard now < Double(claims.exp) else { throw .unauthenticated("room token expired") }
        return claims
    }
}

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var s = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !s.contains("=") else { return nil }
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}

/// Random identifiers and secrets from the system's cryptographic generator.
enum RandomIDs {
    /// `byteCount` random bytes as base64url.
    static func make(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// `length` random letters and digits (a SIWE nonce).
    static func alphanumeric(length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
