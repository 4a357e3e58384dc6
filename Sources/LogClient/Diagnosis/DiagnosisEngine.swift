/// Names the most likely root cause of a failure from a deployment's lines.
///
/// Each line is lower-cased once and checked for each signature's keywords with `memmem`
/// (fast); only lines that pass run the signature's regex. Noise (deprecation warnings,
/// stack frames, JSON-RPC traffic) is skipped. Findings rank causes before consequences,
/// then the earliest decisive line; a transient failure followed by success is dropped.
public enum DiagnosisEngine {
    /// The findings, most likely first (empty when nothing looks wrong).
    public static func diagnose(_ lines: [String]) -> [Finding] {
        diagnose(lines, compiled: CompiledRule.standard)
    }

    /// The findings for `lines` under other rules (for testing a new family).
    public static func diagnose(_ lines: [String], rules: [DiagnosisRule]) -> [Finding] {
        diagnose(lines, compiled: CompiledRule.compile(rules))
    }

    private static func diagnose(_ lines: [String], compiled: [CompiledRule]) -> [Finding] {
        var matches: [String: CategoryMatch] = [:]
        var lastSuccess: Int?
        var sawFailureMarker = false
        for (index, line) in lines.enumerated() {
            let lowered = LoweredLine(line)
            if Noise.isNoise(lowered) { continue }
            if Noise.isSuccess(lowered) { lastSuccess = index }
            if Noise.isFailureMarker(lowered) { sawFailureMarker = true }
            for (ruleIndex, rule) in compiled.enumerated() {
                for signature in rule.signatures where lowered.containsAny(signature.keywords) {
                    guard var groups = signature.match(line) else { continue }
                    if rule.rule.category == "missing_credential", groups["variable"] == nil,
                       let previous = precedingIdentifier(before: index, in: lines) {
                        groups["variable"] = previous
                    }
                    matches[rule.rule.category, default: CategoryMatch(category: rule.rule.category)]
                        .add(line: index, rule: rule.rule, ruleIndex: ruleIndex, signature: signature, groups: groups)
                    break
                }
            }
        }
        let findings = matches.values.filter { match in
            if match.isTransient, let lastSuccess, lastSuccess > match.lastLine { return false }
            if match.tier == .weak { return sawFailureMarker }
            return true
        }
        // A consequence seen only on lines that already prove a better finding says nothing new.
        var explained = Set<Int>()
        var ranked: [Finding] = []
        for match in findings.sorted(by: { ($0.tier, $0.firstLine, $0.ruleIndex) < ($1.tier, $1.firstLine, $1.ruleIndex) }) {
            if match.tier == .consequence, match.evidence.allSatisfy(explained.contains) { continue }
            explained.formUnion(match.evidence)
            ranked.append(match.finding())
        }
        return ranked
    }

    /// The identifier on the nearest non-empty line above `index` (pydantic prints the missing
    /// field's name on the line before "Field required").
    private static func precedingIdentifier(before index: Int, in lines: [String]) -> String? {
        var cursor = index - 1
        while cursor >= 0 {
            let text = lines[cursor].trimmingASCIIWhitespace()
            if !text.isEmpty {
                return text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? String(text) : nil
            }
            cursor -= 1
        }
        return nil
    }
}
