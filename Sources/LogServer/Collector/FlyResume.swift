import LogClient

/// Resuming Fly's forward-only log at a cursor without losing or doubling a line.
///
/// Fly answers lines *strictly after* a nanosecond token, and several lines can share one
/// nanosecond. So the collector asks from one nanosecond before its cursor, which brings the
/// cursor's own nanosecond again, and skips the lines at that nanosecond it already stored
/// (``FlyCursor/boundaryLines``). A page of 100 lines all at the cursor's nanosecond cannot be
/// paged past by "strictly after"; then the cursor moves one nanosecond on, accepting what Fly's
/// API cannot give (the contract's documented edge), instead of asking the same page forever.
public enum FlyResume {
    /// What one page brought: the lines not stored yet, and the cursor after them.
    public struct Step: Sendable, Equatable {
        public var newLines: [LogEntry]
        public var cursor: FlyCursor
        /// Whether the page was full, so more may be waiting right after ``cursor``.
        public var mayHaveMore: Bool
    }

    /// The token to ask Fly with for what follows `cursor`.
    public static func token(after cursor: FlyCursor) -> String {
        String(cursor.nanoseconds - 1)
    }

    /// Applies one page, read with ``token(after:)``, to `cursor`.
    public static func apply(_ page: [LogEntry], to cursor: FlyCursor, pageSize: Int = FlyLogsAPI.pageSize) -> Step {
        var skipped = 0
        var fresh: [LogEntry] = []
        fresh.reserveCapacity(page.count)
        for entry in page {
            let nanoseconds = entry.timestamp.nanosecondsSinceEpoch
            if nanoseconds < cursor.nanoseconds { continue }   // older than asked: never stored twice
            if nanoseconds == cursor.nanoseconds, skipped < cursor.boundaryLines {
                skipped += 1
                continue
            }
            fresh.append(entry)
        }
        let full = page.count >= pageSize
        guard let last = fresh.last?.timestamp.nanosecondsSinceEpoch else {
            // Nothing new. A full page of the cursor's own nanosecond cannot be paged past.
            let stuck = full && page.allSatisfy { $0.timestamp.nanosecondsSinceEpoch == cursor.nanoseconds }
            let next = stuck ? FlyCursor(machineID: cursor.machineID, nanoseconds: cursor.nanoseconds + 1, boundaryLines: 0) : cursor
            return Step(newLines: [], cursor: next, mayHaveMore: stuck)
        }
        let atLast = fresh.reversed().prefix { $0.timestamp.nanosecondsSinceEpoch == last }.count
        let boundary = last == cursor.nanoseconds ? cursor.boundaryLines + atLast : atLast
        return Step(newLines: fresh, cursor: FlyCursor(machineID: cursor.machineID, nanoseconds: last, boundaryLines: boundary),
                    mayHaveMore: full)
    }

    /// The cursor after a backfill that read `entries` (oldest first); with none, `start`.
    public static func cursor(afterBackfill entries: [LogEntry], machine: String, start: Int64) -> FlyCursor {
        guard let last = entries.last?.timestamp.nanosecondsSinceEpoch else {
            return FlyCursor(machineID: machine, nanoseconds: start, boundaryLines: 0)
        }
        let atLast = entries.reversed().prefix { $0.timestamp.nanosecondsSinceEpoch == last }.count
        return FlyCursor(machineID: machine, nanoseconds: last, boundaryLines: atLast)
    }
}
