#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient

/// Where and how lines are written: standard output or `--output`'s file, in the chosen
/// format.
struct LineWriter: Sendable {
    private let destination: OutputStream
    private let formatter: any LineFormatter
    /// `--output`'s path, when lines go to a file.
    let path: String?

    /// Opens the destination: a new file for `--output` (never one that exists), else
    /// standard output with `--color` resolved once.
    /// - Parameter keyWidth: the widest deployment key, when several are shown.
    /// - Throws: ``LogClientError/outputFileUnusable(path:reason:)``.
    init(output: OutputOptions, keyWidth: Int = 0, environment: [String: String]) throws(LogClientError) {
        path = output.outputFile
        if let path {
            destination = OutputStream(descriptor: try LineFile.create(path, replacing: false))
            formatter = LineFile.formatter(for: path, format: output.format, showsTimestamps: !output.noTimestamps,
                                           keyWidth: keyWidth)
        } else {
            destination = .standardOutput
            formatter = output.formatter(isTerminal: OutputStream.standardOutput.isTerminal, environment: environment,
                                         keyWidth: keyWidth)
        }
    }

    /// Writes `items`; `false` once the reader closed the pipe (output then ends quietly).
    @discardableResult
    func write(_ items: [CachedItem]) -> Bool {
        var text = ""
        text.reserveCapacity(items.count * 120)
        for item in items { formatter.append(item, to: &text) }
        return destination.write(text)
    }

    /// Whether someone still reads (a file always does).
    var readerIsPresent: Bool { destination.readerIsPresent }

    /// Says where the lines went, when that was a file.
    func reportSaved(_ items: [CachedItem]) {
        guard let path else { return }
        let count = items.count { $0.entry != nil }
        StandardError.report("wrote \(count) \(count == 1 ? "line" : "lines") to \(path).")
    }
}
