public import EthPrimitives
public import Secp256k1

/// A Sign-In with Ethereum message (EIP-4361): the text a wallet shows and signs with `personal_sign` to prove
/// control of an address to one website, for one nonce, within a time window.
///
/// ```
/// example.com wants you to sign in with your Ethereum account:
/// 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
///
/// Sign in to Metered.
///
/// URI: https://example.com/login
/// Version: 1
/// Chain ID: 31337
/// Nonce: 4mC7pQ2x9LrT
/// Issued At: 2026-11-24T20:26:00Z
/// Expiration Time: 2026-11-24T20:36:00Z
/// ```
///
/// ``init(parsing:)`` checks the text against the EIP's ABNF: fields in their order, the address in its EIP-55
/// form, the statement on one line of allowed characters, URIs and the domain per RFC 3986, timestamps per
/// RFC 3339, a nonce of at least 8 letters and digits, version `1`, a chain id in canonical decimal (the ABNF
/// would allow leading zeros; they are refused so that every accepted text renders back to the same bytes).
/// ``text`` renders the message back: for any text the parser accepts it gives the same bytes, so verifying the
/// rendered text verifies exactly what the wallet signed. ``verify(signature:against:)`` applies the checks a
/// server makes before it trusts a sign-in.
public struct SIWEMessage: Sendable, Hashable, CustomStringConvertible {
    /// The URI scheme of the origin that asks (`https`), when the message names it; nil otherwise.
    public var scheme: String?
    /// The RFC 3986 authority asking for the sign-in (`example.com`, `localhost:3000`).
    public var domain: String
    /// The address that signs in.
    public var address: Address
    /// The human-readable assertion the user signs (one line of ASCII), or nil.
    public var statement: String?
    /// The RFC 3986 URI of the resource the sign-in is for.
    public var uri: String
    /// The message format version: always `"1"`.
    public var version: String
    /// The EIP-155 chain id the session is bound to.
    public var chainID: UInt64
    /// The server-issued random token (8 or more letters and digits) that prevents replay.
    public var nonce: String
    /// When the message was made.
    public var issuedAt: SIWETimestamp
    /// When the signed message stops being valid, if ever.
    public var expirationTime: SIWETimestamp?
    /// When the signed message becomes valid, if later than now.
    public var notBefore: SIWETimestamp?
    /// A system-specific identifier for the request (RFC 3986 `pchar`s), or nil.
    public var requestID: String?
    /// RFC 3986 URIs the user wishes to have resolved as part of the sign-in.
    public var resources: [String]

    /// The first line's fixed words after the domain.
    static let headerSuffix = " wants you to sign in with your Ethereum account:"

    /// A message from its fields, checked as ``init(parsing:)`` checks text.
    ///
    /// - Throws: ``SigningError/siweMalformed(_:line:)`` naming the first field that breaks the EIP's grammar
    ///   (the line it would be on).
    public init(
        scheme: String? = nil, domain: String, address: Address, statement: String? = nil, uri: String,
        chainID: UInt64, nonce: String, issuedAt: SIWETimestamp, expirationTime: SIWETimestamp? = nil,
        notBefore: SIWETimestamp? = nil, requestID: String? = nil, resources: [String] = []
    ) throws(SigningError) {
        self.scheme = scheme
        self.domain = domain
        self.address = address
        self.statement = statement
        self.uri = uri
        self.version = "1"
        self.chainID = chainID
        self.nonce = nonce
        self.issuedAt = issuedAt
        self.expirationTime = expirationTime
        self.notBefore = notBefore
        self.requestID = requestID
        self.resources = resources
        // Checking the rendered text checks every field with the parser's rules and line numbers.
        let parsed = try SIWEMessage(parsing: text)
        guard parsed == self else {
            throw .siweMalformed("a field contains a line break or does not survive rendering", line: 1)
        }
    }

