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

    init(_ line: Substring) {
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
                                  "server started", "ready in", "connected successfully", "saved lockfile"].map(Keyword.init)
    /// Words that make a success phrase a question or a warning ("is your app listening on…?").
    private static let hedges = ["not ", "make sure", "?", "incorrect"].map(Keyword.init)
    private static let failure = ["error", "err!", "exit code", "exited with code", "failed", "fatal", "unsatisfiable"]
        .map(Keyword.init)
    private static let npmWarn = Keyword("npm warn")
    /// npm warnings that name a cause (a retry or a tar step that hit a full disk, a strict engine).
    private static let npmWarningsThatCount = ["ebadengine", "enospc", "no space left", "erofs"].map(Keyword.init)
    private static let added = Keyword("added "), package = Keyword(" package")

    static func isNoise(_ line: LoweredLine) -> Bool {
        if line.contains(npmWarn), !npmWarningsThatCount.contains(where: line.contains) { return true }
        return isStackFrame(line) || noise.contains(where: line.contains)
    }

    /// `    at foo (file.js:1:2)`; without its indentation when a prefix was removed.
    private static func isStackFrame(_ line: LoweredLine) -> Bool {
        guard let first = line.bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              line.bytes[first...].starts(with: Array("at ".utf8)) else { return false }
        return first > 0 || line.bytes.contains(UInt8(ascii: "("))
    }

    static func isSuccess(_ line: LoweredLine) -> Bool {
        if hedges.contains(where: line.contains) { return false }
        if success.contains(where: line.contains) { return true }
        return line.contains(added) && line.contains(package)
    }

    static func isFailureMarker(_ line: LoweredLine) -> Bool {
        failure.contains(where: line.contains)
    }
}
