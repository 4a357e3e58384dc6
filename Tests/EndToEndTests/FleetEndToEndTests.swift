import Foundation
import Testing
import TestSupport

/// Several deployments in one command, against the stand-in: merged order, keys and colours,
/// `--all` from both sources, one stream dropping while the others go on, `--output`.
@Suite struct FleetEndToEndTests {
    let server: StandInServer
    static let flyToken = "fly-fleet-token"

    init() throws {
        server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
    }

    private static let ids = ["a1fa0000-0000-4000-8000-000000000001", "be7a0000-0000-4000-8000-000000000002",
                              "9a33a000-0000-4000-8000-000000000003"]

    /// Three deployments whose lines share timestamps: alpha, beta, gamma.
    /// Seeds alpha, beta and gamma with lines of `day` (Fly keeps only the last 7 days: a test
    /// reading them from Fly passes a recent day).
    private func seedThree(day: String = "2026-11-30") throws {
        let stamp = { (second: Int) in "\(day)T00:00:0\(second)Z" }
        let lines: [[(Int, String, String)]] = [
            [(1, "stdout", "a1"), (2, "stdout", "same"), (2, "stdout", "same"), (3, "stderr", "a3")],
            [(2, "stdout", "same"), (2, "stdout", "b2"), (4, "stdout", "b4")],
            [(1, "stdout", "g1"), (3, "stdout", "g3")],
        ]
        for (index, name) in ["alpha", "beta", "gamma"].enumerated() {
            try server.ingest(Self.ids[index], ["name": name, "status": "running", "machine_id": "f1ee7\(index)",
                                                "logs": lines[index].map { ["timestamp": stamp($0.0), "stream": $0.1, "message": $0.2] }])
        }
    }

    private var flyEnvironment: [String: String] {
        server.clientEnvironment.merging(["FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL,
                                          "FLY_API_TOKEN": Self.flyToken]) { $1 }
    }

