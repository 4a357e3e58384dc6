/// How a family ranks against others: a cause outranks what it causes.
public enum DiagnosisTier: Int, Sendable, Comparable {
    /// A root cause: a missing package, a missing key, a full disk…
    case cause = 0
    /// A hint that matters only when something failed too (e.g. npm's EBADENGINE warning);
    /// then it explains the failure better than the crash does.
    case weak = 1
    /// What a cause leads to: a crash, a refused connection, a failed health check.
    case consequence = 2

    public static func < (lhs: DiagnosisTier, rhs: DiagnosisTier) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One way a family shows in real tool output.
public struct Signature: Sendable {
    /// Lower-case literals of which one must occur in the line before the regex runs (fast).
    public let keywords: [String]
    /// The regex; named groups (`package`, `variable`, `port`, …) fill the summary.
    public let pattern: String
    /// A summary for this signature alone (else the rule's).
    public let summary: String?
    /// Whether this line alone proves the family. A generic header ("No solution found…")
    /// is not: without a decisive line its family ranks as a consequence, below any specific
    /// explanation that follows it, and counts only when something in the log failed.
    public let isDecisive: Bool

    public init(_ keywords: [String], _ pattern: String, summary: String? = nil, decisive: Bool = true) {
        self.keywords = keywords
        self.pattern = pattern
        self.summary = summary
        self.isDecisive = decisive
    }
}

/// A family of failures: its id, its signatures and the sentences it produces.
/// Adding a family means adding a rule (and its fixtures), not touching the engine.
public struct DiagnosisRule: Sendable {
    public let family: DiagnosisFamily
    public let tier: DiagnosisTier
    public let signatures: [Signature]
    /// The summary template: `{name}` is replaced by the named group `name`, and a
    /// `{name|fallback}` uses the fallback when the group did not match.
    public let summary: String
    public let hint: String
    /// Whether a later success line (installed, listening) means it was recovered from.
    public let isTransient: Bool
    /// Families this one explains: when both are found this one ranks first, whatever their
    /// order in the log (a TLS failure explains a network error, a refused connection a crash).
    public let explains: Set<DiagnosisFamily>

    /// Creates a family's rule: the `family` and its `tier`, the `summary` template and `hint`,
    /// whether a later success clears it (`transient`), the families it `explains`, and its
    /// `signatures`.
    public init(_ family: DiagnosisFamily, _ tier: DiagnosisTier, summary: String, hint: String, transient: Bool = false,
                explains: Set<DiagnosisFamily> = [], _ signatures: [Signature]) {
        self.family = family
        self.tier = tier
        self.signatures = signatures
        self.summary = summary
        self.hint = hint
        self.isTransient = transient
        self.explains = explains
    }
}
