/// Makes untrusted log text safe to write to a terminal.
///
/// No control character or escape sequence from a log line may reach the terminal:
/// C0 controls (except tab) are shown in caret notation (`ESC` → `^[`, `DEL` → `^?`),
/// C1 controls and the bidirectional overrides that can disguise text as `<U+009B>`.
/// Invalid UTF-8 has already become U+FFFD when the text was decoded.
public enum TerminalSanitizer {
    /// `text` with every unsafe scalar replaced by its visible form.
    public static func sanitize<S: StringProtocol>(_ text: S) -> String {
        guard text.utf8.contains(where: mayStartUnsafeScalar) else { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            appendVisible(scalar, to: &result)
        }
        return result
    }

    /// The display lines of a message (``LineSplitter``'s rule), each sanitised. Most
    /// messages hold no line break and nothing to replace: they are returned as they are.
    public static func displayLines(of message: String) -> [String] {
        guard message.utf8.contains(where: mayStartUnsafeScalar) else { return [message] }
        return LineSplitter.lines(ofMessage: message).map(sanitize)
    }

    /// Whether a UTF-8 byte can begin a scalar that needs replacing: an ASCII control,
    /// or the lead byte of U+0080–U+009F (`C2`) or of U+2000–U+2FFF (`E2`).
    private static func mayStartUnsafeScalar(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F || byte == 0xC2 || byte == 0xE2
    }

    private static func appendVisible(_ scalar: Unicode.Scalar, to result: inout String) {
        switch scalar.value {
        case 0x09:
            result.unicodeScalars.append(scalar)
        case 0x00..<0x20:
            result += "^"
            result.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) + 0x40))
        case 0x7F:
            result += "^?"
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
            result += "<U+" + hex4(scalar.value) + ">"
        default:
            result.unicodeScalars.append(scalar)
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
