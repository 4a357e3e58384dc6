import LogText

/// Reads the lines of a saved file: what `--json` wrote (NDJSON), what `--plain` wrote
/// (`TIMESTAMP STREAM MESSAGE`, or `STREAM MESSAGE` without timestamps), or raw text, where
/// a line is stdout unless it starts with a stream word.
///
/// A line without a timestamp of its own takes the one before it in the same read (the
/// default time before the first), and times never go backwards across reads, so lines keep
/// the file's order.
public struct SavedFileDecoder: Sendable {
    /// The time of the last line read, which no later line may go before.
    private var lastTimestamp: LogTimestamp?

    /// A decoder that has read nothing yet.
    public init() {}

    /// The entries of whole lines of `bytes` (gap markers and empty lines are not entries).
    /// - Parameter defaultTime: the time of lines before the first that carries one.
    public mutating func decode(_ bytes: some BidirectionalCollection<UInt8>, defaultTime: LogTimestamp) -> [LogEntry] {
        var entries: [LogEntry] = []
        var previous: LogTimestamp?   // the time of the line before, in this read
        for line in LineSplitter.lines(of: bytes) where !line.isEmpty {
            switch SavedLine(String(decoding: line, as: UTF8.self)) {
            case .marker:
                continue
            case .line(let timestamp, let stream, let message):
                // A line without a time takes the one before it in this read, else the default
                // time; times never go backwards: the file's order is the lines' order.
                let own = timestamp ?? previous ?? defaultTime
                let time = max(own, lastTimestamp ?? own)
                previous = time
                lastTimestamp = time
                entries.append(LogEntry(timestamp: time, stream: stream, message: message))
            }
        }
        return entries
    }
}

/// One line of a saved file, in any of the shapes catwalk-logs writes or raw text.
enum SavedLine: Equatable {
    /// A log line; the time is `nil` when the line carries none.
    case line(LogTimestamp?, LogStream, String)
    /// The gap line of `--plain` or `--json`: not a log line.
    case marker

    init(_ text: String) {
        // A JSON line that is no log line object is a program's own structured log: raw text.
        if text.hasPrefix("{"), let entry = try? CatwalkLogsDecoder.decodeLiveMessage(text).entries.first {
            self = .line(entry.timestamp, entry.stream, entry.message)
            return
        }
        guard text != PlainFormatter.gapText, !text.hasPrefix("{\"gap\":true") else {
            self = .marker
            return
        }
        // [TIMESTAMP] [STREAM] MESSAGE: each of the first two words is taken when it is one.
        var rest = Substring(text)
        let timestamp = Self.firstWord(of: rest).flatMap { LogTimestamp(parsing: $0) }
        if timestamp != nil { rest = Self.afterFirstWord(of: rest) }
        let stream = Self.firstWord(of: rest).flatMap { LogStream(rawValue: String($0)) }
        if stream != nil { rest = Self.afterFirstWord(of: rest) }
        self = .line(timestamp, stream ?? .stdout, String(rest))
    }

    private static func firstWord(of text: Substring) -> Substring? {
        text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first
    }

    private static func afterFirstWord(of text: Substring) -> Substring {
        guard let space = text.firstIndex(of: " ") else { return text[text.endIndex...] }
        return text[text.index(after: space)...]
    }
}
