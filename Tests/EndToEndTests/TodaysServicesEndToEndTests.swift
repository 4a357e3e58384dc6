import Foundation
import Testing
import TestSupport

/// The services as they exist today: Fly's real paging, a deployment's machine found on Fly
/// with nothing but a Fly token, and the Catwalk backend deployed now (`--upstream`: no logs
/// routes, no `machine_id`, 5-minute tokens).
@Suite struct TodaysServicesEndToEndTests {
    static let flyToken = "fm2_test-macaroon-t0ken"
    static let npm404 = StandInServer.Scenario.npm404.id
    static let machine = "e784e900000002"

    /// Every value of the stand-in's that must never leave catwalk-logs: the backend token,
    /// the Fly token, the machines' planted env secrets, the upstream list's access tokens.
    static let secrets = [flyToken, "planted"]

    private func environment(_ server: StandInServer, backend: String? = nil) -> [String: String] {
        server.clientEnvironment.merging([
            "FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL, "FLY_API_TOKEN": Self.flyToken,
            "CATWALK_API_URL": backend ?? server.baseURL, "HOME": server.cacheHome,
        ]) { $1 }
    }

    private func run(_ server: StandInServer, _ arguments: [String], _ environment: [String: String]) throws -> ProcessResult {
        try server.runClient(arguments, environment: environment, secrets: Self.secrets)
    }

    // MARK: - Fly's history

