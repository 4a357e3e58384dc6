/// Reads "the newest N lines" of a machine out of Fly's forward-only logs API.
///
/// Fly pages only forward (at most 100 lines strictly after a nanosecond moment), and
/// without a moment it answers the newest 100 lines of the last 24 hours. So:
/// 1. ask for the newest page (the tail); if it holds N lines, that is the answer;
/// 2. otherwise estimate the moment N lines back from the rate the lines already held were
///    written at (their count over their time span), with 5 % to spare, and read forward
///    from there until the pages reach the lines already held;
/// 3. if that still is not N lines, widen from the new oldest moment the same way, until N
///    lines are held or Fly's retention (7 days) is reached. With no rate to go on (fewer
///    than two lines, or all at one moment) each step reaches back twice as far, from a day.
///
/// For a machine that logs at a steady rate this takes ceil(N/100) + 1 requests or one or
/// two more; the unit tests count them against a simulated API.
public struct FlyHistoryReader: Sendable {
    /// Fly keeps logs about this long.
    public static let retention: Duration = .seconds(7 * 24 * 3600)
    /// The span of the answer without a cursor.
    public static let tailSpan: Duration = .seconds(24 * 3600)
    /// Pages read at most for one history, whatever the estimate.
    public static let maximumPages = 60
    /// Pages read at most for one follow step (what arrived since the cursor).
    public static let maximumFollowPages = 10

    /// One page: the newest (`nil`) or the lines strictly after a nanosecond cursor.
    public typealias PageFetch = @Sendable (_ after: String?) async throws(LogClientError) -> FlyLogPage

    private let fetchPage: PageFetch
    private let now: LogTimestamp

    /// - Parameters:
    ///   - now: the current time, which Fly's 24-hour and 7-day windows are counted from.
    public init(now: LogTimestamp, fetchPage: @escaping PageFetch) {
        self.now = now
        self.fetchPage = fetchPage
    }

    /// What a history read or a follow step brought.
    public struct Result: Sendable {
        /// The lines, oldest first.
        public var entries: [LogEntry]
        /// Whether nothing older than the first line can exist (the retention was reached).
        public var isComplete: Bool
        /// Entries Fly sent that could not be read.
        public var skippedCount: Int
        /// The cursor to continue from: the newest line's moment.
        public var cursor: String?
        /// How many requests it took.
        public var requests: Int
    }

