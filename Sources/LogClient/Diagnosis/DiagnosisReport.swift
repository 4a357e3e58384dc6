/// The text lines a diagnosis reads from cached items, and the way back to the items.
public struct DiagnosisInput: Sendable {
    /// One string per display line (a message with line breaks gives several).
    public let lines: [String]
    /// For each line, the index of the item it came from.
    public let itemIndex: [Int]

    /// Flattens the log lines of `items` (gap markers are skipped).
    public init(_ items: [CachedItem]) {
        var lines: [String] = []
        var itemIndex: [Int] = []
        for (index, item) in items.enumerated() {
            guard let entry = item.entry else { continue }
            for line in LineSplitter.lines(ofMessage: entry.message) {
                lines.append(line)
                itemIndex.append(index)
            }
        }
        self.lines = lines
        self.itemIndex = itemIndex
    }

    /// Diagnoses these lines.
    public func diagnose() -> [Finding] {
        DiagnosisEngine.diagnose(lines)
    }
}

/// Writes findings for people and for scripts.
public enum DiagnosisReport {
    /// `category: summary (line N)`, the hint, and the evidence lines, sanitised; or a
    /// sentence saying nothing looks wrong.
    public static func human(_ findings: [Finding], lines: [String]) -> String {
        guard !findings.isEmpty else { return "No failure found in the logs.\n" }
        var text = ""
        for (rank, finding) in findings.enumerated() {
            let line = finding.evidence.first.map { " (line \($0 + 1))" } ?? ""
            text += (rank == 0 ? "" : "also: ") + "\(finding.category): \(finding.summary)\(line)\n"
            text += "  hint: \(finding.hint)\n"
            for index in finding.evidence.prefix(rank == 0 ? 3 : 1) {
                text += "  \(index + 1): " + TerminalSanitizer.sanitize(lines[index].prefix(200)) + "\n"
            }
        }
        return text
    }

    /// One JSON object per finding, most likely first: `category`, `summary`, `hint`, and
    /// `evidence` as `[{"line": N, "message": "…"}]` (lines counted from 1).
    public static func json(_ findings: [Finding], lines: [String]) -> String {
        var text = ""
        for finding in findings {
            text += "{\"category\":"
            JSONString.append(finding.category, to: &text)
            text += ",\"summary\":"
            JSONString.append(finding.summary, to: &text)
            text += ",\"hint\":"
            JSONString.append(finding.hint, to: &text)
            text += ",\"evidence\":["
            text += finding.evidence.map { index in
                var item = "{\"line\":\(index + 1),\"message\":"
                JSONString.append(lines[index], to: &item)
                return item + "}"
            }.joined(separator: ",")
            text += "]}\n"
        }
        return text
    }
}
