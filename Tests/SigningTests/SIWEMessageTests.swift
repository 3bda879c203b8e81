import EthPrimitives
import Foundation
import PropertyBased
import Secp256k1
import Testing

@testable import Signing

/// The rows of vectors/siwe.json (made by tools/vectors/gen_siwe.py with eth-account and Python's datetime).
struct SIWEVectors: Decodable {
    struct Row: Decodable, Sendable, CustomStringConvertible {
        struct Fields: Decodable, Sendable {
            var scheme: String?
            var domain, address: String
            var statement: String?
            var uri, chainId, nonce, issuedAt: String
            var expirationTime, notBefore, requestId: String?
            var resources: [String]
        }
        var name, message, privateKey, messageHash, signature: String
        var fields: Fields
        var unixTimes: [String: Double]
        var description: String { name }
    }
    var messages: [Row]

    static let shared: SIWEVectors = {
        let data = try! Data(contentsOf: SigningVectors.packageRoot.appendingPathComponent("vectors/siwe.json"))
        return try! JSONDecoder().decode(SIWEVectors.self, from: data)
    }()
}

@Suite struct SIWEMessageTests {
    // MARK: Vectors

    @Test(arguments: SIWEVectors.shared.messages)
    func parsesRendersAndSignsLikeTheReference(_ row: SIWEVectors.Row) throws {
        let message = try SIWEMessage(parsing: row.message)
        let f = row.fields
        #expect(message.scheme == f.scheme)
        #expect(message.domain == f.domain)
        #expect(message.address.checksummed == f.address)
        #expect(message.statement == f.statement)
        #expect(message.uri == f.uri)
        #expect(message.version == "1")
        #expect(String(message.chainID) == f.chainId)
        #expect(message.nonce == f.nonce)
        #expect(message.issuedAt.text == f.issuedAt)
        #expect(message.expirationTime?.text == f.expirationTime)
        #expect(message.notBefore?.text == f.notBefore)
        #expect(message.requestID == f.requestId)
        #expect(message.resources == f.resources)
        #expect(message.text == row.message)
        #expect(abs(message.issuedAt.unixTime - row.unixTimes["issuedAt"]!) < 1e-6)
        if let expiry = row.unixTimes["expirationTime"] {
            #expect(abs(message.expirationTime!.unixTime - expiry) < 1e-6)
        }
        if let notBefore = row.unixTimes["notBefore"] { #expect(abs(message.notBefore!.unixTime - notBefore) < 1e-6) }

        #expect(PersonalMessage.hash(message.text).description == row.messageHash)
        let key = try PrivateKey(hex: row.privateKey)
        #expect(Hex.encode(try message.sign(with: key).rsv) == row.signature)
        let signature = try Signature(rsv: Hex.decode(row.signature))
        let expectations = SIWEMessage.Expectations(
            domain: message.domain, uriPrefixes: [message.uri], chainID: message.chainID, nonce: message.nonce,
            now: message.notBefore?.unixTime ?? message.issuedAt.unixTime)
        try message.verify(signature: signature, against: expectations)
    }

    @Test func buildsFromFieldsAndRefusesFieldsThatBreakTheGrammar() throws {
        let address = try Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        let issued = try #require(SIWETimestamp(rfc3339: "2026-11-24T20:26:00Z"))
        let message = try SIWEMessage(
            domain: "tutors.example", address: address, statement: "Sign in.", uri: "https://tutors.example",
            chainID: 31337, nonce: "abcdefgh1", issuedAt: issued)
        #expect(try SIWEMessage(parsing: message.text) == message)
        #expect(throws: SigningError.siweMalformed("a blank line must follow the statement", line: 5)) {
            try SIWEMessage(
                domain: "tutors.example", address: address, statement: "two\nlines", uri: "https://tutors.example",
                chainID: 1, nonce: "abcdefgh1", issuedAt: issued)
        }
        #expect(throws: SigningError.siweMalformed("the nonce must be at least 8 letters and digits", line: 8)) {
            try SIWEMessage(
                domain: "tutors.example", address: address, uri: "https://tutors.example", chainID: 1,
                nonce: "short", issuedAt: issued)
        }
    }

    // MARK: Refusals of the grammar

    static let valid = """
        service.org wants you to sign in with your Ethereum account:
        0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

        I accept the ServiceOrg Terms of Service: https://service.org/tos

        URI: https://service.org/login
        Version: 1
        Chain ID: 1
        Nonce: 32891757
        Issued At: 2021-09-30T16:25:24.000Z
        Expiration Time: 2021-10-30T16:25:24.000Z
        Not Before: 2021-09-30T16:25:24.000Z
        Request ID: some_id
        Resources:
        - ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu
        - https://example.com/my-web2-claim.json
        """

    struct Refusal: Sendable, CustomStringConvertible {
        var name: String
        var replace: String
        var with: String
        var line: Int
        var rule: String  // a fragment of the rule's text
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "no domain", replace: "service.org wants", with: " wants", line: 1, rule: "domain is missing"),
        Refusal(
            name: "header words", replace: "wants you to sign in", with: "wants you to log in", line: 1,
            rule: "first line must end"),
        Refusal(
            name: "domain not an authority", replace: "service.org wants", with: "service org wants", line: 1,
            rule: "not an RFC 3986 authority"),
        Refusal(
            name: "bad scheme", replace: "service.org wants", with: "1https://service.org wants", line: 1,
            rule: "not an RFC 3986 scheme"),
        Refusal(
            name: "lowercase address", replace: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
            with: "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", line: 2, rule: "EIP-55 checksummed form"),
        Refusal(
            name: "wrong checksum", replace: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
            with: "0xc02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", line: 2, rule: "is not an address"),
        Refusal(
            name: "short address", replace: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", with: "0xC02aaA39",
            line: 2, rule: "is not an address"),
        Refusal(
            name: "missing address", replace: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n", with: "",
            line: 2, rule: "second line must be the signing address"),
        Refusal(
            name: "statement with line break", replace: "Terms of Service: https", with: "Terms of Service:\nhttps",
            line: 5, rule: "blank line must follow the statement"),
        Refusal(
            name: "statement with percent", replace: "I accept", with: "I accept 100%", line: 4,
            rule: "statement may hold only"),
        Refusal(
            name: "statement not ASCII", replace: "I accept", with: "J'accepte é", line: 4,
            rule: "statement may hold only"),
        Refusal(
            name: "extra line break before statement", replace: "Cc2\n\nI accept", with: "Cc2\n\n\nI accept",
            line: 5, rule: "expected \"URI: \""),
        Refusal(
            name: "single blank line without statement",
            replace: "I accept the ServiceOrg Terms of Service: https://service.org/tos\n\n", with: "", line: 4,
            rule: "second blank line must precede"),
        Refusal(
            name: "missing URI", replace: "URI: https://service.org/login\n", with: "", line: 6,
            rule: "expected \"URI: \""),
        Refusal(
            name: "URI not RFC 3986", replace: "URI: https://service.org/login", with: "URI: _not_a_uri_", line: 6,
            rule: "is not an RFC 3986 URI"),
        Refusal(
            name: "URI with space", replace: "URI: https://service.org/login", with: "URI: https://service.org/a b",
            line: 6, rule: "is not an RFC 3986 URI"),
        Refusal(name: "version 2", replace: "Version: 1", with: "Version: 2", line: 7, rule: "version must be 1"),
        Refusal(name: "missing version", replace: "Version: 1\n", with: "", line: 7, rule: "expected \"Version: \""),
        Refusal(
            name: "chain id not a number", replace: "Chain ID: 1", with: "Chain ID: ?", line: 8,
            rule: "must be decimal digits"),
        Refusal(
            name: "chain id too large", replace: "Chain ID: 1", with: "Chain ID: 18446744073709551616", line: 8,
            rule: "does not fit in 64 bits"),
        Refusal(
            name: "chain id with leading zero", replace: "Chain ID: 1", with: "Chain ID: 01", line: 8,
            rule: "without leading zeros"),
        Refusal(name: "missing chain id", replace: "Chain ID: 1\n", with: "", line: 8, rule: "expected \"Chain ID: \""),
        Refusal(
            name: "nonce of 7", replace: "Nonce: 32891757", with: "Nonce: 3289175", line: 9,
            rule: "at least 8 letters and digits"),
        Refusal(
            name: "nonce with symbol", replace: "Nonce: 32891757", with: "Nonce: 32891757-", line: 9,
            rule: "at least 8 letters and digits"),
        Refusal(name: "missing nonce", replace: "Nonce: 32891757\n", with: "", line: 9, rule: "expected \"Nonce: \""),
        Refusal(
            name: "issued at not RFC 3339", replace: "Issued At: 2021-09-30T16:25:24.000Z",
            with: "Issued At: Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)", line: 10, rule: "not an RFC 3339"),
        Refusal(
            name: "issued at February 30", replace: "Issued At: 2021-09-30T16:25:24.000Z",
            with: "Issued At: 2021-02-30T16:25:24Z", line: 10, rule: "not an RFC 3339"),
        Refusal(
            name: "issued at without zone", replace: "Issued At: 2021-09-30T16:25:24.000Z",
            with: "Issued At: 2021-09-30T16:25:24", line: 10, rule: "not an RFC 3339"),
        Refusal(
            name: "issued at hour 24", replace: "Issued At: 2021-09-30T16:25:24.000Z",
            with: "Issued At: 2021-09-30T24:00:00Z", line: 10, rule: "not an RFC 3339"),
        Refusal(
            name: "expiration February 29 of a common year", replace: "Expiration Time: 2021-10-30T16:25:24.000Z",
            with: "Expiration Time: 2021-02-29T00:00:00Z", line: 11, rule: "expiration time"),
        Refusal(
            name: "not before not RFC 3339", replace: "Not Before: 2021-09-30T16:25:24.000Z",
            with: "Not Before: yesterday", line: 12, rule: "not-before"),
        Refusal(
            name: "request id with space", replace: "Request ID: some_id", with: "Request ID: some id", line: 13,
            rule: "pchar"),
        Refusal(
            name: "resource not a URI", replace: "- https://example.com/my-web2-claim.json",
            with: "- _not_a_uri_", line: 16, rule: "resource"),
        Refusal(
            name: "resources on one line",
            replace: "- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu\n-",
            with: "- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu -", line: 15, rule: "resource"),
        Refusal(
            name: "URI after Version", replace: "URI: https://service.org/login\nVersion: 1",
            with: "Version: 1\nURI: https://service.org/login", line: 6, rule: "expected \"URI: \""),
        Refusal(
            name: "nonce after issued at", replace: "Nonce: 32891757\nIssued At: 2021-09-30T16:25:24.000Z",
            with: "Issued At: 2021-09-30T16:25:24.000Z\nNonce: 32891757", line: 9, rule: "expected \"Nonce: \""),
        Refusal(
            name: "not before before expiration",
            replace: "Expiration Time: 2021-10-30T16:25:24.000Z\nNot Before: 2021-09-30T16:25:24.000Z",
            with: "Not Before: 2021-09-30T16:25:24.000Z\nExpiration Time: 2021-10-30T16:25:24.000Z", line: 12,
            rule: "\"Expiration Time\" is out of order"),
        Refusal(
            name: "request id after resources",
            replace:
                "Request ID: some_id\nResources:\n- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu\n- https://example.com/my-web2-claim.json",
            with:
                "Resources:\n- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu\n- https://example.com/my-web2-claim.json\nRequest ID: some_id",
            line: 16, rule: "\"Request ID\" is out of order"),
        Refusal(
            name: "trailing line break", replace: "my-web2-claim.json", with: "my-web2-claim.json\n", line: 17,
            rule: "must not end with a line break"),
        Refusal(
            name: "unknown field", replace: "Request ID: some_id", with: "Request ID: some_id\nColour: blue",
            line: 14, rule: "unexpected text"),
        Refusal(
            name: "carriage returns", replace: "Version: 1", with: "Version: 1\r", line: 7,
            rule: "version must be 1"),
    ]

    @Test(arguments: refusals)
    func refusesTextOutsideTheGrammar(_ refusal: Refusal) throws {
        #expect(Self.valid.contains(refusal.replace), "the refusal must change the valid message")
        let text = Self.valid.replacingOccurrences(of: refusal.replace, with: refusal.with)
        do {
            _ = try SIWEMessage(parsing: text)
            Issue.record("accepted: \(text.debugDescription)")
        } catch {
            guard case .siweMalformed(let rule, let line) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(line == refusal.line, "\(rule)")
            #expect(rule.contains(refusal.rule), "\(rule)")
            #expect(error.description.hasPrefix("siwe: line \(refusal.line): "))
        }
    }

    @Test func theValidMessageParses() throws {
        let message = try SIWEMessage(parsing: Self.valid)
        #expect(message.text == Self.valid)
        #expect(message.resources.count == 2)
        #expect(message.requestID == "some_id")
    }

    // MARK: Verification

    static let key = try! PrivateKey(hex: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
    static let now = 1_795_551_960.0  // 2026-11-24T20:26:00Z

    static func message(
        domain: String = "tutors.example", scheme: String? = nil, uri: String = "https://tutors.example/login",
        chainID: UInt64 = 31337, issuedAt: Double = now, expiresIn: Double? = 600, notBefore: Double? = nil
    ) -> SIWEMessage {
        try! SIWEMessage(
            scheme: scheme, domain: domain, address: key.address, statement: "Sign in to Metered.", uri: uri,
            chainID: chainID, nonce: "n0nce0000001", issuedAt: SIWETimestamp(unixSeconds: issuedAt),
            expirationTime: expiresIn.map { SIWETimestamp(unixSeconds: issuedAt + $0) },
            notBefore: notBefore.map { SIWETimestamp(unixSeconds: $0) })
    }

    static let expectations = SIWEMessage.Expectations(
        domain: "tutors.example", schemes: ["https"], chainID: 31337, nonce: "n0nce0000001", now: now,
        clockSkew: 60, maximumAge: 300)

    struct VerifyCase: Sendable, CustomStringConvertible {
        var name: String
        var message: SIWEMessage
        var now: Double = SIWEMessageTests.now
        var signer: PrivateKey = SIWEMessageTests.key
        var expected: SigningError?
        var description: String { name }
    }

    static let other = try! PrivateKey(hex: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")

    static let verifyCases: [VerifyCase] = [
        VerifyCase(name: "valid", message: message()),
        VerifyCase(name: "valid with https scheme", message: message(scheme: "https")),
        VerifyCase(name: "domain compared without case", message: message(domain: "Tutors.Example")),
        VerifyCase(
            name: "wrong domain", message: message(domain: "evil.example", uri: "https://evil.example/"),
            expected: .siweDomainMismatch(expected: "tutors.example", actual: "evil.example")),
        VerifyCase(
            name: "wrong scheme", message: message(scheme: "http"),
            expected: .siweSchemeMismatch(expected: ["https"], actual: "http")),
        VerifyCase(
            name: "URI on another host", message: message(uri: "https://evil.example/login"),
            expected: .siweURIMismatch(expected: ["<scheme>://tutors.example/…"], actual: "https://evil.example/login")),
        VerifyCase(
            name: "another chain", message: message(chainID: 1),
            expected: .siweChainMismatch(expected: 31337, actual: 1)),
        VerifyCase(
            name: "expired", message: message(expiresIn: 200), now: now + 200,
            expected: .siweExpired(expirationTime: "2026-11-24T20:29:20Z", now: "2026-11-24T20:29:20Z")),
        VerifyCase(name: "one second before expiry", message: message(expiresIn: 200), now: now + 199),
        VerifyCase(
            name: "not yet valid", message: message(notBefore: now + 30),
            expected: .siweNotYetValid(notBefore: "2026-11-24T20:26:30Z", now: "2026-11-24T20:26:00Z")),
        VerifyCase(
            name: "issued in the future", message: message(issuedAt: now + 61, expiresIn: nil),
            expected: .siweIssuedInFuture(issuedAt: "2026-11-24T20:27:01Z", now: "2026-11-24T20:26:00Z")),
        VerifyCase(name: "issued within the skew", message: message(issuedAt: now + 60, expiresIn: nil)),
        VerifyCase(
            name: "too old", message: message(issuedAt: now - 301, expiresIn: nil),
            expected: .siweTooOld(issuedAt: "2026-11-24T20:20:59Z", maximumAgeSeconds: 300)),
        VerifyCase(
            name: "signed by another key", message: message(), signer: other,
            expected: .siweSignatureMismatch(address: key.address, recovered: other.address)),
    ]

    @Test(arguments: verifyCases)
    func verifies(_ c: VerifyCase) throws {
        let signature = try PersonalMessage.sign(c.message.text, with: c.signer)
        var expectations = Self.expectations
        expectations.now = c.now
        if let expected = c.expected {
            #expect(throws: expected) { try c.message.verify(signature: signature, against: expectations) }
        } else {
            try c.message.verify(signature: signature, against: expectations)
        }
    }

    @Test func refusesAnotherNonceAndURIPrefixes() throws {
        let message = Self.message()
        let signature = try message.sign(with: Self.key)
        var expectations = Self.expectations
        expectations.nonce = "n0nce0000002"
        #expect(throws: SigningError.siweNonceMismatch) {
            try message.verify(signature: signature, against: expectations)
        }
        expectations.nonce = nil
        expectations.uriPrefixes = ["https://tutors.example/app/"]
        #expect(throws: SigningError.siweURIMismatch(expected: ["https://tutors.example/app/"], actual: message.uri)) {
            try message.verify(signature: signature, against: expectations)
        }
    }

    @Test func errorDescriptionsSayWhy() {
        let cases: [(SigningError, String)] = [
            (
                .siweChainMismatch(expected: 31337, actual: 1),
                "siwe: the message is for chain 1, but this service runs on chain 31337"
            ),
            (
                .siweDomainMismatch(expected: "a.example", actual: "b.example"),
                "siwe: the message is for domain \"b.example\""
            ),
            (.siweExpired(expirationTime: "t1", now: "t2"), "siwe: the message expired at t1"),
            (
                .siweSignatureMismatch(address: Self.key.address, recovered: Self.other.address),
                "siwe: the signature is by 0x3C44"
            ),
        ]
        for (error, prefix) in cases { #expect(error.description.hasPrefix(prefix), "\(error.description)") }
    }

    // MARK: Timestamps and properties

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2000-03-01T00:00:00Z", 951_868_800), ("1969-12-31T23:59:59Z", -1),
        ("2026-11-24T21:26:00+01:00", 1_795_551_960), ("0000-01-01T00:00:00Z", -62_167_219_200),
        ("9999-12-31T23:59:59Z", 253_402_300_799), ("2021-09-30T16:25:24.5Z", 1_633_019_124.5),
    ])
    func timestampsMeanTheirInstant(_ text: String, _ unix: Double) throws {
        let t = try #require(SIWETimestamp(rfc3339: text))
        #expect(t.unixTime == unix)
    }

    @Test func timestampsRoundTripThroughUnixSeconds() async {
        await propertyCheck(count: 300, input: Gen.int(in: -62_167_219_200...253_402_300_799)) { seconds in
            let t = SIWETimestamp(unixSeconds: Double(seconds))
            #expect(SIWETimestamp(rfc3339: t.text)?.unixTime == Double(seconds), "\(t.text)")
        }
    }

    @Test func renderedMessagesParseBack() async {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        await propertyCheck(
            count: 200,
            input: Gen.int(in: 0...Int.max), Gen.int(in: 8...40), Gen.int(in: 0...4)
        ) { seed, nonceLength, resourceCount in
            var rng = SplitMix(seed: UInt64(seed))
            let nonce = String((0..<nonceLength).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let message = try! SIWEMessage(
                scheme: rng.next() % 2 == 0 ? nil : "https",
                domain: "host\(rng.next() % 1000).example:\(rng.next() % 65536)",
                address: Self.key.address, statement: rng.next() % 2 == 0 ? nil : "Statement \(rng.next())",
                uri: "https://host.example/\(rng.next())", chainID: rng.next(), nonce: nonce,
                issuedAt: SIWETimestamp(unixSeconds: Double(rng.next() % 4_000_000_000)),
                expirationTime: rng.next() % 2 == 0
                    ? nil : SIWETimestamp(unixSeconds: Double(rng.next() % 4_000_000_000)),
                requestID: rng.next() % 2 == 0 ? nil : "r\(rng.next())",
                resources: (0..<resourceCount).map { "ipfs://r\($0)" })
            #expect(try! SIWEMessage(parsing: message.text) == message)
        }
    }
}

/// A small deterministic generator for property inputs derived from one seed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
