import Testing
import LogClient

/// The plan resolved from the flags: what each request asks for apart from what is shown.
@Suite struct ReadPlanTests {
    static let id = "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b"
    static let since = LogTimestamp(nanosecondsSinceEpoch: 1_000_000_000)
    static let include = LineFilter(include: "error", exclude: nil)!

    private func plan(limit: Int? = nil, stream: LogStream? = nil, filter: LineFilter = .none, cursor: Bool = false,
                      _ mode: ReadPlan.Mode = .output) -> ReadPlan {
        ReadPlan(limit: limit, stream: stream, filter: filter, hasCursor: cursor, mode: mode)
    }

    @Test func withoutFlagsAHundredLinesAreAskedForAndShown() {
        let plan = plan()
        #expect(plan.request == RequestWindow(limit: 100, stream: nil))
        #expect(plan.view == LogView(stream: nil, filter: .none, newest: 100))
    }

    @Test func aLimitIsAskedForAsItIsShown() {
        #expect(plan(limit: 20).request.limit == 20)
        #expect(plan(limit: 20).view.newest == 20)
        // -n 0 -f shows no backlog, but a request asks for at least one line.
        #expect(plan(limit: 0, .output).request.limit == 1)
        #expect(plan(limit: 0, .output).view.newest == 0)
    }

    @Test func aLocalFilterReadsTheWidestWindowAndShowsTheNewestMatches() {
        let filtered = plan(limit: 20, filter: Self.include)
        #expect(filtered.request.limit == LogQuery.maximumLimit)
        #expect(filtered.view.newest == 20)
        let cursor = plan(cursor: true)
        #expect(cursor.request.limit == LogQuery.maximumLimit)
        #expect(cursor.view.newest == LogQuery.maximumLimit, "a cursor shows every unseen line")
    }

    @Test func aTimeWindowIsRequestedAndShowsAllItHolds() {
        let window = plan(filter: LineFilter(include: nil, exclude: nil, since: Self.since)!)
        #expect(window.request.since == Self.since)
        #expect(window.request.limit == LogQuery.maximumLimit)
        #expect(window.view.newest == LogQuery.maximumLimit, "--since without -n shows the whole window, as kubectl does")
        #expect(window.query(for: Self.id).since == Self.since)
    }

    @Test func theStreamIsRequestedExceptByTheViewerWhichSwitchesItself() {
        #expect(plan(stream: .stderr).request.stream == .stderr)
        #expect(plan(stream: .stderr, .output).request.stream == .stderr)
        let viewer = plan(stream: .stderr, .viewer)
        #expect(viewer.request.stream == nil, "the viewer reads both streams so that 1 brings stdout back")
        #expect(viewer.view.stream == .stderr, "and starts on the one asked for")
        #expect(viewer.view.newest == LogQuery.maximumLimit)
        #expect(plan(limit: 20, .viewer).view.newest == 20)
    }

    @Test func waitReadsTheWholeWindowOfBothStreams() {
        #expect(ReadPlan.wholeWindow.query(for: Self.id)
                == LogQuery(deploymentID: Self.id, limit: LogQuery.maximumLimit, stream: nil))
    }
}

/// The view applied to what any source gave.
@Suite struct LogViewTests {
    private static func line(_ second: Int64, _ stream: LogStream, _ message: String) -> CachedItem {
        .line(LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: second * 1_000_000_000), stream: stream,
                       message: message))
    }

    static let items: [CachedItem] = [
        line(1, .stdout, "starting"), line(2, .stderr, "error: early"), .gap,
        line(3, .stdout, "error: middle"), line(4, .stderr, "warn"), line(5, .stderr, "error: late"),
    ]

    private func messages(_ items: [CachedItem]) -> [String] { items.map { $0.entry?.message ?? "…" } }

    @Test func theNewestLinesOfTheStreamAreShownWithTheGapsBetween() {
        #expect(messages(LogView(newest: 3).shown(Self.items)) == ["error: middle", "warn", "error: late"])
        #expect(messages(LogView(newest: 10).shown(Self.items))
                == ["starting", "error: early", "…", "error: middle", "warn", "error: late"])
        #expect(messages(LogView(stream: .stderr, newest: 2).shown(Self.items)) == ["warn", "error: late"])
        #expect(messages(LogView(stream: .stdout, newest: 10).shown(Self.items)) == ["starting", "…", "error: middle"])
    }

    @Test func aFilterIsAppliedBeforeTheNewestAreCounted() {
        let view = LogView(stream: .stderr, filter: LineFilter(include: "error", exclude: nil)!, newest: 1)
        #expect(messages(view.shown(Self.items)) == ["error: late"])
        let both = LogView(filter: LineFilter(include: "error", exclude: "late")!, newest: 10)
        #expect(messages(both.shown(Self.items)) == ["error: early", "error: middle"])
    }

    @Test func aDiagnosisReadsEveryMatchingLineOfTheStreamNotOnlyTheNewest() {
        let view = LogView(stream: .stderr, newest: 1)
        #expect(messages(view.diagnosed(Self.items)) == ["error: early", "warn", "error: late"])
        #expect(messages(LogView(newest: 1).diagnosed(Self.items)).count == 5, "no gap marker, both streams")
    }
}
