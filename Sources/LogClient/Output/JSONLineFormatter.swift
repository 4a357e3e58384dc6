import LogText

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
