import LogClient

/// What the loop should do after an action: actions never draw.
public enum Reaction: Equatable, Sendable {
    case none, redraw, refetch, quit
    /// Save what is shown at `path` (the loop does the writing, and asks before replacing).
    case save(path: String, replacing: Bool)
}

extension ViewerState {
    /// Handles a key: the search prompt takes keys while open, otherwise the key table decides.
    public mutating func handle(_ key: Key) -> Reaction {
        if prompt != nil { return handlePromptInput(key) }
        if showsHelp { return handleHelp(key) }
        guard let action = KeyBindings.action(for: key) else { return .none }
        return apply(action)
    }

    /// Applies one action.
    public mutating func apply(_ action: ViewerAction) -> Reaction {
        message = nil
        switch action {
        case .quit: return .quit
        case .lineDown: scroll(to: top + 1)
        case .lineUp: scroll(to: top - 1)
        case .pageDown: scroll(to: top + paneHeight)
        case .pageUp: scroll(to: top - paneHeight)
        case .top: scroll(to: 0)
        case .bottom: scrollToBottom()
        case .cycleFilter: setFilter(filter.next)
        case .showAll: setFilter(.all)
        case .showStdout: setFilter(.stdout)
        case .showStderr: setFilter(.stderr)
        case .refresh: return isFetching ? .none : .refetch
        case .startSearch: prompt = Prompt(.search)
        // Empty, as less's `&`: Enter on nothing shows every line again (the header shows the filter).
        case .filterText: prompt = Prompt(.textFilter)
        case .nextMatch: moveToMatch(forward: true)
        case .previousMatch: moveToMatch(forward: false)
        case .nextError: moveToError(forward: true)
        case .previousError: moveToError(forward: false)
        case .showDiagnosis: showDiagnosis()
        case .toggleTimestamps: showsTimestamps.toggle(); keepPosition { $0.relayout() }
        case .toggleWrap: wraps.toggle(); scrollSideways(by: -horizontalOffset); keepPosition { $0.relayout() }
        case .scrollLeft: if !wraps { scrollSideways(by: -8) }
        case .scrollRight: if !wraps { scrollSideways(by: 8) }
        case .togglePause: isPaused.toggle(); message = isPaused ? "live updates paused (f resumes)" : "live updates resumed"
        case .cycleDeployment: cycleDeployment()
        case .save: prompt = Prompt(.saveAs, text: defaultSavePath)
        case .toggleHelp: showsHelp = true; helpTop = 0
        }
        return .redraw
    }

    private mutating func setFilter(_ newFilter: StreamFilter) {
        filter = newFilter
        keepPosition { $0.relayout() }
    }

    /// Re-lays out the same items while keeping the top item in view (or the bottom, when
    /// pinned). The item is found by its index, not its value: identical lines are kept.
    mutating func keepPosition(_ change: (inout ViewerState) -> Void) {
        let anchor = layout.rows[safe: top].map { layout.itemIndices[$0.item] }
        change(&self)
        if isPinned {
            scrollToBottom()
        } else if let anchor, let visible = layout.itemIndices.firstIndex(where: { $0 >= anchor }),
                  let row = layout.firstRow(ofItem: visible) {
            scroll(to: row)
        } else {
            scroll(to: top)
        }
        refreshSearch()
    }

    private mutating func showDiagnosis() {
        guard !diagnosis.isEmpty else {
            message = "no failure found in these lines"
            return
        }
        let rows = layout.rows.indices.filter { row in
            layout.rows[row].isFirst && evidenceItems.contains(layout.itemIndices[layout.rows[row].item])
        }
        guard let first = rows.first else {
            message = "the evidence is hidden by the filter (press 1 to show all)"
            return
        }
        scroll(to: first - min(2, paneHeight / 3))
        // The banner is cut to the width; the status line wraps, so the hint reads whole here.
        let family = diagnosis.findings.first?.category ?? "no known cause"
        let cause = diagnosis.findings.first.map { "\($0.summary) — \($0.hint)" } ?? diagnosis.unexplained?.hint ?? ""
        message = "\(family) (evidence underlined): \(cause)"
    }

