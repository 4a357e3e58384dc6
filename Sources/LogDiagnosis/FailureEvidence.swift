import LogText

/// Whether a log shows that the deployment failed, and which of its lines most likely say why,
/// for a failure no family explains.
enum FailureEvidence {
    /// Lines that say the process exited with an error: "exited with code 1", "Exit status 1",
    /// "exit code: 1", "Exiting with error code: 134".
    private static let exitSignatures = [
        Signature(["exit"], #"(?i)\bexit(?:ed|ing)?\b.{0,40}?\b(?:code|status)\b[:= ]*(?!0\b)-?\d+"#),
        Signature(["code=exited"], #"code=exited, status=[1-9]"#),
        Signature(["non-zero"], #"(?i)non-zero (?:exit )?(?:code|status)"#),
        Signature(["process exited"], #"(?i)\bprocess exited\b(?! with code 0\b)"#),
    ].compactMap(CompiledSignature.init)

    /// Lines that say the deployment failed, whatever the cause.
    private static let failureSignatures = exitSignatures + [
        // The end of a Python traceback, npm's error block, Node's crash header.
        Signature(["traceback (most recent call last)"], #"Traceback \(most recent call last\)"#),
        Signature(["npm err!", "npm error "], #"^npm (?:ERR!|error) "#),
        Signature(["throw "], #"^\s*throw \w+;"#),
        Signature(["uncaught", "unhandled"], #"(?i)\b(?:uncaught|unhandled)\b.{0,40}\b(?:exception|error|rejection)"#),
        // An exception that reached the top ("Error: …", "KeyError: …"), yarn's and uv's error lines, pnpm's codes.
        Signature(["error", "exception"], #"^(?:Uncaught )?(?:[A-Za-z_][\w.]*)?(?:Error|Exception)(?: \[\w+\])?: "#),
        Signature(["error "], #"^error:? "#),
        Signature(["err_pnpm_"], #"ERR_PNPM_\w+"#),
        Signature(["panic:", "segmentation fault", "core dumped"], #"^panic: |Segmentation fault|core dumped"#),
        Signature(["fatal"], #"^(?:FATAL|[Ff]atal)\b"#),
        Signature(["command failed", "failed to build", "build failed", "deploy failed", "elifecycle"],
                  #"(?i)command failed|failed to build|build failed|deploy(?:ment)? failed|ELIFECYCLE"#),
    ].compactMap(CompiledSignature.init)

    /// Words of error lines (not npm's "ERR!", which starts every line of its report).
    private static let errorWords = ["error", "fatal", "exception", "failed", "failure", "cannot", "can't",
                                     "could not", "couldn't", "unable", "denied", "refused", "not found", "invalid",
                                     "panic", "missing", "timed out", "timeout", "killed", "abort", "unsatisfiable",
                                     "no solution"].map(Keyword.init)
    /// Lines tools add to every error, which never say what went wrong.
    private static let boilerplate = ["complete log of this run", "report this error", "support request",
                                      "err! argv ", "err! node v", "err! npm  v", "err! npm v", "err! linux ",
                                      "err! darwin ", "err! windows_nt ",
                                      "--loglevel", "debug.log", "-debug-0.log", "for further information visit",
                                      "this is probably not a problem with npm", "additional logging output above"]
        .map(Keyword.init)
    private static let npmReport = [Keyword("npm err!"), Keyword("npm error ")]
    private static let exceptionLine = CompiledSignature(
        Signature([], #"^\s*(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)\b(?::|$)"#))

    /// The first line that shows the deployment failed, or `nil`.
    static func failureLine(in lines: [String]) -> Int? {
        lines.indices.first { index in
            let message = LogMessage(lines[index])
            let lowered = LoweredLine(message.text)
            return failureSignatures.contains { signature in
                lowered.containsAny(signature.keywords) && signature.match(message.text) != nil
            }
        }
    }

    /// Up to `count` indices of the lines most likely to be the error, most likely first: lines
    /// with error words or an exception's name, nearest the end, not stack frames or boilerplate.
    static func likelyErrorLines(in lines: [String], count: Int) -> [Int] {
        var candidates: [(score: Int, index: Int)] = []
        var seen = Set<Substring>()
        for index in lines.indices.reversed() {
            let message = LogMessage(lines[index])
            let text = message.text.trimmingASCIIWhitespace()
            guard !isStackFrame(text), !isSourceEcho(index, in: lines), !seen.contains(text) else { continue }
            let score = score(message) + (startsNpmReport(index, in: lines) ? 2 : 0)
            if score > 0 {
                candidates.append((score, index))
                seen.insert(text)
            }
        }
        return candidates.sorted { ($0.score, $0.index) > ($1.score, $1.index) }.prefix(count).map(\.index)
    }

    /// How much a line reads like the error: two for each error word (up to 3), 4 more for an
    /// exception's name; a bare non-zero exit ("exited with code 1") 1, so that it is shown when
    /// nothing says more, after the lines that do.
    private static func score(_ message: LogMessage) -> Int {
        let lowered = LoweredLine(message.text)
        if message.isRoutine || Noise.traits(of: lowered).isNoise || boilerplate.contains(where: lowered.contains) { return 0 }
        let words = min(errorWords.count(where: lowered.contains), 3)
        let isException = exceptionLine.map { $0.match(message.text) != nil } ?? false
        let score = 2 * (words + (isException ? 2 : 0))
        guard score == 0 else { return score }
        return exitSignatures.contains { lowered.containsAny($0.keywords) && $0.match(message.text) != nil } ? 1 : 0
    }

    /// Whether this line opens npm's error report (its first line says what went wrong).
    private static func startsNpmReport(_ index: Int, in lines: [String]) -> Bool {
        let isReport = { (line: String) in npmReport.contains(where: LoweredLine(LogMessage(line).text).contains) }
        guard isReport(lines[index]) else { return false }
        let previous = lines[..<index].last { !$0.trimmingASCIIWhitespace().isEmpty }
        return previous.map { !isReport($0) } ?? true
    }

    /// A Python `File "…", line N` frame, a Go `file.go:12 +0x1f` frame, or a caret underline.
    private static func isStackFrame(_ text: Substring) -> Bool {
        if text.hasPrefix("File \""), text.contains(", line ") { return true }
        if text.hasPrefix("/"), text.contains(".go:") { return true }
        return !text.isEmpty && text.allSatisfy { $0 == "^" || $0 == "~" || $0 == " " }
    }

    /// The source line Python prints under a frame (absent when the source is not at hand).
    private static func isSourceEcho(_ index: Int, in lines: [String]) -> Bool {
        guard index > 0, lines[index - 1].contains("File \""),
              isStackFrame(LogMessage(lines[index - 1]).text.trimmingASCIIWhitespace()) else { return false }
        return exceptionLine.map { $0.match(LogMessage(lines[index]).text) == nil } ?? true
    }
}
