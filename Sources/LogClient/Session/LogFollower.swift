/// Follows a deployment by polling: each poll's window is merged into the history seen so
/// far, and only the lines that are new go out, so nothing is lost or repeated across polls
/// and reconnects. A window that cannot meet the history (more new lines than one poll
/// returns) brings a gap marker. Transient failures are retried with exponential backoff and
/// jitter (0.5 s up to 30 s) and said aloud; a bad token or an unknown deployment ends it.
public actor LogFollower {
    /// How many lines of history are kept for matching (and, in the viewer, scrollback).
    public static let historyLimit = 5000

    private let fetcher: LogFetcher
    private let query: LogQuery
    private let interval: Duration
    private var history: [CachedItem]

    /// - Parameters:
    ///   - query: what each poll asks for (the backend's largest window keeps gaps rare).
    ///   - backlog: what was already shown.
    public init(fetcher: LogFetcher, query: LogQuery, interval: Duration, backlog: [CachedItem]) {
        self.fetcher = fetcher
        self.query = query
        self.interval = interval
        self.history = backlog
    }

    /// Polls until `emit` returns `false` or `isWanted` says no more (the reader went away),
    /// or the task is cancelled.
    /// - Parameters:
    ///   - emit: receives each batch of new items, oldest first.
    ///   - notice: receives one sentence per disconnect and reconnect.
    ///   - isWanted: asked before every poll.
    /// - Throws: a ``LogClientError`` that retrying cannot fix (401/403/404, malformed).
    public func run(emit: @Sendable ([CachedItem]) -> Bool, notice: @Sendable (String) -> Void,
                    isWanted: @Sendable () -> Bool = { true }) async throws(LogClientError) {
        var failures = 0
        while !Task.isCancelled, isWanted() {
            let outcome: FetchOutcome
            do {
                outcome = try await fetcher.fetch(query)
                if let failure = outcome.failure { throw failure }
            } catch let error as LogClientError {
                guard error.exitStatus == .unavailable else { throw error }
                failures += 1
                let delay = min(30, 0.5 * Double(1 << min(failures - 1, 6))) * Double.random(in: 0.75...1)
                notice("disconnected: \(error.userMessage) Retrying in \(Int(delay.rounded(.up))) s.")
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                continue
            } catch {
                continue
            }
            let new = newItems(from: outcome)
            if failures > 0 {
                notice("reconnected, \(new.filter { $0.entry != nil }.count) lines caught up.")
                failures = 0
            }
            if !new.isEmpty, !emit(new) { return }
            try? await Task.sleep(for: interval)
        }
    }

    /// What the poll added after the last line already shown. Older lines a wider window
    /// brings (the backlog was only the newest few) join the history but are not printed.
    private func newItems(from outcome: FetchOutcome) -> [CachedItem] {
        guard let window = outcome.window else { return [] }
        let merged = LogMerger.merge(window, into: history, retainedLines: Self.historyLimit)
        defer { history = merged }
        guard let last = history.last(where: { $0.entry != nil }) else { return merged }
        // The last shown line is the n-th of its kind in the history, so it is the n-th in the
        // merge too (a merge never drops a line it had).
        let occurrences = history.filter { $0 == last }.count
        var seen = 0
        for (index, item) in merged.enumerated() where item == last {
            seen += 1
            if seen == occurrences { return Array(merged[(index + 1)...]) }
        }
        return []
    }
}
