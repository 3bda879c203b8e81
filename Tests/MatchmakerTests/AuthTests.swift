import Contracts
import EthPrimitives
import Secp256k1
import Signing
import Testing

@testable import Matchmaker

@Suite struct AuthTests {
    @Test func devKeysAreTheGenesisAccounts() {
        for i in 0..<10 { #expect(DevKeys.address(i) == Deployments.chain31337.accounts[i]) }
    }

    @Test func signsInAndAuthenticates() async throws {
        let h = Harness()
        let nonce = try await h.matchmaker.issueNonce()
        #expect(nonce.nonce.count == 16)
        #expect(nonce.expiresAt == Int64(Harness.start) + 300)
        let message = h.message(2, nonce: nonce.nonce)
        let signature = try message.sign(with: DevKeys.keys[2])
        let result = try await h.matchmaker.login(message: message.text, signature: Hex.encode(signature.rsv))
        #expect(result.address == DevKeys.address(2))
        #expect(result.expiresAt == Int64(Harness.start) + 86_400)
        #expect(try await h.matchmaker.authenticate(token: result.token) == DevKeys.address(2))
        // The store keeps only the token's hash.
        #expect(try await h.matchmaker.store.sessionToken(hash: result.token) == nil)
        #expect(try await h.matchmaker.store.sessionToken(hash: Matchmaker.tokenHash(result.token)) != nil)
    }

    @Test func tokenExpiresWithTheMessageOrTheLifetime() async throws {
        let h = Harness()
        let nonce = try await h.matchmaker.issueNonce().nonce
        let message = h.message(1, nonce: nonce, expiresIn: 120)
        let signature = try message.sign(with: DevKeys.keys[1])
        let result = try await h.matchmaker.login(message: message.text, signature: Hex.encode(signature.rsv))
        #expect(result.expiresAt == Int64(Harness.start) + 120)
        await h.advance(119)
        #expect(try await h.matchmaker.authenticate(token: result.token) == DevKeys.address(1))
        await h.advance(1)
        await expectError(.unauthenticated("the bearer token expired at \(Int64(Harness.start) + 120)")) {
            () throws(MatchmakerError) in try await h.matchmaker.authenticate(token: result.token)
        }
    }

    @Test func logoutRevokesTheToken() async throws {
        let h = Harness()
        let token = try await h.signIn(3)
        try await h.matchmaker.logout(token: token)
        await expectError(.unauthenticated("the bearer token is unknown or revoked")) { () throws(MatchmakerError) in
            try await h.matchmaker.authenticate(token: token)
        }
        try await h.matchmaker.logout(token: token)  // harmless twice
    }

    /// Every refusal with its status, code and a message that says why.
    struct Refusal: Sendable, CustomStringConvertible {
        var name: String
        var status: Int
        var code: String
        var fragment: String
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "wrong domain", status: 422, code: "wrong_domain", fragment: "is for domain \"evil.example\""),
        Refusal(
            name: "another chain", status: 422, code: "wrong_chain",
            fragment: "for chain 1, but this service runs on chain 31337"),
        Refusal(name: "reused nonce", status: 401, code: "nonce_reused", fragment: "was already used"),
        Refusal(name: "unknown nonce", status: 401, code: "unknown_nonce", fragment: "was not issued by this service"),
        Refusal(name: "expired nonce", status: 401, code: "nonce_expired", fragment: "expired at"),
        Refusal(name: "expired message", status: 401, code: "message_expired", fragment: "expired at"),
        Refusal(
            name: "signature of another address", status: 401, code: "wrong_signer",
            fragment: "the signature is by 0x3C44"),
        Refusal(
            name: "malformed message", status: 400, code: "malformed_message", fragment: "line 7: version must be 1"),
        Refusal(name: "malformed signature", status: 400, code: "invalid_signature", fragment: "65 bytes"),
        Refusal(name: "issued in the future", status: 401, code: "issued_in_future", fragment: "in the future"),
        Refusal(name: "too old", status: 401, code: "message_too_old", fragment: "more than 360 s ago"),
    ]

    @Test(arguments: refusals)
    func refusesSignIns(_ refusal: Refusal) async throws {
        let h = Harness()
        let nonce = try await h.matchmaker.issueNonce().nonce
        var message = h.message(1, nonce: nonce)
        var signer = DevKeys.keys[1]
        var text: String? = nil
        var signatureHex: String? = nil
        switch refusal.name {
        case "wrong domain": message = h.message(1, nonce: nonce, domain: "evil.example")
        case "another chain": message = h.message(1, nonce: nonce, chainID: 1)
        case "reused nonce":
            let signature = try message.sign(with: signer)
            _ = try await h.matchmaker.login(message: message.text, signature: Hex.encode(signature.rsv))
        case "unknown nonce": message = h.message(1, nonce: "neverIssued0001")
        case "expired nonce":
            await h.advance(301)
            message = h.message(1, nonce: nonce)
        case "expired message": message = h.message(1, nonce: nonce, issuedAt: Harness.start - 100, expiresIn: 60)
        case "signature of another address": signer = DevKeys.keys[2]
        case "malformed message": text = message.text.replacingOccurrences(of: "Version: 1", with: "Version: 2")
        case "malformed signature": signatureHex = "0x1234"
        case "issued in the future": message = h.message(1, nonce: nonce, issuedAt: Harness.start + 61)
        case "too old": message = h.message(1, nonce: nonce, issuedAt: Harness.start - 361)
        default: Issue.record("unknown case")
        }
        let signature = try signatureHex ?? Hex.encode(message.sign(with: signer).rsv)
        let before = h.matchmaker.metrics.exposition()
        let error = await caught { () throws(MatchmakerError) in
            try await h.matchmaker.login(message: text ?? message.text, signature: signature)
        }
        let e = try #require(error)
        #expect(e.status == refusal.status)
        #expect(e.code == refusal.code)
        #expect(e.description.contains(refusal.fragment), "\(e.description)")
        #expect(e.description.hasPrefix("matchmaker: "))
        #expect(before != h.matchmaker.metrics.exposition())
    }

    @Test func aRefusedSignatureDoesNotBurnTheNonce() async throws {
        let h = Harness()
        let nonce = try await h.matchmaker.issueNonce().nonce
        let message = h.message(1, nonce: nonce)
        let wrong = try message.sign(with: DevKeys.keys[2])
        _ = await caught { () throws(MatchmakerError) in
            try await h.matchmaker.login(message: message.text, signature: Hex.encode(wrong.rsv))
        }
        let right = try message.sign(with: DevKeys.keys[1])
        let result = try await h.matchmaker.login(message: message.text, signature: Hex.encode(right.rsv))
        #expect(result.address == DevKeys.address(1))
    }

    @Test(arguments: [false, true])
    func concurrentSignInsWithOneNonceHaveOneWinner(sqlite: Bool) async throws {
        let h = Harness(store: sqlite ? try SQLiteMatchmakerStore() : InMemoryMatchmakerStore())
        let nonce = try await h.matchmaker.issueNonce().nonce
        let message = h.message(4, nonce: nonce)
        let signature = Hex.encode(try message.sign(with: DevKeys.keys[4]).rsv)
        let outcomes = await withTaskGroup(of: MatchmakerError?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    await caught { () throws(MatchmakerError) in
                        try await h.matchmaker.login(message: message.text, signature: signature)
                    }
                }
            }
            var all: [MatchmakerError?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == .nonceReused(nonce) })
    }
}
