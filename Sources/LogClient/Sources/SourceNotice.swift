/// Something worth telling the user about where the lines came from, besides the lines:
/// one line on stderr in plain mode, the status line or a banner in the viewer.
public enum SourceNotice: Sendable, Equatable {
    /// The first source could not answer (`reason`) and `fallback` answered instead.
    case readingFallback(primary: String, fallback: String, reason: LogClientError)
    /// The backend listed the deployment but has no logs to give: its status and
    /// `error_message` are all it knows.
    case deploymentStatus(DeploymentSummary)
    /// Several Fly machines carry the deployment's id; the newest was read.
    case severalMachines(deploymentID: String, chosen: String, count: Int)
    /// `--since` reaches further back than the lines one fetch gives (the backend keeps the
    /// newest 1000): the oldest line there is from `oldest`.
    case sinceBeyondWindow(lines: Int, oldest: LogTimestamp)

    /// The notice when a window that reached its size does not go back to `since`, else `nil`.
    public static func sinceCheck(_ window: FetchedWindow?, since: LogTimestamp?) -> SourceNotice? {
        guard let since, let window, window.entries.count >= LogQuery.maximumLimit,
              let oldest = window.entries.first?.timestamp, oldest > since else { return nil }
        return .sinceBeyondWindow(lines: window.entries.count, oldest: oldest)
    }

    /// The sentence shown to the user (server text in it is untrusted: sanitise before display).
    public var sentence: String {
        switch self {
        case .readingFallback(let primary, let fallback, .logsEndpointMissing):
            return "\(primary) has no logs endpoint — reading from \(fallback) instead."
        case .readingFallback(let primary, let fallback, let reason):
            return "\(primary) is unreachable (\(reason.userMessage)) — reading from \(fallback) instead."
        case .deploymentStatus(let summary):
            let name = summary.name.isEmpty ? summary.id : "\(summary.name) (\(summary.id))"
            let why = summary.errorMessage.map { ": \($0)" } ?? "."
            return "deployment \(name) is \(summary.status)\(why)"
        case .severalMachines(let deploymentID, let chosen, let count):
            return "\(count) Fly machines carry DEPLOYMENT_ID \(deploymentID); reading the newest, \(chosen)."
        case .sinceBeyondWindow(let lines, let oldest):
            return "--since reaches further back than the newest \(lines) lines, the most one fetch gives: "
                + "the oldest is from \(oldest.rfc3339Milliseconds)."
        }
    }
}
