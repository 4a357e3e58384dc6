import FoundationEssentials

/// Checks on a response body before and after JSON decoding.
enum JSONBody {
    /// The body as valid UTF-8: invalid sequences become U+FFFD so that one bad byte
    /// upstream does not make the whole document unreadable.
    static func repairedUTF8(_ body: [UInt8]) -> Data {
        if String(validating: body, as: UTF8.self) != nil { return Data(body) }
        return Data(String(decoding: body, as: UTF8.self).utf8)
    }

    /// Whether the body looks like an HTML page (a proxy's error page) rather than JSON.
    static func looksLikeHTML(_ body: [UInt8], contentType: String?) -> Bool {
        if let contentType, contentType.lowercased().contains("text/html") { return true }
        guard let first = body.first(where: { !isJSONWhitespace($0) }) else { return false }
        return first == UInt8(ascii: "<")
    }

    /// Whether the body ends inside an unfinished JSON value: an open string, object or
    /// array. That tells a cut-off body from one that is merely wrong.
    static func looksTruncated(_ body: [UInt8]) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var sawValue = false
        for byte in body {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true; sawValue = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; sawValue = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: if !isJSONWhitespace(byte) { sawValue = true }
            }
        }
        return sawValue && (inString || depth > 0)
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
