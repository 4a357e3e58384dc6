import LogClient
import Prometheus
import Synchronization

/// What `GET /metrics` shows, in Prometheus's text format (swift-prometheus's registry), and the
/// collector's latest state that `/api/health` reports.
public final class ServerMetrics: Sendable {
    /// The collector's state after its latest lease renewal.
    public struct CollectorState: Sendable, Equatable {
        /// Deployments this replica holds the lease of.
        public var deploymentsOwned = 0
        public var deploymentsBackingOff = 0
        /// Collecting replicas alive on the database, this one included.
        public var replicas = 0
        /// How late the most overdue step of a deployment that is writing (or not yet
        /// backfilled) is: the collector keeps up while this stays small.
        public var lag: Duration = .zero

        public init() {}
    }

    private let registry = PrometheusCollectorRegistry()
    private let linesStored: Counter
    private let httpRequests: Counter
    private let databaseErrors: Counter
    private let liveStreams: Gauge
    private let deploymentsOwned: Gauge
    private let deploymentsBackingOff: Gauge
    private let replicas: Gauge
    private let collectorLag: Gauge
    private let state = Mutex(CollectorState())

    public init() {
        linesStored = registry.makeCounter(descriptor: Self.named("lines_stored", unit: "total", "Log lines stored from Fly by this replica."))
        httpRequests = registry.makeCounter(descriptor: Self.named("http_requests", unit: "total", "HTTP requests answered."))
        databaseErrors = registry.makeCounter(descriptor: Self.named(
            "database_errors", unit: "total", "Collection steps and lease renewals that failed on the database's side."))
        liveStreams = registry.makeGauge(descriptor: Self.named("live_streams", "Open WebSocket live streams."))
        deploymentsOwned = registry.makeGauge(descriptor: Self.named("deployments_owned", "Deployments this replica holds the lease of and collects."))
        deploymentsBackingOff = registry.makeGauge(descriptor: Self.named("deployments_backing_off", "Deployments whose last collection step failed."))
        replicas = registry.makeGauge(descriptor: Self.named("replicas", "Collecting replicas alive on the database, this one included."))
        collectorLag = registry.makeGauge(descriptor: Self.named(
            "collector_lag", unit: "seconds", "How overdue this replica's most overdue step of a writing deployment is."))
    }

    /// `catwalk_logd_<metric>_<unit>`.
    private static func named(_ metric: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "catwalk_logd", metricName: metric, unitName: unit, helpText: help)
    }

    /// `lines` stored by a collection step.
    public func stored(_ lines: Int) {
        linesStored.increment(by: Int64(lines))
    }

    /// Fly requests answered with `status`: an HTTP code, or `error` when no answer came.
    public func flyRequests(_ count: Int = 1, status: String) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: Self.named("fly_requests", unit: "total", "Requests made to Fly's logs API, by the status Fly answered."),
                             labels: [("status", status)]).increment(by: Int64(count))
    }

    /// A failed Fly request, counted by the status it ended with.
    public func flyFailed(_ error: LogClientError) {
        flyRequests(status: Self.status(of: error))
    }

    public func httpRequest() { httpRequests.increment() }
    public func databaseError() { databaseErrors.increment() }
    public func liveStreamOpened() { liveStreams.increment() }
    public func liveStreamClosed() { liveStreams.decrement() }

    /// Records the collector's state.
    public func record(_ collector: CollectorState) {
        state.withLock { $0 = collector }
        deploymentsOwned.set(Int64(collector.deploymentsOwned))
        deploymentsBackingOff.set(Int64(collector.deploymentsBackingOff))
        replicas.set(Int64(collector.replicas))
        collectorLag.set(Double(collector.lag.components.seconds) + Double(collector.lag.components.attoseconds) / 1e18)
    }

    /// The collector's latest state.
    public var collector: CollectorState { state.withLock { $0 } }

    /// Every metric in Prometheus's text exposition format.
    public var exposition: String { registry.emitToString() }

    private static func status(of error: LogClientError) -> String {
        switch error {
        case .fly(.notSignedIn), .fly(.tokenRejected): return "401"
        case .fly(.logsNotFound), .fly(.appNotFound), .fly(.noMachine): return "404"
        case .fly(.rateLimited): return "429"
        case .fly(.failed(let status)): return String(status)
        case .serverError(let status, _), .proxyErrorPage(let status), .redirected(let status, _), .unexpectedStatus(let status, _):
            return String(status)
        case .rateLimited: return "429"
        default: return "error"
        }
    }
}
