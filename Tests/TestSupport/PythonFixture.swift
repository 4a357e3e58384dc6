import Foundation

/// A Python script of Tests/Fixtures running in the background (a proxy, a hostile backend):
/// it prints "listening on PORT" first, then what it saw. Stopped when the value goes away.
public final class PythonFixture: @unchecked Sendable {
    /// The port it listens on, on 127.0.0.1.
    public let port: String
    private let pid: String
    private let log: String

    /// Starts `Tests/Fixtures/<name>` and waits (up to 10 s) for its "listening on" line.
    public init(_ name: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).log").path
        pid = try ProcessRunner.shell("python3 '\(script)' > '\(log)' 2>&1 & echo $!").stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        self.log = log
        try waitUntil(name) { fileLines(log).first?.hasPrefix("listening on ") == true }
        port = String(fileLines(log)[0].dropFirst("listening on ".count))
    }

    deinit {
        _ = try? ProcessRunner.shell("kill \(pid) 2>/dev/null; rm -f '\(log)'")
    }

    /// What it printed after the "listening on" line.
    public var lines: [String] { Array(fileLines(log).dropFirst()) }
}