    @Test func linesOfThreeDeploymentsAreMergedByTimestampInAStableOrder() throws {
        try seedThree()
        let result = try server.runClient(["alpha", "beta", Self.ids[2], "--no-timestamps", "--no-cache"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines == ["alpha stdout a1", "gamma stdout g1", "alpha stdout same", "alpha stdout same",
                                       "beta  stdout same", "beta  stdout b2", "alpha stderr a3", "gamma stdout g3",
                                       "beta  stdout b4"])
        let json = try server.runClient(["gamma", "alpha", "--json", "-n", "1", "--no-cache"])
        #expect(json.stdoutLines == [
            "{\"timestamp\":\"2026-11-30T00:00:03Z\",\"stream\":\"stdout\",\"message\":\"g3\",\"deployment\":\"\(Self.ids[2])\",\"name\":\"gamma\"}",
            "{\"timestamp\":\"2026-11-30T00:00:03Z\",\"stream\":\"stderr\",\"message\":\"a3\",\"deployment\":\"\(Self.ids[0])\",\"name\":\"alpha\"}",
        ], "-n is per deployment; at one moment the order given decides")
    }

    @Test func eachKeyHasAColourOfItsOwnAndNoneIsStderrs() throws {
        try seedThree()
        let result = try server.runClient(["alpha", "beta", "gamma", "--color", "always", "--no-cache"])
        let keyColour = { (key: String) -> String? in
            result.stdoutLines.lazy.compactMap { line in line.firstMatch(of: try! Regex("\u{1B}\\[(\\d+)m\(key)\u{1B}\\[0m")) }
                .first.map { String($0.output[1].substring ?? "") }
        }
        let colours = ["alpha", "beta", "gamma"].compactMap(keyColour)
        #expect(colours.count == 3 && Set(colours).count == 3, "\(colours)")
        #expect(!colours.contains("31") && !colours.contains("91"), "red is stderr's colour")
        #expect(result.stdoutLines.contains { $0.contains("\u{1B}[31mstderr\u{1B}[0m \u{1B}[31ma3") }, "stderr stays red")
    }

    @Test func allReadsEveryDeploymentTheBackendListsNarrowedByStatus() throws {
        try seedThree()
        let all = try server.runClient(["--all", "-n", "1", "--no-timestamps", "--no-cache"])
        #expect(all.status == 0, "\(all.stderr)")
        let keys = Set(all.stdoutLines.map { String($0.prefix { $0 != " " }) })
        #expect(keys.isSuperset(of: ["alpha", "beta", "gamma", "ticktick", "npm-404"]), "\(keys)")
        let failed = try server.runClient(["--all", "--status", "failed", "-n", "1", "--no-timestamps", "--no-cache"])
        #expect(failed.stdoutLines.allSatisfy { $0.hasPrefix("npm-404 ") } && !failed.stdoutLines.isEmpty, "\(failed.stdoutLines)")
        let none = try server.runClient(["--all", "--status", "unhealthy", "--no-cache"])
        #expect(none.status == 3)
        #expect(none.stderr.contains("No deployment with status unhealthy is listed by the backend at"))
    }

    @Test func allWithFlyReadsEveryMachineOfTheApp() throws {
        let yesterday = Date(timeIntervalSinceNow: -86_400).ISO8601Format(.iso8601.year().month().day())
        try seedThree(day: yesterday)
        _ = try server.runClient(["alpha", "beta", "gamma", "-n", "1"])   // the cache now remembers their names
        let result = try server.runClient(["--all", "--source", "fly", "--status", "running", "-n", "1", "--no-timestamps"],
                                          environment: flyEnvironment)
        #expect(result.status == 0, "\(result.stderr)")
        let keys = Set(result.stdoutLines.map { String($0.prefix { $0 != " " }) })
        #expect(keys.isSuperset(of: ["alpha", "beta", "gamma"]), "running is Fly's started; names from the cache: \(keys)")
        #expect(!keys.contains("npm-404"), "its machine is stopped")
    }

    @Test func aDropOfOneDeploymentsStreamLeavesTheOthersAlone() throws {
        try seedThree()
        let client = try BackgroundClient(["alpha", "beta", "-f", "-n", "0", "--no-timestamps"],
                                          environment: server.clientEnvironment.merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 },
                                          filesNear: server.cacheHome)
        try client.waitUntil("both live") { $0.stderrLines.count { $0.contains("live (WebSocket stream") } == 2 }
        var expected: [String] = []
        for round in 0..<3 {
            for (index, name) in ["alpha", "beta"].enumerated() {
                try server.ingest(Self.ids[index], ["logs": [["stream": "stdout", "message": "\(name) \(round)"]]])
                expected.append("\(name == "beta" ? "beta " : name) stdout \(name) \(round)")
            }
            if round == 0 { try waitUntil("round 0") { client.stdoutLines.count == 2 } }
            if round == 0 { _ = try server.post("/_stand-in/deployments/\(Self.ids[0])/drop-stream", json: "{}") }
        }
        try client.waitUntil("every line") { $0.stdoutLines.count >= expected.count }
        usleep(500_000)
        #expect(Set(client.stdoutLines) == Set(expected) && client.stdoutLines.count == expected.count, "\(client.stdoutLines)")
        let notices = client.stderrLines
        #expect(notices.contains { $0.hasPrefix("catwalk-logs: alpha: disconnected: the server closed the live stream") }, "\(notices)")
        #expect(notices.contains { $0.hasPrefix("catwalk-logs: alpha: reconnected") })
        #expect(!notices.contains { $0.contains("beta: disconnected") }, "beta's stream was not touched")
    }

    @Test func oneUnknownDeploymentIsSaidAndTheOthersAreShown() throws {
        try seedThree()
        let result = try server.runClient(["alpha", "dead0000-0000-4000-8000-000000000000", "-n", "1", "--no-timestamps", "--no-cache"])
        #expect(result.status == 3)
        #expect(result.stdoutLines == ["alpha    stderr a3"], "keys padded to the widest, the unknown one's")
        #expect(result.stderr.contains("catwalk-logs: dead0000: Deployment dead0000-0000-4000-8000-000000000000 was not found"))
    }

    @Test func diagnoseGivesOneFindingPerDeployment() throws {
        let result = try server.runClient([StandInServer.Scenario.ticktick.id, "npm-404", "--diagnose"])
        #expect(result.status == 1)
        #expect(result.stdoutLines.first == "ticktick: No failure found in the logs.")
        #expect(result.stdoutLines.contains { $0.hasPrefix("npm-404: npm_package_not_found: ") })
    }

    @Test func outputWritesANewFileAndNeverReplacesOne() throws {
        try seedThree()
        let path = server.cacheHome + "-saved.ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let saved = try server.runClient(["alpha", "beta", "--output", path, "--no-cache"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdoutText.isEmpty)
        #expect(saved.stderr.contains("wrote 7 lines to \(path)."))
        let lines = fileLines(path)
        #expect(lines.count == 7 && lines.allSatisfy { $0.hasPrefix("{\"timestamp\"") && $0.contains("\"deployment\"") })
        let again = try server.runClient(["alpha", "--output", path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("Cannot write \(path) (it exists, and catwalk-logs never replaces a file unasked)"))
        #expect(fileLines(path).count == 7, "the file is untouched")
    }
}

