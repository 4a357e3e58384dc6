import Synchronization

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

// MARK: - Matching

/// A rule with its regexes compiled once.
struct CompiledRule: Sendable {
    let rule: DiagnosisRule
    let signatures: [CompiledSignature]

    /// ``DiagnosisRule/all``, compiled once per process.
    static let standard = compile(DiagnosisRule.all)

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
    func match(_ line: String) -> [String: String]? {
        guard let (regex, names) = regex.compiled, let match = try? regex.firstMatch(in: line) else { return nil }
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
final class LazyRegex: Sendable {
    private let pattern: String
    private let state = Mutex<(Regex<AnyRegexOutput>, [String])??>(nil)

    init(_ pattern: String) { self.pattern = pattern }

    /// The regex and its group names, or `nil` when the pattern does not compile.
    var compiled: (Regex<AnyRegexOutput>, [String])? {
        state.withLock { state in
            if let state { return state }
            let compiled = (try? Regex(pattern)).map { regex in
                (regex, pattern.matches(of: /\(\?<(\w+)>/).map { String($0.output.1) })
            }
            state = .some(compiled)
            return compiled
        }
    }
}

/// What one category matched across the lines.
struct CategoryMatch {
    let category: String
    var tier: DiagnosisTier = .weak
    var ruleIndex = Int.max
    var firstLine = Int.max
    var lastLine = -1
    var evidence: [Int] = []
    var groups: [String: String] = [:]
    var rule: DiagnosisRule?
    var signatureSummary: String?
    var isTransient = false

    init(category: String) { self.category = category }

    mutating func add(line: Int, rule newRule: DiagnosisRule, ruleIndex newIndex: Int, signature: CompiledSignature,
                      groups newGroups: [String: String]) {
        let newTier = signature.isDecisive ? newRule.tier : max(newRule.tier, .consequence)
        if rule == nil || newTier < tier {
            tier = newTier
            rule = newRule
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
        if evidence.count < 20, evidence.last != line { evidence.append(line) }
        groups.merge(newGroups) { old, _ in old }
    }

    func finding() -> Finding {
        let rule = self.rule!
        var evidence = self.evidence
        if let first = evidence.firstIndex(of: firstLine), first != 0 {
            evidence.remove(at: first)
            evidence.insert(firstLine, at: 0)
        }
        return Finding(category: category, summary: Template.fill(signatureSummary ?? rule.summary, with: groups),
                       hint: rule.hint, evidence: evidence)
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

// MARK: - Lines

/// A lower-case literal with its pairs of adjacent bytes hashed, for a quick "cannot occur" test.
struct Keyword: Sendable {
    let bytes: [UInt8]
    let pairs: [Int]

    init(_ text: String) {
        bytes = Array(text.lowercased().utf8)
        pairs = zip(bytes, bytes.dropFirst()).map { LoweredLine.pairHash($0, $1) }
    }
}

/// A line's bytes in ASCII lower case, with a 4096-bit set of its adjacent byte pairs: a
/// keyword with a pair the line lacks is rejected without scanning.
struct LoweredLine {
    let bytes: [UInt8]
    private var pairBits = [UInt64](repeating: 0, count: 64)

    init(_ line: String) {
        bytes = line.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        var previous: UInt8?
        for byte in bytes {
            if let previous {
                let hash = Self.pairHash(previous, byte)
                pairBits[hash >> 6] |= 1 << UInt64(hash & 63)
            }
            previous = byte
        }
    }

    static func pairHash(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(first) &* 31 &+ Int(second)) & 4095
    }

    func mayContain(_ keyword: Keyword) -> Bool {
        keyword.pairs.allSatisfy { pairBits[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }

    func contains(_ keyword: Keyword) -> Bool {
        mayContain(keyword) && contains(keyword.bytes)
    }

    func contains(_ keyword: [UInt8]) -> Bool {
        guard let first = keyword.first, keyword.count <= bytes.count else { return keyword.isEmpty }
        return bytes.withUnsafeBufferPointer { haystack in
            keyword.withUnsafeBufferPointer { needle in
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    if haystack[start] == first {
                        var offset = 1
                        while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    func containsAny(_ keywords: [Keyword]) -> Bool {
        keywords.isEmpty || keywords.contains(where: contains)
    }
}

/// Lines that are never evidence, and lines that mark success or failure.
enum Noise {
    private static let noise = ["deprecat", "warnings.warn", "maxlistenersexceededwarning", "eventemitter memory leak",
                                "experimentalwarning", "\"jsonrpc\""].map(Keyword.init)
    private static let success = ["listening on", "server running", "running on stdio", "started successfully",
                                  "uvicorn running on", "application startup complete", "successfully installed",
                                  "server started", "ready in", "connected successfully"].map(Keyword.init)
    private static let failure = ["error", "err!", "exit code", "exited with code", "failed", "fatal"].map(Keyword.init)
    private static let npmWarn = Keyword("npm warn"), badEngine = Keyword("ebadengine")
    private static let added = Keyword("added "), package = Keyword(" package")

    static func isNoise(_ line: LoweredLine) -> Bool {
        if line.contains(npmWarn), !line.contains(badEngine) { return true }
        if let first = line.bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), first > 0,
           line.bytes[first...].starts(with: Array("at ".utf8)) { return true }   // a stack frame
        return noise.contains(where: line.contains)
    }

    static func isSuccess(_ line: LoweredLine) -> Bool {
        if success.contains(where: line.contains) { return true }
        return line.contains(added) && line.contains(package)
    }

    static func isFailureMarker(_ line: LoweredLine) -> Bool {
        failure.contains(where: line.contains)
    }
}
