import Foundation
import Testing
import TestSupport

/// Fly (the stand-in's emulator) → catwalk-logd's collector → PostgreSQL → its API → catwalk-logs.
@Suite struct CollectorEndToEndTests {
    @Test func backfillsWhatFlyHoldsAndTheCLIReadsItWithAWebAppToken() async throws {
        let stack = try ServerStack(startService: false)
        let deployment = try stack.createDeployment(name: "ticktick-mcp")
        let lines = (1...250).map { (stream: $0 % 10 == 0 ? "stderr" : "stdout", message: "line \($0)") }
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, lines)
        try stack.startLogd()
        try stack.waitForStored(deployment.id, count: 250)
        let token = try await stack.token()
        let plain = try stack.runClient([deployment.id, "-n", "1000", "--plain", "--no-timestamps", "--no-cache"], token: token)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdoutLines.count == 250)
        #expect(plain.stdoutLines.first?.hasSuffix("line 1") == true && plain.stdoutLines.last?.hasSuffix("line 250") == true)
        // By name, and with the stream filter the API applies.
        let byName = try stack.runClient(["ticktick-mcp", "--stream", "stderr", "--plain", "--no-timestamps", "--no-cache"], token: token)
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdoutLines.count == 25)
    }

    @Test func followsNewLinesWithinSecondsAndDiagnosesAFailure() async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment(status: "failed")
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "starting")])
        try stack.waitForStored(deployment.id, count: 1)
        let token = try await stack.token()
        let follower = try BackgroundClient([deployment.id, "-f", "--plain", "--no-timestamps", "--no-cache"],
                                            environment: stack.clientEnvironment(token: token), filesNear: stack.logd.logFile)
        try follower.waitUntil("the backlog") { $0.stdoutLines.contains { $0.hasSuffix("starting") } }
        try follower.waitUntilLive()
        let failure = [
            (stream: "stderr", message: "npm error code E404"),
            (stream: "stderr", message: "npm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fmcp-nope - Not found"),
            (stream: "stderr", message: "npm error 404  '@acme/mcp-nope@*' is not in this registry."),
        ]
        let written = Date()
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, failure)
        try follower.waitUntil("the new lines", seconds: 10) { $0.stdoutLines.contains { $0.hasSuffix("is not in this registry.") } }
        let delay = Date().timeIntervalSince(written)
        #expect(delay < 3, "a new Fly line reached the follower after \(delay) s")
        let diagnosis = try stack.runClient([deployment.id, "--diagnose", "--no-cache"], token: token)
        #expect(diagnosis.stdoutText.contains("@acme/mcp-nope"), "\(diagnosis.stdoutText)")
        // The web app's way: the server's diagnosis holds the objects --diagnose --json prints.
        let printed = try stack.runClient([deployment.id, "--diagnose", "--json", "--no-cache"], token: token)
        let served = try stack.logd.get("/api/deployments/\(deployment.id)/diagnosis", token: token)
        #expect(served.status == 200, "\(served.body)")
        let object = try JSONSerialization.jsonObject(with: Data(served.body.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "failed" && object?["lines"] as? Int == 4)
        #expect(object?["deployment_id"] as? String == deployment.id.lowercased())
        let findings = try #require(object?["findings"] as? [[String: Any]])
        let expected = try printed.stdoutLines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
        #expect(findings.map { $0 as NSDictionary } == expected.compactMap { $0 }, "\(served.body)\n\(printed.stdoutText)")
        #expect(findings.first?["category"] as? String == "npm_package_not_found")
    }

    @Test func keepsExactlyTheNewestThousandLines() async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment()
        for batch in 0..<3 {
            let lines = (1...500).map { (stream: "stdout", message: "n\(batch * 500 + $0)") }
            try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, lines)
        }
        try waitUntil("the newest line stored", seconds: 20) { (try? stack.storedMessages(deployment.id).last) == "n1500" }
        let stored = try stack.storedMessages(deployment.id)
        #expect(stored.count == 1000, "\(stored.count) stored, from \(stored.first ?? "")\n\(stack.serviceLogTail)")
        #expect(stored == (501...1500).map { "n\($0)" })
        let token = try await stack.token()
        let all = try stack.logd.get("/api/deployments/\(deployment.id)/logs?limit=1000", token: token)
        #expect(all.status == 200)
        let object = try JSONSerialization.jsonObject(with: Data(all.body.utf8)) as? [String: [[String: String]]]
        #expect(object?["logs"]?.count == 1000 && object?["logs"]?.first?["message"] == "n501")
    }

    @Test func aRestartLosesAndDoublesNothingEvenAtOneTimestamp() async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment()
        let moment = "2026-12-07T00:00:00.000001Z"
        let early = (1...30).map { (stream: "stdout", message: "a\($0)") }
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, early, timestamps: Array(repeating: moment, count: 30))
        try stack.waitForStored(deployment.id, count: 30)
        stack.logd.crash()
        // Written while the service is down: some at the very same microsecond as the last stored.
        let late = (1...40).map { (stream: "stdout", message: "b\($0)") }
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, Array(late.prefix(10)),
                             timestamps: Array(repeating: moment, count: 10))
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, Array(late.dropFirst(10)))
        try stack.logd.restart()
        try stack.waitForStored(deployment.id, count: 70)
        try await Task.sleep(for: .seconds(2))
        #expect(try stack.storedMessages(deployment.id) == early.map(\.message) + late.map(\.message))
    }

    /// At the default settings: the deployments table read every 5 s.
    @Test func picksUpNewDeploymentsAndForgetsDeletedOnesQuietly() async throws {
        let stack = try ServerStack(startService: false)
        try stack.startLogd(arguments: [])
        try await Task.sleep(for: .seconds(1))
        let deployment = try stack.createDeployment()
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "hello")])
        let created = Date()
        try stack.waitForStored(deployment.id, count: 1, seconds: 10)
        #expect(Date().timeIntervalSince(created) < 10)
        try stack.sql("DELETE FROM deployments WHERE id = '\(deployment.id)'")
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "after")])
        try await Task.sleep(for: .seconds(3))
        #expect(try stack.storedCount(deployment.id) == 0, "cascade removed the lines; none came back")
        #expect(!stack.logd.log.contains("\"level\":\"error\""), "\(stack.logd.log)")
    }

    @Test(arguments: ["rate-limit", "status", "html-502", "malformed-json", "truncated-body", "reset"])
    func flyFailuresAreBackedOffAndCollectionResumes(fault: String) async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment()
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "first")])
        try stack.waitForStored(deployment.id, count: 1)
        let before = try stack.fly.logRequestCount()
        try stack.fly.injectFault(fault, count: 3, extra: fault == "status" ? ", \"status\": 500" : "")
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "second")])
        try stack.waitForStored(deployment.id, count: 2, seconds: 30)
        let requests = try stack.fly.logRequestCount() - before
        #expect(requests < 15, "\(requests) Fly requests through 3 failures: backed off, no busy loop")
        #expect(try stack.storedMessages(deployment.id) == ["first", "second"])
        #expect(!stack.logd.log.contains(ServerStack.flyToken))
    }

    @Test func hostileTextIsStoredAsReceived() async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment()
        let big = String(repeating: "x", count: 1 << 20)
        let hostile = [(stream: "stdout", message: "\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[2J escapes"),
                       (stream: "stderr", message: big), (stream: "stdout", message: "tab\there \u{FFFD} ünïcødé 🙂")]
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, hostile)
        try stack.waitForStored(deployment.id, count: 3)
        let token = try await stack.token()
        let response = try stack.logd.get("/api/deployments/\(deployment.id)/logs", token: token)
        let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: [[String: String]]]
        #expect(object?["logs"]?.map { $0["message"] ?? "" } == hostile.map(\.message))
        #expect(object?["logs"]?[1]["stream"] == "stderr")
    }
}
