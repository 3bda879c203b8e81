public import Prometheus

/// The matchmaker's Prometheus metrics, in a registry of its own (served at `GET /metrics`), so that several
/// matchmakers in one process (tests, `metered up`) never share counters.
public final class MatchmakerMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    let logins: Counter
    let loginRefusals: Counter
    let requests: Counter
    let proposals: Counter
    let accepts: Counter
    let acceptRefusals: Counter
    let declines: Counter
    let expiries: Counter
    let matches: Counter
    let noTutor: Counter
    let bookings: Counter
    let bookingConflicts: Counter
    let abandoned: Counter
    let onlineTutors: Gauge
    let pendingProposals: Gauge
    let openMatches: Gauge
    let longPolls: Gauge
    let chainErrors: Counter

    /// Metrics in `registry` (a new one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "matchmaker", subsystem: nil, metricName: name, unitName: "total", helpText: help))
        }
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "matchmaker", subsystem: nil, metricName: name, unitName: "", helpText: help))
        }
        logins = counter("logins", "Sign-ins that issued a token.")
        loginRefusals = counter("login_refusals", "Sign-ins refused.")
        requests = counter("match_requests", "Roulette requests made.")
        proposals = counter("proposals", "Proposals made to tutors.")
        accepts = counter("proposal_accepts", "Proposals accepted (matches made).")
        acceptRefusals = counter("proposal_accept_refusals", "Accepts refused (taken, expired, busy).")
        declines = counter("proposal_declines", "Proposals declined.")
        expiries = counter("proposal_expiries", "Proposals that timed out.")
        matches = counter("matches", "Matches made.")
        noTutor = counter("no_tutor", "Requests answered no_tutor.")
        bookings = counter("bookings", "Bookings made.")
        bookingConflicts = counter("booking_conflicts", "Bookings refused for a conflict.")
        abandoned = counter("matches_abandoned", "Matches abandoned without a deposit.")
        onlineTutors = gauge("online_tutors", "Tutors whose lease runs now (at the last tick).")
        pendingProposals = gauge("pending_proposals", "Proposals waiting for a tutor (at the last tick).")
        openMatches = gauge("open_matches", "Matches awaiting a deposit or in session (at the last tick).")
        longPolls = gauge("long_polls", "Long-polls waiting now.")
        chainErrors = counter("chain_errors", "Chain reads that failed.")
    }

    /// The metrics in Prometheus's text exposition format.
    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
