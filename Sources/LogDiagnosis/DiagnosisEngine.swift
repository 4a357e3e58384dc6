import LogText

/// Names the most likely root cause of a failure from a deployment's lines.
///
/// Each line loses its platform prefixes (timestamps, level tags, build step counters; a JSON
/// line gives its message), is lower-cased once and checked for each signature's keywords
/// (fast); only lines that pass run the signature's regex. Noise (deprecation warnings, stack
/// frames, JSON-RPC traffic) is skipped, and a structured line at info level proves only a cause. Findings rank causes
/// before consequences, a family before those it explains, then the earliest decisive line;
/// a transient failure followed by success is dropped.
public enum DiagnosisEngine {
    /// The findings, most likely first (empty when nothing looks wrong).
    public static func diagnose(_ lines: [String]) -> [Finding] {
        var failure = FailureLine(lines)
        return diagnose(lines, failure: &failure)
    }

    /// The findings, asking `failure` (found at most once) whether the log shows a failure.
    static func diagnose(_ lines: [String], failure: inout FailureLine) -> [Finding] {
        scan(lines, table: CompiledTable.standard).ranked { failure.index != nil }
    }

    /// The findings for `lines` under other rules (for testing a new family).
    public static func diagnose(_ lines: [String], rules: [DiagnosisRule]) -> [Finding] {
        var failure = FailureLine(lines)
        return scan(lines, table: CompiledTable(rules)).ranked { failure.index != nil }
    }

    static func scan(_ lines: [String], table: CompiledTable) -> DiagnosisScan {
        var scan = DiagnosisScan(table: table)
        for index in lines.indices {
            scan.read(line: index, of: lines)
        }
        return scan
    }
}

/// What one pass over the lines found.
struct DiagnosisScan {
    private let table: CompiledTable
    private var found: KeywordIndex.Found
    private(set) var matches: [DiagnosisFamily: FamilyMatch] = [:]
    private(set) var lastSuccess: Int?
    private(set) var sawFailureMarker = false

    init(table: CompiledTable) {
        self.table = table
        found = table.index.emptySet()
    }

    mutating func read(line index: Int, of lines: [String]) {
        let message = LogMessage(lines[index])
        let lowered = LoweredLine(message.text)
        let traits = Noise.traits(of: lowered)
        if traits.isNoise { return }
        if traits.isSuccess { lastSuccess = index }
        // A line its own logger calls routine counts only for a decisive cause ("spawn npx ENOENT").
        if !message.isRoutine, traits.isFailureMarker { sawFailureMarker = true }
        table.index.find(in: lowered.bytes, into: &found)
        var matchedRule = -1
        for probe in table.probes where probe.rule != matchedRule {
            guard !message.isRoutine || probe.countsOnRoutineLines, table.mayMatch(probe, found: found) else { continue }
            let signature = table.signature(of: probe)
            guard var groups = signature.match(message.text) else { continue }
            matchedRule = probe.rule
            let rule = table.rules[probe.rule].rule
            if rule.family == .missingCredential, groups["variable"] == nil,
               let previous = Self.precedingIdentifier(before: index, in: lines) {
                groups["variable"] = previous
            }
            matches[rule.family, default: FamilyMatch(family: rule.family)]
                .add(line: index, rule: rule, ruleIndex: probe.rule, signature: signature, groups: groups)
        }
    }

    /// The findings, most likely first. `showsFailure` says whether the log shows that the
    /// deployment failed in other words (a non-zero exit, a traceback: ``FailureEvidence``); it
    /// is asked only when a hint that needs a failure was found.
    func ranked(showsFailure: () -> Bool) -> [Finding] {
        let recovered = { (match: FamilyMatch) in match.isTransient && (lastSuccess.map { $0 > match.lastLine } ?? false) }
        // A decisive cause proves that something failed, as a failure marker does.
        let needsFailure = matches.values.contains { !recovered($0) && ($0.tier == .weak || !$0.isDecisive) }
        let failed = needsFailure && (sawFailureMarker || matches.values.contains { $0.isDecisive && $0.tier == .cause && !recovered($0) }
            || showsFailure())
        let findings = matches.values.filter { match in
            if recovered(match) { return false }
            if match.tier == .weak || !match.isDecisive { return failed }
            return true
        }
        let sorted = findings.sorted { ($0.tier, $0.firstLine, $0.ruleIndex) < ($1.tier, $1.firstLine, $1.ruleIndex) }
        // A consequence seen only on lines that already prove a better finding says nothing new.
        var explained = Set<Int>()
        var ranked: [Finding] = []
        for match in Self.explainersFirst(sorted) {
            if match.tier == .consequence, match.evidence.allSatisfy(explained.contains) { continue }
            explained.formUnion(match.evidence)
            ranked.append(match.finding())
        }
        return ranked
    }

    /// `sorted` with each family moved before the first family it explains (a Python version
    /// mismatch before "no matching distribution", a refused connection before the crash).
    private static func explainersFirst(_ sorted: [FamilyMatch]) -> [FamilyMatch] {
        var order: [FamilyMatch] = []
        var placed = Set<DiagnosisFamily>()
        for match in sorted where !placed.contains(match.family) {
            for explainer in sorted where explainer.explains.contains(match.family) && !placed.contains(explainer.family) {
                order.append(explainer)
                placed.insert(explainer.family)
            }
            order.append(match)
            placed.insert(match.family)
        }
        return order
    }

    /// The identifier on the nearest non-empty line above `index` (pydantic prints the missing
    /// field's name on the line before "Field required").
    private static func precedingIdentifier(before index: Int, in lines: [String]) -> String? {
        var cursor = index - 1
        while cursor >= 0 {
            let text = LogMessage(lines[cursor]).text.trimmingASCIIWhitespace()
            if !text.isEmpty {
                return text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? String(text) : nil
            }
            cursor -= 1
        }
        return nil
    }
}

/// The first line that shows a deployment failed (``FailureEvidence/failureLine(in:)``), looked
/// for once, when first asked: the ranking and the unexplained failure both need it.
struct FailureLine {
    private let lines: [String]
    private var found: Int??

    init(_ lines: [String]) { self.lines = lines }

    /// The line's index, or `nil` when no line shows a failure.
    var index: Int? {
        mutating get {
            if let found { return found }
            let line = FailureEvidence.failureLine(in: lines)
            found = .some(line)
            return line
        }
    }
}
