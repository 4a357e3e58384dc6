/// Follows a deployment: passes on its newest `backlogLimit` lines (even none), then every
/// line stored from now on, once and in order, until told to stop or until a failure that
/// retrying cannot fix (a bad token, an unknown deployment: the usual error).
///
/// It owns the first fetch: with a live source (the fetcher's first source's) it subscribes,
/// then fetches the window once and merges, so that no line stored in between is lost; after
/// any drop it reconnects with backoff and catches up the same way. Without one (Fly, a file,
/// `--poll`), or when the stream is missing or keeps failing, it polls every `interval` with
/// the same merge. Every mode change, disconnect and reconnect is told through `notice`.
public actor LogFollower {
    /// The default scrollback: ten of the backend's largest windows, a few megabytes.
    public static let defaultScrollback = 10_000
    /// Stream connections that fail in a row (while the GET endpoint answers) before polling.
    static let streamAttemptsBeforePolling = 3
    /// How long polling lasts before the live stream is tried again after it kept failing.
    static let streamRetryAfter: Duration = .seconds(30)
    /// How often lines that came live are written to the cache.
    static let cacheWriteInterval: Duration = .seconds(1)

    private let fetcher: LogFetcher, query: LogQuery, interval: Duration
    private var history: FollowHistory
    /// The lines kept; and `--include` / `--exclude`, what is passed on (the history keeps all).
    private let scrollback: Int, lineFilter: LineFilter
    /// How many lines of the first window are passed on (`-n`); `nil` once it has been.
    private var backlogLimit: Int?
    /// What was told already: the mode, each source notice and warning.
    private var announcer: FollowAnnouncer
    /// When the live stream may be tried (again); `nil` when it must not be.
    private var streamAllowedAt: ContinuousClock.Instant?
    /// Failures in a row (for the backoff), stream connections that never opened, and
    /// subscriptions the server refused (1008, 4404).
    private var failures = 0, unopenedStreams = 0, rejectedStreams = 0
    /// When lines that came live were last written to the cache, and whether some were not.
    private var lastCacheWrite = ContinuousClock.now, hasUnrecordedLines = false

    /// - Parameters:
    ///   - query: what each fetch asks for (the backend's largest window keeps gaps rare).
    ///   - interval: the time between polls.
    ///   - backlogLimit: how many of the first window's newest lines to pass on first.
    ///   - sourceName: where the lines come from, for notices.
    ///   - scrollback: how many lines of history to keep (at least 1000).
    public init(fetcher: LogFetcher, query: LogQuery, interval: Duration, backlogLimit: Int,
                sourceName: String, scrollback: Int = defaultScrollback, lineFilter: LineFilter = .none) {
        self.fetcher = fetcher
        self.query = query
        self.interval = interval
        announcer = FollowAnnouncer(sourceName: sourceName)
        self.backlogLimit = backlogLimit
        self.scrollback = scrollback
        self.lineFilter = lineFilter
        history = FollowHistory(backlog: [], limit: scrollback)
        streamAllowedAt = .now
    }

    /// Follows until `emit` returns `false`, `isWanted` (when given, asked every 0.2 s) says the
    /// reader went away, or the task is cancelled.
    /// - Parameters:
    ///   - emit: receives each batch of new items, oldest first.
    ///   - notice: receives the mode, and one notice per disconnect and reconnect.
    /// - Throws: a ``LogClientError`` that retrying cannot fix (401/403/404, malformed).
    public func run(emit: @escaping @Sendable ([CachedItem]) -> Bool,
                    notice: @escaping @Sendable (FollowNotice) -> Void,
                    isWanted: (@Sendable () -> Bool)? = nil) async throws(LogClientError) {
        let result: Result<Void, LogClientError> = await withTaskGroup(of: Result<Void, LogClientError>?.self) { group in
            group.addTask {
                do throws(LogClientError) {
                    try await self.follow(emit: emit, notice: notice)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            // Asked only when there is someone to ask (a pipe's reader; the viewer stops by cancelling).
            if let isWanted {
                group.addTask {
                    while !Task.isCancelled, isWanted() { try? await Task.sleep(for: .milliseconds(200)) }
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .success(())
        }
        try result.get()
    }

    private func follow(emit: @Sendable ([CachedItem]) -> Bool, notice: @Sendable (FollowNotice) -> Void)
        async throws(LogClientError) {
        while !Task.isCancelled {
            // The live stream of the source that answers (none once a backend without logs gave way to Fly).
            if let allowedAt = streamAllowedAt, ContinuousClock.now >= allowedAt, let live = await fetcher.live {
                guard try await followStream(live, emit: emit, notice: notice) else { return }
            } else {
                announcer.announce(.polling(every: interval), reason: nil, notice: notice)
                guard try await poll(emit: emit, notice: notice) else { return }
            }
        }
    }

    // MARK: - Live stream

    /// One subscription, then what comes next. Returns `false` when the reader is gone.
    private func followStream(_ live: any LiveLineSource, emit: @Sendable ([CachedItem]) -> Bool,
                              notice: @Sendable (FollowNotice) -> Void) async throws(LogClientError) -> Bool {
        guard let closure = try await subscribe(live, emit: emit, notice: notice) else { return false }
        await recordInCache(force: true)
        guard !Task.isCancelled else { return false }
        return try await carryOn(after: closure, emit: emit, notice: notice)
    }

    /// Subscribes, fetches and merges the backlog, then passes live lines on until the stream
    /// ends. Returns why it ended, or `nil` when the reader is gone.
    private func subscribe(_ live: any LiveLineSource, emit: @Sendable ([CachedItem]) -> Bool,
                           notice: @Sendable (FollowNotice) -> Void) async throws(LogClientError) -> LiveStreamClosure? {
        var events = live.subscribe(to: query.deploymentID).makeAsyncIterator()
        var closure = LiveStreamClosure.dropped(reason: "the stream ended", opened: false)
        streaming: while let event = await events.next() {
            switch event {
            case .opened:
                // Subscribed: now the backlog, so that a line stored in between comes one way or both.
                switch try await catchUp(emit: emit, notice: notice) {
                case .failure(let error):
                    closure = .dropped(reason: error.userMessage, opened: false)
                    break streaming
                case .success(let caughtUp):
                    failures = 0
                    guard pass(caughtUp, emit: emit) else { return nil }
                }
            case .lines(let decoded):
                if decoded.skippedCount > 0 { notice(.skipped(decoded.skippedCount)) }
                let new = history.receive(query.inStream(decoded.entries))
                guard !new.isEmpty else { continue }
                if !pass(new.map(CachedItem.line), emit: emit) { return nil }
                hasUnrecordedLines = true
                await recordInCache(force: false)
            case .closed(let reason):
                closure = reason
                break streaming
            }
        }
        return closure
    }

    /// After a stream ended: poll instead, retry it, or find out why it did not open.
    private func carryOn(after closure: LiveStreamClosure, emit: @Sendable ([CachedItem]) -> Bool,
                         notice: @Sendable (FollowNotice) -> Void) async throws(LogClientError) -> Bool {
        switch closure {
        case .unsupported(let reason):
            streamAllowedAt = nil
            announcer.announce(.polling(every: interval), reason: "no live stream: \(reason)", notice: notice)
        case .rejected(let code):
            // The GET endpoint names the cause (and ends following with its exit code). When it
            // answers instead (a token command gave a fresh token), the stream gets one more try.
            rejectedStreams += 1
            streamAllowedAt = rejectedStreams < 2 ? .now : nil
            if streamAllowedAt == nil {
                announcer.announce(.polling(every: interval), reason: "the live stream was refused with code \(code)", notice: notice)
            }
            return try await poll(emit: emit, notice: notice)
        case .dropped(let reason, let opened):
            unopenedStreams = opened ? 0 : unopenedStreams + 1
            // A stream that did not open before any backlog was shown, or keeps failing: the GET
            // tells whether the backend is down (its sentence is ours, not the WebSocket library's).
            if !opened, backlogLimit != nil || unopenedStreams >= Self.streamAttemptsBeforePolling {
                return try await pollAfterFailedStream(reason: reason, emit: emit, notice: notice)
            }
            await backOff(reason: reason, notice: notice)
        }
        return true
    }

    /// After a stream that did not open: a GET. Unreachable, it is retried; answered, its
    /// window is a poll (the backlog, when none was shown yet); the stream is tried again at
    /// once, or after a while of polling when it keeps failing.
    private func pollAfterFailedStream(reason: String, emit: @Sendable ([CachedItem]) -> Bool,
                                       notice: @Sendable (FollowNotice) -> Void) async throws(LogClientError) -> Bool {
        let window: FetchedWindow
        do {
            window = try await fetchWindow(emit: emit, notice: notice)
        } catch {
            guard error.isWorthRetrying else { throw error }
            await backOff(reason: error.userMessage, notice: notice)
            return true
        }
        if unopenedStreams >= Self.streamAttemptsBeforePolling {
            unopenedStreams = 0
            streamAllowedAt = .now + Self.streamRetryAfter
            announcer.announce(.polling(every: interval), reason: "the live stream keeps failing: \(reason)", notice: notice)
        }
        return try await poll(window, emit: emit, notice: notice)
    }

    /// Fetches the window after (re)subscribing and merges it. Returns the new items, or
    /// why the backend could not be reached (the caller reconnects).
    private func catchUp(emit: @Sendable ([CachedItem]) -> Bool, notice: @Sendable (FollowNotice) -> Void)
        async throws(LogClientError) -> Result<[CachedItem], LogClientError> {
        let window: FetchedWindow
        do {
            window = try await fetchWindow(emit: emit, notice: notice)
        } catch {
            guard error.isWorthRetrying else { throw error }
            return .failure(error)
        }
        let new = history.merge(window, subscribed: true)
        if announcer.mode == .live {
            notice(.reconnected(caughtUp: new.count { $0.entry != nil }))
        } else {
            announcer.announce(.live, reason: nil, notice: notice)
        }
        return .success(new)
    }

    /// Writes the newest lines that came live into the cache, at most once a second.
    private func recordInCache(force: Bool) async {
        guard hasUnrecordedLines, force || ContinuousClock.now - lastCacheWrite >= Self.cacheWriteInterval else { return }
        lastCacheWrite = .now
        hasUnrecordedLines = false
        await fetcher.record(history.newestWindow, stream: query.stream)
    }

    // MARK: - Polling

    /// One poll (of `fetched`, when the window is already here), then the wait before the
    /// next. Returns `false` when the reader is gone.
    private func poll(_ fetched: FetchedWindow? = nil, emit: @Sendable ([CachedItem]) -> Bool,
                      notice: @Sendable (FollowNotice) -> Void) async throws(LogClientError) -> Bool {
        let window: FetchedWindow
        do throws(LogClientError) {
            if let fetched { window = fetched } else { window = try await fetchWindow(emit: emit, notice: notice) }
        } catch {
            guard error.isWorthRetrying else { throw error }
            await backOff(reason: error.userMessage, notice: notice)
            return true
        }
        let new = history.merge(window, subscribed: false)
        if failures > 0 {
            notice(.reconnected(caughtUp: new.count { $0.entry != nil }))
            failures = 0
        }
        guard pass(new, emit: emit) else { return false }
        try? await Task.sleep(for: interval)
        return true
    }

    // MARK: - Shared

    /// Fetches the widest window and tells what the fetch had to say. When the source cannot
    /// be reached before any backlog was passed on, the cached lines are the backlog meanwhile.
    /// - Throws: every failure; those ``LogClientError/isWorthRetrying`` are retried.
    private func fetchWindow(emit: @Sendable ([CachedItem]) -> Bool, notice: @Sendable (FollowNotice) -> Void)
        async throws(LogClientError) -> FetchedWindow {
        let outcome: FetchOutcome
        do {
            outcome = try await fetcher.fetch(query)
        } catch {
            if error.isWorthRetrying { startOffline(cached: [], at: nil, reason: error, emit: emit, notice: notice) }
            throw error
        }
        announcer.tell(outcome, firstWindow: backlogLimit != nil, notice: notice)
        if let failure = outcome.failure {
            if failure.isWorthRetrying {
                startOffline(cached: outcome.items, at: outcome.cachedAt, reason: failure, emit: emit, notice: notice)
            }
            throw failure
        }
        guard let window = outcome.window else { return FetchedWindow(entries: [], isComplete: true) }
        return FetchedWindow(entries: query.inStream(window.entries), isComplete: window.isComplete)
    }

    /// The source cannot be reached before any backlog was passed on: the cached lines (perhaps
    /// none) are the backlog meanwhile, and a notice says so.
    private func startOffline(cached items: [CachedItem], at cachedAt: LogTimestamp?, reason: LogClientError,
                              emit: @Sendable ([CachedItem]) -> Bool, notice: @Sendable (FollowNotice) -> Void) {
        guard backlogLimit != nil else { return }
        history = FollowHistory(backlog: items, limit: scrollback)
        _ = pass(items, emit: emit)
        notice(.offline(cachedLines: items.count { $0.entry != nil }, cachedAt: cachedAt, reason: reason.userMessage))
    }

    /// Passes on what a merge brought: the first time the backlog (its newest `backlogLimit`
    /// lines, even none), after that anything new. Returns `false` when the reader is gone.
    private func pass(_ new: [CachedItem], emit: @Sendable ([CachedItem]) -> Bool) -> Bool {
        let new = lineFilter.isEmpty ? new : new.filter(lineFilter.matcher().admits)
        guard let limit = backlogLimit else { return new.isEmpty || emit(new) }
        backlogLimit = nil
        return emit(new.newest(limit))
    }

    /// Says why following is interrupted and waits: the retry policy's backoff, 0.5 s
    /// doubling up to 30 s with jitter, rounded to a tenth of a second.
    private func backOff(reason: String, notice: @Sendable (FollowNotice) -> Void) async {
        failures += 1
        let seconds = RetryPolicy().backoff(beforeRetry: failures - 1, jitter: Double.random(in: 0...1))
        let delay = Duration.milliseconds(Int((seconds * 10).rounded(.up)) * 100)
        notice(.disconnected(reason: reason, retryIn: delay))
        try? await Task.sleep(for: delay)
    }
}
