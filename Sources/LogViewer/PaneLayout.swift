import LogClient
import LogText

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

    public private(set) var visibleItems: [CachedItem] = []
    /// For each visible item, its index in all the items.
    public private(set) var itemIndices: [Int] = []
    public private(set) var rows: [PaneRow] = []
    /// Columns before the message: `HH:MM:SS.mmm KEY [stderr] `, without the timestamp
    /// when it is off and without the key with one deployment.
    public let prefixWidth: Int
    /// Columns of the key column (0: none).
    public let keyWidth: Int
    private let filter: StreamFilter
    private let lineFilter: LineFilter
    /// The id of the only deployment shown, when one is picked among several.
    private let deployment: String?
    private let width: Int
    private let wraps: Bool

    static let empty = PaneLayout(items: [], filter: .all, lineFilter: .none, width: 80, showsTimestamps: true, wraps: true)

    public init(items: [CachedItem], filter: StreamFilter, lineFilter: LineFilter, width: Int, showsTimestamps: Bool,
                wraps: Bool, deployment: String? = nil, keyWidth: Int = 0) {
        self.filter = filter
        self.lineFilter = lineFilter
        self.deployment = deployment
        self.width = width
        self.wraps = wraps
        self.keyWidth = keyWidth
        prefixWidth = (showsTimestamps ? 13 : 0) + (keyWidth > 0 ? keyWidth + 1 : 0) + 9
        rows.reserveCapacity(items.count)
        append(items[...])
    }

    /// Whether the deployment picked (if any) is the item's; a gap belongs to every one.
    private func admitsDeployment(_ item: CachedItem) -> Bool {
        guard let deployment, let entry = item.entry else { return true }
        return entry.deployment?.id == deployment
    }

    /// Lays out items appended after those already laid out; the slice's indices are their
    /// indices in all the items.
    public mutating func append(_ items: ArraySlice<CachedItem>) {
        let matcher = lineFilter.matcher()
        for index in items.indices where filter.admits(items[index]) && matcher.admits(items[index]) && admitsDeployment(items[index]) {
            let item = items[index]
            let visibleIndex = visibleItems.count
            visibleItems.append(item)
            itemIndices.append(index)
            guard let entry = item.entry else {
                rows.append(PaneRow(item: visibleIndex, isFirst: true, text: PlainFormatter.gapText))
                continue
            }
            for (lineNumber, line) in TerminalSanitizer.displayLines(of: Self.capped(entry.message)).enumerated() {
                let expanded = line.expandingTabs()
                let pieces = wraps ? expanded.wrapped(toWidth: width - prefixWidth) : [expanded[...]]
                for (pieceNumber, piece) in pieces.enumerated() {
                    rows.append(PaneRow(item: visibleIndex, isFirst: lineNumber == 0 && pieceNumber == 0, text: String(piece)))
                }
            }
        }
    }

    /// Forgets the first `count` items (they were dropped from the front of all the items):
    /// their rows go, and what is left is renumbered. Returns how many rows went.
    @discardableResult
    public mutating func dropFront(items count: Int) -> Int {
        let visible = itemIndices.prefix { $0 < count }.count
        let droppedRows = visible < visibleItems.count ? firstRow(ofItem: visible) ?? rows.count : rows.count
        visibleItems.removeFirst(visible)
        itemIndices.removeFirst(visible)
        for index in itemIndices.indices { itemIndices[index] -= count }
        rows.removeFirst(droppedRows)
        for index in rows.indices { rows[index].item -= visible }
        return droppedRows
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
