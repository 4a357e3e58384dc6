#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization
import LogText

/// A command that prints a fresh backend token (`--token-command`, `CATWALK_TOKEN_COMMAND`),
/// run through `/bin/sh -c` as git runs its credential helpers. Its trimmed stdout is the
/// token; its stderr is discarded and its stdin is `/dev/null`, so it can neither scribble
/// on the viewer nor wait for input. Its output is never printed or cached.
public struct TokenCommand: Sendable, Equatable {
    /// The command line, as the user wrote it.
    public let commandLine: String

    public init(_ commandLine: String) {
        self.commandLine = commandLine
    }

    /// Runs the command and returns the token it printed.
    /// - Throws: ``LogClientError/tokenCommandFailed(_:)`` when it cannot run, fails, or prints nothing.
    public func run() throws(LogClientError) -> String {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw .tokenCommandFailed("no pipe: \(String(cString: strerror(errno)))") }
        defer { close(pipe[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        let arguments: [String] = ["/bin/sh", "-c", commandLine]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        close(pipe[1])
        guard spawned == 0 else { throw .tokenCommandFailed("/bin/sh could not start: \(String(cString: strerror(spawned)))") }
        let output = FileBytes.readAll(pipe[0]) ?? []
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let signal = status & 0x7F
            throw .tokenCommandFailed(signal == 0 ? "it exited with status \((status >> 8) & 0xFF)" : "it was killed by signal \(signal)")
        }
        let token = String(decoding: output, as: UTF8.self).trimmingASCIIWhitespace()
        guard !token.isEmpty else { throw .tokenCommandFailed("it printed nothing") }
        return String(token)
    }
}

/// The backend token: a fixed one (`CATWALK_TOKEN`, `--token-file`), or one a
/// ``TokenCommand`` prints, run again when the backend rejects it (tokens live 5 minutes).
public final class CatwalkCredentials: Sendable {
    private let token: Mutex<String?>
    private let command: TokenCommand?

    /// A fixed token, or none.
    public init(token: String?) {
        self.token = Mutex(token)
        command = nil
    }

    /// A token from `command`, run now.
    /// - Throws: ``LogClientError/tokenCommandFailed(_:)``.
    public init(command: TokenCommand) throws(LogClientError) {
        token = Mutex(try command.run())
        self.command = command
    }

    /// The token to send now.
    public var current: String? { token.withLock { $0 } }

    /// Whether a rejected token can be replaced.
    public var canRefresh: Bool { command != nil }

    /// A new token after the backend rejected `rejected`: the command's new output, or the
    /// token another request already fetched. `nil` when there is nothing new to try.
    public func refreshed(after rejected: String?) -> String? {
        guard let command else { return nil }
        return token.withLock { current in
            if current != rejected { return current }
            guard let fresh = try? command.run(), fresh != rejected else { return nil }
            current = fresh
            return fresh
        }
    }
}
