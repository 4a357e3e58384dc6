#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient
import Logging
import LogText

/// Structured logs: one JSON object per line on stderr (`ts`, `level`, `logger`, `message`, then
/// the metadata), or the same as `key=value` text for a terminal (`--log-format text`).
/// Nothing logged carries a secret: the service never puts tokens, passwords or query strings
/// in metadata.
struct JSONLogHandler: LogHandler {
    enum Format: String, Sendable, CaseIterable {
        case json, text
    }

    let label: String
    let format: Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let time = LogTimestamp.now().pythonISOFormat(withOffset: true)
        var line = ""
        switch format {
        case .json:
            line = "{\"ts\":\"\(time)\",\"level\":\"\(event.level)\",\"logger\":"
            JSONString.append(label, to: &line)
            line += ",\"message\":"
            JSONString.append("\(event.message)", to: &line)
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                line += ","
                JSONString.append(key, to: &line)
                line += ":"
                JSONString.append("\(value)", to: &line)
            }
            line += "}\n"
        case .text:
            line = "\(time) \(event.level) \(event.message)"
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            line += "\n"
        }
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
