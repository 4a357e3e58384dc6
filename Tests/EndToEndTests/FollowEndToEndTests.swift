import Foundation
import Testing
import TestSupport

/// `-f` live and by polling: every line stored while following comes out exactly once, in order.
@Suite struct FollowEndToEndTests {
    let server: StandInServer
    static let flyToken = "fly-follow-token"

    init() throws {
        server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
    }

    /// Starts `catwalk-logs` with `arguments` in the background, with this server's cache.
    private func startFollowing(_ arguments: [String], environment: [String: String]? = nil) throws -> BackgroundClient {
        try BackgroundClient(arguments, environment: (environment ?? server.clientEnvironment)
                                .merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 },
                             filesNear: server.cacheHome)
    }

    private func ingest(_ deployment: String, _ messages: [String]) throws {
        let logs = messages.map { "{\"stream\": \"stdout\", \"message\": \"\($0)\"}" }.joined(separator: ",")
        try server.post("/_stand-in/deployments/\(deployment)/logs", json: "{\"logs\": [\(logs)]}")
    }

    @Test func linesStoredWhileFollowingComeOutOnceInOrder() throws {
        let deployment = StandInServer.Scenario.ticktick.id
        let client = try startFollowing([deployment, "-f", "--interval", "0.5", "-n", "2", "--no-timestamps"])
        try waitUntil("the backlog") { client.stdoutLines.count == 2 }
        var expected: [String] = []
        for batch in 0..<4 {
            let messages = (0..<15).map { index in index % 3 == 0 ? "tick" : "batch \(batch) line \(index)" }
            try ingest(deployment, messages)
            expected += messages
            usleep(300_000)
        }
        try waitUntil("every new line") { client.stdoutLines.count >= 2 + expected.count }
        usleep(1_200_000)   // two more polls: nothing may be repeated
        #expect(Array(client.stdoutLines.dropFirst(2)) == expected.map { "stdout " + $0 })
        let notices = client.stderrLines
        #expect(notices.first?.contains("following the Catwalk backend") == true)
    }

    @Test func followingFetchesTheBacklogOnceAfterSubscribing() throws {
        let deployment = StandInServer.Scenario.ticktick.id
        let client = try startFollowing([deployment, "-f", "-n", "3", "--no-timestamps"])
        try client.waitUntilLive()
        try waitUntil("the backlog") { client.stdoutLines.count == 3 }
        #expect(client.stdoutLines.last == "stdout GET /status 200 OK (1.2 ms)")
        #expect(try server.logRequestCount() == 1, "subscribe, then one GET whose newest 3 lines are the backlog")
        try ingest(deployment, ["after"])
        try waitUntil("the live line") { client.stdoutLines.count == 4 }
        #expect(try server.logRequestCount() == 1, "live lines need no GET")
    }

    @Test func zeroLinesThenFollowingPrintsOnlyNewLines() throws {
        let deployment = StandInServer.Scenario.ticktick.id
        let client = try startFollowing([deployment, "-n", "0", "-f", "--no-timestamps"])
        try client.waitUntilLive()
        try ingest(deployment, ["only this"])
        try waitUntil("the new line") { client.stdoutLines == ["stdout only this"] }
    }

    @Test func includeAndExcludeFilterEveryOutput() throws {
        let deployment = StandInServer.Scenario.npm404.id
        let plain = try server.runClient([deployment, "--include", "npm err! 404", "--exclude", "tarball", "-n", "3", "--no-timestamps"])
        #expect(plain.status == 0)
        #expect(plain.stdoutLines == ["stderr npm ERR! 404 You should bug the author to publish it (or use the name yourself!)",
                                      "stderr npm ERR! 404", "stderr npm ERR! 404 Note that you can also install from a"])
        let json = try server.runClient([deployment, "--include", "^Starting", "--json"])
        #expect(json.stdoutLines.count == 1 && json.stdoutLines[0].contains("Starting npm package"))
        let bad = try server.runClient([deployment, "--include", "(unclosed"])
        #expect(bad.status == 2 && bad.stderr.contains("--include '(unclosed' is not a valid regular expression"))
    }

    @Test func anUnreachableBackendAtTheStartIsRetriedNotFatal() throws {
        var environment = server.clientEnvironment
        environment["CATWALK_API_URL"] = "http://127.0.0.1:9"
        let client = try startFollowing([StandInServer.Scenario.ticktick.id, "-f"], environment: environment)
        try waitUntil("the offline notice and a retry") {
            client.stderrLines.contains { $0.contains("offline — nothing cached") }
                && client.stderrLines.contains { $0.contains("disconnected: Cannot connect to 127.0.0.1") }
        }
        let alive = try ProcessRunner.shell("kill -0 \(client.pid) && echo alive")
        #expect(alive.stdoutText.contains("alive"), "-f keeps retrying an unreachable source")
    }

    @Test func habitsFromHeadAndKubectl() throws {
        let attached = try server.runClient([StandInServer.Scenario.ticktick.id, "-n3", "--no-timestamps"])
        #expect(attached.status == 0 && attached.stdoutLines.count == 3, "-n3 as head takes it")
        let pollAlone = try server.runClient([StandInServer.Scenario.ticktick.id, "--poll"])
        #expect(pollAlone.status == 2 && pollAlone.stderr.contains("--poll chooses how -f follows"))
        let zeroAlone = try server.runClient([StandInServer.Scenario.ticktick.id, "-n", "0"])
        #expect(zeroAlone.status == 2 && zeroAlone.stderr.contains("0 only with -f"))
    }

    @Test func ctrlCEndsFollowingWith130() throws {
        let client = try startFollowing([StandInServer.Scenario.ticktick.id, "-f"])
        try waitUntil("the backlog") { client.stdoutLines.count == 8 }
        // The process is not our child (its shell exited), and nobody may reap it: a zombie
        // (state Z) has exited too.
        let result = try ProcessRunner.shell("""
            kill -INT \(client.pid)
            for i in $(seq 200); do
              state=$(awk '{print $3}' /proc/\(client.pid)/stat 2>/dev/null)
              if [ -z "$state" ] || [ "$state" = Z ]; then echo done; exit 0; fi
              sleep 0.05
            done
            echo still running
            """)
        #expect(result.stdoutText.contains("done"))
    }

    @Test func aClosedPipeEndsFollowingPromptly() throws {
        let binary = ProcessRunner.product("catwalk-logs")
        let started = Date()
        let result = try ProcessRunner.shell(
            "'\(binary)' \(StandInServer.Scenario.manyLines.id) -f -n 1000 | head -5; echo status=${PIPESTATUS[0]}",
            environment: server.clientEnvironment.merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 })
        #expect(result.stdoutLines.count == 6)
        #expect(result.stdoutLines.last == "status=0")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func followingFlyUsesTheCursor() throws {
        let environment = server.clientEnvironment.merging(["FLY_API_BASE_URL": server.baseURL, "FLY_API_TOKEN": Self.flyToken]) { $1 }
        let client = try startFollowing(["--source", "fly", "--machine", "e784e900000001", "-f", "--interval", "0.5",
                                             "-n", "1", "--no-timestamps"], environment: environment)
        try waitUntil("the backlog") { client.stdoutLines.count == 1 }
        try ingest(StandInServer.Scenario.ticktick.id, ["from fly 1", "from fly 1", "from fly 2"])
        try waitUntil("the new lines") { client.stdoutLines.count == 4 }
        usleep(1_200_000)
        #expect(client.stdoutLines == ["stdout GET /status 200 OK (1.2 ms)", "stdout from fly 1", "stdout from fly 1", "stdout from fly 2"])
    }

    @Test func aDroppedBackendIsAnnouncedAndPollingGoesOn() throws {
        let deployment = StandInServer.Scenario.ticktick.id
        let client = try startFollowing([deployment, "-f", "--poll", "--interval", "0.5", "--no-timestamps", "--no-cache"])
        try waitUntil("the backlog") { client.stdoutLines.count == 8 }
        try server.injectFault("status", count: 3, extra: ", \"status\": 500")
        try waitUntil("the disconnect notice") { client.stderrLines.contains { $0.contains("disconnected:") } }
        try ingest(deployment, ["after the outage"])
        try waitUntil("the reconnect", seconds: 20) { client.stderrLines.contains { $0.contains("reconnected, 1 line caught up") } }
        #expect(client.stdoutLines.last == "stdout after the outage")
    }

    // MARK: - Live stream

    @Test func aRefusedStreamIsWordedAsTheRequestsAre() throws {
        let client = try startFollowing([StandInServer.Scenario.ticktick.id, "-f", "--no-timestamps"])
        try client.waitUntilLive()
        server.stop()
        try waitUntil("the refused reconnection", seconds: 15) {
            client.stderrLines.contains { $0.contains("disconnected: Cannot connect to 127.0.0.1:") && $0.contains("connection refused") }
        }
        let notice = try #require(client.stderrLines.first { $0.contains("connection refused") })
        #expect(!notice.contains("errno") && !notice.contains("reset"), "our sentence, not the library's: \(notice)")
    }

    /// Waits for a follow to print `count` lines, then a little more (nothing may follow).
    private func waitForLines(_ client: BackgroundClient, count: Int, seconds: Double) throws -> [String] {
        try waitUntil("\(count) lines", seconds: seconds) { client.stdoutLines.count >= count }
        usleep(1_000_000)
        return client.stdoutLines
    }

    @Test func fiveDropsOfTheStreamLoseAndRepeatNothing() throws {
        try server.setStream(dropAfterMilliseconds: 400)
        let deployment = StandInServer.Scenario.empty.id
        let client = try startFollowing([deployment, "-f", "--no-timestamps"])
        try client.waitUntilLive()
        try server.generate(deployment, rate: 1000, seconds: 5)
        let printed = try waitForLines(client, count: 5000, seconds: 30)
        let expected = StandInServer.generatedLines(5000)
        #expect(printed.count == expected.count)
        #expect(printed == expected, "first difference at \(String(describing: zip(printed, expected).enumerated().first { $0.element.0 != $0.element.1 }))")
        let notices = client.stderrLines
        #expect(notices.count { $0.contains("disconnected: the server closed the live stream (code 1001") } >= 5)
        #expect(notices.count { $0.contains("reconnected, ") } >= 5)
    }

    @Test func pollingGivesTheSameGuaranteeWhenTheStreamIsOff() throws {
        try server.setStream(enabled: false)
        let deployment = StandInServer.Scenario.empty.id
        let client = try startFollowing([deployment, "-f", "--interval", "0.5", "--no-timestamps"])
        try waitUntil("the polling notice") { client.stderrLines.contains { $0.contains("by polling every 0.5 s (no live stream") } }
        try server.generate(deployment, rate: 50, seconds: 4)
        let printed = try waitForLines(client, count: 200, seconds: 20)
        #expect(printed == StandInServer.generatedLines(200))
    }

    @Test func aRejectedTokenEndsALiveFollowWithExit4() throws {
        var environment = server.clientEnvironment
        environment["CATWALK_TOKEN"] = "not-the-token"
        let result = try ProcessRunner.shell(
            "'\(ProcessRunner.product("catwalk-logs"))' \(StandInServer.Scenario.ticktick.id) -f; echo status=$?",
            environment: environment)
        #expect(result.stdoutLines.last == "status=4")
        #expect(result.stderr.contains("rejected the token"))
    }

    @Test func headEndsALiveFollowAsSoonAsItHasItsLines() throws {
        let deployment = StandInServer.Scenario.empty.id
        let binary = ProcessRunner.product("catwalk-logs")
        let started = Date()
        // Nothing is stored yet: the five lines come over the stream while head waits.
        let result = try ProcessRunner.shell("""
            ( sleep 1; curl -s -X POST -d '{"rate": 10, "seconds": 60}' '\(server.baseURL)/_stand-in/deployments/\(deployment)/generate' >/dev/null ) &
            '\(binary)' \(deployment) -f --no-timestamps | head -5; echo status=${PIPESTATUS[0]}
            """, environment: server.clientEnvironment.merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 })
        #expect(result.stdoutLines == Array(StandInServer.generatedLines(5)) + ["status=0"])
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aSilentConnectionIsNoticedByPingAndFollowingResumes() throws {
        let deployment = StandInServer.Scenario.empty.id
        var environment = server.clientEnvironment
        environment["CATWALK_LOGS_PING_INTERVAL"] = "1"
        let client = try startFollowing([deployment, "-f", "--no-timestamps"], environment: environment)
        try client.waitUntilLive()
        server.freeze()
        defer { server.thaw() }
        try waitUntil("the silence to be noticed") {
            client.stderrLines.contains { $0.contains("disconnected: the connection went silent: no answer to a ping") }
        }
        server.thaw()
        try ingest(deployment, ["after the stall"])
        try waitUntil("the line after the stall", seconds: 20) { client.stdoutLines == ["stdout after the stall"] }
        #expect(client.stderrLines.contains { $0.contains("reconnected, ") })
    }

    @Test func jsonFollowWritesOneObjectPerLiveLine() throws {
        let deployment = StandInServer.Scenario.empty.id
        let client = try startFollowing([deployment, "-f", "--json"])
        try client.waitUntilLive()
        try ingest(deployment, ["first ünïcode ✓", "second"])
        try waitUntil("two objects") { client.stdoutLines.count == 2 }
        let objects = try client.stdoutLines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        #expect(objects.map { $0?["message"] } == ["first ünïcode ✓", "second"])
        #expect(objects.allSatisfy { $0?["stream"] == "stdout" && $0?["timestamp"]?.hasSuffix("Z") == true })
    }

    @Test func theLiveStreamGoesThroughTheProxyLikeTheRequests() throws {
        let proxy = try PythonFixture("http-proxy.py")
        let deployment = StandInServer.Scenario.empty.id
        let environment = server.clientEnvironment.merging(["http_proxy": "http://127.0.0.1:\(proxy.port)"]) { $1 }
        let client = try startFollowing([deployment, "-f", "--no-timestamps"], environment: environment)
        try client.waitUntilLive()
        try ingest(deployment, ["through the proxy"])
        try waitUntil("the line") { client.stdoutLines == ["stdout through the proxy"] }
        let standIn = server.baseURL.dropFirst("http://".count)
        #expect(proxy.lines.contains("CONNECT \(standIn)"), "the stream tunnels through the proxy")
        #expect(proxy.lines.contains { $0.hasPrefix("GET \(server.baseURL)/api/deployments/\(deployment)/logs") })
    }

    @Test func moreNewLinesThanOnePollCanHoldAreMarkedWithAGap() throws {
        let deployment = StandInServer.Scenario.empty.id
        let client = try startFollowing([deployment, "-f", "--poll", "--interval", "1", "--no-timestamps"])
        try waitUntil("the polling notice") { client.stderrLines.contains { $0.contains("by polling every 1 s") } }
        try ingest(deployment, ["before"])
        try waitUntil("the first line") { client.stdoutLines == ["stdout before"] }
        // 1500 lines between two polls: the backend keeps 1000, so 500 cannot be recovered.
        try ingest(deployment, (1...1500).map { "burst \($0)" })
        try waitUntil("the burst") { client.stdoutLines.last == "stdout burst 1500" }
        #expect(client.stdoutLines == ["stdout before", "… lines may be missing here …"] + (501...1500).map { "stdout burst \($0)" })
    }
}
