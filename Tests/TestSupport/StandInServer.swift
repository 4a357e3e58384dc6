import Foundation

/// A running `catwalk-stand-in` on a free port of 127.0.0.1, stopped on `stop()` or deinit.
public final class StandInServer: @unchecked Sendable {
    /// The token the server accepts.
    public static let token = "test-token-5ecr3t"

    /// The scenario ids of the built-in demo deployments.
    public enum Scenario: Int, CaseIterable, Sendable {
        case ticktick = 1, npm404, manyLines, hostile, empty, sameTimestamp, starting

        /// The deployment id the stand-in gives this scenario.
        public var id: String { "dec0de00-0000-4000-8000-00000000000\(rawValue)" }
    }

    private var process: Process
    private let arguments: [String]
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String

    /// Starts the server and waits (up to 10 s) for its "listening on" line.
    public init(arguments: [String] = []) throws {
        self.arguments = arguments
        (process, baseURL) = try Self.start(port: 0, arguments: arguments)
    }

    /// Stops the server and starts it again on the same port with the same arguments (give it
    /// a `--database` file and `--no-scenarios` to keep what it stored).
    public func restart() throws {
        stop()
        let port = Int(baseURL.split(separator: ":").last ?? "") ?? 0
        (process, _) = try Self.start(port: port, arguments: arguments)
    }

    private static func start(port: Int, arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.product("catwalk-stand-in"))
        process.arguments = ["--port", String(port), "--token", Self.token] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, try readListeningURL(from: output.fileHandleForReading, deadline: Date() + 10))
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: cacheHome)
    }

    /// Stops the server (SIGTERM) and waits up to 5 s for it to exit. Not `waitUntilExit`:
    /// Foundation once missed an exit here (the server a zombie) and the test run hung.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGCONT)   // a frozen server cannot act on SIGTERM
        process.terminate()
        try? waitUntil("the stand-in to exit", seconds: 5) { !process.isRunning }
    }

    /// Freezes the server (SIGSTOP): its connections stay open but nothing answers, as with a
    /// stalled proxy or a half-dead network path.
    public func freeze() { kill(process.processIdentifier, SIGSTOP) }

    /// Lets a frozen server go on (SIGCONT).
    public func thaw() { kill(process.processIdentifier, SIGCONT) }

    /// A cache directory of this server's own, so tests never share (or touch the user's) cache.
    public let cacheHome: String = FileManager.default.temporaryDirectory
        .appendingPathComponent("catwalk-cache-\(UUID().uuidString)").path

    /// The environment that points `catwalk-logs` at this server with its token and cache.
    public var clientEnvironment: [String: String] {
        ["CATWALK_API_URL": baseURL, "CATWALK_TOKEN": Self.token, "XDG_CACHE_HOME": cacheHome]
    }

    /// Runs the built `catwalk-logs` with `arguments`, pointed at this server unless
    /// `environment` says otherwise, always with this server's cache directory.
    /// - Throws: ``StandInError/tokenLeaked`` when the token (or one of `secrets`) shows up in
    ///   any output, so every end-to-end run also checks that the secret stays secret.
    public func runClient(_ arguments: [String], environment: [String: String]? = nil,
                          secrets: [String] = []) throws -> ProcessResult {
        var environment = environment ?? clientEnvironment
        environment["XDG_CACHE_HOME"] = environment["XDG_CACHE_HOME"] ?? cacheHome
        let result = try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), arguments, environment: environment)
        if ([Self.token] + secrets).contains(where: result.reveals) { throw StandInError.tokenLeaked(arguments) }
        return result
    }

    /// Sends a JSON body to a control route with curl; returns the response body.
    @discardableResult
    public func post(_ path: String, json: String) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/env", ["curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json",
                                                           "--data-binary", json, baseURL + path])
        guard result.status == 0 else { throw StandInError.controlRequestFailed(path, result.stderr) }
        return result.stdoutText
    }

    /// Queues a fault for the next `count` API requests.
    public func injectFault(_ kind: String, count: Int = 1, extra: String = "") throws {
        try post("/_stand-in/faults", json: "{\"kind\": \"\(kind)\", \"count\": \(count)\(extra)}")
    }

    /// Stores `rate` lines a second for `seconds` (the stand-in's `counter` script).
    public func generate(_ deploymentID: String, rate: Int, seconds: Double) throws {
        try post("/_stand-in/deployments/\(deploymentID)/generate", json: "{\"rate\": \(rate), \"seconds\": \(seconds)}")
    }

    /// The lines the `counter` script generates, numbered from 1, as plain output without timestamps.
    public static func generatedLines(_ count: Int) -> [String] {
        (1...count).map { number in
            (number % 13 == 0 ? "stderr " : "stdout ") + (number % 10 >= 7 ? "same again" : "line \(number)")
        }
    }

    /// Flips the live-stream switches: off (404) or on, and dropping each connection after `dropAfterMilliseconds` (0: never).
    public func setStream(enabled: Bool = true, dropAfterMilliseconds: Int = 0) throws {
        try post("/_stand-in/stream", json: "{\"enabled\": \(enabled), \"drop_every_ms\": \(dropAfterMilliseconds)}")
    }

    /// Drops every open live-stream connection now (close code 1001); returns how many there were.
    public func dropStreams() throws -> Int {
        let answer = try post("/_stand-in/stream/drop", json: "{}")
        let object = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
        return object?["dropped"] as? Int ?? 0
    }

    /// How many requests the logs routes (the backend's and Fly's) have answered.
    public func logRequestCount() throws -> Int {
        try statistic("log_requests")
    }

    /// A counter of `GET /_stand-in/stats`: `log_requests`, `machine_requests`, `stream_connections`
    /// (open now), `tokens_minted`.
    public func statistic(_ name: String) throws -> Int {
        let result = try ProcessRunner.run("/usr/bin/env", ["curl", "-sS", baseURL + "/_stand-in/stats"])
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return object?[name] as? Int ?? -1
    }

    /// Stores lines for a deployment (created when new) through the ingest route; a body of
    /// any size (it goes through a file, not the command line).
    public func ingest(_ deploymentID: String, _ body: [String: Any]) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run("/usr/bin/env", ["curl", "-sS", "-f", "-X", "POST", "-H", "Content-Type: application/json",
                                                           "--data-binary", "@" + file.path,
                                                           baseURL + "/_stand-in/deployments/\(deploymentID)/logs"])
        guard result.status == 0 else { throw StandInError.controlRequestFailed("ingest", result.stderr) }
    }

    private static func readListeningURL(from handle: FileHandle, deadline: Date) throws -> String {
        var buffer = Data()
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let text = String(data: buffer, encoding: .utf8), let line = text.split(separator: "\n").first,
               text.contains("\n"), line.hasPrefix("listening on ") {
                return String(line.dropFirst("listening on ".count))
            }
        }
        throw StandInError.didNotStart
    }
}

/// Failures of the test harness itself.
public enum StandInError: Error {
    case didNotStart
    case controlRequestFailed(String, String)
    case tokenLeaked([String])
}
