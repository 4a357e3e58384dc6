import Foundation
import Testing
@testable import LogClient

@Suite struct SettleWatchTests {
    private func line(_ second: Int64, _ message: String) -> CachedItem {
        .line(LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: 1_795_867_200 + second), stream: .stdout, message: message))
    }

    @Test func upWhenRunningForTheWholeSettle() {
        var watch = SettleWatch(settle: 10)
        #expect(watch.observe(status: "starting", at: 0) == nil)
        #expect(watch.observe(status: "running", at: 2) == nil)
        #expect(watch.observe(status: "running", at: 11) == nil)
        #expect(watch.observe(status: "running", at: 12) == .running)
    }

    @Test func flyStatesCountToo() {
        var watch = SettleWatch(settle: 0)
        #expect(watch.observe(status: "started", at: 1) == .running)
        var stopped = SettleWatch(settle: 10)
        #expect(stopped.observe(status: "stopped", at: 1) == .failed(status: "stopped"))
    }

    @Test func aRestartThatRecoversWithinTheSettleIsNoFailure() {
        var watch = SettleWatch(settle: 10)
        _ = watch.observe(lines: [line(0, "Starting npm package: x")], at: 0)
        _ = watch.observe(status: "running", at: 1)
        #expect(watch.observe(lines: [line(5, "Starting npm package: x")], at: 5) == nil, "one restart")
        #expect(watch.observe(status: "running", at: 12) == nil, "the settle starts again at the restart")
        #expect(watch.observe(status: "running", at: 15) == .running)
        #expect(watch.restarts == 1)
    }

    @Test func theSameStartLineThreeTimesMoreIsACrashLoop() {
        var watch = SettleWatch(settle: 10)
        _ = watch.observe(status: "running", at: 0)
        var outcome: SettleWatch.Outcome?
        for second in 0...3 { outcome = watch.observe(lines: [line(Int64(second), "Starting npm package: x")], at: Double(second)) }
        #expect(outcome == .crashLoop(restarts: 3))
    }

    @Test func durationsAsPeopleWriteThem() {
        #expect(DurationText.seconds(in: "90s") == 90)
        #expect(DurationText.seconds(in: "10m") == 600)
        #expect(DurationText.seconds(in: "2h") == 7200)
        #expect(DurationText.seconds(in: "1d") == 86_400)
        #expect(DurationText.seconds(in: "45") == 45)
        #expect(DurationText.seconds(in: "45", plainNumbers: false) == nil)
        #expect(DurationText.seconds(in: "soon") == nil)
        let now = LogTimestamp(secondsSinceEpoch: 1_795_867_200)
        #expect(LogTimestamp(moment: "10m", now: now) == LogTimestamp(secondsSinceEpoch: 1_795_866_600))
        #expect(LogTimestamp(moment: "2026-11-28T12:00:00Z", now: now) == LogTimestamp(parsing: "2026-11-28T12:00:00Z"))
    }
}

@Suite struct LogCursorTests {
    private func line(_ second: Int64, _ message: String) -> CachedItem {
        .line(LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: second), stream: .stdout, message: message))
    }

    @Test func identicalLinesAtTheCursorAreCountedNotDroppedOrRepeated() {
        let first = [line(1, "a"), line(2, "same"), line(2, "same")]
        let cursor = LogCursor.start.advanced(past: first)
        #expect(cursor.timestamp == LogTimestamp(secondsSinceEpoch: 2))
        // The next run's window: the two already printed, a third identical one, and a later line.
        let next = [line(1, "a"), line(2, "same"), line(2, "same"), line(2, "same"), line(3, "b")]
        let unseen = cursor.unseen(next)
        #expect(unseen == [line(2, "same"), line(3, "b")])
        let after = cursor.advanced(past: unseen)
        #expect(after.unseen(next).isEmpty)
    }

    @Test func theFileIsWrittenAtomicallyAndReadBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cursor-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try LogCursor.load(from: path) == nil, "no file yet: a first run")
        let cursor = LogCursor.start.advanced(past: [line(5, "x"), line(5, "x\nwith \"quotes\"")])
        try cursor.save(to: path)
        #expect(try LogCursor.load(from: path) == cursor)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix((path as NSString).lastPathComponent + ".tmp") }
        #expect(leftovers.isEmpty)
        try "not a cursor".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: LogClientError.cursorFileUnusable(path: path, reason: "it is not a catwalk-logs cursor")) {
            _ = try LogCursor.load(from: path)
        }
    }
}