    @Test func theNewestThousandOfThreeDaysOfLinesExactly() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken, "--no-scenarios"])
        let id = "0ddba11a-0000-4000-8000-000000005000"
        let now = Date().timeIntervalSince1970
        let lines: [[String: String]] = (0..<5000).map { index in
            let seconds = now - 3 * 86_400 + Double(index) * (3 * 86_400 - 60) / 5000
            let stamp = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: seconds), timeZone: .gmt,
                                                    formatOptions: [.withInternetDateTime, .withFractionalSeconds])
            return ["timestamp": stamp, "stream": index % 7 == 0 ? "stderr" : "stdout", "message": "line \(index + 1) of 5000"]
        }
        try server.ingest(id, ["name": "chatty", "machine_id": "m5000", "logs": lines])
        let before = try server.logRequestCount()
        let result = try run(server, [id, "--source", "fly", "-n", "1000", "--no-timestamps", "--no-cache"], environment(server))
        let requests = try server.logRequestCount() - before
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.map { String($0.split(separator: " ", maxSplits: 1)[1]) }
                == (4001...5000).map { "line \($0) of 5000" })
        #expect(requests <= 13, "\(requests) requests for the newest 1000 of 5000 lines")
        print("fly-history-requests: \(requests) for the newest 1000 of 5000 lines over 3 days")
    }

    @Test func aFlyWindowThatCannotReachTheCacheLeavesAGapMarker() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken, "--no-scenarios"])
        let id = "0ddba11a-0000-4000-8000-000000000300"
        let batch = { (range: ClosedRange<Int>) in range.map { ["stream": "stdout", "message": "line \($0)"] } }
        try server.ingest(id, ["name": "gappy", "machine_id": "mgap", "logs": batch(1...300)])
        #expect(try run(server, [id, "--source", "fly", "-n", "100"], environment(server)).status == 0)
        try server.ingest(id, ["logs": batch(301...700)])
        #expect(try run(server, [id, "--source", "fly", "-n", "100"], environment(server)).status == 0)
        let cached = try run(server, [id, "--source", "fly", "--offline", "-n", "1000", "--no-timestamps"], environment(server))
        #expect(cached.stdoutLines.count == 201)
        #expect(cached.stdoutLines[100].contains("lines may be missing here"), "lines 301-600 were never read")
    }

    // MARK: - The deployment's machine, found on Fly

    @Test func withNoBackendAtAllTheMachineIsFoundByItsDeploymentID() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
        let environment = environment(server, backend: "http://127.0.0.1:9")
        let first = try run(server, [Self.npm404, "--source", "fly", "-n", "3", "--no-timestamps"], environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdoutLines.last == "stderr mcp-proxy: child process exited with code 1")
        #expect(try server.statistic("machine_requests") == 1, "one list of the app's machines")
        let again = try run(server, [Self.npm404, "-n", "1", "--no-timestamps"], environment)
        #expect(again.status == 0)
        #expect(again.stderr.contains("is unreachable") && again.stderr.contains("reading from Fly (app catwalk-live-mcp-servers, machine \(Self.machine))"))
        #expect(try server.statistic("machine_requests") == 1, "the machine is remembered in the cache")
        let cacheFiles = try FileManager.default.subpathsOfDirectory(atPath: server.cacheHome)
            .map { server.cacheHome + "/" + $0 }.filter { !$0.hasSuffix(".fly") }
        for file in cacheFiles {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            for secret in Self.secrets + ["0penai", "ghp_"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(file)")
            }
        }
    }

    @Test func severalMachinesGiveTheNewestAndNoneGivesASentence() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
        try server.post("/_stand-in/machines", json: """
            {"id": "e784e9000000ff", "deployment_id": "\(Self.npm404)", "created_at": "2099-01-01T00:00:00Z"}
            """)
        let several = try run(server, [Self.npm404, "--source", "fly"], environment(server))
        #expect(several.status == 0)
        #expect(several.stderr.contains("2 Fly machines carry DEPLOYMENT_ID \(Self.npm404); reading the newest, e784e9000000ff."))
        let none = try run(server, ["3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b", "--source", "fly"], environment(server))
        #expect(none.status == 3)
        #expect(none.stderr.contains("No machine of Fly app catwalk-live-mcp-servers carries DEPLOYMENT_ID 3f2b9c1e"))
    }

    /// An out-of-memory kill leaves no line behind; Fly's machine events say it (issue 27).
    @Test func flysExitEventsNameAnOutOfMemoryKillAndAnExitCode() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
        let id = "dec0de00-0000-4000-8000-00000000f1ee"
        try server.ingest(id, ["name": "heavy-mcp", "status": "failed", "machine_id": "m0000000000f1e",
                               "logs": [["stream": "stdout", "message": "loading the embeddings model"]]])
        try server.post("/_stand-in/machines", json: """
            {"id": "m0000000000f1e", "deployment_id": "\(id)", "state": "stopped", "exit": {"exit_code": 137, "oom_killed": true}}
            """)
        let killed = try run(server, [id, "--source", "fly", "--diagnose"], environment(server))
        #expect(killed.status == 1, "\(killed.stderr)")
        #expect(killed.stdoutText.hasPrefix("out_of_memory: the machine was killed for running out of memory: exit code 137 (SIGKILL)"),
                "\(killed.stdoutText)")
        try server.post("/_stand-in/machines", json: """
            {"id": "m0000000000f1e", "deployment_id": "\(id)", "state": "stopped", "exit": {"exit_code": 3}}
            """)
        let crashed = try run(server, [id, "--source", "fly", "--diagnose", "--json"], environment(server))
        #expect(crashed.status == 0, "no cause found: 0, as documented")
        #expect(crashed.stdoutText.contains(#""category":null"#) && crashed.stdoutText.contains("the machine ended with exit code 3"),
                "\(crashed.stdoutText)")
    }

    // MARK: - The backend deployed today

    @Test func aBackendWithoutALogsEndpointIsNamedAndItsErrorMessageShown() throws {
        let server = try StandInServer(arguments: ["--upstream", "--fly-token", Self.flyToken])
        var environment = environment(server)
        environment["FLY_API_TOKEN"] = nil
        let result = try run(server, [Self.npm404], environment)
        #expect(result.status == 5)
        #expect(result.stderr.contains("deployment npm-404 (\(Self.npm404)) is failed: Package 'nonexistent-package' not found in npm or PyPI registries."))
        #expect(result.stderr.contains("has no logs endpoint") && result.stderr.contains("FLY_API_TOKEN"))
        #expect(!result.stderr.contains("was not found"))
        let diagnosed = try run(server, [Self.npm404, "--diagnose"], environment)
        #expect(diagnosed.status == 1, "\(diagnosed.stdoutText)")
        #expect(diagnosed.stdoutText.contains("npm package 'nonexistent-package' does not exist"))
    }

    @Test func aBackendWithoutALogsEndpointGivesWayToFly() throws {
        let server = try StandInServer(arguments: ["--upstream", "--fly-token", Self.flyToken])
        let result = try run(server, [Self.npm404, "-n", "2", "--no-timestamps"], environment(server))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.last == "stderr mcp-proxy: child process exited with code 1")
        #expect(result.stderr.contains("has no logs endpoint — reading from Fly (app catwalk-live-mcp-servers, machine \(Self.machine)) instead."))
        let follow = try BackgroundClient([Self.npm404, "-f", "-n", "1", "--no-timestamps"], environment: environment(server),
                                          filesNear: server.cacheHome)
        try follow.waitUntil("the backlog") { $0.stdoutLines.count == 1 }
        try server.generate(Self.npm404, rate: 20, seconds: 1)
        try follow.waitUntil("the new lines") { $0.stdoutLines.count == 21 }
        #expect(Array(follow.stdoutLines.dropFirst()) == StandInServer.generatedLines(20))
    }

    @Test(arguments: [
        ("not-a-token", 4, "Invalid token"),
        ("", 4, "Not signed in"),
    ])
    func theListSaysWhetherTheTokenIsTheProblem(token: String, status: Int32, sentence: String) throws {
        let server = try StandInServer(arguments: ["--upstream"])
        var environment = server.clientEnvironment
        environment["CATWALK_TOKEN"] = token
        let result = try run(server, [Self.npm404], environment)
        #expect(result.status == status)
        #expect(result.stderr.contains(sentence), "\(result.stderr)")
        let unknown = try run(server, ["3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b"], server.clientEnvironment)
        #expect(unknown.status == 3 && unknown.stderr.contains("was not found"))
    }

    @Test func anExpiredTokenIsNamedAsSuch() throws {
        let server = try StandInServer(arguments: ["--upstream"])
        let token = try server.post("/_stand-in/tokens?ttl=0.1", json: "{}").trimmingCharacters(in: .whitespacesAndNewlines)
        usleep(200_000)
        var environment = server.clientEnvironment
        environment["CATWALK_TOKEN"] = token
        let result = try server.runClient([Self.npm404], environment: environment, secrets: [token])
        #expect(result.status == 4)
        #expect(result.stderr.contains("Token has expired. Please log in again.") && result.stderr.contains("--token-command"))
    }

    // MARK: - Tokens

    @Test func aTokenCommandIsRunAgainWhenItsTokenExpires() throws {
        let server = try StandInServer()
        var environment = server.clientEnvironment
        environment["CATWALK_TOKEN"] = nil
        environment["CATWALK_TOKEN_COMMAND"] = "curl -sf -X POST \(server.baseURL)/_stand-in/tokens?ttl=1"
        let ticktick = StandInServer.Scenario.ticktick.id
        let follow = try BackgroundClient([ticktick, "-f", "--poll", "--interval", "0.5", "-n", "1", "--no-timestamps"],
                                          environment: environment, filesNear: server.cacheHome)
        try follow.waitUntil("the backlog") { $0.stdoutLines.count == 1 }
        try server.generate(ticktick, rate: 10, seconds: 3)
        try follow.waitUntil("every new line", seconds: 15) { $0.stdoutLines.count == 31 }
        #expect(Array(follow.stdoutLines.dropFirst()) == StandInServer.generatedLines(30))
        #expect(try server.statistic("tokens_minted") >= 2, "the command ran again after its token expired")
        #expect(!follow.stderrLines.contains { $0.contains("rejected") })
    }

    @Test func aFailingTokenCommandIsNotSignedIn() throws {
        let server = try StandInServer()
        var environment = server.clientEnvironment
        environment["CATWALK_TOKEN_COMMAND"] = "echo oops >&2; exit 3"
        let result = try server.runClient([StandInServer.Scenario.ticktick.id], environment: environment)
        #expect(result.status == 4)
        #expect(result.stderr.contains("The token command") && result.stderr.contains("exited with status 3"))
        #expect(!result.stderr.contains("oops"), "the command's own output is never shown")
    }

    @Test func flyTokensAreFoundAndSentTheFlyctlWay() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
        var environment = environment(server)
        // FLY_ACCESS_TOKEN comes first; the macaroon goes out as FlyV1 (the stand-in accepts nothing else).
        environment["FLY_ACCESS_TOKEN"] = "Bearer " + Self.flyToken
        environment["FLY_API_TOKEN"] = "wrong"
        #expect(try run(server, ["--machine", Self.machine, "--source", "fly"], environment).status == 0)
        environment["FLY_ACCESS_TOKEN"] = "fm2_wrong"
        let rejected = try run(server, ["--machine", Self.machine, "--source", "fly"], environment)
        #expect(rejected.status == 4)
        #expect(rejected.stderr.contains("Fly refused the token from FLY_ACCESS_TOKEN"))
        // With neither variable, flyctl's config file.
        environment["FLY_ACCESS_TOKEN"] = nil
        environment["FLY_API_TOKEN"] = nil
        let directory = server.cacheHome + "/.fly"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "access_token: \(Self.flyToken)\n".write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
        #expect(try run(server, ["--machine", Self.machine, "--source", "fly"], environment).status == 0)
        try FileManager.default.removeItem(atPath: directory)
        let none = try run(server, ["--machine", Self.machine, "--source", "fly"], environment)
        #expect(none.status == 4 && none.stderr.contains("Fly needs a token"))
    }

    @Test func flysOwnFailuresAreWordedAsFlys() throws {
        let server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
        try server.injectFault("status", count: 4, extra: ", \"status\": 503")
        let down = try run(server, ["--machine", Self.machine, "--source", "fly", "--no-cache"], environment(server))
        #expect(down.status == 5)
        #expect(down.stderr.contains("Fly's API failed with HTTP 503") && !down.stderr.contains("--api"))
    }
}

