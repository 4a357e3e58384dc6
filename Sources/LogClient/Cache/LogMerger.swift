/// One row of a deployment's cached history: a log line, or a marker saying that
/// lines may be missing between its neighbours.
public enum CachedItem: Hashable, Sendable {
    case line(LogEntry)
    case gap

    /// The entry, or `nil` for a gap marker.
    public var entry: LogEntry? {
        if case .line(let entry) = self { return entry }
        return nil
    }
}

/// A fetched window: the newest lines the backend had, oldest first.
public struct FetchedWindow: Sendable {
    /// The lines, oldest first.
    public var entries: [LogEntry]
    /// Whether the window holds everything the backend has (it returned fewer lines
    /// than asked for), so nothing older than its first line can be missing.
    public var isComplete: Bool

    /// Creates a window.
    public init(entries: [LogEntry], isComplete: Bool) {
        self.entries = entries
        self.isComplete = isComplete
    }
}

/// Merges fetched windows into cached history without losing or duplicating lines.
///
/// The backend's lines have no id, so lines are matched by `(timestamp, stream, message)`,
/// counting multiplicity: within one timestamp the merged group holds, for each distinct
/// line, as many copies as the larger of the two groups (50 identical lines stay 50), in
/// the order of the larger group. Because every window is "the newest N lines", a window
/// is complete for every timestamp after its first, so this never duplicates a line.
///
/// A full window whose first line is newer than everything cached may not meet the
/// cached history: a ``CachedItem/gap`` marks the place. A gap is dropped once a window
/// reaches back to the line before it.
public enum LogMerger {
    /// The merged history, trimmed to the newest `retainedLines` lines.
    public static func merge(_ window: FetchedWindow, into cached: [CachedItem],
                             retainedLines: Int = LogQuery.maximumLimit) -> [CachedItem] {
        guard let windowFirst = window.entries.first?.timestamp else { return cached }
        let cachedNewest = cached.last(where: { $0.entry != nil })?.entry?.timestamp

        var merged: [CachedItem] = []
        merged.reserveCapacity(cached.count + window.entries.count + 1)
        var old = cached[...]
        var new = window.entries[...]
        var previousLine: LogTimestamp?   // the timestamp of the last cached line passed

        while let next = nextTimestamp(old, new) {
            // Gap markers of the cache that stand before this timestamp.
            while let item = old.first, item == .gap {
                old.removeFirst()
                let isCovered = previousLine.map { windowFirst <= $0 } ?? false
                if !isCovered { appendGap(to: &merged) }
            }
            guard old.first != nil || new.first != nil else { break }
            let oldGroup = takeGroup(at: next, from: &old)
            let newGroup = takeGroup(at: next, from: &new)
            if !oldGroup.isEmpty { previousLine = next }
            if newGroup.first == window.entries.first, !window.isComplete,
               let cachedNewest, cachedNewest < windowFirst {
                appendGap(to: &merged)
            }
            merged += union(oldGroup, newGroup).map(CachedItem.line)
        }
        merged += old   // trailing gaps (none in practice)
        return trimmed(merged, keepingLines: retainedLines)
    }

    private static func nextTimestamp(_ old: ArraySlice<CachedItem>, _ new: ArraySlice<LogEntry>) -> LogTimestamp? {
        let oldNext = old.first(where: { $0.entry != nil })?.entry?.timestamp
        switch (oldNext, new.first?.timestamp) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return nil
        }
    }

    private static func takeGroup(at timestamp: LogTimestamp, from items: inout ArraySlice<CachedItem>) -> [LogEntry] {
        var group: [LogEntry] = []
        while let entry = items.first?.entry, entry.timestamp == timestamp {
            group.append(entry)
            items.removeFirst()
        }
        return group
    }

    private static func takeGroup(at timestamp: LogTimestamp, from entries: inout ArraySlice<LogEntry>) -> [LogEntry] {
        let count = entries.prefix { $0.timestamp == timestamp }.count
        defer { entries.removeFirst(count) }
        return Array(entries.prefix(count))
    }

    /// The multiset union of two groups sharing a timestamp (cached first, fetched second),
    /// in the larger group's order.
    private static func union(_ first: [LogEntry], _ second: [LogEntry]) -> [LogEntry] {
        // On a tie the fetched group wins: it may carry what the cache lacks (Fly's origin).
        let (larger, smaller) = first.count > second.count ? (first, second) : (second, first)
        guard !smaller.isEmpty else { return larger }
        var missing: [LogEntry: Int] = [:]
        for entry in smaller { missing[entry, default: 0] += 1 }
        for entry in larger where missing[entry, default: 0] > 0 { missing[entry]! -= 1 }
        return larger + smaller.filter { entry in
            guard let count = missing[entry], count > 0 else { return false }
            missing[entry] = count - 1
            return true
        }
    }

    private static func appendGap(to items: inout [CachedItem]) {
        if !items.isEmpty, items.last != .gap { items.append(.gap) }
    }

    /// The newest `keepingLines` lines with the gaps between them; no leading gap.
    static func trimmed(_ items: [CachedItem], keepingLines limit: Int) -> [CachedItem] {
        var lines = 0
        var start = items.endIndex
        while start > items.startIndex, lines < limit || items[start - 1] == .gap {
            if items[start - 1] != .gap {
                guard lines < limit else { break }
                lines += 1
            }
            start -= 1
        }
        return Array(items[start...].drop { $0 == .gap })
    }
}
