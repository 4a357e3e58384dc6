/// What one fetch produced for display: fresh lines merged into the cache, or, when the
/// backend could not be reached, the cached lines and the reason.
public struct FetchOutcome: Sendable {
    /// The lines to show (with gap markers), oldest first: the whole merged history.
    public var items: [CachedItem]
    /// Entries of the response that could not be read.
    public var skippedCount: Int
    /// Set when `items` are cached lines shown because the fetch failed.
    public var failure: LogClientError?
    /// When the shown cached lines were last updated (with `failure`).
    public var cachedAt: LogTimestamp?
    /// Problems with the cache itself, one sentence each.
    public var warnings: [String]
}

/// Fetches a deployment's lines and keeps the cache in step: a successful fetch is merged
/// into the cached history; a failure that means "unreachable" falls back to that history.
/// An actor, because the cache connection must be used by one task at a time.
public actor LogFetcher {
    private let backend: CatwalkBackend
    private let cache: LogCache?
    private let key: CacheKey

    /// Creates a fetcher; `cache` is `nil` when caching is off.
    public init(backend: CatwalkBackend, cache: sending LogCache?, key: CacheKey) {
        self.backend = backend
        self.cache = cache
        self.key = key
    }

    /// Fetches `query`. Throws only when there is nothing to show: no cached lines to fall
    /// back on, or a failure (bad token, unknown deployment…) that cached lines cannot answer.
    public func fetch(_ query: LogQuery) async throws(LogClientError) -> FetchOutcome {
        var warnings: [String] = []
        let logs: DecodedLogs
        do {
            logs = try await backend.fetchLogs(query)
        } catch {
            guard error.exitStatus == .unavailable, let history = cachedHistory(&warnings), history.lineCount > 0
            else { throw error }
            return FetchOutcome(items: history.items, skippedCount: 0, failure: error,
                                cachedAt: history.updatedAt, warnings: warnings)
        }
        let window = FetchedWindow(entries: logs.entries, isComplete: logs.entries.count + logs.skippedCount < query.limit)
        var items = window.entries.map(CachedItem.line)
        // A stream-filtered window is shown as it is, not cached: its gaps could not be
        // told from the other stream's lines.
        if let cache, query.stream == nil {
            do { items = try cache.merge(window, for: key) } catch { warnings.append("warning: \(error).") }
        }
        return FetchOutcome(items: items, skippedCount: logs.skippedCount, failure: nil, cachedAt: nil, warnings: warnings)
    }

    /// The deployment's name and status from the backend's list, or `nil` when it cannot
    /// be had (the header then shows the id alone).
    public func deploymentSummary() async -> DeploymentSummary? {
        try? await backend.deployment(id: key.deploymentID)
    }

    /// The cached history without any network request (`--offline`); empty when none.
    public func cached() -> (history: CachedHistory, warnings: [String]) {
        var warnings: [String] = []
        let history = cachedHistory(&warnings) ?? CachedHistory(items: [], updatedAt: nil)
        return (history, warnings)
    }

    private func cachedHistory(_ warnings: inout [String]) -> CachedHistory? {
        guard let cache else { return nil }
        do {
            return try cache.history(for: key)
        } catch {
            warnings.append("warning: \(error).")
            return nil
        }
    }
}
