import LogClient
import Synchronization

/// `--cursor-file`: the lines an earlier run printed are left out of the backlog, and the
/// cursor is saved (atomically) after every write, so a cron job or CI step that runs again
/// prints each line once.
final class CursorKeeper: Sendable {
    private let path: String
    /// The cursor, and whether the backlog has been filtered yet.
    private let state: Mutex<(cursor: LogCursor, filteredBacklog: Bool, isFirstRun: Bool)>

    /// Reads the cursor at `path` (none yet: a first run prints everything).
    init(path: String) throws(LogClientError) {
        self.path = path
        let saved = try LogCursor.load(from: path)
        state = Mutex((saved ?? .start, false, saved == nil))
    }

    /// The backlog without what an earlier run printed: the first call only (later lines are
    /// new by definition, identical ones included). A gap line leads when the backlog does not
    /// reach back to the cursor.
    func unseen(_ items: [CachedItem]) -> [CachedItem] {
        state.withLock { state in
            guard !state.filteredBacklog else { return items }
            state.filteredBacklog = true
            let unseen = state.cursor.unseen(items)
            let reachesCursor = items.count { $0.entry != nil } < LogQuery.maximumLimit
                || (items.first { $0.entry != nil }?.entry?.timestamp).map { $0 <= state.cursor.timestamp } ?? true
            return !state.isFirstRun && !reachesCursor && !unseen.isEmpty ? [.gap] + unseen : unseen
        }
    }

    /// Records that `printed` went out and saves the cursor.
    func printed(_ printed: [CachedItem]) throws(LogClientError) {
        let cursor = state.withLock { state in
            state.cursor = state.cursor.advanced(past: printed)
            return state.cursor
        }
        guard cursor != .start else { return }
        try cursor.save(to: path)
    }
}
