import Foundation

/// Stores lines for a deployment at a steady rate for a while, as a running container
/// would: for tests (a sequence they can compute) and for the demo (a server still starting).
///
/// Lines are stored every 10 ms, all lines of one tick sharing its timestamp. A job's progress
/// is stored with its lines, so a stand-in restarted on the same database carries on where the
/// last one stopped (``resumeUnfinished()``): line k is still line k.
struct LineGenerator: Sendable {
    /// What the generated lines say.
    enum Script: String, Decodable, Sendable {
        /// Line `k` (from 1) is `same again` when `k % 10 >= 7` (runs of three identical lines,
        /// usually at one timestamp), otherwise `line k`; it goes to stderr when `k % 13 == 0`.
        case counter
        /// An npm MCP server installing and starting, over and over.
        case startup
    }

    static let tick: Duration = .milliseconds(10)

    let store: LogStore

    /// Starts generating `rate` lines a second for `seconds` (exactly `rate × seconds` lines).
    func start(deploymentID: String, rate: Double, seconds: Double, script: Script) async throws {
        let job = try await store.addGenerator(deploymentID: deploymentID, script: script, rate: rate,
                                               total: Int((rate * seconds).rounded()))
        run(job)
    }

    /// Carries on every job a stopped stand-in left unfinished.
    func resumeUnfinished() async throws {
        for job in try await store.unfinishedGenerators() { run(job) }
    }

    private func run(_ job: GeneratorJob) {
        Task {
            let started = ContinuousClock.now
            var stored = job.stored
            while stored < job.total, !Task.isCancelled {
                try? await Task.sleep(for: Self.tick)
                let due = min(job.total, job.stored + Int(job.rate * ((ContinuousClock.now - started) / .seconds(1))))
                guard due > stored else { continue }
                let now = Clock.nowMicros()
                let lines = (stored + 1...due).map { number in
                    let (stream, message) = Self.line(number, of: job.script)
                    return StoredLine(timestampMicros: now, stream: stream, message: message)
                }
                try? await store.append(lines, to: job.deploymentID, generator: (job.id, due))
                stored = due
            }
        }
    }

    /// Line `number` (from 1) of a script: its stream and message.
    static func line(_ number: Int, of script: Script) -> (stream: String, message: String) {
        switch script {
        case .counter:
            return (number % 13 == 0 ? "stderr" : "stdout", number % 10 >= 7 ? "same again" : "line \(number)")
        case .startup:
            let round = (number - 1) / startupLines.count + 1
            let (stream, text) = startupLines[(number - 1) % startupLines.count]
            return (stream, text.replacingOccurrences(of: "{n}", with: String(round)))
        }
    }

    private static let startupLines: [(String, String)] = [
        ("stdout", "Starting npm package: @modelcontextprotocol/server-filesystem (attempt {n})"),
        ("stdout", "Installing packages..."),
        ("stdout", "npm http fetch GET 200 https://registry.npmjs.org/@modelcontextprotocol%2fserver-filesystem 187ms"),
        ("stdout", "npm http fetch GET 200 https://registry.npmjs.org/zod 96ms (cache miss)"),
        ("stdout", "npm http fetch GET 200 https://registry.npmjs.org/glob 74ms (cache miss)"),
        ("stderr", "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory."),
        ("stderr", "npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported"),
        ("stdout", "added 131 packages, and audited 132 packages in 6s"),
        ("stdout", "found 0 vulnerabilities"),
        ("stdout", "Secure MCP Filesystem Server running on stdio"),
        ("stdout", "mcp-proxy: waiting for the child to answer initialize..."),
        ("stdout", "mcp-proxy: child answered initialize in 812 ms"),
        ("stdout", "mcp-proxy listening on [::]:8080"),
        ("stdout", "GET /status 200 OK (1.4 ms)"),
        ("stdout", "Health check 'servicecheck-00-http-8080' is passing"),
    ]
}
