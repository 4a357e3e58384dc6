import LogClient
import Testing
@testable import LogViewer

/// Builds states with fixed content and renders them at fixed sizes.
enum Fixture {
    static func line(_ second: Int64, _ message: String, _ stream: LogStream = .stdout) -> CachedItem {
        .line(LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: 1_795_867_200 + second, nanoseconds: 5_000_000),
                       stream: stream, message: message))
    }

    static func state(_ items: [CachedItem], columns: Int = 60, rows: Int = 8) -> ViewerState {
        var state = ViewerState(title: DeploymentTitle(id: "dec0de00", source: "http://127.0.0.1:8000"))
        state.freshness = .fetched(at: LogTimestamp(secondsSinceEpoch: 1_795_867_300))
        state.resize(to: ScreenSize(columns: columns, rows: rows))
        state.setItems(items)
        return state
    }

    static func numbered(_ count: Int) -> [CachedItem] {
        (1...count).map { line(Int64($0), "line \($0)", $0 % 3 == 0 ? .stderr : .stdout) }
    }
}

@Suite struct ScreenSnapshotTests {
    @Test func firstFrameShowsHeaderLinesAndHints() {
        // A stderr line that is no failure: the layout alone, no diagnosis banner.
        let state = Fixture.state([Fixture.line(0, "Starting npm package: x"), Fixture.line(1, "warn: slow start", .stderr)])
        #expect(ScreenRenderer.render(state).text == """
             dec0de00 │ fetched 12:01:40 │ filter: all │ out 1 · err 1
            12:00:00.005 [stdout] Starting npm package: x
            12:00:01.005 [stderr] warn: slow start




             q quit  ↑↓ PgUp PgDn scroll  ? help       lines 1-2/2 100%
            """)
    }

    @Test func stylesNameTheRoles() {
        let screen = ScreenRenderer.render(Fixture.state([Fixture.line(1, "warn: slow start", .stderr),
                                                           Fixture.line(2, "stopping the old worker", .stderr)]))
        #expect(screen.texts(in: 1, styled: .timestamp) == ["12:00:01.005 "])
        #expect(screen.texts(in: 1, styled: .tag) == ["[stderr] "])
        #expect(screen.texts(in: 1, styled: .warningText) == ["warn: slow start"], "a warning on stderr is no error")
        #expect(screen.texts(in: 2, styled: .stderrText) == ["stopping the old worker"])
        #expect(screen.rows[0].allSatisfy { $0.style == .header })
    }

    @Test func wrappedLinesAreIndentedUnderTheMessageAndWideCharactersTakeTwoColumns() {
        let state = Fixture.state([Fixture.line(0, "日本語のログ🚀 and a long tail of text"), Fixture.line(1, "e\u{301}te\u{301}")],
                                  columns: 36)
        let pane = ScreenRenderer.render(state).text.split(separator: "\n").dropFirst().prefix(4)
        #expect(pane.joined(separator: "\n") == """
            12:00:00.005 [stdout] 日本語のログ🚀
                                   and a long ta
                                  il of text
            12:00:01.005 [stdout] e\u{301}te\u{301}
            """)
        #expect(state.layout.rows.count == 4)
        #expect(DisplayWidth.of("日本語のログ🚀") == 14)
        #expect(DisplayWidth.of("e\u{301}te\u{301}") == 3)
    }

    @Test func tabsExpandAndControlsAreNeutralised() {
        let state = Fixture.state([Fixture.line(0, "a\tb \u{1B}]0;title\u{07}\u{1B}[2J")])
        #expect(state.layout.rows[0].text == "a       b ^[]0;title^G^[[2J")
        #expect(!ScreenRenderer.render(state).text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func aMegabyteLineIsCutWithANotice() {
        let state = Fixture.state([Fixture.line(0, String(repeating: "x", count: 1_048_576))], columns: 80, rows: 30)
        let rows = state.layout.rows
        #expect(rows.last?.text.hasSuffix("… 1.0 MB line truncated") == true)
        #expect(rows.map(\.text).joined().count < PaneLayout.maximumLineLength + 40)
    }

    @Test func emptyStatesSayWhatIsGoingOn() {
        #expect(ScreenRenderer.render(Fixture.state([])).text.contains("no logs yet for this deployment"))
        var onlyStdout = Fixture.state([Fixture.line(0, "ok")])
        _ = onlyStdout.apply(.showStderr)
        #expect(ScreenRenderer.render(onlyStdout).text.contains("no stderr lines (press s to show all)"))
    }

    @Test func tinyTerminalsGetANotice() {
        let screen = ScreenRenderer.render(Fixture.state(Fixture.numbered(5), columns: 19, rows: 4))
        #expect(screen.text.hasPrefix("window too small"))
        #expect(screen.rows.count == 4)
        let smallest = ScreenRenderer.render(Fixture.state(Fixture.numbered(5), columns: 20, rows: 5))
        #expect(smallest.rows.count == 5)
        #expect(smallest.rows.allSatisfy { DisplayWidth.of($0.map(\.text).joined()) <= 20 })
    }

    @Test func gapMarkersShowAsTheirOwnRow() {
        let state = Fixture.state([Fixture.line(0, "a"), .gap, Fixture.line(9, "z")])
        #expect(ScreenRenderer.render(state).rows[2] == [Span("… lines may be missing here …", .gap)])
    }

    @Test func offlineShowsABanner() {
        var state = Fixture.state([Fixture.line(0, "a")])
        state.freshness = .offline(cachedAt: nil, reason: "Cannot connect to 127.0.0.1: connection refused")
        state.resize(to: ScreenSize(columns: 61, rows: 8))
        let screen = ScreenRenderer.render(state)
        #expect(screen.texts(in: 1, styled: .banner).joined().hasPrefix(" offline — nothing cached: Cannot connect"))
        #expect(screen.rows.count == 8)
    }
}

@Suite struct ViewerReducerTests {
    @Test func theReadersPlaceAmongFiftyIdenticalLinesIsKept() {
        let same = (0..<50).map { _ in Fixture.line(7, "heartbeat") }
        var state = Fixture.state(Fixture.numbered(5) + same + Fixture.numbered(5), columns: 60, rows: 8)
        for _ in 1...12 { _ = state.handle(.character("k")) }
        let topItem = { (state: ViewerState) in state.layout.itemIndices[state.layout.rows[state.top].item] }
        let top = topItem(state)
        #expect(!state.isPinned && top > 10, "in the middle of the identical lines")
        for key: Character in ["t", "t", "w", "w", "s", "1"] {
            _ = state.handle(.character(key))
            #expect(topItem(state) == top, "after \(key) the view stays at item \(top), not the first duplicate")
        }
        state.setItems(state.items)
        #expect(topItem(state) == top, "a refetch of the same lines keeps the place too")
    }

    @Test func aBannerThatComesLaterKeepsThePinnedViewAtTheBottom() {
        var state = Fixture.state(Fixture.numbered(30))
        #expect(ScreenRenderer.render(state).text.contains("line 30"))
        state.title.adopt(DeploymentSummary(id: "dec0de00", name: "npm-404", status: "failed",
                                            errorMessage: "Package 'x' not found in npm or PyPI registries."))
        let screen = ScreenRenderer.render(state).text
        #expect(screen.contains("✖ failed: Package 'x' not found"))
        #expect(screen.contains("line 30"), "the newest line stays in view: \(screen)")
        for _ in 1...3 { _ = state.handle(.character("k")) }
        state.title.errorMessage = nil
        #expect(!ScreenRenderer.render(state).text.contains("line 30"), "scrolled up, the place is kept")
    }

    @Test func staysPinnedAsLinesArriveAndCountsNewLinesWhenScrolledUp() {
        var state = Fixture.state(Fixture.numbered(20), columns: 100)
        #expect(state.isPinned && state.top == 20 - state.paneHeight)
        state.setItems(Fixture.numbered(25))
        #expect(state.isPinned && state.top == 25 - state.paneHeight)
        _ = state.apply(.pageUp)
        let top = state.top
        state.setItems(Fixture.numbered(30))
        #expect(!state.isPinned && state.top == top)
        #expect(state.newLinesBelow == 5)
        #expect(ScreenRenderer.render(state).text.contains("↓ 5 new lines"))
        _ = state.apply(.bottom)
        #expect(state.newLinesBelow == 0 && state.isPinned)
    }

    @Test func appendedLinesKeepTheReadersPlaceEvenWhenTheOldestAreDropped() {
        var state = Fixture.state(Fixture.numbered(1000), columns: 100)
        state.appendItems(Array(Fixture.numbered(1010).suffix(10)), keepingLines: 1000)
        #expect(state.isPinned && state.layout.rows.last?.text == "line 1010")
        #expect(state.isDiagnosisStale)
        _ = state.apply(.pageUp)
        let topLine = state.layout.rows[state.top].text
        // 200 more go past the limit: the oldest are dropped, the reader stays on the same line.
        state.appendItems(Array(Fixture.numbered(1210).suffix(200)), keepingLines: 1000)
        #expect(state.items.count == 1000 && state.items.first == Fixture.numbered(211).last)
        #expect(!state.isPinned && state.layout.rows[state.top].text == topLine)
        #expect(state.newLinesBelow == 200)
        _ = state.apply(.bottom)
        #expect(state.layout.rows.last?.text == "line 1210" && state.newLinesBelow == 0)
    }

    @Test func droppingTheOldestLeavesTheSameLayoutMatchesAndEvidenceAsLayingOutAfresh() {
        let wrapping = "a long line that wraps: " + String(repeating: "x", count: 90)
        var items: [CachedItem] = (1...40).map { (number: Int) -> CachedItem in
            let stream: LogStream = number % 3 == 0 ? .stderr : .stdout
            return Fixture.line(Int64(number), number % 7 == 0 ? wrapping : "line \(number)", stream)
        }
        items += [.gap, Fixture.line(50, "npm ERR! code E404", .stderr)]
        var state = Fixture.state(items, columns: 60, rows: 10)
        state.filter = .stdout
        state.relayout()
        _ = state.handle(.character("/"))
        for character in "line" { _ = state.handle(.character(character)) }
        _ = state.handle(.enter)
        _ = state.handle(.character("n"))
        let currentMatch = state.search.flatMap { search in search.current.map { search.matches[$0] } }
        state.appendItems([Fixture.line(60, "line 60"), Fixture.line(61, "npm ERR! 404 Not Found - GET https://registry.npmjs.org/x - Not found", .stderr)],
                          keepingLines: 30)
        let fresh = PaneLayout(items: state.items, filter: .stdout, lineFilter: .none, width: 60, showsTimestamps: true, wraps: true)
        #expect(state.items.count == 30)
        #expect(state.layout == fresh, "cutting rows gives what laying out the kept items gives")
        let rematched = state.search.map { SearchState(pattern: $0.pattern, matches: $0.matches) }
        var again = state
        again.refreshSearch()
        #expect(rematched?.matches == again.search?.matches, "matches shifted with their rows")
        if let currentMatch, let current = state.search?.current {
            #expect(state.search?.matches[current].range == currentMatch.range, "the current match stays current")
        }
    }

    @Test func searchMatchesGrowWithAppendedLines() {
        var state = Fixture.state(Fixture.numbered(10), columns: 100)
        state.search = SearchState(pattern: "line 1")
        state.refreshSearch()
        #expect(state.search?.matches.count == 2)   // line 1, line 10
        state.appendItems([Fixture.line(11, "line 11"), Fixture.line(12, "other")], keepingLines: 1000)
        #expect(state.search?.matches.count == 3)
    }

    @Test func scrollingIsClamped() {
        var state = Fixture.state(Fixture.numbered(20))
        for _ in 0..<5 { _ = state.apply(.pageDown) }
        #expect(state.top == 20 - state.paneHeight)
        for _ in 0..<50 { _ = state.apply(.lineUp) }
        #expect(state.top == 0)
        _ = state.apply(.top)
        #expect(state.top == 0 && !state.isPinned)
        var short = Fixture.state(Fixture.numbered(2))
        _ = short.apply(.pageDown)
        #expect(short.top == 0)
    }

    @Test func filterCyclesAndKeepsTheTopLine() {
        var state = Fixture.state(Fixture.numbered(30))
        _ = state.apply(.top)
        #expect(state.filter == .all)
        _ = state.handle(.character("s"))
        #expect(state.filter == .stdout && state.layout.rows.count == 20)
        _ = state.handle(.character("s"))
        #expect(state.filter == .stderr && state.layout.rows.count == 10)
        _ = state.handle(.character("s"))
        #expect(state.filter == .all)
        _ = state.handle(.character("3"))
        #expect(state.filter == .stderr)
    }

    @Test func searchFindsHighlightsAndCycles() {
        var state = Fixture.state(Fixture.numbered(30), columns: 100)
        _ = state.handle(.character("/"))
        for character in "line 1" { _ = state.handle(.character(character)) }
        #expect(ScreenRenderer.render(state).text.hasSuffix("/line 1█"))
        _ = state.handle(.enter)
        let search = state.search
        #expect(search?.matches.count == 11)   // 1, 10–19
        let screen = ScreenRenderer.render(state)
        #expect(screen.text.contains("/line 1 1/11"))
        let currentRow = state.search.map { $0.matches[$0.current ?? 0].row - state.top + 1 } ?? 0
        #expect(screen.texts(in: currentRow, styled: .currentMatch) == ["line 1"])
        let first = state.search?.current
        _ = state.handle(.character("n"))
        #expect(state.search?.current == ((first ?? 0) + 1) % 11)
        _ = state.handle(.character("N"))
        #expect(state.search?.current == first)
    }

    @Test func searchIsCaseInsensitiveUnlessItHasCapitals() {
        var state = Fixture.state([Fixture.line(0, "Error here"), Fixture.line(1, "error there")])
        state.startSearch("error")
        #expect(state.search?.matches.count == 2)
        state.startSearch("Error")
        #expect(state.search?.matches.count == 1)
        state.startSearch("(")
        #expect(state.search == nil && state.message?.contains("not a valid regular expression") == true)
    }

    @Test func escapeCancelsTheSearchPrompt() {
        var state = Fixture.state(Fixture.numbered(3))
        _ = state.handle(.character("/"))
        _ = state.handle(.character("x"))
        _ = state.handle(.escape)
        #expect(state.prompt == nil && state.search == nil)
        #expect(state.handle(.character("q")) == .quit)
    }

    @Test func errorJumpsGoToStderrLines() {
        var state = Fixture.state(Fixture.numbered(30), rows: 6)
        _ = state.apply(.top)
        _ = state.handle(.character("e"))
        #expect(state.layout.visibleItems[state.layout.rows[state.top].item].entry?.message == "line 3")
        _ = state.handle(.character("e"))
        #expect(state.layout.visibleItems[state.layout.rows[state.top].item].entry?.message == "line 6")
        _ = state.handle(.character("E"))
        #expect(state.layout.visibleItems[state.layout.rows[state.top].item].entry?.message == "line 3")
    }

    @Test func togglesRelayout() {
        var state = Fixture.state([Fixture.line(0, String(repeating: "abcdefghij", count: 10))])
        #expect(state.layout.rows.count > 1)
        _ = state.handle(.character("w"))
        #expect(state.layout.rows.count == 1)
        _ = state.handle(.right)
        #expect(ScreenRenderer.render(state).rows[1].last?.text.hasPrefix("ijabcdefgh") == true)
        _ = state.handle(.character("t"))
        #expect(state.layout.prefixWidth == 9)
        #expect(!ScreenRenderer.render(state).text.contains("12:00:00"))
    }

    @Test func refreshAsksForAFetchOnceAtATime() {
        var state = Fixture.state(Fixture.numbered(3))
        #expect(state.handle(.character("r")) == .refetch)
        state.isFetching = true
        #expect(state.handle(.character("r")) == .none)
        #expect(ScreenRenderer.render(state).text.contains("refreshing…"))
    }

    @Test func helpListsEveryBindingOfTheOneTable() {
        var state = Fixture.state(Fixture.numbered(3), columns: 80, rows: 40)
        _ = state.handle(.character("?"))
        let text = ScreenRenderer.render(state).text
        for binding in KeyBindings.all {
            #expect(text.contains(binding.help), "help lacks \(binding.label)")
        }
        _ = state.handle(.character("x"))
        #expect(!state.showsHelp)
    }

    @Test func everyKeyOfTheTableMapsToItsAction() {
        for binding in KeyBindings.all {
            for key in binding.keys { #expect(KeyBindings.action(for: key) == binding.action) }
        }
        #expect(KeyBindings.action(for: .character("z")) == nil)
    }
}

@Suite struct DiagnosisBannerTests {
    static let failed: [CachedItem] = (1...30).map { Fixture.line(Int64($0), "installing step \($0)") }
        + [Fixture.line(40, "npm ERR! code E404", .stderr),
           Fixture.line(41, "npm ERR! 404  'ghost-mcp@*' is not in this registry.", .stderr)]
        + (1...10).map { Fixture.line(Int64(50 + $0), "mcp-proxy: retrying \($0)") }

    @Test func aFailureGetsABannerUnderTheHeader() {
        let state = Fixture.state(Self.failed, columns: 140, rows: 12)
        #expect(state.diagnosis.findings.first?.category == "npm_package_not_found")
        let screen = ScreenRenderer.render(state)
        let banner = screen.rows[1].map(\.text).joined()
        #expect(banner.hasPrefix(" ⚠ npm package 'ghost-mcp' does not exist on the registry (line 31, d shows it) — check the"))
        #expect(state.paneHeight == 12 - 3)
    }

    @Test func dJumpsToTheEvidenceAndUnderlinesIt() {
        var state = Fixture.state(Self.failed, columns: 140, rows: 12)
        _ = state.apply(.top)
        _ = state.handle(.character("d"))
        let screen = ScreenRenderer.render(state)
        let evidenceRows = screen.rows.indices.filter { !screen.texts(in: $0, styled: .evidence).isEmpty }
        #expect(evidenceRows.count == 2)
        #expect(screen.texts(in: evidenceRows[0], styled: .evidence) == ["npm ERR! code E404"])
        #expect(state.message?.hasPrefix("npm_package_not_found (evidence underlined): npm package") == true)
        #expect(state.message?.hasSuffix("a private package needs a registry token") == true, "the hint whole")
    }

    @Test func healthyLogsHaveNoBanner() {
        var state = Fixture.state(Fixture.numbered(10))
        #expect(state.diagnosis.isEmpty && state.banners.isEmpty)
        _ = state.handle(.character("d"))
        #expect(state.message == "no failure found in these lines")
    }
}