/// The viewer against the backend deployed today.
@Suite struct TodaysServicesViewerTests {
    private func open(_ server: StandInServer, environment: [String: String]) throws -> TmuxSession {
        try TmuxSession([ProcessRunner.product("catwalk-logs"), TodaysServicesEndToEndTests.npm404],
                        environment: environment, columns: 160, rows: 20)
    }

    @Test func withoutLogsItShowsTheDeploymentsStatusAndNeverSaysOffline() throws {
        let server = try StandInServer(arguments: ["--upstream"])
        let terminal = try open(server, environment: server.clientEnvironment)
        let screen = try terminal.waitUntil("the status, error message and reason") {
            $0.contains("npm-404 · failed") && $0.contains("✖ failed: Package 'nonexistent-package' not found in npm or PyPI registries.")
                && $0.contains("has no logs endpoint")
        }
        #expect(!screen.contains("offline"))
        #expect(!screen.contains("planted"), "the list's access tokens stay secret")
    }

    @Test func withAFlyTokenItShowsFlysLinesAndSaysWhere() throws {
        let server = try StandInServer(arguments: ["--upstream", "--fly-token", TodaysServicesEndToEndTests.flyToken])
        let environment = server.clientEnvironment.merging([
            "FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL,
            "FLY_API_TOKEN": TodaysServicesEndToEndTests.flyToken]) { $1 }
        let terminal = try open(server, environment: environment)
        let screen = try terminal.waitUntil("Fly's lines") { $0.contains("mcp-proxy: child process exited") }
        #expect(screen.contains("npm-404 · failed"))
        try terminal.waitUntil("where the lines come from") { $0.contains("has no logs endpoint — reading from Fly") }
        #expect(!screen.contains("offline"))
    }
}

extension TodaysServicesViewerTests {
    @Test func withoutABackendTheHeaderShowsTheMachinesState() throws {
        let server = try StandInServer(arguments: ["--fly-token", TodaysServicesEndToEndTests.flyToken])
        let environment = server.clientEnvironment.merging([
            "FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL, "CATWALK_API_URL": "http://127.0.0.1:9",
            "FLY_API_TOKEN": TodaysServicesEndToEndTests.flyToken]) { $1 }
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), TodaysServicesEndToEndTests.npm404, "--source", "fly"],
                                       environment: environment, columns: 160, rows: 20)
        let screen = try terminal.waitUntil("the machine's name and state, and the lines") {
            $0.contains("machine-0002 · stopped") && $0.contains("mcp-proxy: child process exited")
        }
        #expect(!screen.contains("planted"))
    }
}