    /// Parses and checks the text of a message against EIP-4361's ABNF.
    ///
    /// Lines are separated by a single line feed; there is no line break after the last field.
    ///
    /// - Throws: ``SigningError/siweMalformed(_:line:)`` with the rule broken and its line (from 1): a missing or
    ///   misplaced field, a field out of order, an address not in its EIP-55 form, a statement with a character
    ///   outside the ABNF's set, a domain, URI, request id or resource that is not RFC 3986, a timestamp that is not
    ///   RFC 3339, a nonce shorter than 8 or not alphanumeric, a version other than `1`, a chain id that is not
    ///   canonical decimal digits or exceeds 2^64 − 1, or text after the last field.
    public init(parsing text: String) throws(SigningError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var n = 0  // index of the current line
        func line(_ i: Int) -> Substring? { i < lines.count ? lines[i] : nil }
        func fail(_ rule: String, at i: Int) -> SigningError { .siweMalformed(rule, line: i + 1) }

        // Header: [ scheme "://" ] domain " wants you to sign in with your Ethereum account:"
        guard let header = line(0), header.hasSuffix(Self.headerSuffix) else {
            throw fail(
                "the first line must end with \"\(Self.headerSuffix.dropFirst())\"", at: 0)
        }
        var origin = header.dropLast(Self.headerSuffix.count)
        if let separator = origin.range(of: "://") {
            let scheme = origin[..<separator.lowerBound]
            guard RFC3986.isScheme(scheme.utf8) else {
                throw fail("scheme \(String(reflecting: String(scheme))) is not an RFC 3986 scheme", at: 0)
            }
            self.scheme = String(scheme)
            origin = origin[separator.upperBound...]
        } else {
            self.scheme = nil
        }
        guard !origin.isEmpty else { throw fail("the domain is missing before \"wants you to sign in\"", at: 0) }
        guard RFC3986.isAuthority(origin) else {
            throw fail("domain \(String(reflecting: String(origin))) is not an RFC 3986 authority", at: 0)
        }
        self.domain = String(origin)

        // Address, EIP-55.
        guard let addressLine = line(1), !addressLine.isEmpty else {
            throw fail("the second line must be the signing address", at: 1)
        }
        let address: Address
        do {
            address = try Address(hex: addressLine)
        } catch {
            throw fail("\(String(reflecting: String(addressLine))) is not an address: \(error)", at: 1)
        }
        guard addressLine.utf8.elementsEqual(address.checksummed.utf8) else {
            throw fail(
                "the address must be in its EIP-55 checksummed form \(address.checksummed)", at: 1)
        }
        self.address = address

        // Blank line, optional statement and its blank line.
        guard line(2) == "" else { throw fail("a blank line must follow the address", at: 2) }
        n = 3
        if let candidate = line(3), candidate != "" {
            guard !candidate.hasPrefix("URI: ") else {
                throw fail("a second blank line must precede \"URI: \" when there is no statement", at: 3)
            }
            guard candidate.utf8.allSatisfy(Self.isStatementCharacter) else {
                throw fail(
                    "the statement may hold only RFC 3986 reserved and unreserved characters and spaces",
                    at: 3)
            }
            self.statement = String(candidate)
            n = 4
            guard line(4) == "" else { throw fail("a blank line must follow the statement", at: 4) }
        } else {
            self.statement = nil
            guard line(3) == "" else { throw fail("the message ends after the address", at: 3) }
        }
        n += 1

        // Required fields, in order.
        func field(_ name: String, required: Bool) throws(SigningError) -> Substring? {
            guard let current = line(n) else {
                if required { throw fail("the \"\(name)\" field is missing", at: n) }
                return nil
            }
            let prefix = name + ": "
            guard current.hasPrefix(prefix) else {
                if required {
                    throw fail(
                        "expected \"\(prefix)\" (fields come in the order URI, Version, Chain ID, Nonce, Issued At, "
                            + "Expiration Time, Not Before, Request ID, Resources)", at: n)
                }
                return nil
            }
            n += 1
            return current.dropFirst(prefix.count)
        }

        let uri = try field("URI", required: true)!
        guard RFC3986.isURI(uri) else {
            throw fail("URI \(String(reflecting: String(uri))) is not an RFC 3986 URI", at: n - 1)
        }
        self.uri = String(uri)

        let version = try field("Version", required: true)!
        guard version == "1" else {
            throw fail("version must be 1, not \(String(reflecting: String(version)))", at: n - 1)
        }
        self.version = "1"

        let chain = try field("Chain ID", required: true)!
        guard !chain.isEmpty, chain.utf8.allSatisfy(RFC3986.isDigit) else {
            throw fail("chain id \(String(reflecting: String(chain))) must be decimal digits", at: n - 1)
        }
        guard chain == "0" || chain.first != "0" else {
            throw fail("chain id \(chain) must be written without leading zeros", at: n - 1)
        }
        guard let chainID = UInt64(chain) else { throw fail("chain id \(chain) does not fit in 64 bits", at: n - 1) }
        self.chainID = chainID

        let nonce = try field("Nonce", required: true)!
        guard nonce.count >= 8, nonce.utf8.allSatisfy({ RFC3986.isAlpha($0) || RFC3986.isDigit($0) }) else {
            throw fail("the nonce must be at least 8 letters and digits", at: n - 1)
        }
        self.nonce = String(nonce)

        let issued = try field("Issued At", required: true)!
        guard let issuedAt = SIWETimestamp(rfc3339: issued) else {
            throw fail("issued-at \(String(reflecting: String(issued))) is not an RFC 3339 date-time", at: n - 1)
        }
        self.issuedAt = issuedAt

        // Optional fields, in order.
        self.expirationTime = nil
        if let text = try field("Expiration Time", required: false) {
            guard let time = SIWETimestamp(rfc3339: text) else {
                throw fail(
                    "expiration time \(String(reflecting: String(text))) is not an RFC 3339 date-time", at: n - 1)
            }
            self.expirationTime = time
        }
        self.notBefore = nil
        if let text = try field("Not Before", required: false) {
            guard let time = SIWETimestamp(rfc3339: text) else {
                throw fail("not-before \(String(reflecting: String(text))) is not an RFC 3339 date-time", at: n - 1)
            }
            self.notBefore = time
        }
        self.requestID = nil
        if let text = try field("Request ID", required: false) {
            guard RFC3986.allCharacters(text.utf8, allowed: RFC3986.isPChar) else {
                throw fail("the request id may hold only RFC 3986 pchar characters", at: n - 1)
            }
            self.requestID = String(text)
        }
        self.resources = []
        if line(n) == "Resources:" {
            n += 1
            while let current = line(n), current.hasPrefix("- ") {
                let resource = current.dropFirst(2)
                guard RFC3986.isURI(resource) else {
                    throw fail("resource \(String(reflecting: String(resource))) is not an RFC 3986 URI", at: n)
                }
                resources.append(String(resource))
                n += 1
            }
        }
        if let extra = line(n) {
            if extra.isEmpty && n == lines.count - 1 {
                throw fail("the message must not end with a line break", at: n)
            }
            let known = [
                "URI", "Version", "Chain ID", "Nonce", "Issued At", "Expiration Time", "Not Before",
                "Request ID", "Resources",
            ]
            if let name = known.first(where: { extra.hasPrefix($0 + ":") }) {
                throw fail("\"\(name)\" is out of order or repeated", at: n)
            }
            throw fail("unexpected text \(String(reflecting: String(extra.prefix(40)))) after the last field", at: n)
        }
    }

