import LogClient
import LogText
import LogDiagnosis

/// Everything the viewer shows, as plain values. Actions change it through the reducer;
/// the renderer turns it into a ``Screen``.
public struct ViewerState {
    public var title: DeploymentTitle
    /// The lines, oldest first (with gap markers), as last fetched or cached.
    public private(set) var items: [CachedItem] = []
    public var freshness: Freshness = .fetching
    public var filter: StreamFilter = .all
    public var showsTimestamps = true
    public var wraps = true
    public var isPaused = false
    /// Whether new lines are fetched on their own (live follow).
    public var isFollowing = false
    /// How they come, for the header: "live" or "polling 2s".
    public var followMode: String?
    /// The mode the follower announced last (the header goes back to it after a reconnect).
    var announcedMode: FollowMode?
    public var isFetching = false
    /// Advanced by the loop while a fetch is out, to animate the spinner.
    public var spinnerFrame = 0
    public var showsHelp = false
    /// The first help row shown (the help scrolls on a small screen).
    public internal(set) var helpTop = 0
    /// Only lines matching (and not matching) these patterns are shown: `&`, `--include`, `--exclude`.
    public var lineFilter = LineFilter.none
    /// The deployments shown, when several are, and the one shown alone.
    public var fleet = FleetView()
    /// Why following stopped, when it did: `q` then exits with its code, as plain mode does.
    public internal(set) var endedWith: LogClientError?
    /// What is being typed in the status line (after `/`, `&`, `S`), if anything.
    public internal(set) var prompt: Prompt?
    public var search: SearchState?
    /// A one-line message for the status line (an error from a refresh, a notice).
    public var message: String?
    /// Lines that arrived below the view while scrolled up.
    public var newLinesBelow = 0
    /// The most likely cause of a failure in the items, if any (recomputed with them).
    /// The diagnosis of the items: the most likely cause, or a failure with no known cause
    /// (when the lines show one, or the deployment's status is `failed`).
    public private(set) var diagnosis = Diagnosis(findings: [])
    /// Indices into `items` of the lines that prove it.
    public private(set) var evidenceItems: Set<Int> = []
    /// The (1-based) log line of the decisive evidence, for the banner.
    private(set) var evidenceLine: Int?
    /// Whether lines were appended since the last diagnosis.
    public private(set) var isDiagnosisStale = false
    /// Whether replacing the items leaves the diagnosis to ``refreshDiagnosis()``: the loop
    /// sets it, so that the lines are painted before they are diagnosed (a few milliseconds).
    public var diagnosesLater = false
    /// The local time zone's offset, for the timestamps shown.
    public var utcOffsetSeconds: Int64
    /// The time now, set by the loop: the view layer never reads the clock.
    public var now = LogTimestamp(nanosecondsSinceEpoch: 0)
    /// Whether the next lines from the follower are the backlog (they replace what is shown).
    public internal(set) var awaitsBacklog = true
    /// Lines that came while paused (f), shown on resume.
    var heldItems: [CachedItem] = []
    /// How many lines are kept while following.
    public var scrollback = LogFollower.defaultScrollback

    /// The size the layout was made for.
    public private(set) var size = ScreenSize(columns: 80, rows: 24)
    /// The laid-out pane rows for the current items, filter, size and toggles.
    public private(set) var layout = PaneLayout.empty
    /// The first pane row shown.
    /// While pinned this is always the last page, whatever changed the pane's height (a
    /// banner that came or went, new lines).
    public var top: Int { isPinned ? maximumTop : min(scrolledTop, maximumTop) }
    /// Where the reader scrolled to, when not pinned.
    private var scrolledTop = 0
    /// Whether the view follows the newest line.
    public private(set) var isPinned = true
    /// Columns skipped at the left of messages when wrapping is off.
    public private(set) var horizontalOffset = 0

