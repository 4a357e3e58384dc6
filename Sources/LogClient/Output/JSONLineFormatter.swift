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
    public static func append(_ text: String, to output: inout String) {
        output += "\""
        var plainStart = text.unicodeScalars.startIndex
        var index = plainStart
        let scalars = text.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            if let escape = escapeSequence(for: scalar) {
                output.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                output += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[plainStart...])
        output += "\""
    }

    private static func escapeSequence(for scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let digits = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        default: return nil
        }
    }
}
