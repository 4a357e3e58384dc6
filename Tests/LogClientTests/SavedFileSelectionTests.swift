import Foundation
import Testing
@testable import LogClient

/// A saved file read as tail and grep read it (issue 26): the newest N from the end, filters
/// over every line, identical lines kept, and the same entries as decoding the whole file.
@Suite struct SavedFileSelectionTests {
    private let path = FileManager.default.temporaryDirectory.appendingPathComponent("selection-\(UUID().uuidString).log").path

    private func write(_ text: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// What decoding the whole file gives: the reference the selection must match.
    private func wholeFile() throws -> [LogEntry] {
        var decoder = SavedFileDecoder()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let modified = (attributes[.modificationDate] as? Date) ?? Date()
        let nanos = Int64((modified.timeIntervalSince1970 * 1e9).rounded())
        return decoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))), defaultTime: LogTimestamp(nanosecondsSinceEpoch: nanos))
    }

    /// 6000 plain lines of about 60 bytes: several 64 KB blocks, lines cut across them.
    private func plainFile() -> String {
        (0..<6000).map { index in
            let stream = index % 7 == 0 ? "stderr" : "stdout"
            return String(format: "2026-12-07T10:%02d:%02d.%03dZ \(stream) line %05d of the start-up log", index / 600, (index / 10) % 60, index % 1000, index)
        }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [1, 7, 1500, 5999, 6000, 9000])
    func theNewestNFromTheEndAreTheWholeFilesNewestN(count: Int) throws {
        try write(plainFile())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let selected = try SavedFileSelection.newest(of: path, view: LogView(newest: count))
        #expect(selected == Array(try wholeFile().suffix(count)))
    }

    @Test func filtersSeeEveryLineThenTheNewestNOfWhatMatched() throws {
        try write(plainFile())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let early = try SavedFileSelection.newest(of: path, view: LogView(filter: try #require(LineFilter(include: "line 0000[0-3] ", exclude: nil)), newest: 100))
        #expect(early.map(\.message) == (0...3).map { String(format: "line %05d of the start-up log", $0) }, "the first lines of the file match")
        let stderr = try SavedFileSelection.newest(of: path, view: LogView(stream: .stderr, newest: 2))
        #expect(stderr == Array(try wholeFile().filter { $0.stream == .stderr }.suffix(2)))
    }

    /// A plain-text `--include` skips decoding the lines that lack it, and gives what decoding
    /// every line gives: untimed lines keep the time of the line before them.
    @Test(arguments: ["e404", "E404", "code E4", "E40[4]", "\"E404\""])
    func aPlainTextIncludeGivesWhatDecodingEveryLineGives(pattern: String) throws {
        var lines: [String] = []
        for index in 0..<3000 {
            let time = String(format: "2026-12-07T10:%02d:%02d.%03dZ", index / 600, (index / 10) % 60, index % 1000)
            switch index % 50 {
            // An untimed line that matches after a timed one that does not: it takes that one's time.
            case 7: lines += ["\(time) stderr npm error follows", "  code E404 (untimed)"]
            case 8: lines.append(#"{"timestamp":"\#(time)","stream":"stderr","message":"json \"E404\" line"}"#)
            default: lines.append("\(time) stdout request \(index)")
            }
        }
        try write(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let filter = try #require(LineFilter(include: pattern, exclude: nil))
        let selected = try SavedFileSelection.newest(of: path, view: LogView(filter: filter, newest: 500))
        let matcher = filter.matcher()
        let reference = Array(try wholeFile().filter { matcher.admits(.line($0)) }.suffix(500))
        #expect(!selected.isEmpty && selected == reference, "\(pattern): \(selected.count) against \(reference.count)")
    }

    @Test func rawTextIdenticalLinesCRLFAndNoLastLineBreakAreAllKept() throws {
        try write("Traceback (most recent call last):\r\nretrying\r\nretrying\r\nretrying\r\nKeyError: 'OPENAI_API_KEY'")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tail = try SavedFileSelection.newest(of: path, view: LogView(newest: 4))
        #expect(tail.map(\.message) == ["retrying", "retrying", "retrying", "KeyError: 'OPENAI_API_KEY'"])
        let matched = try SavedFileSelection.newest(of: path, view: LogView(filter: try #require(LineFilter(include: "retry", exclude: nil)), newest: 10))
        #expect(matched.count == 3, "identical lines of a file are not merged")
    }

    @Test func anUntimedLineAtTheTailsStartTakesTheTimeOfTheLineBeforeIt() throws {
        let filler = (0..<3000).map { "2026-12-07T09:00:00Z stdout filler \($0)" }.joined(separator: "\n")
        try write(filler + "\n2026-12-07T10:00:00Z stderr Traceback (most recent call last):\n  File \"server.py\", line 3\nKeyError: 'x'\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tail = try SavedFileSelection.newest(of: path, view: LogView(newest: 2))
        #expect(tail.map(\.timestamp) == [LogTimestamp(parsing: "2026-12-07T10:00:00Z"), LogTimestamp(parsing: "2026-12-07T10:00:00Z")])
        #expect(tail == Array(try wholeFile().suffix(2)))
    }

    @Test func gzipDataReadsAsTheTextItHoldsAndCorruptDataIsOneSentence() throws {
        try write(plainFile())
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: path + ".gz") }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(path)' > '\(path).gz'"]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(try SavedFileSelection.newest(of: path + ".gz", view: LogView(newest: 3)) == Array(try wholeFile().suffix(3)))
        #expect(try SavedFileBytes.text(of: path + ".gz") == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        var corrupt = Array(try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
        // (Not in the header's first bytes: gzip keeps the file's name there, which no check covers.)
        corrupt[corrupt.count / 2] ^= 0xFF
        corrupt[corrupt.count / 2 + 1] ^= 0xFF
        try Data(corrupt).write(to: URL(fileURLWithPath: path + ".gz"))
        var thrown: LogClientError?
        do { _ = try SavedFileBytes.text(of: path + ".gz") } catch { thrown = error }
        guard case .fileUnreadable(_, let reason)? = thrown else { Issue.record("no error: \(String(describing: thrown))"); return }
        #expect(reason.hasPrefix("corrupt gzip data: ") || reason == GzipError.truncated.reason, "\(reason)")
    }

    @Test func aMissingFileIsOneSentence() {
        #expect(throws: LogClientError.fileUnreadable(path: path, reason: "No such file or directory")) {
            try SavedFileSelection.newest(of: path, view: LogView(newest: 5))
        }
    }
}
