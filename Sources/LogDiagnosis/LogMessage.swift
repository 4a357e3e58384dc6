/// The part of a log line the diagnosis reads: the message without the prefixes platforms add
/// (timestamps, level tags, Fly's `app[id] iad [info]`, Docker's `#12 3.456` and `Step 3/7 :`,
/// compose's `api-1 | `, GitHub Actions' `##[error]`), and for a JSON-wrapped line such as
/// `{"level":"error","msg":"…"}` its message and error fields.
struct LogMessage {
    /// The text the signatures match.
    let text: Substring
    /// Whether the line's own structured fields call it routine (`"level":"info"`, pino's 30):
    /// such a line may show success but is never evidence of a failure.
    let isRoutine: Bool

    init(_ line: String) {
        let message = LinePrefix.strip(line[...])
        if message.utf8.first == UInt8(ascii: "{"), JSONLogLine.mayBeStructured(message), let json = JSONLogLine(message) {
            text = json.text.map { Substring($0) } ?? message
            isRoutine = json.isRoutine
        } else {
            text = message
            isRoutine = false
        }
    }
}

/// Removes the prefixes platforms put before a message, one after another.
enum LinePrefix {
    private typealias Bytes = Substring.UTF8View

    /// `line` without its platform prefixes (the indentation of an unprefixed line is kept:
    /// it tells a stack frame from a message).
    static func strip(_ line: Substring) -> Substring {
        var rest = line
        for _ in 0..<8 {
            guard let start = prefixEnd(rest.utf8) else { break }
            let bytes = rest.utf8[start...]
            rest = Substring(bytes.drop(while: { $0 == 0x20 || $0 == 0x09 }))
        }
        return rest
    }

    /// Where the message starts after the first prefix `bytes` has, or `nil` when it has none.
    private static func prefixEnd(_ bytes: Bytes) -> Bytes.Index? {
        syslogHeader(bytes) ?? timestamp(bytes) ?? bracketedTag(bytes) ?? flyInstance(bytes) ?? buildStep(bytes) ?? composeService(bytes)
            ?? levelWord(bytes) ?? remote(bytes)
    }

    // MARK: - The prefixes

    /// `2023-04-22T13:49:03.056Z`, `2024-07-26 07:04:19,065`, `2025/08/21 12:44:48`, `05:58:48.394`.
    private static func timestamp(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        if cursor.digits(4), cursor.take(in: "-/"), cursor.digits(2), cursor.take(in: "-/"), cursor.digits(2) {
            guard cursor.atSpace || (cursor.take(in: "T ") && time(&cursor)) else { return nil }
        } else {
            cursor = Cursor(bytes)
            guard time(&cursor) else { return nil }
        }
        return cursor.atSpace ? cursor.index : nil
    }

    private static let months = ["Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "]

    /// syslog's and `journalctl`'s `Jul  9 14:12:23 ip-10-0-0-204 node[812]: `.
    private static func syslogHeader(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        guard months.contains(where: { bytes.starts(with: $0.utf8) }) else { return nil }
        _ = cursor.skip { $0 != 0x20 }
        _ = cursor.skip { $0 == 0x20 }
        guard (1...2).contains(cursor.skip(while: Cursor.isDigit)), cursor.take(in: " "), time(&cursor), cursor.take(in: " "),
              cursor.skip(while: { $0 != 0x20 && $0 != UInt8(ascii: ":") }) > 0, cursor.take(in: " "),
              cursor.skip(while: { $0 != 0x20 && $0 != UInt8(ascii: ":") }) > 0, cursor.take(in: ":"), cursor.atSpace
        else { return nil }
        return cursor.index
    }

    private static func time(_ cursor: inout Cursor) -> Bool {
        guard cursor.digits(2), cursor.take(in: ":"), cursor.digits(2), cursor.take(in: ":"), cursor.digits(2) else {
            return false
        }
        if cursor.take(in: ".,") { cursor.skip(while: Cursor.isDigit) }
        if cursor.take(in: "Z") { return true }
        if cursor.take(in: "+-") { cursor.skip { Cursor.isDigit($0) || $0 == UInt8(ascii: ":") } }
        return true
    }

