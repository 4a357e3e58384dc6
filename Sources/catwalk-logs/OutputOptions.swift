#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import LogClient

/// How the lines are written.
struct OutputOptions: ParsableArguments {
    @Flag(help: "One line per log line: TIMESTAMP STREAM MESSAGE (the default when stdout is not a terminal).")
    var plain = false

    @Flag(help: "One JSON object per log line (NDJSON) with timestamp, stream and message.")
    var json = false

    @Flag(help: "Leave the timestamp out of plain output.")
    var noTimestamps = false

    @Option(help: ArgumentHelp(
        "Print only lines newer than the cursor this file holds from the last run, then save the new one (for cron jobs and CI).",
        valueName: "path"), completion: .file())
    var cursorFile: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(
        "Write the lines to this new file instead (NDJSON when it ends in .ndjson or .jsonl, or with --json); never replaces a file.",
        valueName: "file"), completion: .file())
    var outputFile: String?

    @Option(help: ArgumentHelp("Colour output: auto, always or never (auto honours NO_COLOR and TERM=dumb).",
                               valueName: "when"))
    var color: ColorChoice = .auto

    /// The format `--json` chose (else text).
    var format: OutputFormat { json ? .json : .text }

    /// Whether to open the terminal viewer: both ends are a terminal that can show it, and
    /// neither --plain, --json nor --output was asked for.
    func wantsViewer(environment: [String: String]) -> Bool {
        !plain && !json && outputFile == nil && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
            && !["dumb", "", nil].contains(environment["TERM"])
    }

    /// The output format for pipes: NDJSON, or plain text coloured as `--color` resolves here.
    /// `keyWidth` is the widest deployment key, when several are shown.
    func formatter(isTerminal: Bool, environment: [String: String], keyWidth: Int = 0) -> any LineFormatter {
        switch format {
        case .json: return JSONLineFormatter()
        case .text: break
        }
        return PlainFormatter(showsTimestamps: !noTimestamps,
                              theme: Theme(usesColor: color.resolve(isTerminal: isTerminal, environment: environment)),
                              keyWidth: keyWidth)
    }

    func validate() throws {
        if plain && json {
            throw ValidationError("--plain and --json cannot be used together: pick one output format.")
        }
        if json && noTimestamps {
            throw ValidationError("--no-timestamps applies to plain output only, not to --json.")
        }
    }
}
