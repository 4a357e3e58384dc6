import Foundation
import Testing
import TestSupport

/// Every `--stream` / `-n` / `--include` combination, typed as a user would, gives the same
/// lines from every source: the backend, Fly, a saved file and the cache; once, and with `-f`.
/// The expected lines are worked out here from the whole window, independently of the client.
@Suite(.serialized) struct ReadPlanEndToEndTests {
    static let flyToken = "fly-test-t0ken"
    let server: StandInServer
    let directory: String

    init() throws {
        server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
        directory = server.cacheHome + "-plan"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// One line as plain output without timestamps prints it.
    struct Line: Equatable, CustomStringConvertible {
        var stream: String
        var message: String
        var description: String { "\(stream) \(message)" }
    }

    /// One combination of the flags that pick lines.
    struct Combination: CustomTestStringConvertible, Sendable {
        var stream: String?
        var limit: Int?
        var include: String?

        var arguments: [String] {
            (stream.map { ["--stream", $0] } ?? []) + (limit.map { ["-n", String($0)] } ?? [])
                + (include.map { ["--include", $0] } ?? [])
        }
        var testDescription: String { arguments.isEmpty ? "no flags" : arguments.joined(separator: " ") }

        /// What it must show of `window`: the newest `-n` (100 by default) of the lines of the
        /// stream that match.
        func expected(of window: [Line]) -> [Line] {
            let kept = window.filter { line in
                (stream == nil || line.stream == stream)
                    && (include.map { line.message.contains(try! Regex($0).ignoresCase()) } ?? true)
            }
            return Array(kept.suffix(limit ?? 100))
        }
    }

    static let combinations: [Combination] = [nil, "stdout", "stderr"].flatMap { stream in
        [nil, 7].flatMap { limit in [nil, "batch.1"].map { Combination(stream: stream, limit: limit, include: $0) } }
    }

    static let many = StandInServer.Scenario.manyLines

    private var flyEnvironment: [String: String] {
        server.clientEnvironment.merging(["FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL,
                                          "FLY_API_TOKEN": Self.flyToken]) { $1 }
    }

    /// The deployment's whole window as the backend holds it (both streams, newest 1000).
    private func window() throws -> [Line] {
        let result = try server.runClient([Self.many.id, "--json", "-n", "1000", "--no-cache"])
        #expect(result.status == 0)
        return try result.stdoutLines.map { text in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return Line(stream: try #require(object["stream"] as? String), message: try #require(object["message"] as? String))
        }
    }

    private static func lines(_ printed: [String]) -> [Line] {
        printed.map { text in
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            return Line(stream: parts.first ?? "", message: parts.count > 1 ? parts[1] : "")
        }
    }

    /// The client's lines for `combination` read from `source`, in plain text without timestamps.
    private func read(_ source: [String], _ combination: Combination, environment: [String: String]? = nil) throws -> [Line] {
        let result = try server.runClient(source + combination.arguments + ["--plain", "--no-timestamps"],
                                          environment: environment)
        #expect(result.status == 0, "\(source + combination.arguments): \(result.stderr)")
        return Self.lines(result.stdoutLines)
    }

    @Test func everySourceShowsTheSameLinesForEveryCombination() throws {
        let window = try window()
        #expect(window.count == 1000 && window.contains { $0.stream == "stderr" })
        // A saved file of the window, and a cache filled by one read.
        let file = directory + "/window.ndjson"
        let saved = try server.runClient([Self.many.id, "--json", "-n", "1000", "--no-cache"])
        try saved.stdout.write(to: URL(fileURLWithPath: file))
        #expect(try server.runClient([Self.many.id, "-n", "1000", "--plain"]).status == 0)
        let sources: [(name: String, arguments: [String], environment: [String: String]?)] = [
            ("backend", [Self.many.id, "--no-cache"], nil),
            ("Fly", [Self.many.id, "--source", "fly", "--no-cache"], flyEnvironment),
            ("file", ["--file", file], nil),
            ("cache", [Self.many.id, "--offline"], nil),
        ]
        for combination in Self.combinations {
            let expected = combination.expected(of: window)
            #expect(!expected.isEmpty)
            for source in sources {
                let got = try read(source.arguments, combination, environment: source.environment)
                let same = got == expected
                #expect(same, "\(source.name), \(combination.testDescription): \(got.count) lines, \(expected.count) expected; first \(got.first.map(\.description) ?? "none"), expected first \(expected.first.map(\.description) ?? "none")")
            }
        }
    }

    @Test(arguments: [Combination(stream: "stderr", limit: 7, include: nil),
                      Combination(stream: nil, limit: 5, include: "batch.1"),
                      Combination(stream: "stdout", limit: nil, include: "batch.1")])
    func followingStartsWithTheSameLines(combination: Combination) throws {
        let expected = combination.expected(of: try window())
        let follow = try BackgroundClient([Self.many.id, "-f", "--plain", "--no-timestamps", "--poll", "--interval", "0.5"]
                                            + combination.arguments,
                                          environment: server.clientEnvironment.merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 },
                                          filesNear: directory + "/follow-\(combination.arguments.joined().hashValue)")
        try follow.waitUntil("the backlog") { $0.stdoutLines.count >= expected.count }
        let backlog = Array(Self.lines(follow.stdoutLines).prefix(expected.count))
        let same = backlog == expected
        #expect(same, "\(backlog.count) lines, first \(backlog.first.map(\.description) ?? "none"); expected first \(expected.first.map(\.description) ?? "none")")
    }

    @Test func severalDeploymentsEachShowTheirNewestLinesOfTheStream() throws {
        let npm = StandInServer.Scenario.npm404
        let result = try server.runClient([Self.many.id, npm.id, "--stream", "stderr", "-n", "2", "--plain", "--no-timestamps"])
        #expect(result.status == 0)
        let keys = result.stdoutLines.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(keys.count { $0 == "many-lines" } == 2 && keys.count { $0 == "npm-404" } == 2, "\(result.stdoutLines)")
        #expect(result.stdoutLines.allSatisfy { $0.split(separator: " ").dropFirst().first == "stderr" })
    }
}
