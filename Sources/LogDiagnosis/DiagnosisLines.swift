// MARK: - Lines

/// A literal looked for in lines, in ASCII lower case like them.
struct Keyword: Sendable {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = LoweredLine.lowered(text.utf8)
    }

    init(lowered bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// A line's bytes in ASCII lower case.
struct LoweredLine {
    let bytes: [UInt8]

    init(_ line: Substring) {
        bytes = Self.lowered(line.utf8)
    }

    static func lowered(_ text: some Sequence<UInt8>) -> [UInt8] {
        text.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    func contains(_ keyword: Keyword) -> Bool {
        guard let first = keyword.bytes.first, keyword.bytes.count <= bytes.count else { return keyword.bytes.isEmpty }
        return bytes.withUnsafeBufferPointer { haystack in
            keyword.bytes.withUnsafeBufferPointer { needle in
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

/// Lines that are never evidence, and lines that mark success or failure, found with one
/// search of the line for all their words.
enum Noise {
    /// What a line says about the run, apart from any family.
    struct Traits {
        /// Never evidence: a deprecation warning, a stack frame, JSON-RPC traffic, an npm warning.
        var isNoise = false
        /// "listening on", "successfully installed"… (not when hedged: "is your app listening on…?").
        var isSuccess = false
        /// Something failed: weak hints count only then.
        var isFailureMarker = false
    }

    private enum Kind: Int {
        case noise, success, hedge, failure, npmWarning, npmWarningThatCounts, added, package
    }

    private static let words: [(Kind, [String])] = [
        (.noise, ["deprecat", "warnings.warn", "maxlistenersexceededwarning", "eventemitter memory leak",
                  "experimentalwarning", "\"jsonrpc\""]),
        (.success, ["listening on", "server running", "running on stdio", "started successfully", "uvicorn running on",
                    "application startup complete", "successfully installed", "server started", "ready in",
                    "connected successfully", "saved lockfile"]),
        // Words that make a success phrase a question or a warning ("is your app listening on…?";
        // libpq asks "Is the server running on host …" and puts its "?" on the next line).
        (.hedge, ["not ", "make sure", "?", "incorrect", "is the server"]),
        (.failure, ["error", "err!", "exit code", "exited with code", "failed", "fatal", "unsatisfiable"]),
        (.npmWarning, ["npm warn"]),
        // npm warnings that name a cause (a retry or a tar step that hit a full disk, a strict engine).
        (.npmWarningThatCounts, ["ebadengine", "enospc", "no space left", "erofs"]),
        (.added, ["added "]),
        (.package, [" package"]),
    ]
    private static let kinds = words.flatMap { kind, list in list.map { _ in kind } }
    private static let index = KeywordIndex(words.flatMap(\.1).map(Keyword.init))

    static func traits(of line: LoweredLine) -> Traits {
        var found = index.emptySet()
        index.find(in: line.bytes, into: &found)
        var present: UInt32 = 0
        for (id, kind) in kinds.enumerated() where found.contains(id) { present |= 1 << kind.rawValue }
        let has = { (kind: Kind) in present & (1 << kind.rawValue) != 0 }
        var traits = Traits()
        traits.isNoise = has(.noise) || isStackFrame(line) || (has(.npmWarning) && !has(.npmWarningThatCounts))
        traits.isSuccess = !has(.hedge) && (has(.success) || (has(.added) && has(.package)))
        traits.isFailureMarker = has(.failure)
        return traits
    }

    /// `    at foo (file.js:1:2)`; without its indentation when a prefix was removed.
    private static func isStackFrame(_ line: LoweredLine) -> Bool {
        guard let first = line.bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              line.bytes[first...].starts(with: Array("at ".utf8)) else { return false }
        return first > 0 || line.bytes.contains(UInt8(ascii: "("))
    }
}
