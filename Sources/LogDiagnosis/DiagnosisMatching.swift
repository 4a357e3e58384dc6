import Synchronization

// MARK: - Matching

/// A rule with its regexes compiled once.
struct CompiledRule: Sendable {
    let rule: DiagnosisRule
    let signatures: [CompiledSignature]

    static func compile(_ rules: [DiagnosisRule]) -> [CompiledRule] {
        rules.map { rule in
            CompiledRule(rule: rule, signatures: rule.signatures.compactMap(CompiledSignature.init))
        }
    }
}

struct CompiledSignature: Sendable {
    let keywords: [Keyword]
    let regex: LazyRegex
    let summary: String?
    let isDecisive: Bool

    init?(_ signature: Signature) {
        keywords = signature.keywords.map(Keyword.init)
        regex = LazyRegex(signature.pattern)
        summary = signature.summary
        isDecisive = signature.isDecisive
    }

    /// The named groups of the first match in `line`, or `nil` when it does not match.
    func match(_ line: Substring) -> [String: String]? {
        guard let (compiled, names) = regex.compiled,
              let match = try? (regex.isAnchored ? compiled.prefixMatch(in: line) : compiled.firstMatch(in: line))
        else { return nil }
        var groups: [String: String] = [:]
        for name in names {
            if let value = match.output[name]?.substring, !value.isEmpty {
                groups[name.hasSuffix("2") ? String(name.dropLast()) : name] = String(value)
            }
        }
        return groups
    }
}

/// A regex compiled the first time a line passes its keywords: most signatures never meet
/// a line that could match, and compiling all of them would cost more than the diagnosis.
/// It matches Unicode scalars, not grapheme clusters (log lines need no more, and it is
/// faster).
final class LazyRegex: Sendable {
    private let pattern: String
    private let state = Mutex<(Regex<AnyRegexOutput>, [String])??>(nil)
    /// Whether the pattern starts with `^`: then it is tried at the start of the line only.
    let isAnchored: Bool

    init(_ pattern: String) {
        self.pattern = pattern
        isAnchored = pattern.hasPrefix("^")
    }

    /// The regex and its group names, or `nil` when the pattern does not compile.
    var compiled: (Regex<AnyRegexOutput>, [String])? {
        state.withLock { state in
            if let state { return state }
            let compiled = (try? Regex(pattern)).map { regex in
                (regex.matchingSemantics(.unicodeScalar), Self.groupNames(in: pattern))
            }
            state = .some(compiled)
            return compiled
        }
    }
}

extension LazyRegex {
    /// The names of the pattern's named groups, `(?<name>…)`, in order: read by hand, since
    /// matching a regex over every pattern cost more than the diagnosis's own matching.
    static func groupNames(in pattern: String) -> [String] {
        var names: [String] = []
        var rest = pattern[...]
        while let open = rest.firstRange(of: "(?<") {
            rest = rest[open.upperBound...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty, rest.dropFirst(name.count).first == ">" { names.append(String(name)) }
        }
        return names
    }
}

/// What one family matched across the lines.
struct FamilyMatch {
    let family: DiagnosisFamily
    var tier: DiagnosisTier = .weak
    var ruleIndex = Int.max
    var firstLine = Int.max
    var lastLine = -1
    var evidence: [Int] = []
    var groups: [String: String] = [:]
    /// The summary and hint of the best rule matched so far.
    var ruleSummary = ""
    var hint = ""
    var signatureSummary: String?
    var isTransient = false
    /// Whether a decisive signature matched (else the family needs a failure elsewhere in the log).
    var isDecisive = false
    /// The families this one explains when both are found.
    var explains: Set<DiagnosisFamily> = []

    init(family: DiagnosisFamily) { self.family = family }

    mutating func add(line: Int, rule newRule: DiagnosisRule, ruleIndex newIndex: Int, signature: CompiledSignature,
                      groups newGroups: [String: String]) {
        let newTier = signature.isDecisive ? newRule.tier : max(newRule.tier, .consequence)
        if ruleIndex == Int.max || newTier < tier {
            tier = newTier
            ruleSummary = newRule.summary
            hint = newRule.hint
            ruleIndex = newIndex
            firstLine = line
            signatureSummary = signature.summary
            isTransient = newRule.isTransient
        }
        if newTier == tier {
            firstLine = min(firstLine, line)
            if signatureSummary == nil { signatureSummary = signature.summary }
        }
        lastLine = max(lastLine, line)
        isDecisive = isDecisive || signature.isDecisive
        explains.formUnion(newRule.explains)
        if evidence.count < 20, evidence.last != line { evidence.append(line) }
        groups.merge(newGroups) { old, _ in old }
    }

    func finding() -> Finding {
        var evidence = self.evidence
        if let first = evidence.firstIndex(of: firstLine), first != 0 {
            evidence.remove(at: first)
            evidence.insert(firstLine, at: 0)
        }
        return Finding(family: family, summary: Template.fill(signatureSummary ?? ruleSummary, with: groups),
                       hint: hint, evidence: evidence)
    }
}

/// `{name}` and `{name|fallback}` substitution; a fallback may itself hold `{name}`.
enum Template {
    static func fill(_ template: String, with groups: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = matchingBrace(in: rest, from: open) else { break }
            let body = rest[rest.index(after: open)..<close]
            let parts = body.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if let value = groups[name] {
                result += parts.count > 1 && parts[1].contains("{") ? fill(String(parts[1]), with: groups) : clean(value)
            } else if parts.count > 1, !parts[1].contains("{") {
                result += parts[1]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private static func matchingBrace(in text: Substring, from open: Substring.Index) -> Substring.Index? {
        var depth = 0
        var index = open
        while index < text.endIndex {
            if text[index] == "{" { depth += 1 }
            if text[index] == "}" { depth -= 1; if depth == 0 { return index } }
            index = text.index(after: index)
        }
        return nil
    }

    /// Captured text as shown: URL-escaped scope separators decoded, quotes and stops trimmed.
    private static func clean(_ value: String) -> String {
        var text = value.replacing("%2f", with: "/").replacing("%2F", with: "/")
        while let last = text.last, ".,;:'\"".contains(last) { text.removeLast() }
        return String(text.prefix(120))
    }
}
