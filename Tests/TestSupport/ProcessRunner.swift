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

/// Why a program could not be run.
public enum ProcessRunnerError: Error {
    case cannotStart(String, Int32)
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

        let status = try spawnAndWait(executable, arguments,
                                      environment: baseEnvironment.merging(environment) { _, new in new },
                                      stdout: outURL.path, stderr: errURL.path)
        return ProcessResult(stdout: try Data(contentsOf: outURL),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                             status: status)
    }

    /// posix_spawn and a blocking waitpid: Foundation's `Process` can miss the exit of a
    /// child that daemonises (tmux's client), leaving the test waiting forever.
    private static func spawnAndWait(_ executable: String, _ arguments: [String], environment: [String: String],
                                     stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_TRUNC, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_TRUNC, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw ProcessRunnerError.cannotStart(executable, spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ProcessRunnerError.cannotStart(executable, errno) }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
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