    /// The message text in EIP-4361's layout, as a wallet displays and signs it.
    public var text: String {
        var out = ""
        if let scheme { out += scheme + "://" }
        out += domain + Self.headerSuffix + "\n" + address.checksummed + "\n\n"
        if let statement { out += statement + "\n" }
        out += "\nURI: " + uri
        out += "\nVersion: " + version
        out += "\nChain ID: " + String(chainID)
        out += "\nNonce: " + nonce
        out += "\nIssued At: " + issuedAt.text
        if let expirationTime { out += "\nExpiration Time: " + expirationTime.text }
        if let notBefore { out += "\nNot Before: " + notBefore.text }
        if let requestID { out += "\nRequest ID: " + requestID }
        if !resources.isEmpty {
            out += "\nResources:"
            for resource in resources { out += "\n- " + resource }
        }
        return out
    }

    /// ``text``.
    public var description: String { text }

    /// `statement = *( reserved / unreserved / " " )`.
    static func isStatementCharacter(_ c: UInt8) -> Bool {
        RFC3986.isUnreserved(c) || RFC3986.isGenDelim(c) || RFC3986.isSubDelim(c) || c == UInt8(ascii: " ")
    }

    /// Signs the message's ``text`` as `personal_sign` does (EIP-191), as a wallet would.
    public func sign(with key: PrivateKey) throws(SigningError) -> Signature {
        try PersonalMessage.sign(text, with: key)
    }

    /// What a server expects of a sign-in message addressed to it; nil members are not checked.
    public struct Expectations: Sendable, Hashable {
        /// The authority the message must name as its ``SIWEMessage/domain``, compared without regard to case.
        public var domain: String
        /// The schemes accepted when the message names one (for example `["https"]`); nil accepts any.
        public var schemes: Set<String>?
        /// URI prefixes the message's ``SIWEMessage/uri`` must start with; nil requires the URI's authority to
        /// equal ``domain``.
        public var uriPrefixes: [String]?
        /// The chain id the message must carry; nil accepts any.
        public var chainID: UInt64?
        /// The nonce the message must carry; nil leaves the nonce to the caller (a store of issued nonces).
        public var nonce: String?
        /// The unix time to check the time window at.
        public var now: Double
        /// How far in the future ``SIWEMessage/issuedAt`` may lie, for clock skew between wallet and server.
        public var clockSkew: Double
        /// How old ``SIWEMessage/issuedAt`` may be; nil for no limit.
        public var maximumAge: Double?

