/// The lines a follower has passed on, and the rule that tells a new line from one already
/// passed on, whichever way it came.
///
/// A fetched window ("the newest N lines") is merged with ``LogMerger``; what lands after
/// the last line passed on is new, and a window that cannot meet the history brings a gap
/// marker. A live line is new by definition (the stream carries each stored line once), but
/// right after subscribing the backlog window may already hold it: lines stored between the
/// subscription and the fetch come both ways. Those are matched against the window by
/// `(timestamp, stream, message)` and passed on once.
public struct FollowHistory: Sendable {
    /// The lines (and gap markers) passed on, oldest first, at most `limit` lines.
    public private(set) var items: [CachedItem]
    private let limit: Int
    /// Lines of the window fetched right after subscribing, which live lines may repeat.
    private var windowLines: [LogEntry: Int] = [:]
    /// The newest timestamp of that window: a later live line cannot be in it.
    private var windowNewest: LogTimestamp?

    /// - Parameters:
    ///   - backlog: what was already shown.
    ///   - limit: how many lines to keep (at least a window's worth, to match against).
    public init(backlog: [CachedItem], limit: Int) {
        self.limit = max(limit, LogQuery.maximumLimit)
        items = LogMerger.trimmed(backlog, keepingLines: self.limit)
    }

    /// Merges a fetched window and returns what it added after the last line passed on:
    /// new lines, perhaps after a gap marker. Older lines a wider window brings join the
    /// history but are not returned.
    /// - Parameter subscribed: the window was fetched after subscribing to the live
    ///   stream, so live lines that follow may repeat its newest lines.
    public mutating func merge(_ window: FetchedWindow, subscribed: Bool) -> [CachedItem] {
        windowLines = [:]
        windowNewest = subscribed ? window.entries.last?.timestamp : nil
        if subscribed {
            for entry in window.entries { windowLines[entry, default: 0] += 1 }
        }
        let merged = LogMerger.merge(window, into: items, retainedLines: limit)
        defer { items = merged }
        guard let last = items.last(where: { $0.entry != nil }) else { return merged }
        // The last line passed on is the n-th of its kind in the history, so it is the n-th in
        // the merge too (a merge never drops a line it had).
        let occurrences = items.reduce(0) { $1 == last ? $0 + 1 : $0 }
        var seen = 0
        for (index, item) in merged.enumerated() where item == last {
            seen += 1
            if seen == occurrences { return Array(merged[(index + 1)...]) }
        }
        return []
    }

    /// Takes lines from the live stream, in the order they came, and returns those not
    /// passed on before.
    public mutating func receive(_ entries: [LogEntry]) -> [LogEntry] {
        var new: [LogEntry] = []
        new.reserveCapacity(entries.count)
        for entry in entries {
            if let newest = windowNewest {
                if entry.timestamp > newest {
                    windowNewest = nil
                    windowLines = [:]
                } else if let count = windowLines[entry], count > 0 {
                    windowLines[entry] = count - 1
                    continue
                }
            }
            insert(entry)
            new.append(entry)
        }
        if items.count > limit + limit / 2 { items = LogMerger.trimmed(items, keepingLines: limit) }
        return new
    }

    /// The newest lines since the last gap, as a window the cache can merge: they are
    /// exactly what a fetch of that many newest lines would have returned.
    public var newestWindow: FetchedWindow {
        let start = items.lastIndex(of: .gap).map { $0 + 1 } ?? items.startIndex
        let lines = items[start...].suffix(LogQuery.maximumLimit).compactMap(\.entry)
        return FetchedWindow(entries: lines, isComplete: false)
    }

    /// Appends a line in timestamp order (a late line goes before newer ones, so later
    /// merges see a sorted history).
    private mutating func insert(_ entry: LogEntry) {
        var index = items.endIndex
        while index > items.startIndex, let previous = items[index - 1].entry, previous.timestamp > entry.timestamp {
            index -= 1
        }
        items.insert(.line(entry), at: index)
    }
}
