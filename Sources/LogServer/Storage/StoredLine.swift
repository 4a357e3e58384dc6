import LogClient
import LogText

/// One line as `deployment_logs` holds it: PostgreSQL keeps microseconds.
public struct StoredLine: Sendable, Equatable {
    /// Microseconds since the epoch, UTC.
    public var timestampMicros: Int64
    public var stream: LogStream
    /// The text as received, except NUL (which PostgreSQL's `text` cannot hold), stored as U+FFFD.
    public var message: String

    public init(timestampMicros: Int64, stream: LogStream, message: String) {
        self.timestampMicros = timestampMicros
        self.stream = stream
        self.message = message
    }

    /// A line read from Fly, its nanoseconds truncated to microseconds.
    public init(_ entry: LogEntry) {
        self.init(timestampMicros: entry.timestamp.nanosecondsSinceEpoch.floorDivided(by: 1000), stream: entry.stream,
                  message: entry.message.contains("\0") ? entry.message.replacingNUL() : entry.message)
    }

    /// The API's object, `{"timestamp", "stream", "message"}` with the backend's `isoformat()`,
    /// as JSON text: what `GET …/logs` lists and the live stream sends, one per message.
    public var json: String {
        var text = ""
        appendJSON(to: &text)
        return text
    }

    /// Appends `json` to `output` (a 1000-line body is built in one string).
    public func appendJSON(to output: inout String) {
        output += #"{"timestamp":""#
        output += LogTimestamp(nanosecondsSinceEpoch: timestampMicros * 1000).pythonISOFormat(withOffset: true)
        output += #"","stream":""#
        output += stream.rawValue
        output += #"","message":"#
        JSONString.append(message, to: &output)
        output += "}"
    }
}

extension String {
    fileprivate func replacingNUL() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
