import LogClient

/// One row of the log pane.
public struct PaneRow: Equatable, Sendable {
    /// Index into ``PaneLayout/visibleItems``.
    public var item: Int
    /// Whether this row starts a log line (and so carries its timestamp and tag).
    public var isFirst: Bool
    /// The message text shown in the row: sanitised, tabs expanded, at most the pane's width
    /// when wrapping.
    public var text: String
}

/// The log pane laid out for a width: which items are visible under the filter and the
/// rows they take. Pure arithmetic, tested on its own.
public struct PaneLayout: Equatable, Sendable {
    /// Laid-out characters of one message line before it is cut with a notice (a 1 MB line
    /// must not freeze the viewer).
    public static let maximumLineLength = 8_192

    public let visibleItems: [CachedItem]
    /// For each visible item, its index in all the items.
    public let itemIndices: [Int]
    public let rows: [PaneRow]
    /// Columns before the message: `HH:MM:SS.mmm [stderr] ` or `[stderr] `.
    public let prefixWidth: Int

    static let empty = PaneLayout(visibleItems: [], itemIndices: [], rows: [], prefixWidth: 0)

    private init(visibleItems: [CachedItem], itemIndices: [Int], rows: [PaneRow], prefixWidth: Int) {
        self.visibleItems = visibleItems
        self.itemIndices = itemIndices
        self.rows = rows
        self.prefixWidth = prefixWidth
    }

    public init(items: [CachedItem], filter: StreamFilter, width: Int, showsTimestamps: Bool, wraps: Bool) {
        let itemIndices = items.indices.filter { filter.admits(items[$0]) }
        let visible = itemIndices.map { items[$0] }
        let prefix = (showsTimestamps ? 13 : 0) + 9
        var rows: [PaneRow] = []
        rows.reserveCapacity(visible.count)
        for (index, item) in visible.enumerated() {
            guard let entry = item.entry else {
                rows.append(PaneRow(item: index, isFirst: true, text: PlainFormatter.gapText))
                continue
            }
            for (lineNumber, line) in TerminalSanitizer.displayLines(of: Self.capped(entry.message)).enumerated() {
                let expanded = line.expandingTabs()
                let pieces = wraps ? expanded.wrapped(toWidth: width - prefix) : [expanded[...]]
                for (pieceNumber, piece) in pieces.enumerated() {
                    rows.append(PaneRow(item: index, isFirst: lineNumber == 0 && pieceNumber == 0, text: String(piece)))
                }
            }
        }
        self.init(visibleItems: visible, itemIndices: itemIndices, rows: rows, prefixWidth: prefix)
    }

    /// The message, cut at ``maximumLineLength`` characters with a notice of its size.
    static func capped(_ message: String) -> String {
        guard message.utf8.count > maximumLineLength else { return message }
        let megabytes = Double(message.utf8.count) / 1_048_576
        let size = megabytes >= 0.1 ? "\((megabytes * 10).rounded() / 10) MB" : "\(message.utf8.count / 1024) KB"
        return String(message.prefix(maximumLineLength)) + " … \(size) line truncated"
    }

    /// The first row of visible item `index`.
    public func firstRow(ofItem index: Int) -> Int? {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].item < index { low = middle + 1 } else { high = middle }
        }
        return low < rows.count && rows[low].item == index ? low : nil
    }
}
