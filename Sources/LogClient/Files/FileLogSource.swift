#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Saved lines as a source (`--file PATH`, `-` for standard input), read by
/// ``SavedFileDecoder`` (lines before the first timestamp take the file's modification time);
/// gzip data is inflated.
/// Following reads what was appended since the last read, as `tail -F` does: a file that was
/// replaced or truncated is read again from its start, and a line still being written waits
/// for its line break. Standard input is read to its end.
public actor FileLogSource: LogSource {
    public nonisolated let identity: SourceIdentity
    private let path: String
    /// Reads the lines; it remembers the last time read, so that following never goes back.
    private var decoder = SavedFileDecoder()

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
        var bytes = try Self.read(descriptor, from: start, path: path)
        let compressed = start == 0 && GzipInflater.isGzip(bytes)
        if compressed {
            // A compressed file is read once, whole (it does not grow line by line).
            guard position == nil else { return SourceWindow(window: FetchedWindow(entries: [], isComplete: true), position: position) }
            switch GzipInflater.inflateAll(bytes) {
            case .success(let text): bytes = text
            case .failure(let error): throw .fileUnreadable(path: path, reason: error.reason)
            }
        }
        // While following, a last line without its line break is still being written.
        let end = position == nil ? bytes.count : (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
        let readTo = compressed ? Int64(info.st_size) : start + Int64(end)
        let modified = LogTimestamp(modificationTimeOf: info)
        return SourceWindow(window: FetchedWindow(entries: decoder.decode(bytes[..<end], defaultTime: modified), isComplete: true),
                            position: .fileOffset(readTo, fileID: fileID))
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
}
