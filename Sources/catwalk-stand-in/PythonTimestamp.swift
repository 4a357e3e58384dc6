import struct LogClient.LogTimestamp

/// How the emulated backend writes timestamps: Python's `datetime.isoformat()`.
enum TimestampStyle: String, CaseIterable, Sendable {
    /// PostgreSQL: timezone-aware, `+00:00`.
    case postgres
    /// SQLite development database: naive UTC, no offset.
    case sqlite

    /// `isoformat()` of a UTC instant in microseconds: the fraction is left out when zero.
    func isoformat(micros: Int64) -> String {
        LogTimestamp(nanosecondsSinceEpoch: micros * 1000).pythonISOFormat(withOffset: self == .postgres)
    }
}
