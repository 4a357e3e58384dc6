#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import LogClient
import LogDiagnosis

/// Writes a diagnosis and decides the exit status: 1 when a cause was found (a failure with
/// no known cause is shown, but is no cause: `nil`, as when nothing looks wrong).
enum DiagnosisOutput {
    static func write(_ diagnosis: Diagnosis, lines: [String], format: OutputFormat) -> ExitStatus? {
        OutputStream.standardOutput.write(DiagnosisReport.report(diagnosis, lines: lines, as: format))
        return diagnosis.findings.isEmpty ? nil : .diagnosed
    }
}

/// `catwalk-logs diagnose [FILE]`: the diagnosis of saved log text (a file, or stdin).
struct DiagnoseCommand: StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Name the likely cause of a failure in saved log text (exit 1 when one is found)."
    )

    @Argument(help: "A file of log lines (default: standard input).", completion: .file())
    var file: String?

    @Flag(help: "One JSON object per finding.")
    var json = false

    func execute() async -> ExitStatus {
        // At a terminal, reading standard input looks like a hang: say what it waits for.
        if file == nil || file == "-", isatty(STDIN_FILENO) == 1 {
            StandardError.report("reading log text from standard input until Ctrl-D (or give a file: catwalk-logs diagnose deploy.log).")
        }
        let bytes: [UInt8]
        do {
            bytes = try SavedFileBytes.text(of: file ?? "-")
        } catch {
            return fail(error)
        }
        // Read as `--file` reads it (gzip inflated): what --plain or --json wrote loses its
        // timestamps and stream words, so the evidence quotes the messages (raw text stays as it is).
        var decoder = SavedFileDecoder()
        let input = DiagnosisInput(decoder.decode(bytes, defaultTime: .now()).map(CachedItem.line))
        return DiagnosisOutput.write(DiagnosisEngine.diagnosis(of: input.lines), lines: input.lines,
                                     format: json ? .json : .text) ?? .success
    }
}
