import LogClient
import Testing
@testable import LogViewer

/// What a new user met at small sizes and with long sentences (issue 17): nothing is cut
/// silently, the important header fields stay, help scrolls, fatal errors have a screen.
@Suite struct ViewerChromeTests {
    private func following(columns: Int, rows: Int) -> ViewerState {
        var state = ViewerState(title: DeploymentTitle(id: "dec0de00-0000-4000-8000-000000000002", source: "the Catwalk backend at https://catwalk.example"))
        state.now = LogTimestamp(secondsSinceEpoch: 1_795_867_300)
        state.resize(to: ScreenSize(columns: columns, rows: rows))
        state.restart()
        state.apply(.lines(Fixture.numbered(466)))
        state.apply(.notice(.following(.live, source: "x", reason: nil)))
        state.apply(.summary(DeploymentSummary(id: "dec0de00", name: "a-rather-long-deployment-name", status: "running")))
        return state
    }

    @Test(arguments: [60, 80, 120])
    func theHeaderKeepsTheModeAndFilterAndNeverCutsAField(columns: Int) {
        let header = ScreenRenderer.render(following(columns: columns, rows: 20)).text.split(separator: "\n")[0]
        #expect(header.contains("live · ") && header.contains("filter: all"), "\(header)")
        if header.contains("out ") { #expect(header.contains("out 311 · err 155"), "a count is whole or absent: \(header)") }
        #expect(!header.contains("the Catwalk backend at https://catwalk.ex") || header.contains("catwalk.example"))
    }

    @Test func cutTextEndsWithAnEllipsis() {
        #expect("abcdefghij".ellipsized(to: 5) == "abcd…")
        #expect("abc".ellipsized(to: 5) == "abc")
    }

    @Test func aLongMessageWrapsSoItCanBeReadWhole() {
        var state = following(columns: 40, rows: 20)
        let before = state.paneHeight
        state.message = "The backend rejected the token: it may have expired; sign in again and update CATWALK_TOKEN."
        let screen = ScreenRenderer.render(state)
        let status = screen.rows.suffix(3).map { $0.map(\.text).joined() }.joined(separator: " ")
        #expect(status.contains("sign in again") && status.contains("CATWALK_TOKEN."), "\(status)")
        #expect(state.paneHeight == before - 2)
        #expect(screen.rows.count == 20)
    }

    @Test func theStatusLineSaysWhereTheViewIsAndAlwaysOffersHelp() {
        let state = following(columns: 60, rows: 20)
        let status = ScreenRenderer.render(state).text.split(separator: "\n").last ?? ""
        #expect(status.contains("? help"))
        #expect(status.contains("/466 100%"), "\(status)")
    }

    @Test func helpScrollsAndQLeavesItWithoutQuitting() {
        var state = following(columns: 60, rows: 20)
        _ = state.handle(.character("?"))
        #expect(!ScreenRenderer.render(state).text.contains("pause/resume"), "at 60×20 the last rows are below")
        for _ in 1...20 { _ = state.handle(.character("j")) }
        #expect(ScreenRenderer.render(state).text.contains("pause/resume"))
        #expect(state.handle(.character("q")) == .redraw)
        #expect(!state.showsHelp)
    }

    @Test func ampersandShowsOnlyMatchingLinesAndEmptyShowsAllAgain() {
        var state = following(columns: 80, rows: 20)
        _ = state.handle(.character("&"))
        for character in "line 4\\d$" { _ = state.handle(.character(character)) }
        _ = state.handle(.enter)
        #expect(state.layout.visibleItems.count == 10, "line 40 … line 49")
        #expect(ScreenRenderer.render(state).text.split(separator: "\n")[0].contains("&line 4\\d$"))
        _ = state.handle(.character("&"))
        #expect(state.prompt?.text == "", "the prompt opens empty, as less's")
        _ = state.handle(.enter)
        #expect(state.layout.visibleItems.count == 466, "& then Enter clears the filter")
    }

    /// With one stream shown, the status line counts the lines shown (as lnav does), not
    /// their places among all the lines.
    @Test func thePositionCountsTheLinesShown() {
        var state = following(columns: 120, rows: 20)
        _ = state.handle(.character("g"))
        _ = state.handle(.character("3"))
        let status = ScreenRenderer.render(state).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.hasSuffix("lines 1-\(state.paneHeight)/155 \(state.paneHeight * 100 / 155)%"), "\(status)")
        _ = state.handle(.character("G"))
        let end = ScreenRenderer.render(state).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(end.hasSuffix("lines \(155 - state.paneHeight + 1)-155/155 100%"), "\(end)")
    }

    @Test func anEmptySearchRepeatsTheLastOne() {
        var state = following(columns: 80, rows: 20)
        _ = state.handle(.character("/"))
        for character in "line 1" { _ = state.handle(.character(character)) }
        _ = state.handle(.enter)
        let first = state.search?.current
        _ = state.handle(.character("/"))
        _ = state.handle(.enter)
        #expect(state.search?.current != first, "moved to the next match")
        #expect(state.search?.pattern == "line 1")
    }

    @Test func anUnknownDeploymentGetsAScreenOfItsOwnAndItsExitStatus() {
        var state = ViewerState(title: DeploymentTitle(id: "3f2b9c1e", source: "x"))
        state.resize(to: ScreenSize(columns: 60, rows: 12))
        state.restart()
        state.apply(.ended(.deploymentNotFound("3f2b9c1e")))
        let text = ScreenRenderer.render(state).text
        #expect(text.contains("Deployment 3f2b9c1e was not found"))
        #expect(text.contains("Press q to leave (exit status 3)."))
        #expect(state.exitStatus == .notFound)
        #expect(!text.contains("offline"))
    }
}

/// The help and the header at 60×20, the size a new user met them cut at (issue 28).
@Suite struct NarrowChromeTests {
    private func state(columns: Int) -> ViewerState {
        var state = ViewerState(title: DeploymentTitle(id: "dec0de00-0000-4000-8000-000000000002", source: "the Catwalk backend at https://catwalk.example"))
        state.resize(to: ScreenSize(columns: columns, rows: 20))
        state.restart()
        state.apply(.lines(Fixture.numbered(466)))
        state.apply(.notice(.following(.live, source: "x", reason: nil)))
        return state
    }

    @Test func everyHelpTextReadsWholeAt60Columns() {
        var state = state(columns: 60)
        _ = state.handle(.character("?"))
        var pages = ""
        for _ in 0..<4 {
            pages += ScreenRenderer.render(state).rows.dropFirst().dropLast().map { $0.map(\.text).joined() }.joined(separator: "\n") + "\n"
            _ = state.handle(.pageDown)
        }
        #expect(!pages.contains("…"), "nothing is cut")
        let words = Set(pages.split(whereSeparator: { $0 == " " || $0 == "\n" }))
        for binding in KeyBindings.all {
            for word in binding.help.split(separator: " ") { #expect(words.contains(word), "'\(word)' of \(binding.label)") }
        }
    }

    @Test(arguments: [60, 80])
    func theCountsOfWhatIsShownStayWhenOneStreamIsShown(columns: Int) {
        var state = state(columns: columns)
        _ = state.handle(.character("3"))
        let header = ScreenRenderer.render(state).text.split(separator: "\n")[0]
        #expect(header.contains("filter: stderr") && header.contains("err 155"), "\(header)")
    }
}
