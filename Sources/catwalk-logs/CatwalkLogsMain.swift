import ArgumentParser
import LogClient

/// Entry point: parses the command line and maps parser errors to the documented
/// exit codes (argument-parser's own usage code is 64; ours is 2).
@main
enum CatwalkLogsMain {
    static func main() async {
        do {
            var command = try CatwalkLogs.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if CatwalkLogs.exitCode(for: error) == .validationFailure {
                StandardError.write(CatwalkLogs.fullMessage(for: error))
                CatwalkLogs.exit(withError: ExitCode(ExitStatus.usage.rawValue))
            }
            CatwalkLogs.exit(withError: error)
        }
    }
}
