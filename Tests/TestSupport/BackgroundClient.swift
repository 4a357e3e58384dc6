import Foundation

/// `catwalk-logs` running in the background (a follow), its stdout and stderr going to files
/// the test reads while it runs. It is stopped (SIGTERM) when the value goes away.
public final class BackgroundClient: @unchecked Sendable {
    /// The process id, for signals.
    public let pid: String
    private let output: String

    /// Starts the built `catwalk-logs` with `arguments` and `environment`, writing to files
    /// beside `filesNear` (a path prefix of the test's own).
    public init(_ arguments: [String], environment: [String: String], filesNear: String) throws {
        output = filesNear + "-client-\(UUID().uuidString.prefix(8))"
        let assignments = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let started = try ProcessRunner.shell(
            "env \(assignments) '\(ProcessRunner.product("catwalk-logs"))' \(arguments.joined(separator: " "))"
            + " > '\(output).out' 2> '\(output).err' & echo $!")
        pid = started.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        _ = try? ProcessRunner.shell("kill -TERM \(pid) 2>/dev/null; rm -f '\(output).out' '\(output).err'")
    }

    /// What it wrote to stdout so far, line by line.
    public var stdoutLines: [String] { fileLines(output + ".out") }

    /// What it wrote to stderr so far, line by line.
    public var stderrLines: [String] { fileLines(output + ".err") }

    /// Waits (every 50 ms, up to `seconds`) until `condition` holds for it.
    public func waitUntil(_ what: String, seconds: Double = 10, _ condition: (BackgroundClient) -> Bool) throws {
        try TestSupport.waitUntil(what, seconds: seconds) { condition(self) }
    }

    /// Waits until stderr says it follows the live WebSocket stream.
    public func waitUntilLive() throws {
        try waitUntil("the live stream") { $0.stderrLines.contains { $0.contains("live (WebSocket stream") } }
    }
}

/// Waits (every 50 ms, up to `seconds`) until `condition` holds.
/// - Throws: ``StandInError/controlRequestFailed(_:_:)`` naming `what` on timeout.
public func waitUntil(_ what: String, seconds: Double = 10, _ condition: () -> Bool) throws {
    let deadline = Date() + seconds
    while !condition() {
        guard Date() < deadline else { throw StandInError.controlRequestFailed("waiting for \(what)", "timed out") }
        usleep(50_000)
    }
}

/// The lines of a text file written so far (none when it does not exist yet).
public func fileLines(_ path: String) -> [String] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
}
