import ArgumentParser
import LogClient

/// Entry point: `catwalk-logs cache …` and `catwalk-logs diagnose …` go to their commands (a
/// deployment id is never one of those words), anything else to ``CatwalkLogs``. Parser errors are mapped to the
/// documented exit codes (argument-parser's own usage code is 64; ours is 2).
@main
enum CatwalkLogsMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let commands: [any ParsableCommand.Type] = [CacheCommand.self, DiagnoseCommand.self]
        if let command = commands.first(where: { $0.configuration.commandName == arguments.first }) {
            await run(command, Array(arguments.dropFirst()))
        } else {
            await run(CatwalkLogs.self, arguments)
        }
    }

    private static func run(_ type: any ParsableCommand.Type, _ arguments: [String]) async {
        do {
            var command = try type.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if type.exitCode(for: error) == .validationFailure {
                StandardError.write(type.fullMessage(for: error))
                type.exit(withError: ExitCode(ExitStatus.usage.rawValue))
            }
            type.exit(withError: error)
        }
    }
}
