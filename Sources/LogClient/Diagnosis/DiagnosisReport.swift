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
        human(Diagnosis(findings: findings), lines: lines)
    }

    /// The same for a whole diagnosis: a failure with no known cause reads
    /// `no known cause (line N)`, the hint, and the three lines most likely to be the error.
    public static func human(_ diagnosis: Diagnosis, lines: [String]) -> String {
        if let unexplained = diagnosis.unexplained, diagnosis.findings.isEmpty {
            let line = (unexplained.evidence.first ?? unexplained.failureLine).map { " (line \($0 + 1))" } ?? ""
            return "\(unexplained.summary)\(line)\n  hint: \(unexplained.hint)\n"
                + evidenceLines(unexplained.evidence, of: lines)
        }
        guard !diagnosis.findings.isEmpty else { return "No failure found in the logs.\n" }
        var text = ""
        for (rank, finding) in diagnosis.findings.enumerated() {
            let line = finding.evidence.first.map { " (line \($0 + 1))" } ?? ""
            text += (rank == 0 ? "" : "also: ") + "\(finding.category): \(finding.summary)\(line)\n"
            text += "  hint: \(finding.hint)\n"
            text += evidenceLines(Array(finding.evidence.prefix(rank == 0 ? 3 : 1)), of: lines)
        }
        return text
    }

    /// One JSON object per finding, most likely first: `category`, `summary`, `hint`, and
    /// `evidence` as `[{"line": N, "message": "…"}]` (lines counted from 1).
    public static func json(_ findings: [Finding], lines: [String]) -> String {
        json(Diagnosis(findings: findings), lines: lines)
    }

    /// The same for a whole diagnosis: a failure with no known cause is one object with
    /// `"category": null`, `"summary": "no known cause"` and its likely error lines as evidence.
    public static func json(_ diagnosis: Diagnosis, lines: [String]) -> String {
        if let unexplained = diagnosis.unexplained, diagnosis.findings.isEmpty {
            return object(category: nil, summary: unexplained.summary, hint: unexplained.hint,
                          evidence: unexplained.evidence, lines: lines)
        }
        return diagnosis.findings.map { finding in
            object(category: finding.category, summary: finding.summary, hint: finding.hint,
                   evidence: finding.evidence, lines: lines)
        }.joined()
    }

    private static func evidenceLines(_ evidence: [Int], of lines: [String]) -> String {
        evidence.map { "  \($0 + 1): " + TerminalSanitizer.sanitize(lines[$0].prefix(200)) + "\n" }.joined()
    }

    private static func object(category: String?, summary: String, hint: String, evidence: [Int],
                               lines: [String]) -> String {
        var text = "{\"category\":"
        if let category { JSONString.append(category, to: &text) } else { text += "null" }
        text += ",\"summary\":"
        JSONString.append(summary, to: &text)
        text += ",\"hint\":"
        JSONString.append(hint, to: &text)
        text += ",\"evidence\":["
        text += evidence.map { index in
            var item = "{\"line\":\(index + 1),\"message\":"
            JSONString.append(lines[index], to: &item)
            return item + "}"
        }.joined(separator: ",")
        return text + "]}\n"
    }
}

extension DiagnosisReport {
    /// One deployment's part of a diagnosis of several: its most likely cause only (or its
    /// failure with no known cause, or that nothing looks wrong), the first line keyed.
    public static func human(_ diagnosis: Diagnosis, lines: [String], of tag: DeploymentTag) -> String {
        tag.key + ": " + human(diagnosis.mostLikely, lines: lines)
    }

    /// The same as one JSON object with `deployment` and `name` first; nothing when nothing
    /// looks wrong.
    public static func json(_ diagnosis: Diagnosis, lines: [String], of tag: DeploymentTag) -> String {
        let object = json(diagnosis.mostLikely, lines: lines)
        guard object.hasPrefix("{") else { return object }
        var text = "{\"deployment\":"
        JSONString.append(tag.id, to: &text)
        text += ",\"name\":"
        if let name = tag.name { JSONString.append(name, to: &text) } else { text += "null" }
        return text + "," + object.dropFirst()
    }
}

extension Diagnosis {
    /// The diagnosis with its most likely finding alone.
    var mostLikely: Diagnosis {
        Diagnosis(findings: Array(findings.prefix(1)), unexplained: unexplained)
    }
}
