import FoundationEssentials

/// Lines decoded from one response, and how many entries could not be read.
public struct DecodedLogs: Sendable, Equatable {
    /// The entries that decoded, in the order the server sent them.
    public var entries: [LogEntry]
    /// Entries skipped because a field was missing or malformed.
    public var skippedCount: Int

    /// Creates a decoding result.
    public init(entries: [LogEntry], skippedCount: Int = 0) {
        self.entries = entries
        self.skippedCount = skippedCount
    }
}

/// Why a body could not be decoded at all.
public enum BodyDecodingFailure: Error, Sendable, Equatable {
    /// The body stopped inside a JSON value.
    case truncated
    /// The body is not the expected JSON document; the text says what was wrong.
    case malformed(String)
}

/// Decodes the backend's `{"logs": [{"timestamp", "stream", "message"}]}` body.
///
/// A malformed entry (bad timestamp, unknown stream, missing field) is skipped and
/// counted; it never costs the other entries. A body none of whose entries can be read is
/// malformed as a whole.
public enum CatwalkLogsDecoder {
    /// Decodes a logs body: the usual shape in one pass (``LogLineScanner``), anything else
    /// with JSONDecoder, which names what is wrong.
    public static func decode(_ body: [UInt8]) throws(BodyDecodingFailure) -> DecodedLogs {
        guard let lines = LogLineScanner.decode(body, single: false) else { return try decodeWithJSONDecoder(body) }
        return try someReadable(lines)
    }

    /// Decodes one text message of the live stream (valid UTF-8 already, being a `String`):
    /// a single line object, or a batch `{"logs": [...]}`. An unreadable line counts as skipped.
    public static func decodeLiveMessage(_ text: String) throws(BodyDecodingFailure) -> DecodedLogs {
        let bytes = Array(text.utf8)
        if let lines = LogLineScanner.decode(bytes, single: true) { return lines }
        return try decodeLiveMessageWithJSONDecoder(bytes)
    }

    /// The logs body through JSONDecoder: every shape, and the reason when it is unreadable.
    static func decodeWithJSONDecoder(_ body: [UInt8]) throws(BodyDecodingFailure) -> DecodedLogs {
        let document: LogsDocument
        do {
            document = try JSONDecoder().decode(LogsDocument.self, from: JSONBody.repairedUTF8(body))
        } catch {
            if JSONBody.looksTruncated(body) { throw .truncated }
            if body.isEmpty { throw .malformed("the body is empty") }
            throw .malformed("it is not a {\"logs\": [...]} JSON object")
        }
        let entries = document.logs.compactMap(\.entry)
        return try someReadable(DecodedLogs(entries: entries, skippedCount: document.logs.count - entries.count))
    }

    /// The lines of a body, unless not one of its entries could be read: then the body is not
    /// what the contract describes, rather than a run of bad lines.
    private static func someReadable(_ lines: DecodedLogs) throws(BodyDecodingFailure) -> DecodedLogs {
        guard lines.entries.isEmpty, lines.skippedCount > 0 else { return lines }
        throw .malformed("none of its \(lines.skippedCount) entries has a readable timestamp, stream and message")
    }

    /// A live message through JSONDecoder.
    static func decodeLiveMessageWithJSONDecoder(_ bytes: [UInt8]) throws(BodyDecodingFailure) -> DecodedLogs {
        let message: LiveMessage
        do {
            message = try JSONDecoder().decode(LiveMessage.self, from: Data(bytes))
        } catch {
            throw .malformed("a live message is not a JSON object")
        }
        let entries = message.lines.compactMap(\.entry)
        return DecodedLogs(entries: entries, skippedCount: message.lines.count - entries.count)
    }
}

// MARK: - Wire shapes

private struct LogsDocument: Decodable {
    let logs: [LenientEntry]
}

/// A live message: `{"logs": [...]}` or one line object.
private struct LiveMessage: Decodable {
    let lines: [LenientEntry]

    private enum Keys: String, CodingKey { case logs }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.logs) {
            lines = try container.decode([LenientEntry].self, forKey: .logs)
        } else {
            lines = [LenientEntry(from: decoder)]
        }
    }
}

/// One element of `logs`; decoding never throws, so a bad element cannot stop the array.
private struct LenientEntry: Decodable {
    let entry: LogEntry?

    private enum Keys: String, CodingKey { case timestamp, stream, message }

    init(from decoder: any Decoder) {
        guard let container = try? decoder.container(keyedBy: Keys.self),
              let timestampText = try? container.decode(String.self, forKey: .timestamp),
              let timestamp = LogTimestamp(parsing: timestampText),
              let streamText = try? container.decode(String.self, forKey: .stream),
              let stream = LogStream(rawValue: streamText),
              let message = try? container.decode(String.self, forKey: .message)
        else {
            entry = nil
            return
        }
        entry = LogEntry(timestamp: timestamp, stream: stream, message: message)
    }
}