        /// Expectations for a server at `domain`.
        public init(
            domain: String, schemes: Set<String>? = nil, uriPrefixes: [String]? = nil, chainID: UInt64? = nil,
            nonce: String? = nil, now: Double, clockSkew: Double = 60, maximumAge: Double? = nil
        ) {
            self.domain = domain
            self.schemes = schemes
            self.uriPrefixes = uriPrefixes
            self.chainID = chainID
            self.nonce = nonce
            self.now = now
            self.clockSkew = clockSkew
            self.maximumAge = maximumAge
        }
    }

    /// Checks a sign-in the way EIP-4361's verification section asks, in this order: the domain (and scheme),
    /// the URI, the chain, the nonce, the time window (not yet valid, expired, issued in the future or too long
    /// ago), and last that `signature` is the EIP-191 signature of ``text`` by ``address``.
    ///
    /// Verifies the rendered ``text``, which for a parsed message is exactly the text received.
    /// Contract wallets (ERC-1271) are not supported: the signature must come from the address's own key.
    ///
    /// - Throws: the ``SigningError`` `siwe…` case of the first failed check, such as
    ///   ``SigningError/siweDomainMismatch(expected:actual:)`` or
    ///   ``SigningError/siweSignatureMismatch(address:recovered:)``; ``SigningError/secp256k1(_:)`` for a
    ///   signature that is malformed or recovers no key.
    public func verify(signature: Signature, against expected: Expectations) throws(SigningError) {
        if domain.lowercased() != expected.domain.lowercased() {
            throw .siweDomainMismatch(expected: expected.domain, actual: domain)
        }
        if let scheme, let schemes = expected.schemes, !schemes.contains(scheme.lowercased()) {
            throw .siweSchemeMismatch(expected: schemes.sorted(), actual: scheme)
        }
        if let prefixes = expected.uriPrefixes {
            guard prefixes.contains(where: { uri.hasPrefix($0) }) else {
                throw .siweURIMismatch(expected: prefixes, actual: uri)
            }
        } else {
            guard let origin = RFC3986.origin(of: uri[...]), origin.authority.lowercased() == domain.lowercased()
            else { throw .siweURIMismatch(expected: ["<scheme>://\(expected.domain)/…"], actual: uri) }
        }
        if let chainID = expected.chainID, chainID != self.chainID {
            throw .siweChainMismatch(expected: chainID, actual: self.chainID)
        }
        if let nonce = expected.nonce, nonce != self.nonce { throw .siweNonceMismatch }
        let now = expected.now
        if let notBefore, now < notBefore.unixTime {
            throw .siweNotYetValid(notBefore: notBefore.text, now: SIWETimestamp(unixSeconds: now).text)
        }
        if let expirationTime, now >= expirationTime.unixTime {
            throw .siweExpired(expirationTime: expirationTime.text, now: SIWETimestamp(unixSeconds: now).text)
        }
        if issuedAt.unixTime > now + expected.clockSkew {
            throw .siweIssuedInFuture(issuedAt: issuedAt.text, now: SIWETimestamp(unixSeconds: now).text)
        }
        if let maximumAge = expected.maximumAge, issuedAt.unixTime < now - maximumAge {
            throw .siweTooOld(issuedAt: issuedAt.text, maximumAgeSeconds: Int(maximumAge))
        }
        let recovered = try PersonalMessage.recoverSigner(text, signature: signature)
        guard recovered == address else { throw .siweSignatureMismatch(address: address, recovered: recovered) }
    }
}

/// An RFC 3339 timestamp of a Sign-In with Ethereum message: its text as written (so the message renders back
/// byte for byte) and the unix time it means.
public struct SIWETimestamp: Sendable, Hashable, CustomStringConvertible {
    /// The timestamp as written (`2021-09-30T16:25:24.000Z`, `2021-09-30T18:25:24+02:00`).
    public let text: String
    /// The unix time it denotes, in seconds with the written fraction.
    public let unixTime: Double

    /// Parses an RFC 3339 `date-time`; nil when `text` is not one (bad shape, a field out of range such as
    /// February 30th or hour 24).
    public init?(rfc3339 text: some StringProtocol) {
        guard let time = RFC3339.unixTime(Substring(text)) else { return nil }
        self.text = String(text)
        self.unixTime = time
    }

    /// The timestamp of a unix time, written `YYYY-MM-DDTHH:MM:SSZ` (the fraction is dropped).
    public init(unixSeconds: Double) {
        let whole = Int64(unixSeconds.rounded(.down))
        self.text = RFC3339.format(unixSeconds: whole)
        self.unixTime = Double(whole)
    }

    /// ``text``.
    public var description: String { text }
}
