import Foundation
import Testing
import TestSupport

/// For CI scripts: `wait`, time windows and cursor files, against the stand-in.
@Suite struct CIScriptingEndToEndTests {
    let server: StandInServer
    static let flyToken = "fly-ci-token"

    init() throws {
        server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
    }

    /// A deployment named `name` whose life the stand-in plays with `script`.
    private func deployment(_ number: Int, _ script: String, after: Double = 1) throws -> String {
        let id = "0ddba11a-0000-4000-8000-00000000010\(number)"
        try server.ingest(id, ["name": "life-\(script)", "status": "pending", "machine_id": "m10\(number)", "logs": [[String: String]]()])
        try server.post("/_stand-in/deployments/\(id)/lifecycle", json: "{\"script\": \"\(script)\", \"after\": \(after)}")
        return id
    }

    // MARK: - wait

    @Test func waitEndsZeroWhenTheDeploymentComesUpAndStays() throws {
        let id = try deployment(1, "comes-up")
        let result = try server.runClient(["wait", id, "--settle", "2", "--interval", "0.5", "--timeout", "30s"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.contains { $0.hasSuffix("stdout Weather MCP Server running on stdio") }, "the lines are followed")
        #expect(result.stderr.contains("deployment \(id) is up: running for 2.0 s without a restart"))
    }

    @Test func waitEndsSevenWithTheDiagnosisWhenItFails() throws {
        let id = try deployment(2, "fails")
        let result = try server.runClient(["wait", "life-fails", "--quiet", "--interval", "0.5", "--timeout", "30s"])
        #expect(result.status == 7)
        #expect(!result.stdoutText.contains("Installing packages"), "--quiet: no lines")
        #expect(result.stdoutLines.first == "npm_package_not_found: npm package 'ghost-mcp' does not exist on the registry (line 3)")
        #expect(result.stderr.hasPrefix("catwalk-logs: deployment \(id) failed (status failed) after "))
    }

    /// The README's recipe, `wait <id> > deploy.log`, on a deployment that had failed already:
    /// the log holds its lines, then the diagnosis, as when it fails during the wait.
    @Test func waitOnADeploymentThatHadFailedPrintsItsLinesBeforeTheOutcome() throws {
        let npm = StandInServer.Scenario.npm404
        let result = try server.runClient(["wait", npm.id, "--settle", "5", "--timeout", "10m", "--interval", "0.5"])
        #expect(result.status == 7)
        let lines = result.stdoutLines
        let installing = lines.firstIndex { $0.hasSuffix("stdout Installing packages...") }
        let diagnosis = lines.firstIndex { $0.hasPrefix("npm_package_not_found: ") }
        #expect(installing != nil && diagnosis != nil && installing! < diagnosis!, "lines first, then the diagnosis: \(lines)")
        #expect(lines.count { $0.hasSuffix("stdout Installing packages...") } == 1, "each line once")
    }

    /// `--timeout 10m` was a usage error for the logs (seconds only) but the way to write it for
    /// `wait`: one syntax now, and `wait` has a per-request limit too.
    @Test func timeoutsTakeOneDurationSyntax() throws {
        let npm = StandInServer.Scenario.npm404.id
        #expect(try server.runClient([npm, "--timeout", "10m", "-n", "1"]).status == 0)
        #expect(try server.runClient([npm, "--request-timeout", "30s", "-n", "1"]).status == 0)
        #expect(try server.runClient([npm, "--timeout", "30", "-n", "1"]).status == 0, "a bare number is seconds")
        let waited = try server.runClient(["wait", npm, "--timeout", "30s", "--request-timeout", "1m", "--quiet", "--interval", "0.5"])
        #expect(waited.status == 7, "\(waited.stderr)")
    }

    @Test func waitTellsACrashLoopFromARestart() throws {
        _ = try deployment(3, "crash-loop", after: 0.5)
        let result = try server.runClient(["wait", "life-crash-loop", "--json", "--interval", "0.5", "--timeout", "30s"])
        #expect(result.status == 7)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "crash_loop")
        #expect(object["restarts"] as? Int == 3)
        #expect((object["finding"] as? [String: Any])?["category"] as? String == "unhandled_exception")
        #expect(result.stdoutLines.count == 1, "--json: one object, nothing else")
    }

    @Test func waitEndsEightWhenTimeRunsOut() throws {
        let id = try deployment(4, "comes-up", after: 30)
        let result = try server.runClient(["wait", id, "--timeout", "2s", "--quiet", "--interval", "0.5"])
        #expect(result.status == 8)
        #expect(result.stderr.contains("did not settle after") && result.stderr.contains("(status starting)"))
    }

    @Test func waitReadsTheMachinesStateFromFly() throws {
        let id = try deployment(5, "comes-up")
        var environment = server.clientEnvironment
        environment.merge(["FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL,
                           "FLY_API_TOKEN": Self.flyToken, "CATWALK_API_URL": "http://127.0.0.1:9"]) { $1 }
        let result = try server.runClient(["wait", id, "--source", "fly", "--settle", "1", "--interval", "0.5", "--timeout", "30s"],
                                          environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("is up"))
    }

    // MARK: - Time windows

    private func seeded() throws -> String {
        let id = "0ddba11a-0000-4000-8000-000000000200"
        let now = Date().timeIntervalSince1970
        let logs = (0..<6).map { index -> [String: String] in
            let stamp = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: now - Double(5 - index) * 3600),
                                                    timeZone: .gmt, formatOptions: [.withInternetDateTime])
            return ["timestamp": stamp, "stream": "stdout", "message": "hour -\(5 - index)"]
        }
        try server.ingest(id, ["name": "hours", "machine_id": "m200", "logs": logs])
        return id
    }

    @Test(arguments: ["backend", "fly"])
    func sinceAndUntilPickTheWindowFromBothSources(source: String) throws {
        let id = try seeded()
        var environment = server.clientEnvironment
        environment.merge(["FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL,
                           "FLY_API_TOKEN": Self.flyToken]) { $1 }
        let since = try server.runClient([id, "--source", source, "--since", "150m", "--no-timestamps", "--no-cache"],
                                         environment: environment)
        #expect(since.stdoutLines == ["stdout hour -2", "stdout hour -1", "stdout hour -0"], "\(since.stderr)")
        let window = try server.runClient([id, "--source", source, "--since", "270m", "--until", "90m", "--json", "--no-cache"],
                                          environment: environment)
        #expect(window.stdoutLines.count == 3)
        #expect(window.stdoutLines.first?.contains("hour -4") == true && window.stdoutLines.last?.contains("hour -2") == true)
        let diagnosed = try server.runClient([id, "--source", source, "--until", "330m", "--diagnose", "--no-cache"],
                                             environment: environment)
        #expect(diagnosed.stderr.contains("no log lines to diagnose yet"), "the window is empty")
    }

    @Test func aSinceBeyondTheBackendsThousandLinesIsSaid() throws {
        let result = try server.runClient([StandInServer.Scenario.manyLines.id, "--since", "1d", "--no-cache"])
        #expect(result.stdoutLines.count == 1000)
        #expect(result.stderr.contains("--since reaches further back than the newest 1000 lines"))
    }

    // MARK: - Cursor files

    @Test func aCursorFilePrintsEachLineOnceAcrossRunsWithIdenticalLinesAtTheBoundary() throws {
        let id = "0ddba11a-0000-4000-8000-000000000300"
        let cursor = server.cacheHome + "-cursor.json"
        defer { try? FileManager.default.removeItem(atPath: cursor) }
        let stamp = { (second: Int) in "2026-11-30T00:00:0\(second)Z" }
        func store(_ lines: [(Int, String)]) throws {
            try server.ingest(id, ["logs": lines.map { ["timestamp": stamp($0.0), "stream": "stdout", "message": $0.1] }])
        }
        func run() throws -> [String] {
            let result = try server.runClient([id, "--cursor-file", cursor, "--no-timestamps"])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdoutLines
        }
        try store([(1, "a"), (2, "same"), (2, "same")])
        #expect(try run() == ["stdout a", "stdout same", "stdout same"])
        try store([(2, "same"), (3, "b")])
        #expect(try run() == ["stdout same", "stdout b"], "the third identical line is new; the first two are not")
        #expect(try run() == [], "nothing new")
        let saved = try String(contentsOfFile: cursor, encoding: .utf8)
        #expect(saved.contains("\"nanoseconds\""))
    }
}
