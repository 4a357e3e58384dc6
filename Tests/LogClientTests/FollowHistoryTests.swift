import Testing
@testable import LogClient

@Suite struct FollowHistoryTests {
    private func line(_ millis: Int64, _ message: String, _ stream: LogStream = .stdout) -> LogEntry {
        LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: millis * 1_000_000), stream: stream, message: message)
    }

    private func window(_ entries: [LogEntry], complete: Bool = false) -> FetchedWindow {
        FetchedWindow(entries: entries, isComplete: complete)
    }

    @Test func aWindowAddsOnlyWhatFollowsTheLastShownLine() {
        var history = FollowHistory(backlog: [line(1, "a"), line(2, "b")].map(CachedItem.line), limit: 1000)
        let new = history.merge(window([line(1, "a"), line(2, "b"), line(3, "c")]), subscribed: false)
        #expect(new == [.line(line(3, "c"))])
    }

    @Test func liveLinesTheBacklogAlreadyHeldComeOnce() {
        var history = FollowHistory(backlog: [], limit: 1000)
        // Subscribed, then fetched: "c" and one "tick" were stored in between and come both ways.
        let backlog = history.merge(window([line(1, "a"), line(2, "c"), line(2, "tick")], complete: true), subscribed: true)
        #expect(backlog.count == 3)
        let live = history.receive([line(2, "c"), line(2, "tick"), line(2, "tick"), line(3, "d")])
        #expect(live == [line(2, "tick"), line(3, "d")])
    }

    @Test func identicalLiveLinesAtOneTimestampAreAllKept() {
        var history = FollowHistory(backlog: [.line(line(1, "a"))], limit: 1000)
        _ = history.merge(window([line(1, "a")], complete: true), subscribed: true)
        let same = Array(repeating: line(5, "heartbeat"), count: 4)
        #expect(history.receive(same) == same)
        #expect(history.receive(same) == same)
        #expect(history.items.count { $0 == .line(line(5, "heartbeat")) } == 8)
    }

    @Test func aLineNewerThanTheWindowEndsTheMatching() {
        var history = FollowHistory(backlog: [], limit: 1000)
        _ = history.merge(window([line(1, "x")], complete: true), subscribed: true)
        // After a newer line, an "x" at 1 can only be another line (it came late).
        #expect(history.receive([line(2, "y"), line(1, "x")]) == [line(2, "y"), line(1, "x")])
        #expect(history.items.compactMap(\.entry) == [line(1, "x"), line(1, "x"), line(2, "y")])
    }

    @Test func aReconnectCatchesUpWhatTheDropCut() {
        var history = FollowHistory(backlog: [], limit: 1000)
        _ = history.merge(window([line(1, "a")], complete: true), subscribed: true)
        _ = history.receive([line(2, "run"), line(2, "run")])
        // The stream dropped after two of three identical lines; the catch-up window has all three.
        let caughtUp = history.merge(window([line(1, "a"), line(2, "run"), line(2, "run"), line(2, "run"), line(3, "b")]),
                                     subscribed: true)
        #expect(caughtUp == [.line(line(2, "run")), .line(line(3, "b"))])
    }

    @Test func aFullWindowThatCannotMeetTheHistoryBringsAGap() {
        var history = FollowHistory(backlog: [.line(line(1, "old"))], limit: 1000)
        let new = history.merge(window([line(5, "new")], complete: false), subscribed: true)
        #expect(new == [.gap, .line(line(5, "new"))])
        #expect(history.newestWindow.entries == [line(5, "new")])
    }

    @Test func theHistoryStaysWithinItsLimit() {
        var history = FollowHistory(backlog: [], limit: 1000)
        for second in 0..<30 {
            _ = history.receive((0..<100).map { line(Int64(second * 100 + $0), "line \($0)") })
        }
        #expect(history.items.count <= 1500)
        #expect(history.items.last == .line(line(2999, "line 99")))
        #expect(history.newestWindow.entries.count == 1000)
    }
}
