import LogClient
import Testing
@testable import LogViewer

/// The viewer with several deployments: the key column, Tab, per-deployment counts, a
/// banner that names the deployment; and saving what is shown (`S`).
@Suite struct FleetViewerTests {
    static let tags = DeploymentTag.tags(for: [("aaaaaaaa-0000-4000-8000-000000000001", "web"),
                                               ("bbbbbbbb-0000-4000-8000-000000000002", "npm-404")])

    static let items: [CachedItem] = [
        Fixture.line(0, "listening on :8080").tagged(tags[0]),
        Fixture.line(1, "npm ERR! code E404", .stderr).tagged(tags[1]),
        Fixture.line(2, "npm ERR! 404 Not Found - GET https://registry.npmjs.org/ghost - Not found", .stderr).tagged(tags[1]),
        Fixture.line(3, "GET /status 200").tagged(tags[0]),
    ]

    private func fleetState(columns: Int = 70, rows: Int = 9) -> ViewerState {
        var state = ViewerState(title: DeploymentTitle(id: "", source: "http://127.0.0.1:8000"))
        state.fleet = FleetView(deployments: Self.tags)
        state.now = LogTimestamp(secondsSinceEpoch: 1_795_867_300)
        state.freshness = .fetched(at: state.now)
        state.resize(to: ScreenSize(columns: columns, rows: rows))
        state.setItems(Self.items)
        return state
    }

    @Test func aKeyColumnLeadsEachLineInItsDeploymentsColour() {
        let screen = ScreenRenderer.render(fleetState())
        let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[0].hasPrefix(" 2 deployments │ fetched 12:01:40 │ filter: all │ web 2 · npm-404 2"))
        #expect(rows[1].hasPrefix(" ⚠ npm-404: npm package 'ghost' does not exist"), "the banner names the deployment")
        #expect(rows[2] == "12:00:00.005 web     [stdout] listening on :8080")
        #expect(rows[3] == "12:00:01.005 npm-404 [stderr] npm ERR! code E404")
        #expect(screen.texts(in: 2, styled: .key(Self.tags[0].color)) == ["web     "])
        #expect(screen.texts(in: 3, styled: .key(Self.tags[1].color)) == ["npm-404 "])
    }

    @Test func tabShowsEachDeploymentAloneThenAllAgain() {
        var state = fleetState()
        #expect(state.handle(.character("\t")) == .redraw)
        #expect(state.layout.visibleItems.allSatisfy { $0.entry?.deployment?.key == "web" })
        #expect(state.message == "showing only web (Tab: next)")
        #expect(ScreenRenderer.render(state).text.hasPrefix(" 2 deployments · only web │"))
        #expect(state.banners.isEmpty, "web has no failure")
        _ = state.handle(.character("\t"))
        #expect(state.layout.visibleItems.count == 2 && state.fleet.shown?.key == "npm-404")
        #expect(state.banners.first?.hasPrefix("⚠ npm-404: ") == true)
        _ = state.handle(.character("\t"))
        #expect(state.fleet.shown == nil && state.layout.visibleItems.count == 4)
    }

    @Test func tabWithOneDeploymentSaysWhatItIsFor() {
        var state = Fixture.state(Fixture.numbered(3))
        _ = state.handle(.character("\t"))
        #expect(state.message?.hasPrefix("one deployment is shown: Tab picks among several") == true)
    }

    @Test func aNoticeOfOneDeploymentCarriesItsKey() {
        var state = fleetState()
        state.apply(.memberNotice(Self.tags[1], .disconnected(reason: "the server closed the live stream", retryIn: .seconds(1))))
        #expect(state.message == "npm-404: disconnected: the server closed the live stream; retrying in 1 s.")
        state.apply(.memberEnded(Self.tags[0], .deploymentNotFound(Self.tags[0].id)))
        #expect(state.message?.hasPrefix("web: ") == true)
        #expect(state.endedWith == nil, "the others are still followed")
    }

    @Test func saveOffersANameAndAsksBeforeReplacing() {
        var state = fleetState()
        _ = state.handle(.character("\t"))
        _ = state.handle(.character("S"))
        #expect(state.prompt == Prompt(.saveAs, text: "catwalk-logs-web-20261128-120140.log"))
        #expect(ScreenRenderer.render(state).text.hasSuffix("save to: catwalk-logs-web-20261128-120140.log█"))
        for _ in 0..<"20261128-120140.log".count { _ = state.handle(.backspace) }
        for character in "x\u{1}.ndjson" { _ = state.handle(.character(character)) }
        #expect(state.handle(.enter) == .save(path: "catwalk-logs-web-x.ndjson", replacing: false), "control keys are not typed")
        _ = state.handle(.character("S"))
        for character in "\u{15}mine.log" { _ = state.handle(.character(character)) }
        #expect(state.prompt?.text == "mine.log", "Ctrl-U clears the offered name")
        _ = state.handle(.escape)
        #expect(state.shownItems.count == 2, "what is shown: web's lines")
        state.askToReplace("saved.log")
        #expect(ScreenRenderer.render(state).text.hasSuffix("saved.log exists: replace it? (y/n) █"))
        #expect(state.handle(.character("y")) == .save(path: "saved.log", replacing: true))
        state.askToReplace("saved.log")
        #expect(state.handle(.character("n")) == .redraw)
        #expect(state.message == "not saved: saved.log is left as it was")
    }
}
