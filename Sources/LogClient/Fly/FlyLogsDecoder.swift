import FoundationEssentials
import LogText

/// One page from Fly's logs API: the lines, oldest first, and the cursor for the next call.
public struct FlyLogPage: Sendable, Equatable {
    public var entries: [LogEntry]
    public var skippedCount: Int
    /// `meta.next_token`, or `nil` when the body carried none (NDJSON, text lines).
    public var nextToken: String?
}

/// Decodes every shape Fly has answered with: the JSON:API page `{"data": [...], "meta":
/// {"next_token"}}`, the older newline-delimited JSON objects, and the plan's text lines
/// `TIMESTAMP STREAM MESSAGE` from the machines endpoint.
public enum FlyLogsDecoder {
    /// Fly's `level`s that mean stderr (any case); everything else is stdout.
    public static let errorLevels: Set<String> = ["error", "err", "fatal", "crit", "critical", "panic", "alert", "emerg"]

    /// The stream a Fly level maps to (the contract's decision).
    public static func stream(forLevel level: String) -> LogStream {
        errorLevels.contains(level.lowercased()) ? .stderr : .stdout
    }

    /// Decodes a body of any of the three shapes.
    public static func decode(_ body: [UInt8]) throws(BodyDecodingFailure) -> FlyLogPage {
        let data = JSONBody.repairedUTF8(body)
        let trimmed = body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.first == UInt8(ascii: "{"), let page = try? JSONDecoder().decode(JSONAPIPage.self, from: data) {
            let entries = page.data.compactMap { $0.attributes?.entry }
            return FlyLogPage(entries: entries.sorted { $0.timestamp < $1.timestamp },
                              skippedCount: page.data.count - entries.count, nextToken: page.meta?.nextToken)
        }
        if trimmed.first == UInt8(ascii: "{") {
            if JSONBody.looksTruncated(body), !body.contains(0x0A) { throw .truncated }
            return decodeNDJSON(String(decoding: data, as: UTF8.self))
        }
        if trimmed.first == UInt8(ascii: "<") { throw .malformed("it is an HTML page, not Fly's logs") }
        return decodeTextLines(String(decoding: data, as: UTF8.self))
    }

    private static func decodeNDJSON(_ text: String) -> FlyLogPage {
        var entries: [LogEntry] = []
        var skipped = 0
        for line in LineSplitter.lines(of: text.utf8).map({ String(decoding: $0, as: UTF8.self) })
            where !line.allSatisfy(\.isWhitespace) {
            let object = try? JSONDecoder().decode(FlatOrNested.self, from: Data(line.utf8))
            if let entry = object?.entry { entries.append(entry) } else { skipped += 1 }
        }
        return FlyLogPage(entries: entries, skippedCount: skipped, nextToken: nil)
    }

    /// `TIMESTAMP STREAM MESSAGE` per line; a line that does not fit is shown whole as
    /// stdout, at the previous line's time.
    public static func decodeTextLines(_ text: String) -> FlyLogPage {
        var entries: [LogEntry] = []
        var lastTimestamp = LogTimestamp(nanosecondsSinceEpoch: 0)
        // Split the bytes: "\r\n" is one Character, so a Character split would miss it.
        for raw in LineSplitter.lines(of: text.utf8) {
            let line = Substring(String(decoding: raw, as: UTF8.self))
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count >= 2, let timestamp = LogTimestamp(parsing: parts[0]), let stream = LogStream(rawValue: String(parts[1])) {
                lastTimestamp = timestamp
                entries.append(LogEntry(timestamp: timestamp, stream: stream, message: parts.count > 2 ? String(parts[2]) : ""))
            } else {
                entries.append(LogEntry(timestamp: lastTimestamp, stream: .stdout, message: String(line)))
            }
        }
        return FlyLogPage(entries: entries, skippedCount: 0, nextToken: nil)
    }
}

// MARK: - Wire shapes

private struct JSONAPIPage: Decodable {
    struct Item: Decodable {
        let attributes: Attributes?
    }
    struct Meta: Decodable {
        let nextToken: String?
        enum CodingKeys: String, CodingKey { case nextToken = "next_token" }
    }
    let data: [LenientItem]
    let meta: Meta?

    private enum Keys: String, CodingKey { case data, meta }

    /// An unreadable `meta` costs the cursor, never the page's lines.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        data = try container.decode([LenientItem].self, forKey: .data)
        meta = try? container.decodeIfPresent(Meta.self, forKey: .meta)
    }
}

/// An element of `data` that never throws, so one bad line cannot lose the page.
private struct LenientItem: Decodable {
    let attributes: Attributes?
    init(from decoder: any Decoder) {
        attributes = (try? JSONAPIPage.Item(from: decoder))?.attributes
    }
}

private struct Attributes: Decodable {
    let timestamp: String
    let message: String
    let level: String?
    let instance: String?
    let region: String?

    var entry: LogEntry? {
        guard let time = LogTimestamp(parsing: timestamp) else { return nil }
        let level = self.level ?? "info"
        return LogEntry(timestamp: time, stream: FlyLogsDecoder.stream(forLevel: level), message: message,
                        origin: FlyOrigin(level: level, instance: instance, region: region))
    }
}

/// An NDJSON object: the attributes themselves, or wrapped as in JSON:API.
private struct FlatOrNested: Decodable {
    let entry: LogEntry?
    init(from decoder: any Decoder) {
        if let nested = try? JSONAPIPage.Item(from: decoder), let attributes = nested.attributes {
            entry = attributes.entry
        } else {
            entry = (try? Attributes(from: decoder))?.entry
        }
    }
}
