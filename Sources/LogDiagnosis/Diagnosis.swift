/// A failure no family explains: the log shows the deployment failed (or the caller knows it
/// did), but no rule matched. It still points at the lines most likely to be the error.
public struct UnexplainedFailure: Sendable, Equatable {
    /// Always `nil`: there is no family (read the same way as a ``Finding``'s `category`).
    public var category: String? { nil }
    /// "no known cause".
    public var summary: String { "no known cause" }
    /// What to do next.
    public var hint: String {
        (exit.map { "the machine ended with \($0.description); " } ?? "")
            + "no known failure shape matched: read the lines below, the most likely error first"
    }
    /// How the machine exited, when the source knows.
    public var exit: MachineExit?
    /// Up to three indices (0-based, into the lines given) of the lines most likely to be the
    /// error, most likely first; empty when the log has no line that looks like one.
    public var evidence: [Int]
    /// The line that shows the deployment failed (an exit code, a traceback…), or `nil` when
    /// only the caller said so.
    public var failureLine: Int?

    /// Creates an unexplained failure.
    public init(evidence: [Int], failureLine: Int?, exit: MachineExit? = nil) {
        self.evidence = evidence
        self.failureLine = failureLine
        self.exit = exit
    }
}

/// What a diagnosis says about a log: the named causes, or else a failure with no known cause,
/// or else nothing (the log looks healthy).
public struct Diagnosis: Sendable, Equatable {
    /// The findings, most likely first.
    public var findings: [Finding]
    /// Set only when there is no finding and the deployment failed.
    public var unexplained: UnexplainedFailure?

    /// Creates a diagnosis.
    public init(findings: [Finding], unexplained: UnexplainedFailure? = nil) {
        self.findings = findings
        self.unexplained = unexplained
    }

    /// Whether nothing looks wrong: no finding and no failure.
    public var isEmpty: Bool { findings.isEmpty && unexplained == nil }

    /// The index of the line to show first: the best finding's decisive line, or the likeliest
    /// error line of an unexplained failure.
    public var firstEvidence: Int? {
        findings.first?.evidence.first ?? unexplained?.evidence.first ?? unexplained?.failureLine
    }
}

extension DiagnosisEngine {
    /// The findings for `lines`; when there is none but the log shows the deployment failed
    /// ("exited with code 1", a Python traceback, `npm ERR!`…), or `failed` is true because the
    /// caller knows it did, an ``UnexplainedFailure`` with the three lines most likely to be the error.
    ///
    /// `exit`, how the machine last exited when the source knows, counts as a fact beside the
    /// lines: an out-of-memory kill is the first finding (it often leaves no line), and a
    /// failed exit with no finding is an unexplained failure that names its code.
    public static func diagnosis(of lines: [String], failed: Bool = false, exit: MachineExit? = nil) -> Diagnosis {
        var failure = FailureLine(lines)
        var findings = diagnose(lines, failure: &failure)
        if let exit, exit.oomKilled {
            let evidence = findings.first { $0.family == .outOfMemory }?.evidence ?? []
            findings.removeAll { $0.family == .outOfMemory }
            findings.insert(Finding(family: .outOfMemory,
                                    summary: "the machine was killed for running out of memory: \(exit.description)",
                                    hint: DiagnosisRule.outOfMemoryHint, evidence: evidence), at: 0)
        }
        guard findings.isEmpty else { return Diagnosis(findings: findings) }
        let failureLine = failure.index
        guard failed || failureLine != nil || exit?.isFailure == true else { return Diagnosis(findings: []) }
        return Diagnosis(findings: [], unexplained: UnexplainedFailure(
            evidence: FailureEvidence.likelyErrorLines(in: lines, count: 3), failureLine: failureLine,
            exit: exit.flatMap { $0.isFailure ? $0 : nil }))
    }
}
