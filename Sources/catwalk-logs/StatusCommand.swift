import ArgumentParser
import LogClient

/// A command that reports its own failures (one sentence on stderr) and returns the exit
/// status; only ``CatwalkLogsMain`` ends the process with it. (A signal handler is the one
/// other exit: Ctrl-C during a one-shot fetch, ``Signals``.)
protocol StatusCommand: ParsableCommand {
    /// Does the work and says how it ended.
    func execute() async -> ExitStatus
}

extension StatusCommand {
    /// Reports a failure and returns its exit code (``StandardError/fail(_:)``).
    func fail(_ error: LogClientError) -> ExitStatus {
        StandardError.fail(error)
    }
}
