import Foundation

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    /// Everything written to stdout.
    public let stdout: Data
    /// Everything written to stderr, as text.
    public let stderr: String
    /// The exit status (or 128 + signal when killed by a signal).
    public let status: Int32

    /// stdout decoded as UTF-8.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Whether `secret` appears anywhere in stdout or stderr.
    public func reveals(_ secret: String) -> Bool {
        stderr.contains(secret) || stdoutText.contains(secret)
    }

    /// stdout split into lines (without the final empty piece).
    public var stdoutLines: [String] {
        var lines = stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Runs the package's built executables and other programs as subprocesses.
public enum ProcessRunner {
    /// The folder holding the built products: the test bundle sits beside them.
    public static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The path of a built executable of this package.
    public static func product(_ name: String) -> String {
        productsDirectory.appendingPathComponent(name).path
    }

    /// Runs `executable` to completion with `arguments`, capturing output through files
    /// (so a large output cannot fill a pipe and stall the child).
    /// `environment` replaces the child's environment except `PATH`, `HOME`, `LANG`.
    public static func run(_ executable: String, _ arguments: [String],
                           environment: [String: String] = [:]) throws -> ProcessResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out")
        let errURL = directory.appendingPathComponent("err")
        for url in [outURL, errURL] { try Data().write(to: url) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = baseEnvironment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(stdout: try Data(contentsOf: outURL),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                             status: status)
    }

    /// Runs a shell command line with `bash -c`.
    public static func shell(_ command: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try run("/bin/bash", ["-c", command], environment: environment)
    }

    private static var baseEnvironment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var base: [String: String] = ["LANG": "C.UTF-8"]
        for key in ["PATH", "HOME"] { base[key] = inherited[key] }
        return base
    }
}
