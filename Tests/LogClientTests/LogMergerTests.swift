import Testing
import TestSupport
@testable import LogClient

@Suite struct LogMergerTests {
    private func line(_ millis: Int64, _ message: String, _ stream: LogStream = .stdout) -> LogEntry {
        LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: millis * 1_000_000), stream: stream, message: message)
    }

    private func lines(_ items: [CachedItem]) -> [LogEntry] { items.compactMap(\.entry) }

    @Test func firstFetchIsStoredAsIs() {
        let window = [line(1, "a"), line(2, "b")]
        #expect(LogMerger.merge(FetchedWindow(entries: window, isComplete: false), into: []) == window.map(CachedItem.line))
    }

    @Test func refetchingTheSameWindowAddsNothing() {
        let window = (0..<50).map { _ in line(7, "heartbeat") } + [line(8, "x")]
        let cached = window.map(CachedItem.line)
        #expect(LogMerger.merge(FetchedWindow(entries: window, isComplete: true), into: cached) == cached)
    }

    @Test func overlappingWindowAppendsOnlyTheNewLines() {
        let cached = [line(1, "a"), line(2, "b"), line(2, "b")].map(CachedItem.line)
        let window = FetchedWindow(entries: [line(2, "b"), line(2, "b"), line(3, "c")], isComplete: false)
        #expect(lines(LogMerger.merge(window, into: cached)) == [line(1, "a"), line(2, "b"), line(2, "b"), line(3, "c")])
    }

    @Test func windowCuttingATimestampGroupKeepsTheWholeGroup() {
        let cached = [line(1, "a"), line(2, "x"), line(2, "y"), line(2, "x")].map(CachedItem.line)
        let window = FetchedWindow(entries: [line(2, "x"), line(3, "z")], isComplete: false)
        #expect(lines(LogMerger.merge(window, into: cached))
            == [line(1, "a"), line(2, "x"), line(2, "y"), line(2, "x"), line(3, "z")])
    }

    @Test func disjointFullWindowIsMarkedWithAGap() {
        let cached = [line(1, "a")].map(CachedItem.line)
        let merged = LogMerger.merge(FetchedWindow(entries: [line(5, "e")], isComplete: false), into: cached)
        #expect(merged == [.line(line(1, "a")), .gap, .line(line(5, "e"))])
    }

    @Test func completeWindowNeverLeavesAGap() {
        let cached = [line(1, "a")].map(CachedItem.line)
        let merged = LogMerger.merge(FetchedWindow(entries: [line(5, "e")], isComplete: true), into: cached)
        #expect(merged == [.line(line(1, "a")), .line(line(5, "e"))])
    }

    @Test func aWindowReachingBackOverAGapFillsIt() {
        let cached: [CachedItem] = [.line(line(1, "a")), .gap, .line(line(5, "e"))]
        let window = FetchedWindow(entries: [line(1, "a"), line(3, "c"), line(5, "e")], isComplete: false)
        #expect(LogMerger.merge(window, into: cached) == [line(1, "a"), line(3, "c"), line(5, "e")].map(CachedItem.line))
    }

    @Test func retentionKeepsTheNewestLinesAndNoLeadingGap() {
        let cached: [CachedItem] = [.line(line(1, "a")), .gap, .line(line(5, "e")), .line(line(6, "f"))]
        #expect(LogMerger.trimmed(cached, keepingLines: 2) == [.line(line(5, "e")), .line(line(6, "f"))])
        #expect(LogMerger.trimmed(cached, keepingLines: 3) == cached)
    }

    @Test func emptyWindowChangesNothing() {
        let cached: [CachedItem] = [.line(line(1, "a"))]
        #expect(LogMerger.merge(FetchedWindow(entries: [], isComplete: true), into: cached) == cached)
    }

    private func describe(_ item: CachedItem) -> String {
        guard let entry = item.entry else { return "GAP" }
        return "\(entry.timestamp.nanosecondsSinceEpoch / 1_000_000):\(entry.stream.rawValue):\(entry.message)"
    }

    // MARK: - Property: windows drawn from one ground truth

    /// A ground truth of timestamp groups full of identical lines, a server that keeps its
    /// newest 1000, and fetches of random limits at random times (a batch of lines sharing a
    /// timestamp is stored at once). After every merge the cache must equal the fetched lines
    /// of the ground truth (newest 1000), with a gap marker exactly between neighbours that no
    /// single window showed to be adjacent.
    @Test(arguments: 0..<40)
    func mergeMatchesTheGroundTruth(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        var truth: [LogEntry] = []
        var groupEnds: [Int] = [0]
        var millis: Int64 = 0
        for _ in 0..<900 {
            millis += Int64.random(in: 1...3, using: &random)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                truth.append(line(millis, ["ready", "retrying", "heartbeat"].randomElement(using: &random)!,
                                  Bool.random(using: &random) ? .stdout : .stderr))
            }
            groupEnds.append(truth.count)
        }

        // The oracle: which lines were ever fetched, and which neighbouring pairs some
        // single window has proven adjacent. Anything else may hide missing lines.
        var covered = [Bool](repeating: false, count: truth.count)
        var provenAfterPrevious = [Bool](repeating: false, count: truth.count)
        var cache: [CachedItem] = []
        var sawGap = false
        defer { #expect(sawGap, "seed \(seed) never produced a gap: the property is not exercised") }
        for end in groupEnds where Int.random(in: 0..<8, using: &random) == 0 || end == truth.count {
            let held = max(0, end - 1000)..<end
            let limit = [1, 5, 50, 100, 400, 1000].randomElement(using: &random)!
            let start = max(held.lowerBound, end - limit)
            guard start < end else { continue }
            let window = FetchedWindow(entries: Array(truth[start..<end]), isComplete: end - start < limit)

            for index in start..<end {
                covered[index] = true
                if index > start { provenAfterPrevious[index] = true }
            }
            var expected: [CachedItem] = []
            for index in covered.indices.filter({ covered[$0] }).suffix(1000) {
                if !expected.isEmpty, !provenAfterPrevious[index] { expected.append(.gap) }
                expected.append(.line(truth[index]))
            }

            let previous = cache
            cache = LogMerger.merge(window, into: cache)
            sawGap = sawGap || cache.contains(.gap)
            if cache != expected {
                let got = cache.map(describe), want = expected.map(describe)
                let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
                Issue.record("""
                    seed \(seed), window \(start)..<\(end) limit \(limit): \(got.count) items, expected \(want.count); \
                    cache ended with \
                    \(previous.suffix(3).map(describe)), window starts \(window.entries.prefix(3).map { describe(.line($0)) }); \
                    first difference at \(first): got \(got[first..<min(first + 4, got.count)]), \
                    expected \(want[first..<min(first + 4, want.count)])
                    """)
                return
            }
        }
    }
}
