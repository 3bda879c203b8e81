import CoreMetrics
import Metrics
public import Prometheus

/// The relayer's metrics, made through swift-metrics with a Prometheus factory on the relayer's own registry (no
/// global bootstrap), and served as text by `GET /metrics`.
///
/// | metric | type | labels | meaning |
/// |---|---|---|---|
/// | `relayer_intents_submitted_total` | counter | `action` | intents committed (duplicates not counted) |
/// | `relayer_intents_finished_total` | counter | `state` | intents that reached `confirmed`, `moot` or `failed` |
/// | `relayer_intents` | gauge | `state` | intents in each state after the last step |
/// | `relayer_transactions_sent_total` | counter | `kind` | sends: `first`, `replacement`, `rebroadcast`, `restart`, `reconnect`, `gap_fill` |
/// | `relayer_node_errors_total` | counter | `class` | node errors by class (`already_known`, `nonce_too_low`, …) |
/// | `relayer_fee_cap_hits_total` | counter | | a transaction could not be priced or raised because of the cap |
/// | `relayer_nonce_resyncs_total` | counter | | resynchronisations with the node that changed the next nonce |
/// | `relayer_next_nonce` | gauge | | the next nonce the relayer would reserve |
/// | `relayer_live_transactions` | gauge | | nonces with a transaction that may still be mined |
/// | `relayer_step_failures_total` | counter | | steps cut short (node unreachable, outbox unavailable) |
/// | `relayer_intent_seconds` | histogram | `state` | from commit to a final state |
public final class RelayerMetrics: Sendable {
    /// The registry the metrics live in; `GET /metrics` emits it.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics in `registry` (a new registry by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["relayer_intent_seconds"] = [
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(20), .seconds(30), .seconds(60),
            .seconds(120), .seconds(300), .seconds(600), .seconds(1800),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }

    func submitted(_ action: String) {
        Counter(label: "relayer_intents_submitted_total", dimensions: [("action", action)], factory: factory)
            .increment()
    }

    func finished(_ state: IntentState, after seconds: Double) {
        Counter(label: "relayer_intents_finished_total", dimensions: [("state", state.rawValue)], factory: factory)
            .increment()
        Metrics.Timer(label: "relayer_intent_seconds", dimensions: [("state", state.rawValue)], factory: factory)
            .recordSeconds(max(0, seconds))
    }

    func intents(_ counts: [IntentState: Int]) {
        for state in IntentState.allCases {
            Gauge(label: "relayer_intents", dimensions: [("state", state.rawValue)], factory: factory)
                .record(counts[state] ?? 0)
        }
    }

    func sent(_ kind: SendKind) {
        Counter(label: "relayer_transactions_sent_total", dimensions: [("kind", kind.rawValue)], factory: factory)
            .increment()
    }

    func nodeError(_ error: NodeErrorClass) {
        Counter(label: "relayer_node_errors_total", dimensions: [("class", error.label)], factory: factory)
            .increment()
    }

    func feeCapHit() {
        Counter(label: "relayer_fee_cap_hits_total", factory: factory).increment()
    }

    func resynced() {
        Counter(label: "relayer_nonce_resyncs_total", factory: factory).increment()
    }

    func nonces(next: UInt64, live: Int) {
        Gauge(label: "relayer_next_nonce", factory: factory).record(Double(next))
        Gauge(label: "relayer_live_transactions", factory: factory).record(live)
    }

    func stepFailed() {
        Counter(label: "relayer_step_failures_total", factory: factory).increment()
    }

    /// Why a transaction was handed to the node.
    enum SendKind: String {
        case first
        case replacement
        case rebroadcast
        case restart
        case reconnect
        case gapFill = "gap_fill"
    }
}
