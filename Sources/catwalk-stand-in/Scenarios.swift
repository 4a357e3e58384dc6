/// The built-in demo deployments: the Phase 4 plan's test cases plus edge cases.
struct Scenario: Sendable {
    var name: String
    var deployment: DeploymentRecord
    var lines: [StoredLine]

    /// Every scenario, with timestamps laid out before `nowMicros`.
    static func all(nowMicros: Int64) -> [Scenario] {
        [ticktick(nowMicros), npm404(nowMicros), manyLines(nowMicros),
         hostile(nowMicros), empty(nowMicros), sameTimestamp(nowMicros), starting(nowMicros)]
    }

    /// The fixed id of scenario number `number` (stable across runs, so docs can name it).
    static func id(_ number: Int) -> String {
        "dec0de00-0000-4000-8000-" + String(repeating: "0", count: 11) + String(number)
    }

    /// The fixed Fly machine id of scenario number `number`.
    static func machineID(_ number: Int) -> String {
        "e784e9000000" + (number < 10 ? "0" : "") + String(number)
    }

    private static let second: Int64 = 1_000_000

    private static func deployment(_ number: Int, _ name: String, status: String, error: String? = nil,
                                   at micros: Int64) -> DeploymentRecord {
        DeploymentRecord(id: id(number), name: name, status: status, errorMessage: error,
                         createdAtMicros: micros, updatedAtMicros: micros, machineID: machineID(number))
    }

    /// Lines spaced `step` microseconds apart, starting at `start`.
    private static func timed(_ start: Int64, step: Int64 = 137_251, _ lines: [(String, String)]) -> [StoredLine] {
        lines.enumerated().map { index, line in
            StoredLine(timestampMicros: start + Int64(index) * step, stream: line.0, message: line.1)
        }
    }

    // MARK: - The plan's tests

    /// Test 1: a successful start of the TickTick MCP server.
    static func ticktick(_ now: Int64) -> Scenario {
        let start = now - 600 * second
        return Scenario(name: "ticktick", deployment: deployment(1, "ticktick", status: "running", at: start), lines: timed(start, [
            ("stdout", "Starting npm package: @alexarevalo.ai/mcp-server-ticktick"),
            ("stdout", "Installing packages..."),
            ("stderr", "npm warn deprecated node-domexception@1.0.0: Use your platform's native DOMException instead"),
            ("stdout", "added 93 packages, and audited 94 packages in 4s"),
            ("stdout", "found 0 vulnerabilities"),
            ("stdout", "TickTick MCP Server running on stdio"),
            ("stdout", "mcp-proxy listening on [::]:8080"),
            ("stdout", "GET /status 200 OK (1.2 ms)"),
        ]))
    }

    /// Test 2: a package that does not exist on npm.
    static func npm404(_ now: Int64) -> Scenario {
        let start = now - 300 * second
        // The sentence the backend's package validation stores (backend/app/api/deployments.py).
        let error = "Package 'nonexistent-package' not found in npm or PyPI registries."
        return Scenario(name: "npm-404", deployment: deployment(2, "npm-404", status: "failed", error: error, at: start),
                        lines: timed(start, [
            ("stdout", "Starting npm package: nonexistent-package"),
            ("stdout", "Installing packages..."),
            ("stderr", "npm ERR! code E404"),
            ("stderr", "npm ERR! 404 Not Found - GET https://registry.npmjs.org/nonexistent-package - Not found"),
            ("stderr", "npm ERR! 404"),
            ("stderr", "npm ERR! 404  'nonexistent-package@*' is not in the npm registry."),
            ("stderr", "npm ERR! 404 You should bug the author to publish it (or use the name yourself!)"),
            ("stderr", "npm ERR! 404"),
            ("stderr", "npm ERR! 404 Note that you can also install from a"),
            ("stderr", "npm ERR! 404 tarball, folder, http url, or git url."),
            ("stderr", "npm ERR! A complete log of this run can be found in:"),
            ("stderr", "npm ERR!     /root/.npm/_logs/2026-11-28T12_00_03_512Z-debug-0.log"),
            ("stderr", "mcp-proxy: child process exited with code 1"),
        ]))
    }

    /// Test 3: a chatty server that wrote 1500 lines, of which the newest 1000 are kept.
    static func manyLines(_ now: Int64) -> Scenario {
        let start = now - 120 * second
        let lines = (1...1500).map { index in
            (index % 10 == 0 ? "stderr" : "stdout", "chatty line \(index) of 1500: processed request batch \(index * 7)")
        }
        return Scenario(name: "many-lines", deployment: deployment(3, "many-lines", status: "running", at: start),
                        lines: timed(start, step: 10_000, lines))
    }

    // MARK: - Edge cases

    /// Text that must never reach a terminal raw, and text that must render right.
    static func hostile(_ now: Int64) -> Scenario {
        let start = now - 60 * second
        let megabyteLine = "A 1 MB line begins: " + String(repeating: "0123456789abcdef", count: 65_536)
        return Scenario(name: "hostile", deployment: deployment(4, "hostile", status: "running", at: start), lines: timed(start, [
            ("stdout", "clear screen: \u{1B}[2J\u{1B}[H and red text \u{1B}[31mRED\u{1B}[0m end"),
            ("stdout", "window title: \u{1B}]0;pwned title\u{07} end"),
            ("stdout", "clipboard: \u{1B}]52;c;cHduZWQ=\u{07} end"),
            ("stderr", "C1 CSI: \u{9B}31m and bell \u{07} and backspace \u{08}\u{08} end"),
            ("stdout", "bidi override: \u{202E}gnp.exe\u{202C} end"),
            ("stdout", "CJK 日本語のログ and emoji 🚀🔥 end"),
            ("stdout", "combining: e\u{301}le\u{300}ve Z\u{0335}\u{0336}algo end"),
            ("stderr", "first line\nsecond line\r\nthird line"),
            ("stdout", "replacement \u{FFFD}\u{FFFD} from a lossy decode end"),
            ("stdout", "tabs:\tone\ttwo end"),
            ("stdout", megabyteLine),
            ("stdout", "after the 1 MB line"),
        ]))
    }

    /// A deployment that has written nothing yet.
    static func empty(_ now: Int64) -> Scenario {
        Scenario(name: "empty", deployment: deployment(5, "empty", status: "pending", at: now - 5 * second), lines: [])
    }

    /// 50 lines sharing one timestamp, 25 of them identical.
    static func sameTimestamp(_ now: Int64) -> Scenario {
        let instant = now - 30 * second
        let lines = (1...50).map { index in
            StoredLine(timestampMicros: instant, stream: "stdout",
                       message: index % 2 == 0 ? "heartbeat" : "same-timestamp line \(index) of 50")
        }
        return Scenario(name: "same-timestamp",
                        deployment: deployment(6, "same-timestamp", status: "running", at: instant), lines: lines)
    }

    /// A deployment still starting: `--demo-live` keeps adding its lines.
    static func starting(_ now: Int64) -> Scenario {
        let start = now - 2 * second
        return Scenario(name: "starting", deployment: deployment(7, "server-filesystem", status: "starting", at: start),
                        lines: timed(start, [("stdout", "Deployment created; pulling image registry.fly.io/catwalk-mcp-runtime:latest")]))
    }
}
