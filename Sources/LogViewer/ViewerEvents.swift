import LogClient

/// What reaches the viewer from outside while it runs: the follower's lines and notices, the
/// deployment's name and status, the cache (with `--offline`). The loop hands each to
/// ``ViewerState/apply(_:)``; nothing here draws.
public enum ViewerEvent: Sendable {
    /// Lines the follower passed on: the backlog after a (re)start, then new ones.
    case lines([CachedItem])
    /// Something the follower said: its mode, a drop, a reconnect, a source's notice.
    case notice(FollowNotice)
    /// Following stopped on a failure that retrying cannot fix.
    case ended(LogClientError)
    /// Something the follower of one of several deployments said.
    case memberNotice(DeploymentTag, FollowNotice)
    /// One of several deployments cannot be followed (the others go on).
    case memberEnded(DeploymentTag, LogClientError)
    /// The deployment's name and status (from the backend's list, or Fly's machine).
    case summary(DeploymentSummary)
    /// The cached lines, read with no network request (`--offline`).
    case cached(CachedHistory, warnings: [CacheProblem])
    /// The cached lines, shown while the first fetch is out (the backlog replaces them).
    case preview(CachedHistory)
}

extension ViewerEvent {
    /// The events in order, with each run of `.lines` joined into one: a burst of lines
    /// (a live stream sends one message per line) is applied, laid out and painted once.
    public static func coalesced(_ events: [ViewerEvent]) -> [ViewerEvent] {
        var result: [ViewerEvent] = []
        var run: [CachedItem]?
        for event in events {
            if case .lines(let items) = event {
                if run == nil { run = items } else { run?.append(contentsOf: items) }
                continue
            }
            if let lines = run { result.append(.lines(lines)) }
            run = nil
            result.append(event)
        }
        if let lines = run { result.append(.lines(lines)) }
        return result
    }
}

extension ViewerState {
    /// Starts over (the first fetch, or `r`): the next lines are the backlog.
    public mutating func restart() {
        endedWith = nil
        isFetching = true
        awaitsBacklog = true
        isFollowing = true
    }

    /// Applies one event. Returns whether it brought new lines to append, which the loop
    /// paints at the frame rate; anything else (the backlog and the cached lines first of
    /// all: the first screen of lines is not kept waiting) is painted at once.
    @discardableResult
    public mutating func apply(_ event: ViewerEvent) -> Bool {
        switch event {
        case .lines(let items):
            let isBacklog = awaitsBacklog
            receive(items)
            return !isBacklog
        case .notice(let notice):
            hear(notice)
        case .ended(let error):
            isFetching = false
            isFollowing = false
            endedWith = error
            // The viewer never dies because a fetch failed: the sentence goes to the status line.
            if freshness == .fetching { freshness = Self.freshness(after: error, cachedAt: nil) }
            message = error.userMessage
        case .memberNotice(let tag, let notice):
            hear(notice, from: tag)
        case .memberEnded(let tag, let error):
            message = "\(tag.key): \(error.userMessage)"
        case .summary(let summary):
            adopt(summary)
        case .cached(let history, let warnings):
            isFetching = false
            freshness = .offline(cachedAt: history.updatedAt, reason: "--offline: no network requests")
            setItems(history.items)
            message = warnings.first?.sentence
        case .preview(let history):
            // Only until the backlog came: it is newer.
            if awaitsBacklog { setItems(history.items) }
        }
        return false
    }

    /// The backlog replaces what is shown; later lines are appended (or held while paused).
    private mutating func receive(_ items: [CachedItem]) {
        if awaitsBacklog {
            awaitsBacklog = false
            isFetching = false
            heldItems = []
            setItems(items)
        } else if isPaused {
            // Trimmed a tenth of the scrollback at a time, not copied on every batch.
            heldItems += items
            if heldItems.count > scrollback + scrollback / 10 { heldItems.removeFirst(heldItems.count - scrollback) }
            return
        } else {
            appendItems(items, keepingLines: scrollback)
        }
        if case .offline = freshness { return }
        freshness = .fetched(at: now)
    }

    /// Takes the deployment's name and status; a `failed` status can make a log with no known
    /// cause a failure, so the diagnosis is redone.
    private mutating func adopt(_ summary: DeploymentSummary) {
        let wasFailed = title.status == "failed"
        title.adopt(summary)
        if wasFailed != (title.status == "failed") { diagnose() }
    }

    /// Shows what was held while paused (after `f` resumes).
    public mutating func releaseHeldLines() {
        guard !isPaused, !heldItems.isEmpty else { return }
        appendItems(heldItems, keepingLines: scrollback)
        heldItems = []
    }

    private mutating func hear(_ notice: FollowNotice) {
        switch notice {
        case .following(let mode, _, let reason):
            let wasDisconnected = followMode == "disconnected"
            announcedMode = mode
            followMode = mode.label
            // A mode is announced once a fetch answered: a viewer that began offline is back.
            if case .offline = freshness { freshness = .fetched(at: now) }
            // The header says the mode; the status line only why it is not the live stream
            // (and no longer that it was disconnected).
            guard reason != nil else {
                if wasDisconnected { message = nil }
                return
            }
        case .disconnected:
            followMode = "disconnected"
        case .reconnected:
            followMode = announcedMode?.label
            freshness = .fetched(at: now)
        case .offline(_, let cachedAt, let reason):
            freshness = .offline(cachedAt: cachedAt, reason: reason)
            return
        case .source(.deploymentStatus(let deployment)):
            adopt(deployment)
            return
        case .skipped, .source, .cache:
            break
        }
        message = notice.sentence
    }

    /// What the follower of one of several deployments said: in the status line with its key
    /// (the header's mode is the last one announced; one deployment offline is not the viewer).
    private mutating func hear(_ notice: FollowNotice, from tag: DeploymentTag) {
        if case .following(let mode, _, let reason) = notice {
            announcedMode = mode
            followMode = mode.label
            guard reason != nil else { return }
        }
        if case .reconnected = notice { freshness = .fetched(at: now) }
        message = "\(tag.key): \(notice.sentence)"
    }

    /// How fresh the lines are after a failure: offline only when no server answered.
    static func freshness(after failure: LogClientError, cachedAt: LogTimestamp?) -> Freshness {
        failure.isUnreachable ? .offline(cachedAt: cachedAt, reason: failure.userMessage)
            : .unanswered(cachedAt: cachedAt, reason: failure.userMessage)
    }
}