    /// `[info]`, `[ERROR]`, `##[error]`, `WARN[0000]`, `[server stderr]`, `[2021-09-03 12:36:46,914: ERROR/MainProcess]`
    /// (not Python's `[Errno 98]`, which belongs to the message).
    private static func bracketedTag(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        _ = cursor.take(in: "#") && cursor.take(in: "#")
        cursor.skip { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard cursor.take(in: "["), !cursor.rest.starts(with: "Errno ".utf8), !cursor.rest.starts(with: "WinError ".utf8)
        else { return nil }
        let open = cursor.index
        cursor.skip { $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "\"") }
        guard bytes.distance(from: open, to: cursor.index) <= 48, cursor.take(in: "]") else { return nil }
        return cursor.index
    }

    /// Fly's `app[5683d6e7b0458e] iad ` (its `[info]` follows).
    private static func flyInstance(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        cursor.skip { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        guard cursor.index != bytes.startIndex, cursor.take(in: "["), cursor.skip(while: Cursor.isWord) > 0,
              cursor.take(in: "]"), cursor.take(in: " "), cursor.skip(while: Cursor.isWord) > 0, cursor.take(in: " "),
              cursor.peek == UInt8(ascii: "[") else { return nil }
        return cursor.index
    }

    /// BuildKit's `#12 3.456 ` or a bare `121.9 `, and the legacy builder's `Step 3/7 : `.
    private static func buildStep(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        if cursor.take(literal: "Step ") {
            guard cursor.skip(while: Cursor.isDigit) > 0, cursor.take(in: "/"), cursor.skip(while: Cursor.isDigit) > 0,
                  cursor.take(literal: " : ") else { return nil }
            return cursor.index
        }
        if cursor.take(in: "#") {
            guard cursor.skip(while: Cursor.isDigit) > 0, cursor.take(in: " ") else { return nil }
            let afterStep = cursor.index
            return seconds(&cursor) ? cursor.index : afterStep
        }
        return seconds(&cursor) ? cursor.index : nil
    }

    private static func seconds(_ cursor: inout Cursor) -> Bool {
        cursor.skip(while: Cursor.isDigit) > 0 && cursor.take(in: ".") && cursor.skip(while: Cursor.isDigit) > 0
            && cursor.atSpace
    }

    /// docker compose's `api-1            | `.
    private static func composeService(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        guard cursor.skip(while: { Cursor.isWord($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) > 0,
              cursor.skip(while: { $0 == 0x20 }) > 0, cursor.take(in: "|") else { return nil }
        return cursor.atSpace || cursor.index == bytes.endIndex ? cursor.index : nil
    }

    /// An upper-case level with a colon: uvicorn's `INFO:`, pip's `ERROR:` (not `FATAL ERROR`).
    private static func levelWord(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        guard cursor.skip(while: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) >= 4, cursor.take(in: ":"),
              ["INFO:", "ERROR:", "WARNING:", "WARN:", "DEBUG:", "CRITICAL:", "NOTICE:", "TRACE:"]
                .contains(where: { bytes.starts(with: $0.utf8) }) else { return nil }
        return cursor.index
    }

    /// The `remote: ` a git push adds to the build output.
    private static func remote(_ bytes: Bytes) -> Bytes.Index? {
        var cursor = Cursor(bytes)
        return cursor.take(literal: "remote: ") ? cursor.index : nil
    }
}

/// Reads bytes from the start of a line.
private struct Cursor {
    let bytes: Substring.UTF8View
    private(set) var index: Substring.UTF8View.Index

    init(_ bytes: Substring.UTF8View) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }
    var rest: Substring.UTF8View { bytes[index...] }
    var atSpace: Bool { peek == 0x20 || peek == 0x09 }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isWord(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    /// Takes one byte if it is one of `set`.
    mutating func take(in set: StaticString) -> Bool {
        guard let byte = peek, UnsafeBufferPointer(start: set.utf8Start, count: set.utf8CodeUnitCount).contains(byte)
        else { return false }
        index = bytes.index(after: index)
        return true
    }

    mutating func take(literal: StaticString) -> Bool {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard rest.starts(with: text) else { return false }
        index = bytes.index(index, offsetBy: text.count)
        return true
    }

    /// Takes a run of digits; true when it was exactly `count` long.
    mutating func digits(_ count: Int) -> Bool {
        skip(while: Self.isDigit) == count
    }

    /// Takes the bytes that satisfy `predicate`; returns how many.
    @discardableResult
    mutating func skip(while predicate: (UInt8) -> Bool) -> Int {
        var count = 0
        while let byte = peek, predicate(byte) {
            index = bytes.index(after: index)
            count += 1
        }
        return count
    }
}
