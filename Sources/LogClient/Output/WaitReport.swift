import LogText
import LogDiagnosis

/// What `catwalk-logs wait` says at its end: one sentence for people, or one JSON object for
/// scripts (`outcome`, `status`, `duration_seconds`, `restarts`, `finding`).
public enum WaitReport {
    /// The sentence for stderr.
    public static func sentence(_ outcome: SettleWatch.Outcome, deployment: String, seconds: Double, settle: Double) -> String {
        let after = "after \(formatted(seconds)) s"
        switch outcome {
        case .running:
            return "deployment \(deployment) is up: running for \(formatted(settle)) s without a restart, \(after)."
        case .failed(let status):
            return "deployment \(deployment) failed (status \(status)) \(after)."
        case .crashLoop(let restarts):
            return "deployment \(deployment) is in a crash loop: it started over \(restarts) times (its first line came again), \(after)."
        case .timedOut(let status):
            return "deployment \(deployment) did not settle \(after)" + (status.map { " (status \($0))" } ?? "") + ": give it --timeout longer, or look at its lines."
        }
    }

    /// The one JSON object, with the diagnosis's first finding (or a failure with no known
    /// cause, `"category": null`), or `null`.
    public static func json(_ outcome: SettleWatch.Outcome, deployment: String, status: String?, seconds: Double,
                            restarts: Int, diagnosis: Diagnosis, lines: [String]) -> String {
        var text = "{\"outcome\":\"\(outcome.name)\",\"deployment\":"
        JSONString.append(deployment, to: &text)
        text += ",\"status\":"
        if let status { JSONString.append(status, to: &text) } else { text += "null" }
        text += ",\"duration_seconds\":\(formatted(seconds)),\"restarts\":\(restarts),\"finding\":"
        let finding = DiagnosisReport.json(Diagnosis(findings: Array(diagnosis.findings.prefix(1)), unexplained: diagnosis.unexplained),
                                           lines: lines).split(separator: "\n").first
        return text + (finding.map(String.init) ?? "null") + "}\n"
    }

    private static func formatted(_ seconds: Double) -> String {
        String((seconds * 10).rounded() / 10)
    }
}
