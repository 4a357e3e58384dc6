import Foundation
import Testing
import TestSupport

/// The real binary in a real terminal (tmux) against the real stand-in server.
@Suite struct ViewerEndToEndTests {
    let server: StandInServer

    init() throws {
        server = try StandInServer()
    }

    private func open(_ scenario: StandInServer.Scenario, _ extra: [String] = [], environment: [String: String]? = nil,
                      columns: Int = 120, rows: Int = 30) throws -> TmuxSession {
        try TmuxSession([ProcessRunner.product("catwalk-logs"), scenario.id] + extra,
                        environment: environment ?? server.clientEnvironment, columns: columns, rows: rows)
    }

    private func header(_ screen: String) -> String { String(screen.split(separator: "\n").first ?? "") }

    /// The first row of the log pane (below the header and any banner).
    private func firstPaneRow(_ screen: String) -> String {
        String(screen.split(separator: "\n").first { $0.contains(#/^\d\d:\d\d:\d\d\.\d{3} /#) } ?? "")
    }

    @Test func firstScreenShowsTheLinesWithStderrInRed() throws {
        let terminal = try open(.npm404)
        let screen = try terminal.waitUntil("the npm lines") { $0.contains("mcp-proxy: child process exited") }
        #expect(screen.contains("[stdout] Starting npm package: nonexistent-package"))
        #expect(header(screen).contains(StandInServer.Scenario.npm404.id))
        #expect(header(screen).contains("out 2 · err 11"))
        try terminal.waitUntil("the name and status from the deployment list") { header($0).contains("npm-404 · failed · ") }
        let colored = try terminal.capture(escapes: true)
        let errorLine = try #require(colored.split(separator: "\n").first { $0.contains("npm ERR! code E404") })
        #expect(errorLine.contains("\u{1B}[31m"), "stderr text must be red: \(errorLine)")
        let outLine = try #require(colored.split(separator: "\n").first { $0.contains("Installing packages") })
        #expect(!outLine.contains("\u{1B}[31m"))
    }

    @Test func theDiagnosisBannerNamesTheCauseAndDJumpsToIt() throws {
        let terminal = try open(.npm404, columns: 160, rows: 8)
        let screen = try terminal.waitUntil("the banner") { $0.contains("⚠ npm package 'nonexistent-package' does not exist") }
        #expect(screen.split(separator: "\n")[1].contains("(line 3, d shows it)"))
        try terminal.type("g")
        try terminal.type("d")
        try terminal.waitUntil("the jump to the evidence") { $0.contains("npm_package_not_found (evidence underlined)") }
        let styled = try terminal.capture(escapes: true)
        let evidence = try #require(styled.split(separator: "\n").first { $0.contains("npm ERR! code E404") })
        #expect(evidence.contains(/\x{1B}\[(\d*;)*4(;\d+)*m/), "the evidence is underlined: \(evidence)")
    }

    @Test func noColorFallsBackToBoldAndReverse() throws {
        var environment = server.clientEnvironment
        environment["NO_COLOR"] = "1"
        let terminal = try open(.npm404, environment: environment)
        try terminal.waitUntil("the lines") { $0.contains("mcp-proxy: child process exited") }
        let colored = try terminal.capture(escapes: true)
        #expect(!colored.contains("\u{1B}[31m") && !colored.contains("\u{1B}[33m"), "no colour with NO_COLOR")
        let errorLine = try #require(colored.split(separator: "\n").first { $0.contains("npm ERR! code E404") })
        #expect(errorLine.contains(/\x{1B}\[(\d*;)*1m/), "stderr text is bold instead: \(errorLine)")
    }

    @Test func openedOnOneStreamTheOtherComesBackWithOne() throws {
        let terminal = try open(.npm404, ["--stream", "stderr"])
        var screen = try terminal.waitUntil("the stderr lines") { $0.contains("filter: stderr") && $0.contains("npm ERR!") }
        #expect(!screen.contains("Installing"))
        try terminal.type("1")
        screen = try terminal.waitUntil("both streams") { $0.contains("filter: all") && $0.contains("Installing") }
        #expect(header(screen).contains("out 2 · err 11"), "stdout was read too: \(header(screen))")
    }

    @Test func dashNKeepsTheViewerToTheNewestLines() throws {
        let terminal = try open(.npm404, ["-n", "5"])
        let screen = try terminal.waitUntil("the newest lines") { $0.contains("mcp-proxy: child process exited") }
        #expect(screen.contains("lines 1-5/5"), "\(screen)")
        #expect(!screen.contains("Starting npm package"), "older lines than the newest 5 are not shown")
    }

    @Test func filterSearchAndErrorJumpWork() throws {
        // Fewer rows than lines, so that jumps scroll.
        let terminal = try open(.npm404, columns: 140, rows: 8)
        try terminal.waitUntil("the lines") { $0.contains("mcp-proxy") }
        try terminal.type("s")
        var screen = try terminal.waitUntil("the stdout filter") { $0.contains("filter: stdout") && $0.contains("Installing") }
        #expect(!screen.contains("npm ERR!"))
        try terminal.type("1")
        try terminal.waitUntil("all lines again") { $0.contains("filter: all") && $0.contains("npm ERR!") }
        try terminal.type("/registry")
        try terminal.press("Enter")
        screen = try terminal.waitUntil("the search result") { $0.contains("/registry 1/2") }
        let highlighted = try terminal.capture(escapes: true)
        #expect(highlighted.contains("\u{1B}[7m"), "matches must be highlighted")
        try terminal.type("n")
        try terminal.waitUntil("the second match") { $0.contains("/registry 2/2") }
        try terminal.type("g")
        try terminal.type("e")
        screen = try terminal.waitUntil("the jump to the first stderr line") {
            firstPaneRow($0).contains("[stderr] npm ERR! code E404")
        }
        try terminal.type("e")
        try terminal.waitUntil("the jump to the next stderr line") {
            firstPaneRow($0).contains("[stderr] npm ERR! 404 Not Found")
        }
    }

    @Test func followsLiveWhilePinnedAndCountsNewLinesWhenScrolledUp() throws {
        let deployment = StandInServer.Scenario.empty.id
        let terminal = try open(.empty, rows: 12)
        try terminal.waitUntil("live following") { header($0).contains("│ live · ") }
        try server.generate(deployment, rate: 20, seconds: 1)
        // Pinned: the newest line is on screen as it comes, without a key.
        let pinned = try terminal.waitUntil("the new lines at the bottom") { $0.contains("[stdout] line 20") }
        #expect(!header(pinned).contains("new lines"))
        try terminal.press("PPage")
        try terminal.waitUntil("the scroll") { !$0.contains("[stdout] line 20") }
        let late = (1...10).map { "{\"stream\": \"stdout\", \"message\": \"late line \($0)\"}" }
        try server.post("/_stand-in/deployments/\(deployment)/logs", json: "{\"logs\": [\(late.joined(separator: ","))]}")
        let scrolledUp = try terminal.waitUntil("the indicator") { header($0).contains("↓ 10 new lines") }
        #expect(!scrolledUp.contains("late line"), "a reader scrolled up keeps the place")
        try terminal.type("G")
        let bottom = try terminal.waitUntil("the bottom") { $0.contains("[stdout] late line 10") }
        #expect(!header(bottom).contains("new lines"))
    }

    @Test func refreshPicksUpNewLinesAndQuitGivesTheShellBack() throws {
        let terminal = try open(.ticktick)
        try terminal.waitUntil("the first lines") { $0.contains("GET /status 200 OK") }
        try server.post("/_stand-in/deployments/\(StandInServer.Scenario.ticktick.id)/logs",
                        json: "{\"logs\": [{\"stream\": \"stderr\", \"message\": \"ingested after start\"}]}")
        try terminal.type("r")
        try terminal.waitUntil("the new line") { $0.contains("ingested after start") }
        try terminal.type("q")
        let screen = try terminal.waitUntil("the shell") { $0.contains("EXIT=0") }
        #expect(!screen.contains("[stdout]"), "the viewer's screen must be gone after q")
    }

    @Test func resizeRedraws() throws {
        let terminal = try open(.npm404)
        try terminal.waitUntil("the lines") { $0.contains("mcp-proxy") }
        try terminal.resize(columns: 50, rows: 12)
        let narrow = try terminal.waitUntil("the narrow layout") { screen in
            screen.split(separator: "\n").count <= 12 && screen.contains("                      ")
        }
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 50 })
        try terminal.resize(columns: 15, rows: 4)
        try terminal.waitUntil("the too-small notice") { $0.contains("window too sma") }
        try terminal.resize(columns: 120, rows: 30)
        try terminal.waitUntil("the full layout again") { $0.contains("Starting npm package") }
    }

    @Test func hostileTextLeavesNoTrace() throws {
        let terminal = try open(.hostile)
        try terminal.waitUntil("the hostile lines") { $0.contains("after the 1 MB line") }
        #expect(try terminal.display("#{pane_title}") != "pwned title")
        try terminal.type("g")
        // The whole top page, not a half-painted one.
        let screen = try terminal.waitUntil("the top") { $0.contains("clear screen") && $0.contains("A 1 MB line begins") }
        #expect(screen.contains("clear screen: ^[[2J^[[H"))
        #expect(screen.contains("window title: ^[]0;pwned title^G end"))
        #expect(screen.contains("A 1 MB line begins"))
        #expect(screen.contains("日本語のログ"))
        #expect(header(screen).contains(StandInServer.Scenario.hostile.id), "the screen was not cleared")
        try terminal.type("G")
        try terminal.waitUntil("the truncation notice") { $0.contains("1.0 MB line truncated") }
        #expect(try terminal.buffers().isEmpty, "no clipboard write may reach the terminal")
    }

    @Test func unreachableBackendShowsItsSentenceInsteadOfDying() throws {
        var environment = server.clientEnvironment
        environment["CATWALK_API_URL"] = "http://127.0.0.1:9"
        let terminal = try open(.ticktick, environment: environment)
        let screen = try terminal.waitUntil("the error sentence") { $0.contains("connection refused") }
        #expect(screen.contains("offline"))
        try terminal.type("q")
        try terminal.waitUntil("the shell") { $0.contains("EXIT=0") }
    }

    /// Opened while the backend is down (the cached lines, `offline — cached …`), then the
    /// backend comes back on the same port: the header says `live` again and the banner goes.
    @Test func aViewerOpenedOfflineGoesLiveWhenTheBackendComesBack() throws {
        #expect(try server.runClient([StandInServer.Scenario.npm404.id, "-n", "5"]).status == 0)
        server.stop()
        let terminal = try open(.npm404)
        try terminal.waitUntil("offline, with the cached lines") { screen in
            header(screen).contains("offline — cached") && screen.contains("child process exited with code 1")
        }
        try server.restart()
        let screen = try terminal.waitUntil("live again", seconds: 40) { screen in
            header(screen).contains("live") && !screen.contains("offline")
        }
        #expect(screen.contains("child process exited with code 1"))
    }

    @Test func ctrlCRestoresTheTerminalAndExits130() throws {
        let terminal = try open(.ticktick)
        try terminal.waitUntil("the first lines") { $0.contains("GET /status") }
        try terminal.press("C-c")
        let screen = try terminal.waitUntil("the shell") { $0.contains("EXIT=130") }
        #expect(!screen.contains("[stdout]"))
    }

    @Test(arguments: [("TERM", 143), ("HUP", 129)])
    func terminationSignalsRestoreTheTerminal(signal: String, status: Int) throws {
        let terminal = try open(.ticktick)
        try terminal.waitUntil("the first lines") { $0.contains("GET /status") }
        try terminal.signalProgram(signal)
        let screen = try terminal.waitUntil("the shell") { $0.contains("EXIT=\(status)") }
        #expect(!screen.contains("[stdout]"))
    }

    @Test func helpComesFromTheKeyTable() throws {
        let terminal = try open(.ticktick, rows: 40)
        try terminal.waitUntil("the first lines") { $0.contains("GET /status") }
        try terminal.type("?")
        let screen = try terminal.waitUntil("the help") { $0.contains("Keys (q, Esc or ? closes this help") }
        #expect(screen.contains("filter: all → stdout → stderr"))
        try terminal.type("x")
        try terminal.waitUntil("the lines again") { $0.contains("GET /status") }
    }

    @Test(arguments: [("3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b", "test-token-5ecr3t", 3, "was not found"),
                      (StandInServer.Scenario.ticktick.id, "a-wrong-token", 4, "rejected the token")])
    func aFatalErrorHasAScreenOfItsOwnAndTheExitCodeOfPlainMode(id: String, token: String, status: Int, sentence: String) throws {
        var environment = server.clientEnvironment
        environment["CATWALK_TOKEN"] = token
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), id], environment: environment, columns: 80, rows: 20)
        let screen = try terminal.waitUntil("the fatal screen") { $0.contains("Press q to leave (exit status \(status))") }
        #expect(screen.contains(sentence))
        #expect(!screen.contains("offline"))
        try terminal.type("q")
        try terminal.waitUntil("the shell") { $0.contains("EXIT=\(status)") }
    }

    @Test func atSixtyByTwentyTheHeaderKeepsModeAndFilterAndHelpScrolls() throws {
        let terminal = try open(.npm404, columns: 60, rows: 20)
        let screen = try terminal.waitUntil("the lines") { $0.contains("mcp-proxy: child process exited") && $0.contains("live") }
        let header = String(screen.split(separator: "\n").first ?? "")
        #expect(header.contains("live · ") && header.contains("filter: all"), "\(header)")
        #expect(screen.split(separator: "\n").last?.contains("? help") == true)
        try terminal.type("?")
        try terminal.waitUntil("the help") { $0.contains("Keys (q, Esc or ? closes") }
        for _ in 1...15 { try terminal.type("j") }
        try terminal.waitUntil("the help's last rows") { $0.contains("pause/resume live updates") }
        try terminal.type("q")
        try terminal.waitUntil("the lines again, still running") { $0.contains("mcp-proxy: child process exited") }
    }
}