/// The viewer with several deployments, in tmux: keys, Tab, and `S` saving what is shown.
@Suite struct FleetViewerEndToEndTests {
    let server: StandInServer

    init() throws {
        server = try StandInServer()
    }

    @Test func theSaveKeyWritesWhatIsShownAndAsksBeforeReplacing() throws {
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), "ticktick", "npm-404"],
                                       environment: server.clientEnvironment, columns: 120, rows: 20)
        try terminal.waitUntil("both deployments' lines") { $0.contains("npm-404  [stderr]") && $0.contains("ticktick [stdout]") }
        // The lines are painted first, diagnosed after.
        let screen = try terminal.waitUntil("the diagnosis") { $0.contains("⚠ npm-404: npm package 'nonexistent-package' does not exist") }
        #expect(screen.hasPrefix(" 2 deployments │"))
        #expect(screen.contains("ticktick 8 · npm-404 13"), "lines per deployment in the header")
        let styled = try terminal.capture(escapes: true).split(separator: "\n")
        for key in ["ticktick", "npm-404 "] {
            let row = try #require(styled.first { $0.contains(key + " ") && $0.contains("[std") })
            let colour = try #require(row.firstMatch(of: try Regex("\u{1B}\\[(\\d+)m\(key)"))?.output[1].substring)
            #expect(colour != "31" && colour != "91", "\(key) in stderr's colour: \(row)")
        }
        try terminal.press("Tab")
        try terminal.waitUntil("ticktick alone") { $0.hasPrefix(" 2 deployments · only ticktick") }
        let path = server.cacheHome + "-view.log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try terminal.type("S")
        try terminal.waitUntil("the file name prompt") { $0.contains("save to: catwalk-logs-ticktick-") }
        try terminal.press("C-u")
        try terminal.type(path)
        try terminal.press("Enter")
        try terminal.waitUntil("the saved message") { $0.contains("saved 8 lines to \(path)") }
        let saved = fileLines(path)
        #expect(saved.count == 8 && saved.allSatisfy { $0.contains(" ticktick stdout ") || $0.contains(" ticktick stderr ") }, "\(saved)")
        #expect(saved.last?.hasSuffix("ticktick stdout GET /status 200 OK (1.2 ms)") == true)
        try terminal.press("Tab")   // npm-404 alone
        try terminal.type("S")
        try terminal.press("C-u")
        try terminal.type(path)
        try terminal.press("Enter")
        try terminal.waitUntil("the question") { $0.contains("\(path) exists: replace it? (y/n)") }
        try terminal.type("y")
        try terminal.waitUntil("the second save") { $0.contains("saved 13 lines to \(path)") }
        #expect(fileLines(path).count == 13 && fileLines(path).allSatisfy { $0.contains(" npm-404  ") })
    }
}
