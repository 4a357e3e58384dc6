/// The Catwalk backend as a source: `GET /api/deployments/{id}/logs` for the newest lines
/// (there is no cursor: every fetch is a window the merge compares), the deployment list
/// for the header, and the WebSocket stream for following, when one is given.
public struct CatwalkLogSource: LogSource {
    public let identity: SourceIdentity
    private let backend: CatwalkBackend
    private let deploymentID: String
    private let stream: (any LiveLineSource)?

    /// - Parameters:
    ///   - live: the backend's live stream (built by the executable: LogClient has no WebSocket).
    public init(backend: CatwalkBackend, deploymentID: String, live: (any LiveLineSource)? = nil) {
        identity = .catwalk(baseURL: backend.endpoint.baseURL, deploymentID: deploymentID)
        self.backend = backend
        self.deploymentID = deploymentID
        stream = live
    }

    public var name: String { "the Catwalk backend at \(backend.endpoint.baseURL)" }

    public var live: (any LiveLineSource)? { stream }

    public func fetch(_ query: LogQuery, after position: SourcePosition?) async throws(LogClientError) -> SourceWindow {
        let logs = try await backend.fetchLogs(query)
        // Fewer lines than asked for (counting unreadable ones) is everything the backend has.
        return SourceWindow(window: FetchedWindow(entries: logs.entries,
                                                  isComplete: logs.entries.count + logs.skippedCount < query.limit),
                            skippedCount: logs.skippedCount)
    }

    public func summary() async -> DeploymentSummary? {
        try? await backend.deployment(id: deploymentID)
    }
}
