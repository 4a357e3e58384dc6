import Synchronization
import Testing
import TestSupport
@testable import LogClient

/// Fly's logs API as its docs describe it, over a list of lines, counting requests:
/// no cursor gives the newest 100 lines of the last 24 hours; a nanosecond cursor gives at
/// most 100 lines strictly after it, oldest first; nothing older than 7 days is served.
final class SimulatedFlyLogs: Sendable {
    let now: LogTimestamp
    private let lines: [LogEntry]
    private let count = Mutex(0)

    init(now: LogTimestamp, lines: [LogEntry]) {
        self.now = now
        self.lines = lines.sorted { $0.timestamp < $1.timestamp }
    }

    var requests: Int { count.withLock { $0 } }

    func page(after token: String?) -> FlyLogPage {
        count.withLock { $0 += 1 }
        let day: Int64 = 86_400_000_000_000
        let retained = lines.filter { $0.timestamp.nanosecondsSinceEpoch >= now.nanosecondsSinceEpoch - 7 * day }
        let page: [LogEntry]
        if let token, let after = Int64(token) {
            page = Array(retained.filter { $0.timestamp.nanosecondsSinceEpoch > after }.prefix(100))
        } else {
            page = Array(retained.filter { $0.timestamp.nanosecondsSinceEpoch >= now.nanosecondsSinceEpoch - day }.suffix(100))
        }
        return FlyLogPage(entries: page, skippedCount: 0,
                          nextToken: page.last.map { String($0.timestamp.nanosecondsSinceEpoch) } ?? "")
    }

    func reader() -> FlyHistoryReader {
        FlyHistoryReader(now: now) { token in self.page(after: token) }
    }
}

@Suite struct FlyHistoryReaderTests {
    static let now = LogTimestamp(secondsSinceEpoch: 1_795_867_200)

