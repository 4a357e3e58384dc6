import Foundation
import Testing
import TestSupport

/// The cache through the real binary: offline reading, fallback, safety under real processes.
@Suite struct CacheEndToEndTests {
    let server: StandInServer
    let id = StandInServer.Scenario.npm404.id

    init() throws {
        server = try StandInServer()
    }

    private var cacheFile: String { server.cacheHome + "/catwalk-logs/cache.sqlite3" }

    /// Stops the server; returns the environment that still points at its (dead) address.
    private func stopServer() -> [String: String] {
        let environment = server.clientEnvironment
        server.stop()
        return environment
    }

    @Test func offlineShowsWhatTheLastFetchSawWithoutTheNetwork() throws {
        let online = try server.runClient([id, "--json"])
        #expect(online.status == 0)
        let environment = stopServer()
        let offline = try server.runClient([id, "--offline", "--json"], environment: environment)
        #expect(offline.status == 0)
        #expect(offline.stdoutText == online.stdoutText)
        #expect(offline.stderr.isEmpty)
        let stderrOnly = try server.runClient([id, "--offline", "--stream", "stderr", "-n", "2", "--no-timestamps"],
                                              environment: environment)
        #expect(stderrOnly.stdoutLines == ["stderr npm ERR!     /root/.npm/_logs/2026-11-28T12_00_03_512Z-debug-0.log",
                                           "stderr mcp-proxy: child process exited with code 1"])
    }

    @Test func unreachableBackendFallsBackToCachedLinesWithExitFive() throws {
        _ = try server.runClient([id])
        let environment = stopServer()
        let result = try server.runClient([id, "-n", "3"], environment: environment)
        #expect(result.status == 5)
        #expect(result.stdoutLines.count == 3)
        #expect(result.stdoutLines.last?.hasSuffix("mcp-proxy: child process exited with code 1") == true)
        #expect(result.stderr.contains("offline — showing 3 cached lines from just now: Cannot connect to 127.0.0.1"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func failingBackendFallsBackToo() throws {
        _ = try server.runClient([id])
        try server.injectFault("html-502", count: 4)
        let result = try server.runClient([id])
        #expect(result.status == 5)
        #expect(result.stdoutLines.count == 13)
        #expect(result.stderr.contains("offline — showing 13 cached lines"))
    }

    @Test func offlineWithNothingCachedSaysSo() throws {
        let result = try server.runClient([id, "--offline"])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("No cached lines for deployment \(id)"))
        #expect(try server.logRequestCount() == 0)
    }

    @Test func noCacheNeitherReadsNorWrites() throws {
        #expect(try server.runClient([id, "--no-cache"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cacheFile))
        _ = try server.runClient([id])
        try server.injectFault("status", count: 4, extra: ", \"status\": 503")
        let result = try server.runClient([id, "--no-cache"])
        #expect(result.status == 5)
        #expect(result.stdout.isEmpty)
    }

    @Test func refetchingDoesNotDuplicateAndNewLinesAreAddedInPlace() throws {
        let target = StandInServer.Scenario.sameTimestamp.id
        for _ in 0..<3 { _ = try server.runClient([target]) }
        try server.post("/_stand-in/deployments/\(target)/logs", json: "{\"logs\": [{\"stream\": \"stderr\", \"message\": \"late line\"}]}")
        _ = try server.runClient([target, "-n", "5"])
        let cached = try server.runClient([target, "--offline", "-n", "1000", "--no-timestamps"])
        #expect(cached.stdoutLines.count == 51)
        #expect(cached.stdoutLines.filter { $0 == "stdout heartbeat" }.count == 25)
        #expect(cached.stdoutLines.last == "stderr late line")
        #expect(!cached.stdoutText.contains("may be missing"))
    }

    @Test func aWindowThatMissesTheCachedHistoryIsMarked() throws {
        let target = "0b0b0b0b-1111-4222-8333-444455556666"
        let batch: (Int) -> String = { start in
            (start..<start + 5).map { "{\"stream\": \"stdout\", \"message\": \"m\($0)\", \"timestamp\": \"2026-11-28T12:00:\(String(format: "%02d", $0))Z\"}" }
                .joined(separator: ",")
        }
        try server.post("/_stand-in/deployments/\(target)/logs", json: "{\"logs\": [\(batch(0))]}")
        _ = try server.runClient([target, "-n", "5"])
        try server.post("/_stand-in/deployments/\(target)/logs", json: "{\"logs\": [\(batch(10))]}")
        _ = try server.runClient([target, "-n", "2"])
        let cached = try server.runClient([target, "--offline", "--no-timestamps"])
        #expect(cached.stdoutLines == ["stdout m0", "stdout m1", "stdout m2", "stdout m3", "stdout m4",
                                       "… lines may be missing here …", "stdout m13", "stdout m14"])
        let json = try server.runClient([target, "--offline", "--json"])
        #expect(json.stdoutLines[5] == "{\"gap\":true,\"message\":\"lines may be missing here\"}")
        _ = try server.runClient([target, "-n", "10"])
        let filled = try server.runClient([target, "--offline", "--no-timestamps"])
        #expect(filled.stdoutLines.count == 10 && !filled.stdoutText.contains("may be missing"))
    }

    @Test func fourProcessesAtOnceLeaveExactlyTheNewestLines() throws {
        let target = StandInServer.Scenario.manyLines.id
        let binary = ProcessRunner.product("catwalk-logs")
        let env = server.clientEnvironment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let result = try ProcessRunner.shell("""
            for i in 1 2 3 4; do env \(env) '\(binary)' \(target) -n 1000 > /dev/null & done; wait
            """)
        #expect(result.status == 0)
        let cached = try server.runClient([target, "--offline", "-n", "1000", "--no-timestamps"])
        let fresh = try server.runClient([target, "-n", "1000", "--no-cache", "--no-timestamps"])
        #expect(cached.stdoutLines.count == 1000)
        #expect(cached.stdoutText == fresh.stdoutText)
    }

    @Test func killedWritersLeaveAReadableCache() throws {
        let target = StandInServer.Scenario.manyLines.id
        let binary = ProcessRunner.product("catwalk-logs")
        let env = server.clientEnvironment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        // Start writers and kill -9 them at staggered moments, some surely inside a write.
        let result = try ProcessRunner.shell("""
            for delay in 0.01 0.02 0.03 0.05 0.08 0.13; do
              env \(env) '\(binary)' \(target) -n 1000 > /dev/null 2>&1 & pid=$!
              sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
            done; true
            """)
        #expect(result.status == 0)
        let list = try server.runClient(["cache", "list"])
        #expect(list.status == 0)
        #expect(list.stderr.isEmpty, "the cache must still open cleanly: \(list.stderr)")
        let cached = try server.runClient([target, "--offline", "-n", "1000", "--no-timestamps"])
        let lines = cached.stdoutLines
        #expect(Set(lines).count == lines.count, "no duplicates")   // every chatty line is unique
        #expect(lines.isEmpty || lines.last?.contains("chatty line 1500 of 1500") == true)
    }

    @Test func corruptCacheIsMovedAsideWithOneWarningAndTheToolWorks() throws {
        try FileManager.default.createDirectory(atPath: server.cacheHome + "/catwalk-logs", withIntermediateDirectories: true)
        try Data("garbage, not SQLite".utf8).write(to: URL(fileURLWithPath: cacheFile))
        let result = try server.runClient([id])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 13)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("was unreadable") && result.stderr.contains(".corrupt-"))
        #expect(try server.runClient([id, "--offline"]).stdoutLines.count == 13)
    }

    @Test func unusableCacheLocationWarnsOnceAndTheToolWorks() throws {
        let blocker = server.cacheHome + "-file"
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: blocker))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        var environment = server.clientEnvironment
        environment["XDG_CACHE_HOME"] = blocker
        let result = try server.runClient([id], environment: environment)
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 13)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("cache is disabled for this run"))
    }

    @Test func cacheCommandsListClearAndLocate() throws {
        _ = try server.runClient(["npm-404"])   // by name: the backend's list is remembered
        _ = try server.runClient([StandInServer.Scenario.ticktick.id])
        let list = try server.runClient(["cache", "list"])
        let rows = list.stdoutLines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(list.stdoutLines.first?.hasPrefix("NAME") == true)
        let columns = try #require(list.stdoutLines.first).firstRange(of: "DEPLOYMENT")?.lowerBound.utf16Offset(in: list.stdoutLines[0])
        #expect(list.stdoutLines.allSatisfy { $0.utf16.count > columns ?? 0 }, "aligned columns")
        #expect(rows.count == 2)
        #expect(rows.contains { $0[0] == "npm-404" && $0[1] == id && $0[2] == "catwalk" && $0[4] == "13" })
        let path = try server.runClient(["cache", "path"])
        #expect(path.stdoutText == cacheFile + "\n")
        let clear = try server.runClient(["cache", "clear", "npm-404"])
        #expect(clear.status == 0 && clear.stderr.contains("cleared 1 cached history"))
        let again = try server.runClient(["cache", "clear", "npm-404"])
        #expect(again.status == 3 && again.stderr.contains("Nothing is cached for npm-404"))
        #expect(try server.runClient(["cache", "list"]).stdoutLines.count == 2)
        #expect(try server.runClient(["cache", "clear"]).stderr.contains("cleared 1 cached history"))
        #expect(try server.runClient(["cache", "list"]).stdoutLines.count == 1)
        #expect(try server.runClient(["cache", "bogus"]).status == 2)
    }

    @Test func offlineFindsTheDeploymentWhicheverSourceCachedIt() throws {
        _ = try server.runClient([id])
        var elsewhere = server.clientEnvironment
        elsewhere["CATWALK_API_URL"] = "https://another-backend.example"
        let offline = try server.runClient([id, "--offline", "--no-timestamps"], environment: elsewhere)
        #expect(offline.status == 0)
        #expect(offline.stdoutLines.last == "stderr mcp-proxy: child process exited with code 1")
    }

    @Test func theTokenIsNeverStored() throws {
        _ = try server.runClient([id])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
            + ((try? Data(contentsOf: URL(fileURLWithPath: cacheFile + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(StandInServer.token.utf8)) == nil)
        #expect(bytes.range(of: Data("npm ERR! code E404".utf8)) != nil, "the check must look where the lines are")
    }
}
