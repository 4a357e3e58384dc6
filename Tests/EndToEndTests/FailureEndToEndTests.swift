import Foundation
import Testing
import TestSupport

/// Every failure a user can meet: one sentence on stderr, the documented exit code.
@Suite struct FailureEndToEndTests {
    let server: StandInServer
    let id = StandInServer.Scenario.ticktick.id

    init() throws {
        server = try StandInServer()
    }

    private func expectFailure(_ result: ProcessResult, status: Int32, saying phrase: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr.contains(phrase), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one sentence, got: \(result.stderr)",
                sourceLocation: sourceLocation)
    }

    @Test func unknownDeploymentExitsThree() throws {
        expectFailure(try server.runClient(["3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b"]), status: 3, saying: "was not found")
    }

    @Test func aNameNoDeploymentHasExitsThree() throws {
        expectFailure(try server.runClient(["not-a-uuid"]), status: 3, saying: "No deployment is named 'not-a-uuid'")
        #expect(try server.logRequestCount() == 0)
    }

    /// The URL of the dashboard's API calls pasted whole (`…/api`): not found, and why.
    @Test func aBaseURLEndingInAPISaysToLeaveItOut() throws {
        let result = try server.runClient([id, "--api", server.baseURL + "/api"])
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("warning: --api \(server.baseURL)/api ends in /api, and catwalk-logs adds /api/deployments/… itself"),
                "the warning first, then the answer: \(result.stderr)")
        #expect(try server.runClient([id, "-n", "1"]).stderr.isEmpty, "no warning for the root URL")
    }

    @Test func missingTokenSaysHowToSignIn() throws {
        expectFailure(try server.runClient([id], environment: ["CATWALK_API_URL": server.baseURL]), status: 4, saying: "Not signed in")
    }

    @Test func wrongTokenIsRejectedWithoutEchoingIt() throws {
        let result = try server.runClient([id], environment: ["CATWALK_API_URL": server.baseURL, "CATWALK_TOKEN": "wrong-s3cr3t"])
        expectFailure(result, status: 4, saying: "rejected the token")
        #expect(!result.stderr.contains("wrong-s3cr3t"))
    }

    @Test func transientFailuresAreRetriedUntilSuccess() throws {
        try server.injectFault("status", count: 2, extra: ", \"status\": 503")
        let result = try server.runClient([id])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 8)
        #expect(try server.logRequestCount() == 3)
    }

    @Test func rateLimitHonoursRetryAfterThenSucceeds() throws {
        try server.injectFault("rate-limit", count: 1, extra: ", \"seconds\": 1")
        let started = Date()
        let result = try server.runClient([id])
        #expect(result.status == 0)
        #expect(try server.logRequestCount() == 2)
        #expect(Date().timeIntervalSince(started) >= 1.0, "Retry-After: 1 must be waited out")
    }

    @Test func persistentServerErrorsExitFiveAfterThreeRetries() throws {
        try server.injectFault("status", count: 4, extra: ", \"status\": 503")
        expectFailure(try server.runClient([id]), status: 5, saying: "HTTP 503")
        #expect(try server.logRequestCount() == 4)
    }

    @Test func internalServerErrorIsNotRetried() throws {
        try server.injectFault("status", count: 1, extra: ", \"status\": 500")
        expectFailure(try server.runClient([id]), status: 5, saying: "failed with HTTP 500")
        #expect(try server.logRequestCount() == 1)
    }

    @Test func proxyHTMLPageIsNamedAsSuch() throws {
        try server.injectFault("html-502", count: 4)
        expectFailure(try server.runClient([id]), status: 5, saying: "HTML page instead of JSON")
    }

    @Test func malformedJSONExitsSix() throws {
        try server.injectFault("malformed-json")
        expectFailure(try server.runClient([id]), status: 6, saying: "could not be read")
    }

    @Test func truncatedBodyExitsSix() throws {
        try server.injectFault("truncated-body")
        expectFailure(try server.runClient([id]), status: 6, saying: "cut off")
    }

    @Test func connectionResetMidBodyIsRetried() throws {
        try server.injectFault("reset", count: 1)
        let result = try server.runClient([id])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 8)
        try server.injectFault("reset", count: 4)
        let fallback = try server.runClient([id, "--no-cache"])
        expectFailure(fallback, status: 5, saying: "connection to the backend broke")
    }

    @Test func slowBackendTimesOut() throws {
        try server.injectFault("delay", count: 1, extra: ", \"milliseconds\": 4000")
        expectFailure(try server.runClient([id, "--timeout", "1"]), status: 5, saying: "did not answer within 1 s")
    }

    @Test func stoppedBackendIsConnectionRefused() throws {
        let address = server.baseURL
        server.stop()
        expectFailure(try server.runClient([id], environment: ["CATWALK_API_URL": address, "CATWALK_TOKEN": StandInServer.token]),
                      status: 5, saying: "connection refused")
    }

    @Test func clearTextTokenToARemoteHostIsRefusedBeforeAnyRequest() throws {
        let result = try server.runClient([id], environment: ["CATWALK_API_URL": "http://catwalk.example.com", "CATWALK_TOKEN": "t"])
        expectFailure(result, status: 2, saying: "--allow-insecure-http")
    }

    @Test func tokenFileIsReadAndLooseModesAreWarnedAbout() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data((StandInServer.token + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let loose = try server.runClient([id, "--token-file", path], environment: ["CATWALK_API_URL": server.baseURL])
        #expect(loose.status == 0)
        #expect(loose.stderr.contains("can be read by other users"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let strict = try server.runClient([id, "--token-file", path], environment: ["CATWALK_API_URL": server.baseURL])
        #expect(strict.status == 0 && strict.stderr.isEmpty)
        expectFailure(try server.runClient([id, "--token-file", path + ".missing"]), status: 2, saying: "Cannot read the token file")
    }

    @Test(arguments: [
        (["-n", "0"], "--limit must be between 1 and 1000"),
        (["--limit", "1001"], "--limit must be between 1 and 1000"),
        (["--stream", "both"], "--stream"),
        (["--plain", "--json"], "--plain and --json cannot be used together"),
        (["--json", "--no-timestamps"], "--no-timestamps applies to plain output only"),
        (["--color", "sometimes"], "--color"),
        (["--timeout", "0"], "--timeout '0' is not a duration of at least 1 second"),
        (["--timeout", "10x"], "--timeout '10x' is not a duration"),
        (["--bogus"], "Unknown option"),
    ])
    func badOptionsAreUsageErrorsBeforeAnyRequest(extra: [String], phrase: String) throws {
        let result = try server.runClient([id] + extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains(phrase), "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("catwalk-logs: "), "the prefix of every other message: \(result.stderr)")
        #expect(try server.logRequestCount() == 0)
    }
}
