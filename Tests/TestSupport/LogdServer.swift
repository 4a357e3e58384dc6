import Foundation

/// A running `catwalk-logd serve` on a free port of 127.0.0.1 with its stderr (the JSON logs)
/// kept in a file; stopped (SIGTERM) on `stop()` or deinit.
public final class LogdServer: @unchecked Sendable {
    /// The secret the tests' tokens are signed with.
    public static let authSecret = "test-auth-s3cret-for-catwalk-logd"

    private var process: Process
    private let environment: [String: String]
    private let arguments: [String]
    /// Where stderr goes.
    public let logFile: String
    /// `http://127.0.0.1:PORT`.
    public private(set) var baseURL: String

    /// Starts the service with `environment` (DATABASE_URL and the rest; `AUTH_SECRET` defaults
    /// to ``authSecret``) and waits up to 30 s for its "listening" line.
    public init(environment: [String: String], arguments: [String] = []) throws {
        var environment = environment
        environment["AUTH_SECRET"] = environment["AUTH_SECRET"] ?? Self.authSecret
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        self.environment = environment
        self.arguments = arguments
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("logd-\(UUID().uuidString).log").path
        (process, baseURL) = try Self.start(port: 0, environment: environment, arguments: arguments, logFile: logFile)
    }

    /// Stops the service (or kills it, `crashing`) and starts it again on the same port.
    public func restart(crashing: Bool = false) throws {
        if crashing { crash() } else { stop() }
        let port = Int(baseURL.split(separator: ":").last ?? "") ?? 0
        (process, baseURL) = try Self.start(port: port, environment: environment, arguments: arguments, logFile: logFile)
    }

    private static func start(port: Int, environment: [String: String], arguments: [String],
                              logFile: String) throws -> (Process, String) {
        let offset = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int) ?? 0
        if offset == 0 { _ = FileManager.default.createFile(atPath: logFile, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        try handle.seekToEnd()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.product("catwalk-logd"))
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "debug"] + arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        try handle.close()
        var listening: String?
        var exited = ""
        try? waitUntil("catwalk-logd to listen", seconds: 30) {
            let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let fresh = String(decoding: Array(text.utf8.dropFirst(offset)), as: UTF8.self)
            for line in fresh.split(separator: "\n") where line.contains("\"message\":\"listening\"") {
                if let range = line.range(of: "\"port\":\"") {
                    listening = String(line[range.upperBound...].prefix { $0.isNumber })
                }
            }
            if listening == nil, !process.isRunning { exited = fresh.isEmpty ? "(no output)" : fresh }
            return listening != nil || !exited.isEmpty
        }
        guard listening != nil else { throw LogdServerError.exited(exited.isEmpty ? "did not listen within 30 s" : exited) }
        return (process, "http://127.0.0.1:\(listening ?? "0")")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: logFile)
    }

    /// Stops the service (SIGTERM: a graceful shutdown) and waits up to 10 s for it to exit.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        try? waitUntil("catwalk-logd to exit", seconds: 10) { !process.isRunning }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Kills the service at once (SIGKILL), as a crash would.
    public func crash() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        try? waitUntil("catwalk-logd to die", seconds: 5) { !process.isRunning }
    }

    /// The exit status once stopped.
    public var terminationStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Everything it logged so far.
    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// `curl` against the service: status code and body.
    public func get(_ path: String, token: String? = nil, headers: [String] = []) throws -> (status: Int, body: String) {
        var arguments = ["curl", "-sS", "-o", "-", "-w", "\n%{http_code}"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        for header in headers { arguments += ["-H", header] }
        let result = try ProcessRunner.run("/usr/bin/env", arguments + [baseURL + path])
        var text = result.stdoutText
        let status = Int(text.split(separator: "\n").last ?? "") ?? 0
        if let newline = text.lastIndex(of: "\n") { text = String(text[..<newline]) }
        return (status, text)
    }
}

/// Failures of the catwalk-logd harness.
public enum LogdServerError: Error {
    case exited(String)
}
