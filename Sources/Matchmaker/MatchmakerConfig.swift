import EthPrimitives

/// How the matchmaker behaves: who it signs in, its timings and limits. Every duration is in seconds of the
/// injected clock.
public struct MatchmakerConfig: Sendable, Hashable {
    // MARK: Sign-in

    /// The RFC 3986 authority sign-in messages must name (`tutors.example`, `localhost:3000`).
    public var domain: String
    /// Schemes accepted when a message names one; nil accepts any.
    public var schemes: Set<String>?
    /// URI prefixes a message's URI must start with; nil requires the URI to be on ``domain``.
    public var uriPrefixes: [String]?
    /// The chain id sign-ins must carry (the chain the contracts are on).
    public var chainID: UInt64
    /// How long a nonce from `GET /v1/auth/nonce` may be used.
    public var nonceLifetime: Double = 300
    /// How long a bearer token lasts (shortened to the message's expiration time when that is sooner).
    public var tokenLifetime: Double = 86_400
    /// How far in the future a message's `Issued At` may lie.
    public var clockSkew: Double = 60
    /// How old a message's `Issued At` may be (by default the nonce lifetime plus the skew: older messages
    /// cannot carry a live nonce anyway).
    public var maximumMessageAge: Double = 360

    // MARK: Tutors and roulette

    /// The longest lease `POST /v1/tutors/me/online` grants.
    public var maximumLeaseSeconds: Double = 3600
    /// The shortest lease it grants.
    public var minimumLeaseSeconds: Double = 5
    /// How long a proposal waits for the tutor.
    public var proposalTimeToLive: Double = 30
    /// How many proposals one request may make in all.
    public var maximumProposals: Int = 3
    /// The longest a long-poll waits.
    public var longPollTimeout: Double = 25
    /// How long after acceptance the student's deposit must appear on-chain, or the match is abandoned.
    public var depositWindow: Double = 300
    /// How long chain reads used for filtering (balances, allowances, ratings, credentials) are cached.
    public var chainCacheTimeToLive: Double = 10
    /// How often the background loop looks for deposits and ended sessions on-chain.
    public var chainPollInterval: Double = 2
    /// The largest session cap a request may ask for.
    public var maximumCapSeconds: UInt64 = 86_400

    // MARK: Booking and waitlist

    /// How long before a booking's start its room tokens are handed out.
    public var roomOpensBefore: Double = 600
    /// The longest booking.
    public var maximumBookingSeconds: Int64 = 14_400
    /// How far ahead booking suggestions look.
    public var suggestionHorizon: Int64 = 7 * 86_400
    /// How many suggestions a `no_tutor` answer carries at most.
    public var maximumSuggestions: Int = 5
    /// How long a waitlist entry lasts.
    public var waitlistLifetime: Double = 86_400

    // MARK: Contracts

    /// The contracts on ``chainID``.
    public var contracts: MeteredContracts

    /// A configuration for a service at `domain` on chain `chainID` with `contracts`; the rest defaults.
    public init(domain: String, chainID: UInt64 = 31337, contracts: MeteredContracts = .local) {
        self.domain = domain
        self.chainID = chainID
        self.contracts = contracts
    }
}
