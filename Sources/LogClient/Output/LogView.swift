/// What is shown of the lines read, whatever their source: one stream or both, the
/// `--include` / `--exclude` / time filter, and the newest N. Every mode applies it here.
public struct LogView: Sendable, Equatable {
    /// Only this stream, or both when `nil`.
    public var stream: LogStream?
    /// The text and time filter.
    public var filter: LineFilter
    /// How many of the newest lines are shown.
    public var newest: Int

    /// Creates a view.
    public init(stream: LogStream? = nil, filter: LineFilter = .none, newest: Int = LogQuery.maximumLimit) {
        self.stream = stream
        self.filter = filter
        self.newest = newest
    }

    /// The items the text and time filter lets through (gap markers only when nothing filters).
    public func matching(_ items: [CachedItem]) -> [CachedItem] {
        guard !filter.isEmpty else { return items }
        let matcher = filter.matcher()
        return items.filter(matcher.admits)
    }

    /// The newest ``newest`` lines of ``stream`` among `items`, with the gap markers between them.
    public func newest(of items: [CachedItem]) -> [CachedItem] {
        items.newest(newest, stream: stream)
    }

    /// What is shown of `items`: the matching ones, newest first cut.
    public func shown(_ items: [CachedItem]) -> [CachedItem] {
        newest(of: matching(items))
    }

    /// The lines a diagnosis reads: every matching line of ``stream`` (not only the newest N:
    /// a cause is often printed long before the crash).
    public func diagnosed(_ items: [CachedItem]) -> [CachedItem] {
        matching(items).filter { item in item.entry.map { stream == nil || $0.stream == stream } ?? false }
    }
}
