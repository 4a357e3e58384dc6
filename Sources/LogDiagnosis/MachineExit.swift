/// How the deployment's machine last exited, when the source knows it (Fly's Machines API
/// gives it in the machine's `exit` events): facts the lines may not hold, such as an
/// out-of-memory kill that leaves no line behind.
public struct MachineExit: Sendable, Equatable {
    /// The exit code (128 + N for a process killed by signal N).
    public var exitCode: Int
    /// Whether the kernel killed it for running out of memory.
    public var oomKilled: Bool
    /// The signal that ended it, when one did.
    public var signal: Int?

    /// Creates an exit.
    public init(exitCode: Int, oomKilled: Bool = false, signal: Int? = nil) {
        self.exitCode = exitCode
        self.oomKilled = oomKilled
        self.signal = signal
    }

    /// Whether it says the deployment failed: a non-zero code or an out-of-memory kill.
    public var isFailure: Bool { exitCode != 0 || oomKilled }

    /// `exit code 137 (SIGKILL)`, `exit code 1`.
    public var description: String {
        let number = signal ?? (exitCode > 128 && exitCode < 160 ? exitCode - 128 : nil)
        return "exit code \(exitCode)" + (number.map { " (\(Self.signalName($0)))" } ?? "")
    }

    private static func signalName(_ number: Int) -> String {
        let names = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
                     9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM"]
        return names[number] ?? "signal \(number)"
    }
}
