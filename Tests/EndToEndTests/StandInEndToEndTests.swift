import Foundation
import Testing
import TestSupport

/// The stand-in itself: the routes later features and the demo rely on.
@Suite struct StandInEndToEndTests {
    let server: StandInServer

    init() throws {
        server = try StandInServer()
    }

    @Test func listsDeploymentsWithTheirStatus() throws {
        let result = try ProcessRunner.run("/usr/bin/env", ["curl", "-sS", "-H", "Authorization: Bearer \(StandInServer.token)",
                                                           server.baseURL + "/api/deployments"])
        let list = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(list.count == StandInServer.Scenario.allCases.count)
        let failed = try #require(list.first { $0["id"] as? String == StandInServer.Scenario.npm404.id })
        #expect(failed["status"] as? String == "failed")
        #expect((failed["error_message"] as? String)?.contains("not found in npm or PyPI") == true)
        #expect(list.allSatisfy { $0["created_at"] is String && $0["updated_at"] is String })
    }

    @Test func ingestionKeepsTheNewestThousandLinesOnEveryInsert() throws {
        let id = "0a0a0a0a-1111-4222-8333-444455556666"
        let lines = (1...1001).map { "{\"stream\": \"stdout\", \"message\": \"ingested \($0)\", \"timestamp\": \"2026-11-28T12:00:00.\(String(format: "%04d", $0))Z\"}" }
        let answer = try server.post("/_stand-in/deployments/\(id)/logs", json: "{\"logs\": [\(lines.joined(separator: ","))]}")
        #expect(answer.contains("\"kept\":1000"))
        let result = try server.runClient([id, "-n", "1000", "--no-timestamps"])
        #expect(result.stdoutLines.count == 1000)
        #expect(result.stdoutLines.first == "stdout ingested 2")
        #expect(result.stdoutLines.last == "stdout ingested 1001")
    }

    @Test func interruptExitsWith130() throws {
        try server.injectFault("delay", count: 1, extra: ", \"milliseconds\": 5000")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.product("catwalk-logs"))
        process.arguments = [StandInServer.Scenario.ticktick.id]
        process.environment = server.clientEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the request has reached the server, then press Ctrl-C.
        let deadline = Date() + 5
        while try server.logRequestCount() == 0, Date() < deadline { usleep(20_000) }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
    }
}