    /// `count` lines spread evenly over `days` days up to a minute ago, numbered from the oldest.
    static func steadyLines(_ count: Int, days: Double, jitter: Bool = false) -> [LogEntry] {
        let span = Int64(days * 86_400) * 1_000_000_000
        var generator = SeededGenerator(state: 7)
        return (0..<count).map { index in
            var offset = span / Int64(count) * Int64(index)
            if jitter { offset += Int64(generator.next() % 20_000_000_000) }
            return LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - 60_000_000_000 - span + offset),
                            stream: .stdout, message: "line \(index + 1)")
        }
    }

    @Test(arguments: [1, 100, 250, 999, 1000])
    func theNewestNOfASteadyMachineInFewRequests(limit: Int) async throws {
        let lines = Self.steadyLines(5000, days: 3)
        let api = SimulatedFlyLogs(now: Self.now, lines: lines)
        let result = try await api.reader().newest(limit)
        #expect(result.entries.map(\.message) == lines.suffix(limit).map(\.message))
        #expect(api.requests <= (limit + 99) / 100 + 3, "\(api.requests) requests for \(limit) lines")
        print("fly-backfill: the newest \(limit) of 5000 steady lines over 3 days in \(api.requests) requests")
        #expect(result.requests == api.requests)
        #expect(!result.isComplete, "older lines exist")
        #expect(result.cursor == String(lines.last!.timestamp.nanosecondsSinceEpoch))
    }

    /// Bursts: hundreds of lines a program printed at once share a microsecond (their
    /// nanoseconds differ by one), bursts some milliseconds apart. The rate of the newest burst
    /// says nothing of the gap before it.
    @Test(arguments: [1, 7, 250, 5_000])
    func burstsMillisecondsApartAreAllRead(gapMilliseconds: Int64) async throws {
        let start = Self.now.nanosecondsSinceEpoch - 600_000_000_000
        let lines = (0..<3).flatMap { burst in
            (0..<500).map { rank in
                LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: start + Int64(burst) * gapMilliseconds * 1_000_000 + Int64(rank)),
                         stream: .stdout, message: "n\(burst * 500 + rank + 1)")
            }
        }
        let api = SimulatedFlyLogs(now: Self.now, lines: lines)
        let result = try await api.reader().newest(1000)
        #expect(result.entries.map(\.message) == lines.suffix(1000).map(\.message), "\(result.entries.count) lines")
        #expect(api.requests <= 30, "\(api.requests) requests")
    }

    @Test func jitteredTimestampsStillTakeFewRequests() async throws {
        let lines = Self.steadyLines(5000, days: 3, jitter: true).sorted { $0.timestamp < $1.timestamp }
        let api = SimulatedFlyLogs(now: Self.now, lines: lines)
        let result = try await api.reader().newest(1000)
        #expect(result.entries == Array(lines.suffix(1000)))
        #expect(api.requests <= 13)
    }

    @Test func everythingThereIsWhenFewerLinesThanAsked() async throws {
        // 300 lines over six days: only 50 in the last 24 hours, the rest found by widening.
        let lines = Self.steadyLines(300, days: 6)
        let api = SimulatedFlyLogs(now: Self.now, lines: lines)
        let result = try await api.reader().newest(1000)
        #expect(result.entries == lines)
        #expect(result.isComplete, "the retention was reached")
    }

    @Test func linesOlderThanTheRetentionAreNotReached() async throws {
        let lines = Self.steadyLines(900, days: 9)
        let api = SimulatedFlyLogs(now: Self.now, lines: lines)
        let result = try await api.reader().newest(1000)
        let day: Int64 = 86_400_000_000_000
        let retained = lines.filter { $0.timestamp.nanosecondsSinceEpoch >= Self.now.nanosecondsSinceEpoch - 7 * day }
        #expect(result.entries == retained)
        #expect(result.isComplete)
    }

    @Test func anIdleMachineHasNothingAndSaysSoCheaply() async throws {
        let api = SimulatedFlyLogs(now: Self.now, lines: [])
        let result = try await api.reader().newest(100)
        #expect(result.entries.isEmpty && result.isComplete)
        #expect(api.requests <= 5)
        #expect(result.cursor == nil)
    }

    @Test func burstsAtOneMomentAreJoinedWithoutDoubling() async throws {
        // 150 lines sharing one nanosecond, older than the tail: the join counts, not drops or doubles.
        let moment = Self.now.nanosecondsSinceEpoch - 3_600_000_000_000
        let burst = (0..<150).map { _ in LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: moment), stream: .stdout, message: "same") }
        let later = (0..<100).map { index in
            LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: moment + Int64(index + 1) * 1_000_000), stream: .stdout,
                     message: "after \(index)")
        }
        let api = SimulatedFlyLogs(now: Self.now, lines: burst + later)
        let result = try await api.reader().newest(250)
        // "Strictly after" a moment cannot page through 150 lines sharing it: Fly's own limit.
        // What is read is never doubled.
        #expect(result.entries.filter { $0.message == "same" }.count <= 150)
        #expect(result.entries.suffix(100) == later[...])
    }

    @Test func followingReadsEverythingAfterTheCursorPageByPage() async throws {
        let lines = Self.steadyLines(450, days: 0.1)
        let api = SimulatedFlyLogs(now: Self.now, lines: lines)
        let cursor = String(lines[199].timestamp.nanosecondsSinceEpoch)
        let result = try await api.reader().after(cursor)
        #expect(result.entries == Array(lines[200...]))
        #expect(api.requests == 3, "100 + 100 + 50")
        #expect(result.cursor == String(lines.last!.timestamp.nanosecondsSinceEpoch))
        #expect(result.isComplete)
    }

    @Test func anEmptyFollowStepKeepsTheCursor() async throws {
        let api = SimulatedFlyLogs(now: Self.now, lines: Self.steadyLines(10, days: 0.1))
        let result = try await api.reader().after("1795867199000000000")
        #expect(result.entries.isEmpty)
        #expect(result.cursor == "1795867199000000000", "an empty page's empty next_token keeps the cursor")
    }
}
