/// An output format for pipes: one cached item (a log line or a gap marker) in, text out.
/// ``PlainFormatter`` and ``JSONLineFormatter`` are the two; a new format is one more.
public protocol LineFormatter: Sendable {
    /// Appends `item`'s output lines, each ending in `\n`, to `output`.
    func append(_ item: CachedItem, to output: inout String)
}
