import Synchronization

/// The counters `GET /metrics` shows in Prometheus's text format.
public final class ServerMetrics: Sendable {
    /// A counter or gauge by name.
    public enum Name: String, Sendable, CaseIterable {
        case linesStored = "catwalk_logd_lines_stored_total"
        case flyRequests = "catwalk_logd_fly_requests_total"
        case flyErrors = "catwalk_logd_fly_errors_total"
        case storageErrors = "catwalk_logd_storage_errors_total"
        case httpRequests = "catwalk_logd_http_requests_total"
        case deploymentsTracked = "catwalk_logd_deployments_tracked"
        case deploymentsFailing = "catwalk_logd_deployments_backing_off"
        case liveStreams = "catwalk_logd_live_streams"
        case replicas = "catwalk_logd_replicas"

        var help: String {
            switch self {
            case .linesStored: return "Log lines stored from Fly."
            case .flyRequests: return "Requests made to Fly's logs API."
            case .flyErrors: return "Collection steps that failed on Fly's side."
            case .storageErrors: return "Collection steps that failed on the database's side."
            case .httpRequests: return "HTTP requests answered."
            case .deploymentsTracked: return "Deployments this replica holds the lease of and collects."
            case .deploymentsFailing: return "Deployments whose last collection step failed."
            case .liveStreams: return "Open WebSocket live streams."
            case .replicas: return "Collecting replicas alive on the database, this one included."
            }
        }

        var isGauge: Bool { !rawValue.hasSuffix("_total") }
    }

    private let values = Mutex<[Name: Int]>([:])

    public init() {}

    /// Adds `amount` to a counter.
    public func add(_ amount: Int = 1, to name: Name) {
        values.withLock { $0[name, default: 0] += amount }
    }

    /// Sets a gauge.
    public func set(_ value: Int, for name: Name) {
        values.withLock { $0[name] = value }
    }

    /// The current value.
    public func value(of name: Name) -> Int {
        values.withLock { $0[name, default: 0] }
    }

    /// Every value in Prometheus's text exposition format.
    public var exposition: String {
        let snapshot = values.withLock { $0 }
        return Name.allCases.map { name in
            "# HELP \(name.rawValue) \(name.help)\n# TYPE \(name.rawValue) \(name.isGauge ? "gauge" : "counter")\n"
                + "\(name.rawValue) \(snapshot[name, default: 0])\n"
        }.joined()
    }
}
