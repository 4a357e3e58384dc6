import ArgumentParser
import LogClient

/// Writes findings and decides the exit status: 1 when a cause was found.
enum DiagnosisOutput {
    static func write(_ findings: [Finding], lines: [String], json: Bool) -> ExitStatus? {
        let text = json ? DiagnosisReport.json(findings, lines: lines) : DiagnosisReport.human(findings, lines: lines)
        OutputStream.standardOutput.write(text)
        return findings.isEmpty ? nil : .diagnosed
    }
}

/// `catwalk-logs diagnose [FILE]`: the diagnosis of saved log text (a file, or stdin).
struct DiagnoseCommand: StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        _superCommandName: "catwalk-logs",
        abstract: "Name the likely cause of a failure in saved log text (exit 1 when one is found)."
    )

    @Argument(help: "A file of log lines (default: standard input).")
    var file: String?

    @Flag(help: "One JSON object per finding.")
    var json = false

    func execute() async -> ExitStatus {
        let text: String
        do {
            text = try readText(file)
        } catch {
            return fail(.fileUnreadable(path: file ?? "standard input", reason: error.reason))
        }
        let lines = LineSplitter.lines(of: text.utf8).map { String(decoding: $0, as: UTF8.self) }
        return DiagnosisOutput.write(DiagnosisEngine.diagnose(lines), lines: lines, json: json) ?? .success
    }
}
