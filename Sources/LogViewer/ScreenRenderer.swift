import LogClient
import LogText

/// Turns viewer state into a ``Screen``: header, optional banner, log pane, status line.
public enum ScreenRenderer {
    /// The smallest size laid out normally; below it the screen shows a one-line notice.
    public static let minimumSize = ScreenSize(columns: 20, rows: 5)

    public static func render(_ state: ViewerState) -> Screen {
        let size = state.size
        guard size.columns >= minimumSize.columns, size.rows >= minimumSize.rows else {
            let notice = [Span("window too small (20×5 at least)", .notice)].clipped(skippingColumns: 0, width: size.columns)
            return Screen(size: size, rows: [notice] + Array(repeating: [], count: max(0, size.rows - 1)))
        }
        var rows: [[Span]] = [header(state).padded(to: size.columns, with: .header)]
        if let fatal = state.fatalError {
            rows += fatalScreen(fatal, state: state)
            return Screen(size: size, rows: rows)
        }
        for banner in state.banners {
            let text = (" " + TerminalSanitizer.sanitize(banner)).ellipsized(to: size.columns)
            rows.append([Span(text, .banner)].padded(to: size.columns, with: .banner))
        }
        rows += state.showsHelp ? help(state) : pane(state)
        rows += statusRows(state).map { $0.padded(to: size.columns, with: .status) }
        return Screen(size: size, rows: rows)
    }

    // MARK: - The log pane

    static func pane(_ state: ViewerState) -> [[Span]] {
        let height = state.paneHeight, width = state.size.columns
        guard !state.layout.rows.isEmpty else {
            return [[Span(" " + emptyText(state), .notice)]] + Array(repeating: [], count: height - 1)
        }
        var rows: [[Span]] = []
        let matchesByRow = Dictionary(grouping: (state.search?.matches ?? []).enumerated(), by: { $0.element.row })
        for rowIndex in state.top..<min(state.top + height, state.layout.rows.count) {
            let row = state.layout.rows[rowIndex]
            let item = state.layout.visibleItems[row.item]
            guard let entry = item.entry else {
                rows.append([Span(row.text, .gap)].clipped(skippingColumns: 0, width: width))
                continue
            }
            var prefix: [Span] = []
            if row.isFirst {
                if state.showsTimestamps {
                    prefix.append(Span(entry.timestamp.timeOfDay(offsetSeconds: state.utcOffsetSeconds) + " ", .timestamp))
                }
                if state.layout.keyWidth > 0 {
                    let key = entry.deployment?.key ?? ""
                    prefix.append(Span(key.padding(to: state.layout.keyWidth) + " ", entry.deployment.map { .key($0.color) } ?? .plain))
                }
                prefix.append(Span("[\(entry.stream.rawValue)] ", .tag))
            } else {
                prefix.append(Span(String(repeating: " ", count: state.layout.prefixWidth), .plain))
            }
            let isEvidence = state.evidenceItems.contains(state.layout.itemIndices[row.item])
            let textStyle: StyleRole = isEvidence ? .evidence : .text(of: entry)
            let message = highlighted(row.text, style: textStyle, matches: matchesByRow[rowIndex] ?? [],
                                      current: state.search?.current)
            let shownMessage = message.clipped(skippingColumns: state.wraps ? 0 : state.horizontalOffset,
                                               width: width - state.layout.prefixWidth)
            rows.append((prefix + shownMessage).clipped(skippingColumns: 0, width: width))
        }
        return rows + Array(repeating: [], count: height - rows.count)
    }

    private static func emptyText(_ state: ViewerState) -> String {
        if state.items.isEmpty {
            return state.freshness == .fetching ? "fetching…" : "no logs yet for this deployment"
        }
        return "no \(state.filter.rawValue) lines (press s to show all)"
    }

    private static func highlighted(_ text: String, style: StyleRole, matches: [(offset: Int, element: SearchMatch)],
                                    current: Int?) -> [Span] {
        guard !matches.isEmpty else { return [Span(text, style)] }
        let characters = Array(text)
        var spans: [Span] = []
        var position = 0
        for (index, match) in matches {
            let range = match.range
            if range.lowerBound > position { spans.append(Span(String(characters[position..<range.lowerBound]), style)) }
            spans.append(Span(String(characters[range]), index == current ? .currentMatch : .match))
            position = range.upperBound
        }
        if position < characters.count { spans.append(Span(String(characters[position...]), style)) }
        return spans
    }
}

extension String {
    func padding(to width: Int) -> String {
        let current = DisplayWidth.of(self)
        return current >= width ? self : self + String(repeating: " ", count: width - current)
    }
}

extension LogTimestamp {
    /// `HH:MM:SS.mmm` shifted by `offsetSeconds` (the local time zone's offset).
    public func timeOfDay(offsetSeconds: Int64) -> String {
        let text = advanced(byNanoseconds: offsetSeconds * 1_000_000_000).rfc3339Milliseconds   // 2026-11-28T12:00:00.123Z
        return String(text.dropFirst(11).dropLast())
    }
}
