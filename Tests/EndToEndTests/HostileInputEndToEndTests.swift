import Foundation
import Testing
import TestSupport

/// Bad input at the edges: each gets one sentence, its documented exit code, and leaves the
/// cache as it was.
@Suite struct HostileInputEndToEndTests {
    let server: StandInServer
    let id = StandInServer.Scenario.ticktick.id
    static let cachedLines = 8

    init() throws {
        server = try StandInServer()
    }

    /// Caches the deployment's lines (so that a test can show nothing was lost from them).
    private func fillCache() throws {
        #expect(try server.runClient([id]).stdoutLines.count == Self.cachedLines)
    }

    /// The cached lines are all still there.
    private func expectCacheIntact(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let offline = try server.runClient([id, "--offline"])
        #expect(offline.stdoutLines.count == Self.cachedLines, "stderr: \(offline.stderr)", sourceLocation: sourceLocation)
    }

    private func expectOneSentence(_ result: ProcessResult, status: Int32, saying phrase: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(phrase), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one sentence: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aBodyOfSixtyFourMebibytesIsReadAndOneByteMoreIsRefused() throws {
        try fillCache()
        try server.injectFault("padded-body", extra: ", \"size\": \(64 << 20)")
        #expect(try server.runClient([id, "--no-cache"]).stdoutLines.count == Self.cachedLines, "exactly 64 MiB is read")
        try server.injectFault("padded-body", extra: ", \"size\": \((64 << 20) + 1)")
        let result = try server.runClient([id])
        expectOneSentence(result, status: 6, saying: "The response was larger than 64 MiB and was abandoned")
        try expectCacheIntact()
    }

    @Test func tenThousandMalformedEntriesAreAMalformedResponse() throws {
        try fillCache()
        try server.injectFault("malformed-entries", extra: ", \"size\": 10000")
        let result = try server.runClient([id])
        expectOneSentence(result, status: 6, saying: "none of its 10000 entries has a readable timestamp, stream and message")
        #expect(result.stdout.isEmpty)
        try expectCacheIntact()
    }

    @Test func invalidUTF8InEachFieldSkipsWhatCannotBeReadAndShowsTheRest() throws {
        try server.injectFault("invalid-utf8")
        let result = try server.runClient([id, "--no-cache", "--no-timestamps"])
        expectOneSentence(result, status: 0, saying: "warning: skipped 2 malformed log entries.")
        #expect(result.stdoutLines == ["stderr c\u{FFFD}\u{FFFD}d"], "the bad bytes of a message show as U+FFFD")
    }

    @Test func aServerSendingOneByteASecondTimesOut() throws {
        try fillCache()
        try server.injectFault("trickle")
        let result = try server.runClient([id, "--timeout", "2"])
        #expect(result.stdoutLines.count == Self.cachedLines, "the cached lines, as when the backend is down")
        expectOneSentence(result, status: 5, saying: "did not answer within 2 s")
        try expectCacheIntact()
    }

    @Test func aCacheFileReplacedByADirectoryIsLeftAloneWithOneWarning() throws {
        let cacheFile = server.cacheHome + "/catwalk-logs/cache.sqlite3"
        try FileManager.default.createDirectory(atPath: cacheFile + "/keep", withIntermediateDirectories: true)
        let result = try server.runClient([id])
        expectOneSentence(result, status: 0, saying: "warning: the log cache is disabled for this run: \(cacheFile): it is a directory")
        #expect(result.stdoutLines.count == Self.cachedLines)
        #expect(FileManager.default.fileExists(atPath: cacheFile + "/keep"), "the directory is not moved or emptied")
    }

    @Test func aReadOnlyHomeGivesOneWarningAndTheLines() throws {
        let home = server.cacheHome + "-home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: home)
        // Root runs it without the capabilities that let root write anywhere; the cache under $HOME.
        let binary = ProcessRunner.product("catwalk-logs")
        let command = getuid() == 0 ? ["/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", binary] : [binary]
        let result = try ProcessRunner.run(command[0], Array(command.dropFirst()) + [id],
                                           environment: ["CATWALK_API_URL": server.baseURL, "CATWALK_TOKEN": StandInServer.token,
                                                         "HOME": home])
        expectOneSentence(result, status: 0, saying: "warning: the log cache is disabled for this run: \(home)/.cache")
        #expect(result.stdoutLines.count == Self.cachedLines)
    }

    // MARK: - The live stream

    /// Runs `catwalk-logs` with `arguments` in bash beside `before` (a command run in the
    /// background first); waits until its stderr holds `phrase` (up to 60 s) and then sends
    /// SIGINT, or until it exits by itself. Returns what the shell printed, `status=N` last.
    private func follow(_ arguments: [String], environment: [String: String], before: String = "true",
                        interruptWhenSaying phrase: String? = nil) throws -> (result: ProcessResult, stderr: [String]) {
        let err = server.cacheHome + "-follow.err"
        defer { try? FileManager.default.removeItem(atPath: err) }
        let interrupt = phrase.map { "for i in $(seq 1200); do grep -q '\($0)' '\(err)' && break; sleep 0.05; done; kill -INT $pid" } ?? ""
        let result = try ProcessRunner.shell("""
            ( \(before) ) &
            '\(ProcessRunner.product("catwalk-logs"))' \(arguments.joined(separator: " ")) 2> '\(err)' & pid=$!
            \(interrupt)
            wait $pid; echo status=$?
            """, environment: environment.merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 })
        return (result, fileLines(err))
    }

