import LogText

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
        jsonObjects(diagnosis, lines: lines).map { $0 + "\n" }.joined()
    }

    /// The objects of ``json(_:lines:)-(Diagnosis,_)`` as JSON texts without line breaks (for a
    /// JSON array, such as catwalk-logd's `GET …/diagnosis`); none when nothing looks wrong.
    public static func jsonObjects(_ diagnosis: Diagnosis, lines: [String]) -> [String] {
        if let unexplained = diagnosis.unexplained, diagnosis.findings.isEmpty {
            return [object(category: nil, summary: unexplained.summary, hint: unexplained.hint,
                           evidence: unexplained.evidence, lines: lines)]
        }
        return diagnosis.findings.map { finding in
            object(category: finding.category, summary: finding.summary, hint: finding.hint,
                   evidence: finding.evidence, lines: lines)
        }
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
        return text + "]}"
    }
}

extension Diagnosis {
    /// The diagnosis with its most likely finding alone.
    public var mostLikely: Diagnosis {
        Diagnosis(findings: Array(findings.prefix(1)), unexplained: unexplained)
    }
}
