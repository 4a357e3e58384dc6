import LogClient
import LogText

/// Timestamps and the terminal sanitiser.
enum TextProperties {
    /// A timestamp that parses formats back to the same instant, in RFC 3339 form.
    static func timestamp(_ input: [UInt8]) -> [String] {
        let text = String(decoding: input, as: UTF8.self)
        guard let parsed = LogTimestamp(parsing: text) else { return [] }
        var problems: [String] = []
        let exact = parsed.rfc3339Exact
        if LogTimestamp(parsing: exact) != parsed {
            problems.append("'\(text)' formats as '\(exact)', which does not parse back to the same instant")
        }
        let milliseconds = parsed.rfc3339Milliseconds
        let truncated = LogTimestamp(nanosecondsSinceEpoch: parsed.nanosecondsSinceEpoch
                                        - parsed.nanosecondOfSecond % 1_000_000)
        if LogTimestamp(parsing: milliseconds) != truncated {
            problems.append("'\(text)' formats with milliseconds as '\(milliseconds)', which is not the same millisecond")
        }
        if !isRFC3339(milliseconds) { problems.append("'\(milliseconds)' is not RFC 3339 (from '\(text)')") }
        return problems
    }

    /// Sanitised text holds no control character: no byte below 0x20 but tab, no DEL, no C1
    /// control, no bidirectional override; and sanitising twice changes nothing more.
    static func sanitizer(_ input: [UInt8]) -> [String] {
        let text = String(decoding: input, as: UTF8.self)
        let sanitized = TerminalSanitizer.sanitize(text)
        var problems = unsafeScalars(in: sanitized).map { "U+\(String($0.value, radix: 16)) survives sanitising" }
        for line in TerminalSanitizer.displayLines(of: text) {
            problems += unsafeScalars(in: line).map { "U+\(String($0.value, radix: 16)) survives in a display line" }
        }
        if TerminalSanitizer.sanitize(sanitized) != sanitized { problems.append("sanitising twice changes the text") }
        return problems
    }

    private static func unsafeScalars(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x09: return false
            case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
            default: return false
            }
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, digits where digits belong.
    private static func isRFC3339(_ text: String) -> Bool {
        let shape = Array("0000-00-00T00:00:00.000Z".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count == shape.count else { return false }
        return zip(bytes, shape).allSatisfy { byte, expected in
            expected == UInt8(ascii: "0") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }
}
