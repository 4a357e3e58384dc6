import Foundation
import Testing
import TestSupport
@testable import LogClient

@Suite struct LogCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cache-test-\(UUID().uuidString)").path
    let key = CacheKey(source: "catwalk http://127.0.0.1:8000", deploymentID: "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b")

    private func line(_ millis: Int64, _ message: String) -> LogEntry {
        LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: millis * 1_000_000), stream: .stderr, message: message)
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func mergesAndReadsBackAcrossConnections() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try LogCache(directory: directory)
        _ = try first.merge(FetchedWindow(entries: [line(1, "a"), line(2, "b\u{1B}[31m")], isComplete: false), for: key)
        _ = try first.merge(FetchedWindow(entries: [line(9, "z")], isComplete: false), for: key)

        let reopened = try LogCache(directory: directory)
        let history = try reopened.history(for: key)
        #expect(history.items == [.line(line(1, "a")), .line(line(2, "b\u{1B}[31m")), .gap, .line(line(9, "z"))])
        #expect(history.lineCount == 3)
        #expect(history.updatedAt != nil)
        #expect(try reopened.history(for: CacheKey(source: "other", deploymentID: key.deploymentID)).items.isEmpty)
    }

    @Test func keepsTheNewestThousandLines() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = try LogCache(directory: directory)
        let lines = (0..<1200).map { line(Int64($0), "line \($0)") }
        _ = try cache.merge(FetchedWindow(entries: Array(lines[0..<700]), isComplete: true), for: key)
        let merged = try cache.merge(FetchedWindow(entries: Array(lines[200..<1200]), isComplete: false), for: key)
        #expect(merged.count == 1000)
        #expect(try cache.history(for: key).items == lines[200..<1200].map(CachedItem.line))
    }

    @Test(arguments: 0..<5)
    func storedHistoryAlwaysEqualsThePureMerge(seed: UInt64) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = try LogCache(directory: directory)
        var random = SeededGenerator(state: seed)
        let truth = (0..<3000).map { line(Int64($0 / 3), ["x", "y"].randomElement(using: &random)!) }
        var expected: [CachedItem] = []
        var end = 0
        for _ in 0..<25 {
            end = min(truth.count, end + 3 * Int.random(in: 0...200, using: &random))
            let limit = [3, 30, 300, 1000].randomElement(using: &random)!
            let window = FetchedWindow(entries: Array(truth[max(0, end - limit)..<end]), isComplete: end < limit)
            expected = LogMerger.merge(window, into: expected)
            #expect(try cache.merge(window, for: key) == expected)
            #expect(try cache.history(for: key).items == expected, "seed \(seed), end \(end), limit \(limit)")
        }
    }

    @Test func permissionsAreTightEvenWithAPermissiveUmask() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let previous = umask(0)
        defer { umask(previous) }
        let cache = try LogCache(directory: directory)
        _ = try cache.merge(FetchedWindow(entries: [line(1, "a")], isComplete: true), for: key)
        #expect(try mode(directory) == 0o700)
        #expect(try mode(cache.path) == 0o600)
        #expect(try mode(cache.path + "-wal") == 0o600)
        #expect(try mode(cache.path + "-shm") == 0o600)
        let now = umask(0)
        #expect(now == 0, "the library leaves the process's umask alone")
    }

    @Test(arguments: [Data("this is not a database, just text".utf8), Data(repeating: 0xAB, count: 8192)])
    func corruptFileIsMovedAsideAndReplaced(garbage: Data) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try garbage.write(to: URL(fileURLWithPath: directory + "/cache.sqlite3"))
        let cache = try LogCache(directory: directory)
        #expect(cache.problems.count == 1)
        #expect(cache.problems.first?.sentence.contains("moved to") == true)
        let moved = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".corrupt-") }
        #expect(moved.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + moved[0])) == garbage)
        _ = try cache.merge(FetchedWindow(entries: [line(1, "a")], isComplete: true), for: key)
        #expect(try cache.history(for: key).lineCount == 1)
    }

    @Test func foreignSQLiteFileIsNotReused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result = try Process.run(URL(fileURLWithPath: "/usr/bin/env"),
                                     arguments: ["sqlite3", directory + "/cache.sqlite3", "CREATE TABLE notes (body TEXT);"])
        result.waitUntilExit()
        let cache = try LogCache(directory: directory)
        #expect(cache.problems.first?.sentence.contains("not a catwalk-logs cache") == true)
    }

    @Test func unwritableLocationMakesTheCacheUnavailable() throws {
        // A file where the directory should be: mkdir fails even for root (ENOTDIR).
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("a file".utf8).write(to: URL(fileURLWithPath: directory))
        #expect(throws: CacheProblem.self) { try LogCache(directory: directory + "/inner") }
    }

    @Test func listsAndClears() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = try LogCache(directory: directory)
        let other = CacheKey(source: key.source, deploymentID: "00000000-0000-4000-8000-000000000000")
        _ = try cache.merge(FetchedWindow(entries: [line(1, "abc"), line(5, "de")], isComplete: true), for: key)
        _ = try cache.merge(FetchedWindow(entries: [line(3, "x")], isComplete: true), for: other)
        let summaries = try cache.summaries()
        #expect(summaries.count == 2)
        let mine = try #require(summaries.first { $0.key == key })
        #expect(mine.lineCount == 2 && mine.messageBytes == 5 && mine.newestLine == line(5, "").timestamp)
        #expect(try cache.clear(deploymentID: key.deploymentID) == 1)
        #expect(try cache.history(for: key).items.isEmpty)
        #expect(try cache.clear(deploymentID: nil) == 1)
        #expect(try cache.summaries().isEmpty)
    }

    @Test func newestViewFiltersByStreamAndKeepsGapsBetweenShownLines() {
        let out = LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: 4), stream: .stdout, message: "o")
        let items: [CachedItem] = [.line(line(1, "a")), .gap, .line(out), .gap, .line(line(9, "z"))]
        #expect(items.newest(10, stream: .stderr) == [.line(line(1, "a")), .gap, .line(line(9, "z"))])
        #expect(items.newest(1) == [.line(line(9, "z"))])
        #expect(items.newest(2) == [.line(out), .gap, .line(line(9, "z"))])
    }

    @Test func agesReadNaturally() {
        let now = LogTimestamp(secondsSinceEpoch: 100_000)
        #expect(ageDescription(of: now, now: now) == "just now")
        #expect(ageDescription(of: LogTimestamp(secondsSinceEpoch: 99_958), now: now) == "42 s ago")
        #expect(ageDescription(of: LogTimestamp(secondsSinceEpoch: 99_820), now: now) == "3 min ago")
        #expect(ageDescription(of: LogTimestamp(secondsSinceEpoch: 100_000 - 5 * 3600), now: now) == "5 h ago")
        #expect(ageDescription(of: LogTimestamp(secondsSinceEpoch: 0), now: now) == "1 day ago")
    }
}

@Suite struct CacheRewriteTests {
    private func items(_ names: String) -> [CachedItem] {
        names.map { name in
            name == "|" ? .gap
                : .line(LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: 1), stream: .stdout, message: String(name)))
        }
    }

    @Test(arguments: [
        ("abc", "abc", CacheRewrite(start: 0, count: 3)),     // nothing new: nothing written
        ("abc", "abcd", CacheRewrite(start: 0, count: 3)),    // append only
        ("abcd", "cdef", CacheRewrite(start: 2, count: 2)),   // retention dropped a, b
        ("aab", "abx", CacheRewrite(start: 1, count: 2)),     // the later candidate keeps more
        ("abc", "xbc", CacheRewrite(start: 0, count: 0)),     // nothing in common: full rewrite
        ("a|b", "ab", CacheRewrite(start: 0, count: 1)),      // a gap was filled
        ("", "ab", CacheRewrite(start: 0, count: 0)),
    ])
    func keepsTheLongestLeadingRun(stored: String, merged: String, expected: CacheRewrite) {
        #expect(CacheRewrite.plan(stored: items(stored), merged: items(merged)) == expected)
    }
}
