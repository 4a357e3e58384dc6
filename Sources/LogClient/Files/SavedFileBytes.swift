#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The bytes of a saved file or of standard input (`-`): front to back, or for an uncompressed
/// regular file by offset from its end. Gzip data (known by its first two bytes, whatever the
/// file's name) is inflated as it is read, as `zcat` would.
public final class SavedFileBytes {
    /// The path, or "standard input": what errors name.
    let path: String
    private let descriptor: Int32
    /// The size on disk (of the compressed data, for a `.gz`).
    let size: Int64
    let modified: LogTimestamp
    /// Whether ``read(at:count:)`` may be used: a regular, uncompressed file.
    let isSeekable: Bool
    private let inflater: GzipInflater?
    /// What was read to look for gzip's magic bytes and is still to be returned.
    private var pending: [UInt8]

    /// Opens `path`.
    /// - Throws: ``LogClientError/fileUnreadable(path:reason:)``.
    init(path: String) throws(LogClientError) {
        let name = path == "-" ? "standard input" : path
        self.path = name
        descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileUnreadable(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        fstat(descriptor, &info)
        size = Int64(info.st_size)
        modified = path == "-" ? .now() : LogTimestamp(modificationTimeOf: info)
        // Gzip's magic bytes (a pipe may give them one at a time).
        var start: [UInt8] = []
        while start.count < 2 {
            let more = try Self.readRaw(descriptor, count: 2 - start.count, path: name)
            if more.isEmpty { break }
            start += more
        }
        pending = start
        let compressed = GzipInflater.isGzip(start)
        isSeekable = !compressed && (info.st_mode & S_IFMT) == S_IFREG
        if compressed {
            guard let inflater = GzipInflater() else { throw .fileUnreadable(path: name, reason: GzipError.outOfMemory.reason) }
            self.inflater = inflater
        } else {
            inflater = nil
        }
    }

    deinit {
        if descriptor != STDIN_FILENO { close(descriptor) }
    }

    /// `count` bytes from `offset` of an uncompressed regular file (fewer at its end).
    func read(at offset: Int64, count: Int) throws(LogClientError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
            if got < 0, errno == EINTR { continue }
            if got < 0 { throw .fileUnreadable(path: path, reason: String(cString: strerror(errno))) }
            if got == 0 { break }
            filled += got
        }
        return Array(buffer[..<filled])
    }

    /// The next block of text front to back (inflated when compressed), or `nil` at the end.
    /// - Throws: a read error, or gzip data that is corrupt or ends early.
    func readNext(count: Int) throws(LogClientError) -> [UInt8]? {
        while true {
            var block = pending
            pending = []
            if block.isEmpty { block = try Self.readRaw(descriptor, count: count, path: path) }
            guard let inflater else { return block.isEmpty ? nil : block }
            guard !block.isEmpty else {
                if inflater.isAtMemberEnd { return nil }
                throw .fileUnreadable(path: path, reason: GzipError.truncated.reason)
            }
            switch inflater.inflate(block) {
            case .success(let text): if !text.isEmpty { return text }
            case .failure(let error): throw .fileUnreadable(path: path, reason: error.reason)
            }
        }
    }

    /// The whole text of `path` (`-`: standard input), inflated when it is gzip data.
    /// - Throws: ``LogClientError/fileUnreadable(path:reason:)``.
    public static func text(of path: String) throws(LogClientError) -> [UInt8] {
        let file = try SavedFileBytes(path: path)
        var bytes: [UInt8] = []
        while let block = try file.readNext(count: 1 << 16) { bytes += block }
        return bytes
    }

    /// Up to `count` bytes of `descriptor` (none at its end).
    private static func readRaw(_ descriptor: Int32, count: Int, path: String) throws(LogClientError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = Glibc.read(descriptor, &buffer, count)
            if got < 0, errno == EINTR { continue }
            if got < 0 { throw .fileUnreadable(path: path, reason: String(cString: strerror(errno))) }
            return Array(buffer[..<got])
        }
    }
}

extension LogTimestamp {
    /// When the file `info` describes was last modified (the time of its lines that carry none).
    init(modificationTimeOf info: stat) {
        self.init(secondsSinceEpoch: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
    }
}
