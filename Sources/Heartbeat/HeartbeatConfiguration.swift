/// The rules' parameters: domain, timeout, skew window, retention and retry delays.
public struct HeartbeatConfiguration: Sendable, Hashable {
    /// The EIP-712 domain pings must be signed in (chain id and escrow).
    public var domain: HeartbeatDomain
    /// How long a participant may stay silent, in seconds, before an Active session is stopped (default 10). Also
    /// the window in which both must have been seen for a Funded session to start.
    public var timeout: Double
    /// How far a ping's `issuedAt` may be from the service's clock, in seconds, either way (default 30).
    public var skew: Double
    /// How far a webhook's event time may be from the service's clock, in seconds, and how long its delivery id is
    /// remembered (default 300).
    public var webhookReplayWindow: Double
    /// How long an ended session stays in memory for `GET /v1/sessions/{id}` and the 410 answer, in seconds
    /// (default 600; the store keeps it for ``storeRetention``).
    public var endedRetention: Double
    /// How long a Funded session without pings stays in memory, in seconds (default 3600; it is reloaded from the
    /// store and the chain with its next ping).
    public var idleEviction: Double
    /// How long the store keeps an ended session, in seconds (default 7 days).
    public var storeRetention: Double
    /// The delay before the first retry of an intent the sink refused, in seconds (default 1); it doubles with every
    /// failure up to ``intentRetryMaximum``.
    public var intentRetryInitial: Double
    /// The longest delay between retries of an intent, in seconds (default 60).
    public var intentRetryMaximum: Double

    /// A configuration for the escrow's domain with the defaults of SERVICES.md.
    public init(
        domain: HeartbeatDomain, timeout: Double = 10, skew: Double = 30, webhookReplayWindow: Double = 300,
        endedRetention: Double = 600, idleEviction: Double = 3600, storeRetention: Double = 7 * 86_400,
        intentRetryInitial: Double = 1, intentRetryMaximum: Double = 60
    ) {
        self.domain = domain
        self.timeout = timeout
        self.skew = skew
        self.webhookReplayWindow = webhookReplayWindow
        self.endedRetention = endedRetention
        self.idleEviction = idleEviction
        self.storeRetention = storeRetention
        self.intentRetryInitial = intentRetryInitial
        self.intentRetryMaximum = intentRetryMaximum
    }

    /// The retry delay after `failures` failed hand-overs (1 or more).
    func retryDelay(afterFailures failures: Int) -> Double {
        min(intentRetryMaximum, intentRetryInitial * Double(1 << max(0, min(failures - 1, 30))))
    }
}