    public init(title: DeploymentTitle, utcOffsetSeconds: Int64 = 0) {
        self.title = title
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    // MARK: - Geometry

    /// Rows of the log pane: the screen less the header, the banners and the status line.
    public var paneHeight: Int { max(1, size.rows - 1 - statusRowCount - banners.count) }

    /// Rows of the status line: a message is wrapped onto up to three, so it reads whole.
    var statusRowCount: Int { prompt == nil ? message.map { statusLines(for: $0).count } ?? 1 : 1 }

    /// A message as status rows: wrapped at spaces, at most three, the last cut with `…`.
    func statusLines(for message: String) -> [String] {
        let lines = (" " + TerminalSanitizer.sanitize(message)).wordWrapped(toWidth: size.columns - 1)
        guard lines.count > 3 else { return lines }
        return Array(lines.prefix(2)) + [(lines[2] + " " + lines[3...].joined(separator: " ")).ellipsized(to: size.columns)]
    }

    /// Where the view is among the lines shown, as less shows it: `lines 1-28/1000 3%`. With
    /// a stream or `&` filter the lines counted are those it lets through (as lnav counts).
    var positionText: String {
        guard !layout.rows.isEmpty else { return "" }
        let last = min(top + paneHeight, layout.rows.count) - 1
        let first = layout.rows[top].item + 1, lastLine = layout.rows[last].item + 1
        return "lines \(first)-\(lastLine)/\(layout.visibleItems.count) \((last + 1) * 100 / layout.rows.count)%"
    }

    /// A failure that left nothing to show, shown as a screen of its own: following ended on
    /// an unknown deployment or a rejected token before any line came.
    public var fatalError: LogClientError? {
        guard let endedWith, items.isEmpty, [.notFound, .notAuthorized].contains(endedWith.exitStatus) else { return nil }
        return endedWith
    }

    /// The status `q` leaves with: that of the failure that ended following, else success.
    public var exitStatus: ExitStatus { endedWith?.exitStatus ?? .success }

    var maximumTop: Int { max(0, layout.rows.count - paneHeight) }

    // MARK: - Changing what is shown

    /// Replaces the items (after a fetch), keeping the reading position unless pinned.
    public mutating func setItems(_ newItems: [CachedItem]) {
        let oldLineCount = items.count
        if diagnosesLater { isDiagnosisStale = true } else { diagnose(newItems) }
        if keepPosition(afterReplacingWith: newItems) {
            newLinesBelow += max(0, newItems.count - oldLineCount)
        }
    }

    /// Replaces the items (a merged history after a fetch) and re-lays out, keeping the top
    /// line in view unless pinned: found by its value and which of the identical ones it was.
    /// Returns whether the position was kept (the view is scrolled up).
    @discardableResult
    private mutating func keepPosition(afterReplacingWith newItems: [CachedItem]) -> Bool {
        let anchor = isPinned ? nil : layout.rows[safe: top].map { (item: layout.visibleItems[$0.item],
                                                                      index: layout.itemIndices[$0.item]) }
        let oldItems = items
        items = newItems
        relayout()
        defer { refreshSearch() }
        var visibleIndex: Int?
        if let anchor {
            let occurrence = oldItems[...anchor.index].count { $0 == anchor.item }
            let index = items.indices.filter { items[$0] == anchor.item }.dropFirst(occurrence - 1).first
            visibleIndex = index.flatMap { index in layout.itemIndices.firstIndex { $0 >= index } }
        }
        if let visibleIndex, let row = layout.firstRow(ofItem: visibleIndex) {
            scrolledTop = min(row, maximumTop)
            return true
        }
        if isPinned { scrollToBottom() } else { scrolledTop = 0 }
        return false
    }

    /// Adds lines that came while following. Keeps the reading position (counting what
    /// arrived below it) unless pinned, and at most `limit` lines: the oldest go, a tenth of
    /// the limit at a time, their rows cut from the layout (nothing is laid out again). The
    /// diagnosis is not redone here (it reads every line): call ``refreshDiagnosis()`` now and then.
    public mutating func appendItems(_ newItems: [CachedItem], keepingLines limit: Int) {
        guard !newItems.isEmpty else { return }
        let start = items.count
        let firstNewRow = layout.rows.count
        items += newItems
        layout.append(items[start...])
        extendSearch(fromRow: firstNewRow)
        if items.count > limit + limit / 10 { dropOldest(keeping: limit) }
        if isPinned {
            scrollToBottom()
        } else {
            newLinesBelow += newItems.count { $0.entry != nil }
        }
        isDiagnosisStale = true
    }

    /// Forgets all but the newest `limit` items (and a gap marker that would lead), shifting
    /// what points into them: the layout's rows, the reader's place, matches and evidence.
    private mutating func dropOldest(keeping limit: Int) {
        var count = items.count - limit
        while count < items.count, items[count] == .gap { count += 1 }
        let droppedRows = layout.dropFront(items: count)
        items.removeFirst(count)
        scrolledTop = max(0, scrolledTop - droppedRows)
        if var shifted = search {
            let gone = shifted.matches.prefix { $0.row < droppedRows }.count
            shifted.matches = shifted.matches.dropFirst(gone).map { SearchMatch(row: $0.row - droppedRows, range: $0.range) }
            shifted.current = shifted.matches.isEmpty ? nil : shifted.current.map { max(0, $0 - gone) }
            search = shifted
        }
        evidenceItems = Set(evidenceItems.compactMap { $0 >= count ? $0 - count : nil })
    }

    /// Redoes the diagnosis after lines were appended.
    public mutating func refreshDiagnosis() {
        guard isDiagnosisStale else { return }
        diagnose()
    }

    /// Adopts a new screen size.
    public mutating func resize(to newSize: ScreenSize) {
        guard newSize != size else { return }
        size = newSize
        relayout()
        if isPinned { scrollToBottom() } else { scrolledTop = min(scrolledTop, maximumTop) }
        refreshSearch()
    }

    /// Diagnoses the items (or `newItems`), with the deployment's status; with several
    /// deployments, the one shown alone or else the first with something to say.
    mutating func diagnose(_ newItems: [CachedItem]? = nil) {
        isDiagnosisStale = false
        let found = fleet.diagnosis(of: newItems ?? items, failed: title.status == "failed")
        diagnosis = found.diagnosis
        fleet.diagnosed = found.deployment
        evidenceItems = Set(found.evidenceItems)
        // The line number counts one deployment's lines: said only when there is one.
        evidenceLine = fleet.isActive ? nil : diagnosis.firstEvidence.map { $0 + 1 }
    }

    mutating func relayout() {
        layout = PaneLayout(items: items, filter: filter, lineFilter: lineFilter, width: size.columns,
                            showsTimestamps: showsTimestamps, wraps: wraps,
                            deployment: fleet.shown?.id, keyWidth: fleet.keyWidth)
    }

    // MARK: - Scrolling

    mutating func scroll(to row: Int) {
        scrolledTop = min(max(0, row), maximumTop)
        isPinned = scrolledTop >= maximumTop
        if isPinned { newLinesBelow = 0 }
    }

    mutating func scrollToBottom() {
        scrolledTop = maximumTop
        isPinned = true
        newLinesBelow = 0
    }

    /// Scrolls just enough to show `row`, centring it when it is far away.
    mutating func reveal(row: Int) {
        if row < top || row >= top + paneHeight { scroll(to: row - paneHeight / 2) }
    }

    mutating func scrollSideways(by columns: Int) {
        horizontalOffset = max(0, horizontalOffset + columns)
    }
}

/// A terminal size in character cells.
public struct ScreenSize: Equatable, Sendable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
