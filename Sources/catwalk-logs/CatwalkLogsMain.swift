#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import LogClient

/// Entry point: `catwalk-logs cache …` and `catwalk-logs diagnose …` go to their commands (a
/// deployment id is never one of those words), anything else to ``CatwalkLogs``. The one
/// place the process exits: with the status a command returns, or with the documented usage
/// code for a parser error (argument-parser's own is 64; ours is 2).
@main
enum CatwalkLogsMain {
    static func main() async {
        let arguments = CommandLineHabits.expanded(Array(CommandLine.arguments.dropFirst()))
        let commands: [any ParsableCommand.Type] = [CacheCommand.self, DiagnoseCommand.self]
        if let command = commands.first(where: { $0.configuration.commandName == arguments.first }) {
            await run(command, Array(arguments.dropFirst()))
        } else {
            await run(CatwalkLogs.self, arguments)
        }
    }

    private static func run(_ type: any ParsableCommand.Type, _ arguments: [String]) async {
        let command: any ParsableCommand
        do {
            command = try type.parseAsRoot(arguments)
        } catch {
            if type.exitCode(for: error) == .validationFailure {
                StandardError.write(type.fullMessage(for: error))
                type.exit(withError: ExitCode(ExitStatus.usage.rawValue))
            }
            type.exit(withError: error)   // --help, --version, a parse error: argument-parser's own words
        }
        guard let statusCommand = command as? any StatusCommand else {
            // argument-parser's own commands (help; `cache` alone shows its help).
            do { var command = command; try command.run() } catch { type.exit(withError: error) }
            exit(ExitStatus.success.rawValue)
        }
        exit(await statusCommand.execute().rawValue)
    }
}

/// Spellings people bring from other tools that argument-parser does not take as they are.
enum CommandLineHabits {
    /// `-n3` (as head and tail take it) becomes `-n 3`.
    static func expanded(_ arguments: [String]) -> [String] {
        arguments.flatMap { argument -> [String] in
            guard argument.count > 2, argument.hasPrefix("-n"), argument.dropFirst(2).allSatisfy(\.isASCIIDigit) else {
                return [argument]
            }
            return ["-n", String(argument.dropFirst(2))]
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
