import LogClient
import LogServer
import Testing

/// Resuming Fly's "strictly after" paging at a cursor whose nanosecond several lines share.
@Suite struct FlyResumeTests {
    func line(_ nanoseconds: Int64, _ message: String) -> LogEntry {
        LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: nanoseconds), stream: .stdout, message: message)
    }

    @Test func asksFromOneNanosecondBeforeTheCursor() {
        #expect(FlyResume.token(after: FlyCursor(machineID: "m", nanoseconds: 1000, boundaryLines: 2)) == "999")
    }

    @Test func skipsTheLinesAtTheCursorAlreadyStoredAndKeepsNewOnesAtTheSameNanosecond() {
        let cursor = FlyCursor(machineID: "m", nanoseconds: 1000, boundaryLines: 2)
        let page = [line(1000, "a"), line(1000, "b"), line(1000, "c"), line(2000, "d"), line(2000, "e")]
        let step = FlyResume.apply(page, to: cursor)
        #expect(step.newLines.map(\.message) == ["c", "d", "e"])
        #expect(step.cursor == FlyCursor(machineID: "m", nanoseconds: 2000, boundaryLines: 2))
        #expect(!step.mayHaveMore)
    }

    @Test func aPageOnlyAtTheCursorAddsToItsBoundary() {
        let cursor = FlyCursor(machineID: "m", nanoseconds: 1000, boundaryLines: 1)
        let step = FlyResume.apply([line(1000, "a"), line(1000, "b")], to: cursor)
        #expect(step.newLines.map(\.message) == ["b"])
        #expect(step.cursor.boundaryLines == 2 && step.cursor.nanoseconds == 1000)
    }

    @Test func nothingNewKeepsTheCursor() {
        let cursor = FlyCursor(machineID: "m", nanoseconds: 1000, boundaryLines: 1)
        let step = FlyResume.apply([line(1000, "a")], to: cursor)
        #expect(step.newLines.isEmpty && step.cursor == cursor && !step.mayHaveMore)
        #expect(FlyResume.apply([], to: cursor).cursor == cursor)
    }

    @Test func aFullPageOfTheCursorsNanosecondMovesOnInsteadOfAskingForever() {
        let cursor = FlyCursor(machineID: "m", nanoseconds: 1000, boundaryLines: 100)
        let page = (0..<100).map { line(1000, "same \($0)") }
        let step = FlyResume.apply(page, to: cursor, pageSize: 100)
        #expect(step.newLines.isEmpty)
        #expect(step.cursor == FlyCursor(machineID: "m", nanoseconds: 1001, boundaryLines: 0))
        #expect(step.mayHaveMore)
    }

    @Test func aFullPageSaysMoreMayFollow() {
        let cursor = FlyCursor(machineID: "m", nanoseconds: 0, boundaryLines: 0)
        let page = (1...100).map { line(Int64($0), "line \($0)") }
        let step = FlyResume.apply(page, to: cursor, pageSize: 100)
        #expect(step.newLines.count == 100 && step.mayHaveMore && step.cursor.nanoseconds == 100)
    }

    @Test func aBackfillEndsAtItsNewestLineWithTheLinesSharingIt() {
        let cursor = FlyResume.cursor(afterBackfill: [line(5, "a"), line(7, "b"), line(7, "c")], machine: "m", start: 0)
        #expect(cursor == FlyCursor(machineID: "m", nanoseconds: 7, boundaryLines: 2))
        #expect(FlyResume.cursor(afterBackfill: [], machine: "m", start: 42) == FlyCursor(machineID: "m", nanoseconds: 42, boundaryLines: 0))
    }

    /// Whatever the page boundaries, as long as fewer lines than a page share one nanosecond
    /// (more cannot be paged past by "strictly after": the contract's documented edge).
    @Test(arguments: [2, 3, 5, 100])
    func resumingPageByPageNeverLosesOrDoublesALine(pageSize: Int) {
        // Fly's behaviour: at most `size` lines strictly after the token, oldest first.
        // Groups of lines sharing a nanosecond: 1 up to pageSize - 1 lines each.
        let sizes = [1, pageSize - 1, 2, 1, max(1, pageSize - 1), 1, 3 % pageSize + 1, 1]
        let log = sizes.enumerated().flatMap { group, size in (0..<size).map { _ in Int64(group + 1) } }
            .enumerated().map { line($0.element, "n\($0.offset)") }
        func fly(after token: String, size: Int) -> [LogEntry] {
            Array(log.filter { $0.timestamp.nanosecondsSinceEpoch > Int64(token)! }.prefix(size))
        }
        var cursor = FlyCursor(machineID: "m", nanoseconds: 0, boundaryLines: 0)
        var stored: [String] = []
        for _ in 0..<20 {
            let step = FlyResume.apply(fly(after: FlyResume.token(after: cursor), size: pageSize), to: cursor, pageSize: pageSize)
            stored += step.newLines.map(\.message)
            cursor = step.cursor
        }
        #expect(stored == log.map(\.message))
    }
}
