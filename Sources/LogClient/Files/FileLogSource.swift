#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Saved lines as a source (`--file PATH`, `-` for standard input): what `--json` wrote
/// (NDJSON), what `--plain` wrote (`TIMESTAMP STREAM MESSAGE`, or `STREAM MESSAGE` without
/// timestamps), or raw text, where a line is stdout unless it starts with a stream word.
///
/// A line without a timestamp of its own takes the one before it in the same read (the
/// file's modification time before the first), and times never go backwards, so lines keep
/// the file's order.
/// Following reads what was appended since the last read, as `tail -F` does: a file that was
/// replaced or truncated is read again from its start, and a line still being written waits
/// for its line break. Standard input is read to its end.
public actor FileLogSource: LogSource {
    public nonisolated let identity: SourceIdentity
    private let path: String
    /// The time of the last line read, which no later line may go before.
    private var lastTimestamp: LogTimestamp?

    /// A source reading `path` (`-`: standard input).
    public init(path: String) {
        identity = .file(path: path)
        self.path = path
    }

    public var name: String { path == "-" ? "standard input" : "the file \(path)" }

    public nonisolated var live: (any LiveLineSource)? { nil }

    public func summary() async -> DeploymentSummary? { nil }

    public func fetch(_ query: LogQuery, after position: SourcePosition?) async throws(LogClientError) -> SourceWindow {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .fileUnreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var info = stat()
        fstat(descriptor, &info)
        let fileID = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        var start: Int64 = 0
        if case .fileOffset(let offset, let previous)? = position {
            // Standard input was read to its end; a file goes on where it stopped, unless it was replaced or cut.
            guard path != "-" else { return SourceWindow(window: FetchedWindow(entries: [], isComplete: true), position: position) }
            if previous == fileID, Int64(info.st_size) >= offset { start = offset }
        }
        let bytes = try Self.read(descriptor, from: start, path: path)
        // While following, a last line without its line break is still being written.
        let end = position == nil ? bytes.count : (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
        let modified = LogTimestamp(secondsSinceEpoch: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
        return SourceWindow(window: FetchedWindow(entries: decode(bytes[..<end], defaultTime: modified), isComplete: true),
                            position: .fileOffset(start + Int64(end), fileID: fileID))
    }

    // MARK: - Reading

    private static func read(_ descriptor: Int32, from offset: Int64, path: String) throws(LogClientError) -> [UInt8] {
        if offset > 0, lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw .fileUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard let bytes = FileBytes.readAll(descriptor) else {
            throw .fileUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        return bytes
    }

    // MARK: - Decoding

    /// The entries of whole lines.
    private func decode(_ bytes: ArraySlice<UInt8>, defaultTime: LogTimestamp) -> [LogEntry] {
        var entries: [LogEntry] = []
        var previous: LogTimestamp?   // the time of the line before, in this read
        for line in LineSplitter.lines(of: bytes) where !line.isEmpty {
            switch SavedLine(String(decoding: line, as: UTF8.self)) {
            case .marker:
                continue
            case .line(let timestamp, let stream, let message):
                // A line without a time takes the one before it in this read, else the file's
                // modification time; times never go backwards: the file's order is the lines' order.
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
