import struct LogClient.LogTimestamp

/// How the emulated backend writes timestamps: Python's `datetime.isoformat()`.
enum TimestampStyle: String, CaseIterable, Sendable {
    /// PostgreSQL: timezone-aware, `+00:00`.
    case postgres
    /// SQLite development database: naive UTC, no offset.
    case sqlite

    /// `isoformat()` of a UTC instant in microseconds: the fraction is left out when zero.
    func isoformat(micros: Int64) -> String {
        let exact = LogTimestamp(nanosecondsSinceEpoch: micros * 1000).rfc3339Exact.dropLast()  // drop "Z"
        var text = String(exact)
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            let micro = fraction.count < 6 ? fraction + String(repeating: "0", count: 6 - fraction.count) : String(fraction.prefix(6))
            text = String(text[..<dot]) + "." + micro
        }
        return self == .postgres ? text + "+00:00" : text
    }
}
