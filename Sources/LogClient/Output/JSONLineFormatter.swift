/// Formats lines as NDJSON: one `{"timestamp","stream","message"}` object per line, with
/// `"deployment"` (its id) and `"name"` (or `null`) when lines of several deployments are
/// shown together.
///
/// The timestamp is normalised to RFC 3339 UTC at full precision; the message is the
/// original text, JSON-escaped (so control characters arrive as `\u001b`, never raw).
public struct JSONLineFormatter: LineFormatter {
    /// Creates a formatter.
    public init() {}

    /// Appends a cached item: a log line's object, or `{"gap":true,"message":"…"}` where
    /// lines may be missing.
    public func append(_ item: CachedItem, to output: inout String) {
        if let entry = item.entry {
            append(entry, to: &output)
        } else {
            output += "{\"gap\":true,\"message\":\"lines may be missing here\"}\n"
        }
    }

    /// Appends the object of `entry` and a `\n` to `output`.
    public func append(_ entry: LogEntry, to output: inout String) {
        output += "{\"timestamp\":\""
        output += entry.timestamp.rfc3339Exact
        output += "\",\"stream\":\""
        output += entry.stream.rawValue
        output += "\",\"message\":"
        JSONString.append(entry.message, to: &output)
        if let tag = entry.deployment {
            output += ",\"deployment\":"
            JSONString.append(tag.id, to: &output)
            output += ",\"name\":"
            if let name = tag.name { JSONString.append(name, to: &output) } else { output += "null" }
        }
        if let origin = entry.origin {
            output += ",\"level\":"
            JSONString.append(origin.level, to: &output)
            for (key, value) in [("instance", origin.instance), ("region", origin.region)] {
                guard let value else { continue }
                output += ",\"\(key)\":"
                JSONString.append(value, to: &output)
            }
        }
        output += "}\n"
    }
}

/// JSON string literals per RFC 8259.
public enum JSONString {
    /// Appends `text` as a quoted JSON string.
    ///
    /// Works on UTF-8 bytes: every character that needs escaping is ASCII, and no byte of a
    /// multi-byte sequence is, so a text without any is copied whole.
    public static func append(_ text: String, to output: inout String) {
        output += "\""
        let utf8 = text.utf8
        if !utf8.contains(where: needsEscape) {
            output += text
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 16)
            for byte in utf8 {
                if needsEscape(byte) { appendEscape(for: byte, to: &bytes) } else { bytes.append(byte) }
            }
            output += String(decoding: bytes, as: UTF8.self)
        }
        output += "\""
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
        }
    }
}
