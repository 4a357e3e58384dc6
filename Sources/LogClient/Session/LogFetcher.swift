/// What one fetch produced for display: fresh lines merged into the cache, or, when no
/// source could answer, the cached lines and the reason.
public struct FetchOutcome: Sendable {
    /// The lines to show (with gap markers), oldest first: the whole merged history.
    public var items: [CachedItem]
    /// Entries of the response that could not be read.
    public var skippedCount: Int
    /// Set when `items` are cached lines shown because the fetch failed.
    public var failure: LogClientError?
    /// When the shown cached lines were last updated (with `failure`).
    public var cachedAt: LogTimestamp?
    /// Problems with the cache itself.
    public var warnings: [CacheProblem]
    /// What is worth telling about where the lines came from (a fallback, the deployment's status).
    public var notices: [SourceNotice] = []
    /// The window this fetch brought (nil when the lines are cached ones after a failure).
    public var window: FetchedWindow? = nil
    /// The deployment as the backend lists it, when that is all the backend could tell
    /// (it has no logs endpoint): its status and `error_message` stand in for lines.
    public var deployment: DeploymentSummary? = nil
}

/// Fetches a deployment's lines from a chain of sources and keeps the cache in step: a
/// successful fetch is merged into that source's cached history; when no source can answer,
/// the first source's cached history is shown with the reason.
///
/// The first source is asked first every time, except that a backend without a logs endpoint
/// is left for good once it has said so. An actor: the cache connection is used by one task at a time.
public actor LogFetcher {
    private var sources: [any LogSource]
    /// Every source of the chain, also one left (a backend without logs still lists statuses).
    private let allSources: [any LogSource]
    private let cache: LogCache?
    /// Where each source stopped (Fly's cursor), so later fetches read only what is new.
    private var positions: [SourceIdentity: SourcePosition] = [:]
    /// The merged history when there is no cache (or the query is stream-filtered).
    private var memory: [SourceIdentity: [CachedItem]] = [:]
    /// The backend's answer when it had no logs to give, told once.
    private var deployment: DeploymentSummary?

    /// Creates a fetcher reading `sources` in order (at least one); `cache` is `nil` when caching is off.
    public init(sources: [any LogSource], cache: sending LogCache?) {
        precondition(!sources.isEmpty, "a fetcher needs a source")
        self.sources = sources
        allSources = sources
        self.cache = cache
    }

    /// The source asked first, for headers and notices.
    public var primaryName: String { get async { await sources[0].name } }

    /// The first source's live stream, when it has one (followers poll otherwise).
    public var live: (any LiveLineSource)? { get async { await sources[0].live } }

    /// Fetches `query`. Throws only when there is nothing to show: no cached lines to fall
    /// back on, or a failure (bad token, unknown deployment…) that cached lines cannot answer.
    public func fetch(_ query: LogQuery) async throws(LogClientError) -> FetchOutcome {
        var warnings: [CacheProblem] = []
        var notices: [SourceNotice] = []
        var firstFailure: LogClientError?
        for (index, source) in sources.enumerated() {
            let fetched: SourceWindow
            do {
                fetched = try await source.fetch(query, after: positions[source.identity])
            } catch {
                if case .logsEndpointMissing(_, let listed) = error, deployment == nil {
                    deployment = listed
                    cache?.rememberTitle(listed)
                    notices.append(.deploymentStatus(listed))
                }
                // A fallback's own verdict on the deployment or token is the answer; a failure to
                // reach it leaves the first source's reason standing.
                guard error.allowsFallback else { throw error }
                firstFailure = firstFailure ?? error
                continue
            }
            if let firstFailure {
                notices.append(.readingFallback(primary: await sources[0].name, fallback: await source.name, reason: firstFailure))
                if case .logsEndpointMissing = firstFailure { sources.removeFirst(index) }
            }
            // A --since that reaches past what the source keeps is said, whoever shows the lines.
            let reach = SourceNotice.sinceCheck(fetched.window, since: query.since)
            return remember(fetched, from: source, query: query, notices: notices + fetched.notices + [reach].compactMap { $0 },
                            warnings: &warnings)
        }
        let failure = firstFailure ?? .missingSubject
        guard let history = cachedHistory(&warnings), history.lineCount > 0 else {
            if failure.isLogsEndpointMissing, let deployment {
                return FetchOutcome(items: [], skippedCount: 0, failure: failure, warnings: warnings, notices: notices,
                                    deployment: deployment)
            }
            throw failure
        }
        return FetchOutcome(items: history.items, skippedCount: 0, failure: failure, cachedAt: history.updatedAt,
                            warnings: warnings, notices: notices, deployment: deployment)
    }

    /// Keeps what a source answered: its position, a machine it found, and the lines merged.
    private func remember(_ fetched: SourceWindow, from source: any LogSource, query: LogQuery,
                          notices: [SourceNotice], warnings: inout [CacheProblem]) -> FetchOutcome {
        let identity = source.identity
        if let position = fetched.position { positions[identity] = position }
        if let machine = fetched.discoveredMachine, let key = identity.cacheKey { try? cache?.rememberMachine(machine, for: key) }
        let window = fetched.window
        // A stream-filtered window is not cached: its gaps could not be told from the other
        // stream's lines. It, and everything when there is no cache, is merged in memory.
        var items: [CachedItem]? = nil
        if let cache, query.stream == nil, let key = identity.cacheKey {
            do { items = try cache.merge(window, for: key) } catch { warnings.append(error) }
        }
        let merged = items ?? LogMerger.merge(window, into: memory[identity] ?? [])
        if items == nil { memory[identity] = merged }
        return FetchOutcome(items: merged, skippedCount: fetched.skippedCount, failure: nil, cachedAt: nil,
                            warnings: warnings, notices: notices, window: window, deployment: deployment)
    }

    /// Merges lines that came another way (the live stream) into the first source's cache;
    /// a stream-filtered window is not cached, like a fetched one.
    public func record(_ window: FetchedWindow, stream: LogStream?) {
        guard let cache, stream == nil, !window.entries.isEmpty, let key = sources[0].identity.cacheKey else { return }
        _ = try? cache.merge(window, for: key)
    }

    /// The deployment's name and status now, from the first source that can tell (the
    /// backend's list, else Fly's machine), or `nil` (the header then shows the id alone).
    public func deploymentSummary() async -> DeploymentSummary? {
        for source in allSources {
            guard let summary = await source.summary() else { continue }
            if let machine = summary.machineID { rememberMachine(machine, ofDeployment: summary.id) }
            if case .catwalk = source.identity { cache?.rememberTitle(summary) }
            return summary
        }
        return nil
    }

    /// Remembers a machine the backend named, under the key of the chain's Fly source.
    private func rememberMachine(_ machine: String, ofDeployment deploymentID: String) {
        for source in sources {
            if case .fly(_, let subject) = source.identity, subject.deploymentID == deploymentID,
               let key = source.identity.cacheKey {
                try? cache?.rememberMachine(machine, for: key)
            }
        }
    }

    /// The cached history without any network request (`--offline`): the first source's, or
    /// when it has none the freshest of the deployment from any source (another `--api`, Fly).
    /// Empty when none.
    public func cached() -> (history: CachedHistory, warnings: [CacheProblem]) {
        var warnings: [CacheProblem] = []
        var history = cachedHistory(&warnings) ?? CachedHistory(items: [], updatedAt: nil)
        if history.lineCount == 0, let cache, let id = sources[0].identity.cacheKey?.deploymentID,
           let key = cache.freshestKey(forDeployment: id), let other = try? cache.history(for: key) {
            history = other
        }
        return (history, warnings)
    }

    /// The deployment's name and status as last seen, from the cache (no network request).
    public func cachedSummary() -> DeploymentSummary? {
        guard let id = sources[0].identity.cacheKey?.deploymentID else { return nil }
        return cache?.titles().first { $0.id == id }
    }

    private func cachedHistory(_ warnings: inout [CacheProblem]) -> CachedHistory? {
        guard let cache, let key = sources[0].identity.cacheKey else { return nil }
        do {
            return try cache.history(for: key)
        } catch {
            warnings.append(error)
            return nil
        }
    }
}

extension LogClientError {
    /// Whether this is a backend that has no logs endpoint.
    public var isLogsEndpointMissing: Bool {
        if case .logsEndpointMissing = self { return true }
        return false
    }
}
