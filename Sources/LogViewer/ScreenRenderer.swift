import LogClient

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
        for banner in state.banners {
            rows.append([Span(" " + TerminalSanitizer.sanitize(banner), .banner)].padded(to: size.columns, with: .banner))
        }
        rows += state.showsHelp ? help(state) : pane(state)
        rows.append(statusLine(state).padded(to: size.columns, with: .status))
        return Screen(size: size, rows: rows)
    }

    // MARK: - Header and status

    static func header(_ state: ViewerState) -> [Span] {
        let stdout = state.items.count { $0.entry?.stream == .stdout }
        let stderr = state.items.count { $0.entry?.stream == .stderr }
        // The parts that change come first, so a narrow terminal still shows them.
        let name = [state.title.name, state.title.status].compactMap { $0 }.joined(separator: " · ")
        var parts = [" " + (name.isEmpty ? "" : name + " · ") + state.title.id, freshnessText(state)]
        if state.newLinesBelow > 0, !state.isPinned { parts.append("↓ \(state.newLinesBelow) new lines") }
        parts.append("filter: \(state.filter.rawValue)")
        if let search = state.search {
            let position = search.current.map { "\($0 + 1)/\(search.matches.count)" } ?? "0/\(search.matches.count)"
            parts.append("/\(search.pattern) \(position)")
        }
        parts += ["out \(stdout) · err \(stderr)", state.title.source]
        return [Span(TerminalSanitizer.sanitize(parts.joined(separator: " │ ")), .header)]
    }

    private static func freshnessText(_ state: ViewerState) -> String {
        if state.isFetching, !(state.isFollowing && state.freshness != .fetching) {
            let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")[state.spinnerFrame % 10]
            return "\(spinner) " + (state.freshness == .fetching ? "fetching…" : "refreshing…")
        }
        switch state.freshness {
        case .fetching: return "fetching…"
        case .fetched(let at):
            let time = at.timeOfDay(offsetSeconds: state.utcOffsetSeconds).prefix(8)
            guard state.isFollowing else { return "fetched " + time }
            return (state.isPaused ? "paused" : state.followMode ?? "following") + " · " + time
        case .offline(let cachedAt, _):
            return "offline" + (cachedAt.map { " — cached " + ageDescription(of: $0, now: state.now) } ?? "")
        case .unanswered(let cachedAt, _):
            return cachedAt.map { "cached " + ageDescription(of: $0, now: state.now) } ?? "no lines"
        }
    }

    static func statusLine(_ state: ViewerState) -> [Span] {
        if let input = state.searchInput {
            return [Span("/" + TerminalSanitizer.sanitize(input) + "█", .status)]
        }
        if let message = state.message {
            return [Span(" " + TerminalSanitizer.sanitize(message), .status)]
        }
        return [Span(" q quit  ↑↓ PgUp PgDn scroll  s filter  / search  n N next  e stderr  r refresh  ? help", .status)]
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
                prefix.append(Span("[\(entry.stream.rawValue)] ", .tag))
            } else {
                prefix.append(Span(String(repeating: " ", count: state.layout.prefixWidth), .plain))
            }
            let isEvidence = state.evidenceItems.contains(state.layout.itemIndices[row.item])
            let textStyle: StyleRole = isEvidence ? .evidence : entry.stream == .stderr ? .stderrText : .plain
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

    // MARK: - Help

    static func help(_ state: ViewerState) -> [[Span]] {
        var rows: [[Span]] = [[Span(" Keys (any key closes this help)", .notice)], []]
        for binding in KeyBindings.all {
            rows.append([Span("  " + binding.label.padding(to: 12), .tag), Span(binding.help, .plain)])
        }
        rows = Array(rows.prefix(state.paneHeight))
        return rows + Array(repeating: [], count: state.paneHeight - rows.count)
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
        let shifted = LogTimestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch + offsetSeconds * 1_000_000_000)
        let text = shifted.rfc3339Milliseconds   // 2026-11-28T12:00:00.123Z
        return String(text.dropFirst(11).dropLast())
    }
}
