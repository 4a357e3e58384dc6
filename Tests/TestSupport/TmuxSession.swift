import Foundation

/// Drives a program in a real terminal: a detached tmux session on a private server socket.
/// Keys go in with `send-keys`; the screen comes back with `capture-pane`.
public final class TmuxSession: @unchecked Sendable {
    private let socket = "catwalk-test-\(UUID().uuidString.prefix(8))"

    /// Starts `arguments` in a `columns`×`rows` terminal; after it exits the pane shows
    /// `EXIT=<status>` and stays open so the screen can still be read.
    public init(_ arguments: [String], environment: [String: String], columns: Int = 120, rows: Int = 30) throws {
        let assignments = (environment.merging(["LANG": "C.UTF-8", "TERM": "screen"]) { old, _ in old })
            .map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        let command = "env \(assignments) \(arguments.map(Self.quoted).joined(separator: " ")); echo EXIT=$?; sleep 30"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", String(columns), "-y", String(rows), "-s", "main", command])
    }

    deinit {
        // kill-server alone leaves the program running here (its SIGHUP does not reach the
        // pane's children), so hang up on them first.
        let panes = (try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"])) ?? ""
        for pane in panes.split(separator: "\n") where Int32(pane) != nil {
            _ = try? ProcessRunner.shell("pkill -HUP -P \(pane); kill -HUP \(pane)")
        }
        _ = try? tmux(["kill-server"])
    }

    /// Types `text` literally.
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "main", "-l", text])
    }

    /// Presses named keys (`Enter`, `Escape`, `PPage`, `C-c`, …).
    public func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "main"] + keys)
    }

    /// The screen as text, or with `escapes`, with its colours and attributes as SGR sequences.
    public func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `condition` holds (every 50 ms, up to `seconds`), and returns it.
    @discardableResult
    public func waitUntil(_ what: String, seconds: Double = 10, escapes: Bool = false,
                          _ condition: (String) -> Bool) throws -> String {
        let deadline = Date() + seconds
        var screen = try capture(escapes: escapes)
        while !condition(screen) {
            guard Date() < deadline else { throw TmuxError.timedOut(what, screen) }
            usleep(50_000)
            screen = try capture(escapes: escapes)
        }
        return screen
    }

    /// Sends `signal` (e.g. `TERM`) to the program running in the pane (the shell's child).
    public func signalProgram(_ signal: String) throws {
        let shell = try display("#{pane_pid}")
        let children = try ProcessRunner.run("/usr/bin/env", ["pgrep", "-P", shell]).stdoutText
            .split(separator: "\n").map(String.init)
        guard !children.isEmpty else { throw TmuxError.failed("signal \(signal)", "no program runs in the pane") }
        _ = try ProcessRunner.run("/usr/bin/env", ["kill", "-\(signal)"] + children)
    }

    /// Resizes the terminal.
    public func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", String(columns), "-y", String(rows)])
    }

    /// A tmux format value of the pane, e.g. `#{pane_title}`.
    public func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "main", format]).trimmingCharacters(in: .newlines)
    }

    /// The paste buffers tmux holds (an OSC 52 clipboard write would create one).
    public func buffers() throws -> String {
        try tmux(["list-buffers"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/env", ["tmux", "-L", socket] + arguments)
        guard result.status == 0 || ["kill-server", "list-buffers", "list-panes"].contains(arguments.first) else {
            throw TmuxError.failed(arguments.joined(separator: " "), result.stderr)
        }
        return result.stdoutText
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Failures of the tmux driver.
public enum TmuxError: Error, CustomStringConvertible {
    case failed(String, String)
    case timedOut(String, String)

    public var description: String {
        switch self {
        case .failed(let command, let error): return "tmux \(command) failed: \(error)"
        case .timedOut(let what, let screen): return "timed out waiting for \(what); the screen was:\n\(screen)"
        }
    }
}
