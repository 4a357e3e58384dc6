#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// Where the previous run stopped (`--cursor-file`), for cron jobs and CI steps that run again
/// and again: the newest line's moment, and how many of each line at that moment were printed.
/// Lines have no id, so identical lines at that moment are counted, not dropped or repeated.
public struct LogCursor: Sendable, Equatable {
    /// The newest moment printed.
    public var timestamp: LogTimestamp
    /// The lines at `timestamp` already printed, with how many of each.
    public var printedAtTimestamp: [LineKey: Int]

    /// A line as the cursor knows it: its stream and text (its moment is the cursor's).
    public struct LineKey: Hashable, Sendable {
        public var stream: LogStream
        public var message: String
    }

    public init(timestamp: LogTimestamp, printedAtTimestamp: [LineKey: Int] = [:]) {
        self.timestamp = timestamp
        self.printedAtTimestamp = printedAtTimestamp
    }

    /// The lines of `items` not printed before: newer than the cursor, or at its moment beyond
    /// the count already printed. Gap markers before the first such line are dropped.
    public func unseen(_ items: [CachedItem]) -> [CachedItem] {
        var remaining = printedAtTimestamp
        var result: [CachedItem] = []
        for item in items {
            guard let entry = item.entry else {
                if !result.isEmpty { result.append(item) }
                continue
            }
            if entry.timestamp < timestamp { continue }
            if entry.timestamp == timestamp {
                let key = LineKey(stream: entry.stream, message: entry.message)
                if let count = remaining[key], count > 0 {
                    remaining[key] = count - 1
                    continue
                }
            }
            result.append(item)
        }
        return result
    }

    /// The cursor after `printed` (what ``unseen(_:)`` gave, now printed) was printed.
    public func advanced(past printed: [CachedItem]) -> LogCursor {
        guard let newest = printed.last(where: { $0.entry != nil })?.entry?.timestamp, newest >= timestamp else { return self }
        var next = newest == timestamp ? self : LogCursor(timestamp: newest)
        for entry in printed.compactMap(\.entry) where entry.timestamp == newest {
            next.printedAtTimestamp[LineKey(stream: entry.stream, message: entry.message), default: 0] += 1
        }
        return next
    }

    /// The cursor of a first run: before every line.
    public static let start = LogCursor(timestamp: LogTimestamp(nanosecondsSinceEpoch: .min))

    // MARK: - The file

    /// The cursor saved at `path`, or `nil` when there is no file yet.
    /// - Throws: ``LogClientError/cursorFileUnusable(path:reason:)`` when it cannot be read or is not a cursor.
    public static func load(from path: String) throws(LogClientError) -> LogCursor? {
        guard let data = FileBytes.read(path) else {
            if errno == ENOENT { return nil }
            throw .cursorFileUnusable(path: path, reason: String(cString: strerror(errno)))
        }
        guard let file = try? JSONDecoder().decode(CursorFile.self, from: Data(data)),
              let nanoseconds = Int64(file.nanoseconds) else {
            throw .cursorFileUnusable(path: path, reason: "it is not a catwalk-logs cursor")
        }
        var counts: [LineKey: Int] = [:]
        for line in file.printed { counts[LineKey(stream: line.stream, message: line.message), default: 0] += line.count }
        return LogCursor(timestamp: LogTimestamp(nanosecondsSinceEpoch: nanoseconds), printedAtTimestamp: counts)
    }

    /// Saves the cursor at `path` atomically: written to a file beside it, then renamed over it,
    /// so a run killed half way leaves the previous cursor whole.
    public func save(to path: String) throws(LogClientError) {
        let file = CursorFile(timestamp: timestamp.rfc3339Exact, nanoseconds: String(timestamp.nanosecondsSinceEpoch),
                              printed: printedAtTimestamp.map { CursorFile.Line(stream: $0.key.stream, message: $0.key.message, count: $0.value) }
                                .sorted { ($0.stream.rawValue, $0.message) < ($1.stream.rawValue, $1.message) })
        guard let data = try? JSONEncoder().encode(file) else {
            throw .cursorFileUnusable(path: path, reason: "the cursor could not be encoded")
        }
        let temporary = "\(path).tmp-\(getpid())"
        guard FileBytes.write(Array(data) + [0x0A], to: temporary), rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cursorFileUnusable(path: path, reason: reason)
        }
    }
}

/// The cursor file's shape: readable, and exact (nanoseconds as a decimal string).
private struct CursorFile: Codable {
    struct Line: Codable {
        var stream: LogStream
        var message: String
        var count: Int
    }

    var timestamp: String
    var nanoseconds: String
    var printed: [Line]
}
