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
    /// Set when the lines came from the fallback source, saying why.
    public var notice: String? = nil
    /// The window this fetch brought (nil when the lines are cached ones after a failure).
    public var window: FetchedWindow? = nil
}

/// A place lines can come from, with the key its lines are cached under.
public struct LogOrigin: Sendable {
    enum Kind: Sendable {
        case catwalk(CatwalkBackend)
        case fly(FlyBackend, machine: String)
    }

    let kind: Kind
    /// The cache key of its lines.
    public let key: CacheKey

    /// The Catwalk backend's logs of a deployment.
    public static func catwalk(_ backend: CatwalkBackend, key: CacheKey) -> LogOrigin {
        LogOrigin(kind: .catwalk(backend), key: key)
    }

    /// Fly's logs of a machine, cached under `fly <app>` and the machine id.
    public static func fly(_ backend: FlyBackend, app: String, machine: String) -> LogOrigin {
        LogOrigin(kind: .fly(backend, machine: machine), key: CacheKey(source: "fly \(app)", deploymentID: machine))
    }

    /// A short name for notices.
    public var name: String {
        switch kind {
        case .catwalk: return "the Catwalk backend"
        case .fly(_, let machine): return "Fly (\(key.source.dropFirst(4)) machine \(machine))"
        }
    }

    /// Fetches a window. Fly continues from `cursor` when one is given, and the window then
    /// holds exactly the lines since: nothing older can be missing.
    func fetchWindow(_ query: LogQuery, cursor: String?) async throws(LogClientError)
        -> (window: FetchedWindow, skipped: Int, cursor: String?) {
        switch kind {
        case .catwalk(let backend):
            let logs = try await backend.fetchLogs(query)
            return (FetchedWindow(entries: logs.entries, isComplete: logs.entries.count + logs.skippedCount < query.limit),
                    logs.skippedCount, nil)
        case .fly(let backend, let machine):
            var (logs, next) = try await backend.fetchLogs(machine: machine, limit: query.limit, after: cursor ?? "")
            let complete = cursor != nil || logs.entries.count < query.limit
            if let stream = query.stream { logs.entries.removeAll { $0.stream != stream } }
            return (FetchedWindow(entries: logs.entries, isComplete: complete), logs.skippedCount, next)
        }
    }
}

/// Fetches a deployment's lines and keeps the cache in step: a successful fetch is merged
/// into the cached history; a failure that means "unreachable" falls back to that history.
/// An actor, because the cache connection must be used by one task at a time.
public actor LogFetcher {
    private let primary: LogOrigin
    private let fallback: LogOrigin?
    private let cache: LogCache?
    /// Fly's cursor per origin, so later fetches read only what is new.
    private var cursors: [CacheKey: String] = [:]
    /// The merged history when there is no cache (or the query is stream-filtered).
    private var memory: [CacheKey: [CachedItem]] = [:]

    /// Creates a fetcher reading `primary`, or `fallback` when `primary` is unreachable;
    /// `cache` is `nil` when caching is off.
    public init(primary: LogOrigin, fallback: LogOrigin? = nil, cache: sending LogCache?) {
        self.primary = primary
        self.fallback = fallback
        self.cache = cache
    }

    /// Fetches `query`. Throws only when there is nothing to show: no cached lines to fall
    /// back on, or a failure (bad token, unknown deployment…) that cached lines cannot answer.
    public func fetch(_ query: LogQuery) async throws(LogClientError) -> FetchOutcome {
        var warnings: [String] = []
        var origin = primary
        var notice: String?
        let fetched: (window: FetchedWindow, skipped: Int, cursor: String?)
        do {
            fetched = try await primary.fetchWindow(query, cursor: cursors[primary.key])
        } catch {
            guard error.exitStatus == .unavailable else { throw error }
            if let fallback, let fallbackWindow = try? await fallback.fetchWindow(query, cursor: cursors[fallback.key]) {
                fetched = fallbackWindow
                origin = fallback
                notice = "\(primary.name) is unreachable (\(error.userMessage)) — reading from \(fallback.name) instead."
            } else {
                guard let history = cachedHistory(&warnings), history.lineCount > 0 else { throw error }
                return FetchOutcome(items: history.items, skippedCount: 0, failure: error,
                                    cachedAt: history.updatedAt, warnings: warnings)
            }
        }
        if let cursor = fetched.cursor { cursors[origin.key] = cursor }
        let window = fetched.window
        // A stream-filtered window is not cached: its gaps could not be told from the other
        // stream's lines. It, and everything when there is no cache, is merged in memory.
        var items: [CachedItem]? = nil
        if let cache, query.stream == nil {
            do { items = try cache.merge(window, for: origin.key) } catch { warnings.append("warning: \(error).") }
        }
        if items == nil {
            let merged = LogMerger.merge(window, into: memory[origin.key] ?? [])
            memory[origin.key] = merged
            items = merged
        }
        return FetchOutcome(items: items ?? [], skippedCount: fetched.skipped, failure: nil, cachedAt: nil,
                            warnings: warnings, notice: notice, window: window)
    }

    /// Merges lines that came another way (the live stream) into the cache of the primary
    /// source; a stream-filtered window is not cached, like a fetched one.
    public func record(_ window: FetchedWindow, stream: LogStream?) {
        guard let cache, stream == nil, !window.entries.isEmpty else { return }
        _ = try? cache.merge(window, for: primary.key)
    }

    /// The deployment's name and status from the backend's list, or `nil` when it cannot
    /// be had (the header then shows the id alone).
    public func deploymentSummary() async -> DeploymentSummary? {
        guard case .catwalk(let backend) = primary.kind,
              let summary = try? await backend.deployment(id: primary.key.deploymentID) else { return nil }
        if let machine = summary.machineID { try? cache?.rememberMachine(machine, for: primary.key) }
        return summary
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
            return try cache.history(for: primary.key)
        } catch {
            warnings.append("warning: \(error).")
            return nil
        }
    }
}
