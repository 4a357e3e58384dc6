import Foundation
import Testing
import TestSupport

/// The real `catwalk-logs` binary against a real stand-in server on 127.0.0.1.
@Suite struct FetchEndToEndTests {
    let server: StandInServer

    init() throws {
        server = try StandInServer()
    }

    /// Splits `TIMESTAMP STREAM MESSAGE`.
    private func fields(_ line: String) -> (timestamp: String, stream: String, message: String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
    }

    @Test func successfulStartShowsEveryLineOldestFirst() throws {
        let result = try server.runClient([StandInServer.Scenario.ticktick.id, "--plain"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdoutLines.map(fields)
        #expect(lines.count == 8)
        #expect(lines.first?.message == "Starting npm package: @alexarevalo.ai/mcp-server-ticktick")
        #expect(lines.last?.message == "GET /status 200 OK (1.2 ms)")
        #expect(lines.map(\.timestamp) == lines.map(\.timestamp).sorted())
        #expect(lines.allSatisfy { $0.timestamp.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#,
                                                              options: .regularExpression) != nil })
        #expect(lines[2].stream == "stderr" && lines[0].stream == "stdout")
    }

    @Test func npm404ShowsTheErrorOnStderrAndFiltersByStream() throws {
        let all = try server.runClient([StandInServer.Scenario.npm404.id])
        #expect(all.stdoutLines.contains { $0.hasSuffix("stderr npm ERR! 404  'nonexistent-package@*' is not in the npm registry.") })
        let onlyErrors = try server.runClient([StandInServer.Scenario.npm404.id, "--stream", "stderr"])
        #expect(onlyErrors.status == 0)
        #expect(onlyErrors.stdoutLines.count == 11)
        #expect(onlyErrors.stdoutLines.allSatisfy { fields($0).stream == "stderr" })
    }

    @Test func limitSelectsTheNewestLinesAndRetentionKeptAThousand() throws {
        let defaultLimit = try server.runClient([StandInServer.Scenario.manyLines.id])
        #expect(defaultLimit.stdoutLines.count == 100)
        #expect(defaultLimit.stdoutLines.last?.contains("chatty line 1500 of 1500") == true)
        let everything = try server.runClient([StandInServer.Scenario.manyLines.id, "-n", "1000"])
        #expect(everything.stdoutLines.count == 1000)
        #expect(everything.stdoutLines.first?.contains("chatty line 501 of 1500") == true)
        let three = try server.runClient([StandInServer.Scenario.manyLines.id, "--limit", "3", "--no-timestamps"])
        #expect(three.stdoutLines == (1498...1500).map {
            "\($0 % 10 == 0 ? "stderr" : "stdout") chatty line \($0) of 1500: processed request batch \($0 * 7)"
        })
    }

    @Test func hostileTextNeverReachesTheTerminalRaw() throws {
        let result = try server.runClient([StandInServer.Scenario.hostile.id, "--color", "always"])
        #expect(result.status == 0)
        let text = result.stdoutText
        // Strip our own colour codes; nothing else may be a control character.
        let withoutOurColours = text.replacingOccurrences(of: #"\u{1B}\[(0|2|31)m"#, with: "", options: .regularExpression)
        let forbidden = withoutOurColours.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
        }
        #expect(forbidden.isEmpty, "raw control characters reached stdout: \(forbidden.map { $0.value })")
        #expect(text.contains("clear screen: ^[[2J^[[H"))
        #expect(text.contains("window title: ^[]0;pwned title^G end"))
        #expect(text.contains("CJK 日本語のログ and emoji 🚀🔥 end"))
        #expect(text.contains("combining: e\u{301}le\u{300}ve"))
        #expect(text.contains("<U+009B>31m"))
        #expect(text.contains("replacement \u{FFFD}\u{FFFD} from a lossy decode"))
        let megabyte = try #require(result.stdoutLines.first { $0.contains("A 1 MB line begins") })
        #expect(megabyte.utf8.count > 1_048_576)
        let split = result.stdoutLines.filter { $0.contains("first line") || $0.contains("second line") || $0.contains("third line") }
        #expect(split.count == 3)
    }

    @Test func jsonKeepsTheOriginalTextEscapedWithExactTimestamps() throws {
        let result = try server.runClient([StandInServer.Scenario.hostile.id, "--json"])
        #expect(result.status == 0)
        let objects = try result.stdoutLines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
        #expect(objects.count == 12)
        #expect(objects[0]["message"] == "clear screen: \u{1B}[2J\u{1B}[H and red text \u{1B}[31mRED\u{1B}[0m end")
        #expect(objects[7]["message"] == "first line\nsecond line\r\nthird line")
        #expect(objects.allSatisfy { $0["timestamp"]?.hasSuffix("Z") == true && $0["stream"] != nil })
        #expect(!result.stdout.contains(0x1B))
    }

    @Test func fiftyLinesSharingATimestampKeepTheirOrderAndCount() throws {
        let result = try server.runClient([StandInServer.Scenario.sameTimestamp.id, "--no-timestamps"])
        #expect(result.stdoutLines.count == 50)
        #expect(result.stdoutLines.filter { $0 == "stdout heartbeat" }.count == 25)
        #expect(result.stdoutLines.first == "stdout same-timestamp line 1 of 50")
        #expect(result.stdoutLines.last == "stdout heartbeat")
    }

    @Test func noLinesYetIsSuccessWithANote() throws {
        let result = try server.runClient([StandInServer.Scenario.empty.id])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no log lines yet"))
    }

    @Test func naiveSQLiteTimestampsReadTheSame() throws {
        let sqliteServer = try StandInServer(arguments: ["--timestamp-style", "sqlite"])
        let naive = try server.runClient([StandInServer.Scenario.sameTimestamp.id, "--json", "-n", "1"],
                            environment: sqliteServer.clientEnvironment)
        #expect(naive.status == 0)
        #expect(naive.stdoutLines.count == 1)
        #expect(naive.stdoutText.contains("\"timestamp\":\"20") && naive.stdoutText.contains("Z\",\"stream\""))
    }

    @Test func colourFollowsTheFlagNotTheEnvironmentWhenForced() throws {
        var environment = server.clientEnvironment
        environment["NO_COLOR"] = "1"
        let forced = try server.runClient([StandInServer.Scenario.npm404.id, "--color", "always"], environment: environment)
        #expect(forced.stdoutText.contains("\u{1B}[31mstderr\u{1B}[0m"))
        let auto = try server.runClient([StandInServer.Scenario.npm404.id])
        #expect(!auto.stdout.contains(0x1B), "auto colour must stay off when stdout is not a terminal")
    }

    @Test func closedPipeEndsQuietly() throws {
        let binary = ProcessRunner.product("catwalk-logs")
        let result = try ProcessRunner.shell(
            "'\(binary)' \(StandInServer.Scenario.manyLines.id) -n 1000 | head -3; echo \"status=${PIPESTATUS[0]}\"",
            environment: server.clientEnvironment)
        #expect(result.stdoutLines.count == 4)
        #expect(result.stdoutLines.last == "status=0")
        #expect(result.stderr.isEmpty)
    }
}