    /// The newest `limit` lines.
    public func newest(_ limit: Int) async throws(LogClientError) -> Result {
        let tail = try await fetchPage(nil)
        var held = tail.entries
        var skipped = tail.skippedCount
        var requests = 1
        let retentionStart = LogTimestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - Self.nanoseconds(Self.retention))
        // Everything from this moment on is held: the tail's first line, or the whole 24 hours
        // when the tail was not full.
        var coveredFrom = tail.entries.count < FlyLogsAPI.pageSize
            ? LogTimestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - Self.nanoseconds(Self.tailSpan))
            : tail.entries.first?.timestamp ?? now
        var reach = Self.nanoseconds(.seconds(24 * 3600))
        // Grows while steps find nothing: a burst (hundreds of lines within a microsecond) gives
        // a rate that would otherwise creep back a few nanoseconds per request.
        var emptyStepSpan: Int64 = 0
        while held.count < limit, coveredFrom > retentionStart, requests < Self.maximumPages {
            let span = max(Self.span(toHold: limit - held.count, given: held) ?? reach, emptyStepSpan)
            reach = min(reach * 2, Self.nanoseconds(Self.retention))
            let start = max(retentionStart, coveredFrom.advanced(byNanoseconds: -span))
            let older = try await readForward(from: start, until: coveredFrom, budget: Self.maximumPages - requests)
            requests += older.requests
            skipped += older.skippedCount
            let heldBefore = held.count
            held = Self.union(older: older.entries, newer: held)
            emptyStepSpan = held.count == heldBefore ? min(max(span, 1_000_000_000) * 4, Self.nanoseconds(Self.retention)) : 0
            coveredFrom = start
        }
        let cursor = tail.nextToken.flatMap { $0.isEmpty ? nil : $0 }
            ?? held.last.map { String($0.timestamp.nanosecondsSinceEpoch) }
        return Result(entries: Array(held.suffix(limit)), isComplete: held.count <= limit && coveredFrom <= retentionStart,
                      skippedCount: skipped, cursor: cursor, requests: requests)
    }

    /// The newest `limit` lines from `since` on (up to `until`), read forward from the moment
    /// itself (`--since`); a window that reaches back only to `since` may not meet older lines.
    public func window(since: LogTimestamp, until: LogTimestamp?, limit: Int) async throws(LogClientError) -> Result {
        var held: [LogEntry] = []
        var skipped = 0, requests = 0
        var token = String(since.advanced(byNanoseconds: -1).nanosecondsSinceEpoch)
        while requests < Self.maximumPages {
            let page = try await fetchPage(token)
            requests += 1
            skipped += page.skippedCount
            held += page.entries.filter { entry in until.map { entry.timestamp <= $0 } ?? true }
            if held.count > limit { held.removeFirst(held.count - limit) }
            guard let last = page.entries.last, page.entries.count >= FlyLogsAPI.pageSize,
                  until.map({ last.timestamp <= $0 }) ?? true else { break }
            token = page.nextToken.flatMap { $0.isEmpty ? nil : $0 } ?? String(last.timestamp.nanosecondsSinceEpoch)
        }
        return Result(entries: held, isComplete: false, skippedCount: skipped,
                      cursor: held.last.map { String($0.timestamp.nanosecondsSinceEpoch) }, requests: requests)
    }

    /// Every line after `cursor`, page after page until a page is not full (at most
    /// ``maximumFollowPages``; the rest comes with the next step).
    public func after(_ cursor: String) async throws(LogClientError) -> Result {
        var entries: [LogEntry] = []
        var skipped = 0
        var token = cursor
        var requests = 0
        while requests < Self.maximumFollowPages {
            let page = try await fetchPage(token)
            requests += 1
            entries += page.entries
            skipped += page.skippedCount
            // flyctl keeps its cursor when an answer carries none (logs/polling.go).
            let next = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
                ?? page.entries.last.map { String($0.timestamp.nanosecondsSinceEpoch) } ?? token
            guard page.entries.count >= FlyLogsAPI.pageSize, next != token else {
                token = next
                break
            }
            token = next
        }
        return Result(entries: entries, isComplete: true, skippedCount: skipped, cursor: token, requests: requests)
    }

    // MARK: - Backfilling

    /// Reads forward from `start` until a page reaches `boundary` (or the lines end).
    private func readForward(from start: LogTimestamp, until boundary: LogTimestamp, budget: Int)
        async throws(LogClientError) -> Result {
        var entries: [LogEntry] = []
        var skipped = 0
        var requests = 0
        // "Strictly after": one nanosecond earlier, so a line at `start` itself is included.
        var token = String(start.nanosecondsSinceEpoch - 1)
        while requests < max(1, budget) {
            let page = try await fetchPage(token)
            requests += 1
            entries += page.entries
            skipped += page.skippedCount
            guard let last = page.entries.last, page.entries.count >= FlyLogsAPI.pageSize, last.timestamp < boundary
            else { break }
            let next = page.nextToken.flatMap { $0.isEmpty ? nil : $0 } ?? String(last.timestamp.nanosecondsSinceEpoch)
            guard next != token else { break }
            token = next
        }
        return Result(entries: entries, isComplete: false, skippedCount: skipped, cursor: nil, requests: requests)
    }

    /// How far back `count` more lines reach at the rate `held` was written, with 5 % to spare;
    /// `nil` when there is no rate to go on.
    static func span(toHold count: Int, given held: [LogEntry]) -> Int64? {
        guard held.count >= 2, let first = held.first?.timestamp, let last = held.last?.timestamp, last > first else {
            return nil
        }
        // The difference in 64-bit integers (a Double holds today's nanoseconds only to 256 ns,
        // which made a burst's span zero); in Double only when it would overflow (centuries).
        let (difference, overflow) = last.nanosecondsSinceEpoch.subtractingReportingOverflow(first.nanosecondsSinceEpoch)
        let elapsed = overflow ? Double(last.nanosecondsSinceEpoch) - Double(first.nanosecondsSinceEpoch) : Double(difference)
        let perLine = elapsed / Double(held.count - 1)
        return Int64(min((perLine * Double(count) * 1.05).rounded(.up), 9e18)) + 1
    }

    /// Older lines joined to the newer ones they reach into: where both hold a moment, each
    /// distinct line keeps the larger count (``LogMerger``'s rule), so nothing is doubled.
    static func union(older: [LogEntry], newer: [LogEntry]) -> [LogEntry] {
        guard !older.isEmpty else { return newer }
        let merged = LogMerger.merge(FetchedWindow(entries: newer, isComplete: true), into: older.map(CachedItem.line),
                                     retainedLines: .max)
        return merged.compactMap(\.entry)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
