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
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        _superCommandName: "catwalk-logs",
        abstract: "Name the likely cause of a failure in saved log text (exit 1 when one is found)."
    )

    @Argument(help: "A file of log lines (default: standard input).")
    var file: String?

    @Flag(help: "One JSON object per finding.")
    var json = false

    func run() throws {
        let text: String
        do {
            text = try readText(file)
        } catch {
            StandardError.report("Cannot read \(file ?? "standard input") (\(error.reason)): check the file's path.")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let lines = LineSplitter.lines(of: text.utf8).map { String(decoding: $0, as: UTF8.self) }
        if let status = DiagnosisOutput.write(DiagnosisEngine.diagnose(lines), lines: lines, json: json) {
            throw ExitCode(status.rawValue)
        }
    }
}
