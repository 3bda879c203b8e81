import Crypto
public import EthPrimitives
import Foundation
import Secp256k1
import Signing

extension Matchmaker {
    /// A fresh single-use sign-in nonce (16 letters and digits from the system's cryptographic generator), valid
    /// for ``MatchmakerConfig/nonceLifetime``.
    public func issueNonce() async throws(MatchmakerError) -> NonceResult {
        let now = clock.now()
        for _ in 0..<8 {
            let nonce = NonceRecord(
                id: RandomIDs.alphanumeric(length: 16), issuedAt: now, expiresAt: now + config.nonceLifetime)
            if try await store.commit([.insert(.nonce(nonce))]) {
                return NonceResult(nonce: nonce.id, expiresAt: wholeSeconds(nonce.expiresAt))
            }
        }
        throw .storage("could not store a fresh nonce")
    }

    /// Signs in with an EIP-4361 message and its EIP-191 signature, and issues a bearer token.
    ///
    /// Checks, in order: the message's grammar; its domain (and scheme), URI and chain id against the
    /// configuration; its time window (not before, expiration, issued-at within the clock skew and not older than
    /// ``MatchmakerConfig/maximumMessageAge``); that the signature recovers to its address; and last that its
    /// nonce was issued here, has not expired and was never used. The nonce is then marked used by a
    /// compare-and-set, so of two concurrent sign-ins with one nonce exactly one succeeds. The token lasts
    /// ``MatchmakerConfig/tokenLifetime``, or until the message's expiration time if sooner.
    ///
    /// - Throws: ``MatchmakerError/signIn(_:)`` for a message that fails a check of EIP-4361,
    ///   ``MatchmakerError/invalidSignature(_:)`` for a signature that is not 65 bytes of hex,
    ///   ``MatchmakerError/unknownNonce(_:)``, ``MatchmakerError/nonceExpired(_:expiredAt:)`` or
    ///   ``MatchmakerError/nonceReused(_:)``.
    public func login(message text: String, signature signatureHex: String) async throws(MatchmakerError)
        -> LoginResult
    {
        do {
            let result = try await checkedLogin(message: text, signature: signatureHex)
            metrics.logins.increment()
            return result
        } catch {
            metrics.loginRefusals.increment()
            throw error
        }
    }

    private func checkedLogin(message text: String, signature signatureHex: String) async throws(MatchmakerError)
        -> LoginResult
    {
        let message: SIWEMessage
        do {
            message = try SIWEMessage(parsing: text)
        } catch {
            throw .signIn(error)
        }
        let signature: Signature
        do {
            let bytes = try Hex.decode(signatureHex, requirePrefix: false)
            signature = try Signature(rsv: bytes)
        } catch {
            throw .invalidSignature("expected 65 bytes of hex (r ‖ s ‖ v): \(error)")
        }
        let now = clock.now()
        let expectations = SIWEMessage.Expectations(
            domain: config.domain, schemes: config.schemes, uriPrefixes: config.uriPrefixes, chainID: config.chainID,
            now: now, clockSkew: config.clockSkew, maximumAge: config.maximumMessageAge)
        do {
            try message.verify(signature: signature, against: expectations)
        } catch {
            if case .secp256k1(let e) = error { throw .invalidSignature(e.description) }
            throw .signIn(error)
        }

        let address = message.address
        try await commitLoop("sign-in") { () throws(MatchmakerError) in
            guard var nonce = try await store.nonce(message.nonce) else { throw .unknownNonce(message.nonce) }
            if nonce.usedAt != nil { throw .nonceReused(message.nonce) }
            if now >= nonce.expiresAt { throw .nonceExpired(message.nonce, expiredAt: wholeSeconds(nonce.expiresAt)) }
            nonce.usedAt = now
            nonce.usedBy = address
            return ([.update(.nonce(nonce))], ())
        }

        var expiresAt = now + config.tokenLifetime
        if let expiry = message.expirationTime?.unixTime { expiresAt = min(expiresAt, expiry) }
        let token = RandomIDs.make(byteCount: 32)
        let record = SessionTokenRecord(
            id: Self.tokenHash(token), address: address, issuedAt: now, expiresAt: expiresAt)
        guard try await store.commit([.insert(.sessionToken(record))]) else {
            throw .storage("could not store the session token")
        }
        return LoginResult(token: token, address: address, expiresAt: wholeSeconds(expiresAt))
    }

    /// The address a bearer token acts as.
    ///
    /// - Throws: ``MatchmakerError/unauthenticated(_:)`` for an unknown, revoked or expired token.
    public func authenticate(token: String) async throws(MatchmakerError) -> Address {
        guard let record = try await store.sessionToken(hash: Self.tokenHash(token)) else {
            throw .unauthenticated("the bearer token is unknown or revoked")
        }
        guard clock.now() < record.expiresAt else {
            throw .unauthenticated("the bearer token expired at \(wholeSeconds(record.expiresAt))")
        }
        return record.address
    }

    /// Revokes a bearer token (sign-out). Revoking an unknown token does nothing.
    public func logout(token: String) async throws(MatchmakerError) {
        try await commitLoop("sign-out") { () throws(MatchmakerError) in
            guard let record = try await store.sessionToken(hash: Self.tokenHash(token)) else { return ([], ()) }
            return ([.delete(.sessionToken(record))], ())
        }
    }

    /// Lowercase hex SHA-256 of a token: what the store keeps instead of the token.
    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
