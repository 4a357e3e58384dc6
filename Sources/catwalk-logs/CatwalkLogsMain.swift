#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import LogClient

/// Entry point: argument-parser routes to `logs` (the default), `cache`, `diagnose` or its
/// own `help`; `--version` is answered before it starts. The one place the process exits: with the status a command returns, or with
/// the documented usage code for a parser error (argument-parser's own is 64; ours is 2).
/// The logs command's help gets the tables after its options, and the bash completion script
/// offers its options before any subcommand word, as the default subcommand takes them.
@main
enum CatwalkLogsMain {
    static func main() async {
        let arguments = CommandLineHabits.expanded(Array(CommandLine.arguments.dropFirst()))
        // Answered before argument-parser builds its tree of every option (a few milliseconds).
        if arguments == ["--version"] {
            OutputStream.standardOutput.write(CatwalkLogsVersion.current + "\n")
            exit(ExitStatus.success.rawValue)
        }
        if CommandLineHabits.asksForLogsHelp(arguments) {
            OutputStream.standardOutput.write(CatwalkLogsCommand.helpMessage(for: CatwalkLogs.self) + HelpText.epilogue)
            exit(ExitStatus.success.rawValue)
        }
        if let shell = CommandLineHabits.completionShell(arguments) {
            OutputStream.standardOutput.write(CompletionScript.script(for: shell))
            exit(ExitStatus.success.rawValue)
        }
        await run(CatwalkLogsCommand.self, arguments)
    }

    private static func run(_ type: any ParsableCommand.Type, _ arguments: [String]) async {
        let command: any ParsableCommand
        do {
            command = try type.parseAsRoot(arguments)
        } catch {
            if type.exitCode(for: error) == .validationFailure {
                // Its "Error: " becomes the prefix every other message of ours has.
                let message = type.fullMessage(for: error)
                StandardError.write(message.hasPrefix("Error: ") ? "catwalk-logs: " + message.dropFirst(7) : message)
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

/// Spellings people bring from other tools that argument-parser does not take as they are,
/// and the requests `main` answers itself.
enum CommandLineHabits {
    /// `--help`, `-h`, `help` or `help logs` for the logs command (not for `cache` or `diagnose`).
    static func asksForLogsHelp(_ arguments: [String]) -> Bool {
        if arguments == ["help"] || arguments == ["help", "logs"] { return true }
        guard arguments.contains("--help") || arguments.contains("-h") else { return false }
        return !["cache", "diagnose", "help", "wait"].contains(arguments.first ?? "")
    }

    /// The shell of `--generate-completion-script SHELL`, when that is what was asked.
    static func completionShell(_ arguments: [String]) -> CompletionShell? {
        guard arguments.count == 2, arguments[0] == "--generate-completion-script" else { return nil }
        return CompletionShell(rawValue: arguments[1])
    }

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

/// The command line's root: `logs` (the default, so `catwalk-logs <id>` reads a deployment's
/// logs), `cache` and `diagnose`, and argument-parser's own `help`, so that `--help`, `help
/// <subcommand>` and the completion scripts know every subcommand.
struct CatwalkLogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catwalk-logs",
        abstract: "Show the container logs of a Catwalk deployment.",
        version: CatwalkLogsVersion.current,
        subcommands: [CatwalkLogs.self, ListCommand.self, WaitCommand.self, CacheCommand.self, DiagnoseCommand.self],
        defaultSubcommand: CatwalkLogs.self
    )
}
