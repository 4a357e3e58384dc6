/// A likely cause of a failure, found in a deployment's lines.
public struct Finding: Sendable, Equatable {
    /// The family, e.g. `npm_package_not_found` (stable: scripts match on it).
    public var category: String
    /// One sentence with the specifics filled in.
    public var summary: String
    /// What to do next.
    public var hint: String
    /// Indices (0-based, into the lines given) of the lines that prove it, first the decisive one.
    public var evidence: [Int]

    /// Creates a finding.
    public init(category: String, summary: String, hint: String, evidence: [Int]) {
        self.category = category
        self.summary = summary
        self.hint = hint
        self.evidence = evidence
    }
}