    private mutating func moveToError(forward: Bool) {
        let rows = layout.rows.indices.filter { row in
            layout.rows[row].isFirst && layout.visibleItems[layout.rows[row].item].entry?.stream == .stderr
        }
        let target = forward ? rows.first { $0 > top } : rows.last { $0 < top }
        guard let target else {
            message = forward ? "no stderr line below" : "no stderr line above"
            return
        }
        scroll(to: target)
    }

    // MARK: - Help

    /// While the help shows: q, Esc and ? close it (as in less), the scrolling keys scroll it,
    /// any other key closes it.
    private mutating func handleHelp(_ key: Key) -> Reaction {
        switch KeyBindings.action(for: key) {
        case .lineDown: helpTop += 1
        case .lineUp: helpTop = max(0, helpTop - 1)
        case .pageDown: helpTop += paneHeight
        case .pageUp: helpTop = max(0, helpTop - paneHeight)
        default: showsHelp = false
        }
        helpTop = min(helpTop, max(0, ScreenRenderer.helpRows(width: size.columns).count - paneHeight))
        return .redraw
    }

    // MARK: - Search and filter

    mutating func startSearch(_ pattern: String) {
        // An empty pattern repeats the last search, as in less.
        guard !pattern.isEmpty else {
            if search != nil { moveToMatch(forward: true) }
            return
        }
        search = SearchState(pattern: pattern)
        refreshSearch()
        guard search?.matches.isEmpty == false else {
            if search != nil { message = "no match for /\(pattern)" }
            return
        }
        let matches = search?.matches ?? []
        let current = matches.firstIndex { $0.row >= top } ?? 0
        search?.current = current
        reveal(row: matches[current].row)
    }

    /// Recomputes match positions after the layout changed.
    mutating func refreshSearch() {
        guard let pattern = search?.pattern else { return }
        guard let matcher = SearchMatcher(pattern: pattern) else {
            search = nil
            message = "not a valid regular expression: \(pattern)"
            return
        }
        search?.matches = Self.matches(of: matcher, in: layout.rows.indices, of: layout)
        if let current = search?.current, let count = search?.matches.count, current >= count {
            search?.current = count == 0 ? nil : 0
        }
    }

    /// Adds the matches in rows laid out since `firstRow` (lines appended while following).
    mutating func extendSearch(fromRow firstRow: Int) {
        guard let pattern = search?.pattern, let matcher = SearchMatcher(pattern: pattern) else { return }
        search?.matches += Self.matches(of: matcher, in: firstRow..<layout.rows.count, of: layout)
    }

    private static func matches(of matcher: SearchMatcher, in rows: Range<Int>, of layout: PaneLayout) -> [SearchMatch] {
        rows.flatMap { row in matcher.ranges(in: layout.rows[row].text).map { SearchMatch(row: row, range: $0) } }
    }

    private mutating func moveToMatch(forward: Bool) {
        guard let search, !search.matches.isEmpty else {
            message = self.search == nil ? "no search yet: press / to search" : "no matches"
            return
        }
        let count = search.matches.count
        let current = search.current.map { forward ? ($0 + 1) % count : ($0 - 1 + count) % count } ?? 0
        self.search?.current = current
        reveal(row: search.matches[current].row)
    }
}

/// A compiled search: a regex, case-insensitive unless the pattern has capitals (like less -i).
struct SearchMatcher {
    private let regex: Regex<AnyRegexOutput>

    init?(pattern: String) {
        guard let compiled = try? Regex(pattern) else { return nil }
        regex = pattern.contains(where: \.isUppercase) ? compiled : compiled.ignoresCase()
    }

    /// Character offsets of every non-empty match in `text`.
    func ranges(in text: String) -> [Range<Int>] {
        text.matches(of: regex).compactMap { match in
            guard !match.range.isEmpty else { return nil }
            let lower = text.distance(from: text.startIndex, to: match.range.lowerBound)
            return lower..<(lower + text.distance(from: match.range.lowerBound, to: match.range.upperBound))
        }
    }
}
