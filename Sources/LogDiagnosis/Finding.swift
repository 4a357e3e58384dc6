/// A likely cause of a failure, found in a deployment's lines.
public struct Finding: Sendable, Equatable {
    /// The family.
    public var family: DiagnosisFamily
    /// One sentence with the specifics filled in.
    public var summary: String
    /// What to do next.
    public var hint: String
    /// Indices (0-based, into the lines given) of the lines that prove it, first the decisive one.
    public var evidence: [Int]

    /// Creates a finding.
    public init(family: DiagnosisFamily, summary: String, hint: String, evidence: [Int]) {
        self.family = family
        self.summary = summary
        self.hint = hint
        self.evidence = evidence
    }

    /// The family's stable name, e.g. `npm_package_not_found` (what scripts match on).
    public var category: String { family.rawValue }
}
