import CoreMetrics
import Foundation
public import Prometheus

/// The service's metrics, recorded through swift-metrics into a Prometheus registry that `GET /metrics` exposes.
///
/// Each engine has its own registry (nothing is bootstrapped globally), so several services and tests can run in
/// one process. Series:
/// - `heartbeat_pings_total{result}`: pings answered, by result (`accepted` or the refusal's code);
/// - `heartbeat_webhooks_total{result}`: webhooks answered (`applied`, `ignored` or the refusal's code);
/// - `heartbeat_intents_total{action,outcome}`: intents decided (`decided`), handed over (`submitted`) or refused
///   by the sink for now (`failed`);
/// - `heartbeat_tracked_sessions`: sessions in memory; `heartbeat_deadlines`: deadlines scheduled;
/// - `heartbeat_chain_errors_total`: failed reads of the chain.
public final class HeartbeatMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let pings: [String: CoreMetrics.Counter]
    private let webhooks: [String: CoreMetrics.Counter]
    private let intents: [String: CoreMetrics.Counter]
    private let trackedSessions: CoreMetrics.Gauge
    private let deadlines: CoreMetrics.Gauge
    private let chainErrors: CoreMetrics.Counter

    /// Metrics recorded into `registry` (a new one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let factory = PrometheusMetricsFactory(registry: registry)
        let refusals = [
            "malformed", "bad_signature", "unauthenticated", "not_participant", "unknown_session", "replayed",
            "session_ended", "body_too_large", "clock_skew", "store_unavailable", "chain_unavailable",
        ]
        var pings: [String: CoreMetrics.Counter] = [:]
        var webhooks: [String: CoreMetrics.Counter] = [:]
        for result in ["accepted"] + refusals {
            pings[result] = Counter(label: "heartbeat_pings_total", dimensions: [("result", result)], factory: factory)
        }
        for result in ["applied", "ignored"] + refusals {
            webhooks[result] = Counter(
                label: "heartbeat_webhooks_total", dimensions: [("result", result)], factory: factory)
        }
        var intents: [String: CoreMetrics.Counter] = [:]
        for action in ["start", "stopAt", "settle", "cancel"] {
            for outcome in ["decided", "submitted", "failed"] {
                intents["\(action)/\(outcome)"] = Counter(
                    label: "heartbeat_intents_total", dimensions: [("action", action), ("outcome", outcome)],
                    factory: factory)
            }
        }
        self.pings = pings
        self.webhooks = webhooks
        self.intents = intents
        trackedSessions = Gauge(label: "heartbeat_tracked_sessions", factory: factory)
        deadlines = Gauge(label: "heartbeat_deadlines", factory: factory)
        chainErrors = Counter(label: "heartbeat_chain_errors_total", factory: factory)
    }

    /// Counts a ping answered with `result`.
    func ping(_ result: String) { pings[result]?.increment() }
    /// Counts a webhook answered with `result`.
    func webhook(_ result: String) { webhooks[result]?.increment() }
    /// Counts an intent event.
    func intent(_ action: String, _ outcome: String) { intents["\(action)/\(outcome)"]?.increment() }
    /// Records the tracker's size.
    func tracked(sessions: Int, deadlines count: Int) {
        trackedSessions.record(sessions)
        deadlines.record(count)
    }
    /// Counts a failed chain read.
    func chainError() { chainErrors.increment() }

    /// The Prometheus text exposition of every series.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
