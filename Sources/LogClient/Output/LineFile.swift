#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file a person asked lines to be saved to: `--output`, and the viewer's save key. Plain
/// text, or NDJSON when the name ends in `.ndjson` or `.jsonl`; an existing file is replaced
/// only when the person said so.
public enum LineFile {
    /// Whether lines saved at `path` are NDJSON (by its name).
    public static func isNDJSON(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl")
    }

    /// Whether something is at `path` already.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The format lines saved at `path` take: NDJSON by name (or when `format` is `.json`),
    /// else plain text without colour.
    public static func formatter(for path: String, format: OutputFormat, showsTimestamps: Bool,
                                 keyWidth: Int) -> any LineFormatter {
        if format == .json || isNDJSON(path) { return JSONLineFormatter() }
        return PlainFormatter(showsTimestamps: showsTimestamps, theme: Theme(usesColor: false), keyWidth: keyWidth)
    }

    /// Creates the file (0644, as a shell's redirection would) and opens it for writing.
    /// - Throws: ``LogClientError/outputFileUnusable(path:reason:)`` when it exists and
    ///   `replacing` is false, or it cannot be created.
    public static func create(_ path: String, replacing: Bool) throws(LogClientError) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists, and catwalk-logs never replaces a file unasked" : String(cString: strerror(errno))
            throw .outputFileUnusable(path: path, reason: reason)
        }
        return descriptor
    }

    /// Saves `items` at `path` in the format its name asks for. Returns how many log lines
    /// were written.
    /// - Throws: ``LogClientError/outputFileUnusable(path:reason:)``.
    public static func save(_ items: [CachedItem], to path: String, replacing: Bool, showsTimestamps: Bool,
                            keyWidth: Int) throws(LogClientError) -> Int {
        let descriptor = try create(path, replacing: replacing)
        defer { close(descriptor) }
        let formatter = formatter(for: path, format: .text, showsTimestamps: showsTimestamps, keyWidth: keyWidth)
        var text = ""
        for item in items { formatter.append(item, to: &text) }
        guard FileBytes.writeAll(Array(text.utf8), to: descriptor) else {
            throw .outputFileUnusable(path: path, reason: String(cString: strerror(errno)))
        }
        return items.count { $0.entry != nil }
    }
}