    @Test func aHundredMegabyteLineOverTheStreamEndsFollowingWithExitSix() throws {
        try fillCache()
        let body = server.cacheHome + "-huge.json"
        let line = Data(repeating: UInt8(ascii: "x"), count: 100_000_000)
        try (Data(#"{"logs": [{"stream": "stdout", "message": ""#.utf8) + line + Data(#""}]}"#.utf8))
            .write(to: URL(fileURLWithPath: body))
        defer { try? FileManager.default.removeItem(atPath: body) }
        let ingest = "sleep 2; curl -s -X POST --data-binary @'\(body)' '\(server.baseURL)/_stand-in/deployments/\(id)/logs' > /dev/null"
        let (result, stderr) = try follow([id, "-f", "--no-timestamps"], environment: server.clientEnvironment, before: ingest)
        #expect(result.stdoutLines.last == "status=6", "stderr: \(stderr)")
        #expect(stderr.contains { $0.contains("disconnected: the live stream sent a message larger than 64 MiB") }, "\(stderr)")
        #expect(stderr.last?.contains("The response was larger than 64 MiB and was abandoned") == true, "\(stderr)")
        try expectCacheIntact()
    }

    @Test func aFrameClaimingTwoToTheSixtyThreeBytesIsRefusedAndPollingTakesOver() throws {
        let backend = try PythonFixture("hostile-websocket.py")
        let address = "http://127.0.0.1:" + backend.port
        let environment = ["CATWALK_API_URL": address, "CATWALK_TOKEN": StandInServer.token]
        let (result, stderr) = try follow([id, "-f", "--no-timestamps"], environment: environment,
                                          interruptWhenSaying: "by polling")
        #expect(result.stdoutLines == ["stdout a line before the stream", "status=130"], "stderr: \(stderr)")
        let drops = stderr.filter { $0.contains("disconnected: ") }
        #expect(drops.count >= 2 && drops.allSatisfy { $0.contains("or sent more than 64 MiB at once") }, "\(stderr)")
        #expect(stderr.contains { $0.contains("by polling") && $0.contains("the live stream keeps failing") }, "\(stderr)")
        #expect(backend.lines.count == drops.count + 1, "one stream connection per drop, and the one that gave way to polling")
    }
}
