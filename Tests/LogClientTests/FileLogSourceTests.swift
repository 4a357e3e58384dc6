import Foundation
import Testing
@testable import LogClient
import LogText

@Suite struct SavedLineTests {
    private static let time = LogTimestamp(parsing: "2026-11-28T12:00:00.5Z")

    @Test(arguments: [
        (#"{"timestamp":"2026-11-28T12:00:00.5Z","stream":"stderr","message":"boom"}"#, SavedLine.line(time, .stderr, "boom")),
        ("2026-11-28T12:00:00.500Z stderr npm ERR!  two  spaces", .line(time, .stderr, "npm ERR!  two  spaces")),
        ("stdout no timestamp", .line(nil, .stdout, "no timestamp")),
        ("2026-11-28T12:00:00.5Z docker --timestamps line", .line(time, .stdout, "docker --timestamps line")),
        ("raw text, stdout", .line(nil, .stdout, "raw text, stdout")),
        (#"{"level":"info","msg":"a program's own JSON"}"#, .line(nil, .stdout, #"{"level":"info","msg":"a program's own JSON"}"#)),
        ("2026-11-28T12:00:00.500Z stderr", .line(time, .stderr, "")),
        ("… lines may be missing here …", .marker),
        (#"{"gap":true,"message":"lines may be missing here"}"#, .marker),
    ])
    func everyShapeIsRead(text: String, expected: SavedLine) {
        #expect(SavedLine(text) == expected)
    }
}

@Suite struct FileLogSourceTests {
    private let path = FileManager.default.temporaryDirectory.appendingPathComponent("saved-\(UUID().uuidString).log").path
    private let query = LogQuery(deploymentID: "-", limit: 1000)

    private func write(_ text: String, append: Bool = false) throws {
        if append, let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        } else {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        }
    }

    @Test func timesNeverGoBackAndLinesWithoutOneTakeThePrevious() async throws {
        try write("2026-11-28T12:00:05Z stdout five\n  at frame\n2026-11-28T12:00:01Z stdout earlier stamp\n")
        let window = try await FileLogSource(path: path).fetch(query, after: nil).window
        #expect(window.entries.map(\.message) == ["five", "  at frame", "earlier stamp"])
        #expect(Set(window.entries.map(\.timestamp)).count == 1, "the frame and the earlier stamp keep 12:00:05")
        #expect(window.isComplete)
    }

    @Test func followingReadsWhatWasAppendedAndWaitsForALineToEnd() async throws {
        try write("one\n")
        let source = FileLogSource(path: path)
        let first = try await source.fetch(query, after: nil)
        try write("two\nthr", append: true)
        let second = try await source.fetch(query, after: first.position)
        #expect(second.window.entries.map(\.message) == ["two"])
        try write("ee\n", append: true)
        let third = try await source.fetch(query, after: second.position)
        #expect(third.window.entries.map(\.message) == ["three"])
        #expect(third.window.entries[0].timestamp >= first.window.entries[0].timestamp)
    }

    @Test func aReplacedOrTruncatedFileIsReadFromItsStart() async throws {
        try write("one\ntwo\n")
        let source = FileLogSource(path: path)
        let first = try await source.fetch(query, after: nil)
        try FileManager.default.removeItem(atPath: path)
        try write("fresh\n")
        let replaced = try await source.fetch(query, after: first.position)
        #expect(replaced.window.entries.map(\.message) == ["fresh"])
        try write("x\n")   // the same file, cut shorter than the offset
        let truncated = try await source.fetch(query, after: replaced.position)
        #expect(truncated.window.entries.map(\.message) == ["x"])
    }

    @Test func aMissingFileSaysSo() async {
        await #expect(throws: LogClientError.fileUnreadable(path: "/nonexistent/x.log", reason: "No such file or directory")) {
            _ = try await FileLogSource(path: "/nonexistent/x.log").fetch(self.query, after: nil)
        }
    }
}

@Suite struct LineSplitterTests {
    @Test func oneRuleForEveryone() {
        #expect(LineSplitter.lines(of: Array("a\r\nb\n\nc".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["a", "b", "", "c"])
        #expect(LineSplitter.lines(of: Array("a\n".utf8)).count == 1, "a final line break ends the last line")
        #expect(LineSplitter.lines(of: [UInt8]()).isEmpty)
        #expect(LineSplitter.lines(ofMessage: "") == [""], "an empty message is one empty line")
        #expect(LineSplitter.lines(ofMessage: "x\r\ny\n") == ["x", "y"])
    }

    @Test func diagnosisLineNumbersAreScreenLineNumbers() {
        let items: [CachedItem] = ["npm ERR! code E404\r\n", "first\nsecond\n", ""].enumerated().map { index, message in
            .line(LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: Int64(index)), stream: .stderr, message: message))
        }
        let input = DiagnosisInput(items)
        let screen = items.flatMap { TerminalSanitizer.displayLines(of: $0.entry!.message) }
        #expect(input.lines == screen)
        #expect(input.lines == ["npm ERR! code E404", "first", "second", ""])
    }
}
