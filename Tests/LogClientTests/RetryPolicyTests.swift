import Testing
@testable import LogClient

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    private func status(_ code: Int, _ headers: [String: String] = [:]) -> Result<HTTPResponse, TransportFailure> {
        .success(HTTPResponse(status: code, headers: headers))
    }

    @Test(arguments: [429, 502, 503, 504])
    func retriesTransientStatusesWithExponentialBackoff(code: Int) {
        #expect(policy.delay(beforeRetry: 0, after: status(code), jitter: 1) == 0.5)
        #expect(policy.delay(beforeRetry: 1, after: status(code), jitter: 1) == 1.0)
        #expect(policy.delay(beforeRetry: 2, after: status(code), jitter: 0) == 1.0)
        #expect(policy.delay(beforeRetry: 3, after: status(code), jitter: 1) == nil)
    }

    @Test(arguments: [200, 400, 401, 403, 404, 422, 500, 501])
    func neverRetriesOtherStatuses(code: Int) {
        #expect(policy.delay(beforeRetry: 0, after: status(code), jitter: 0.5) == nil)
    }

    @Test func honoursRetryAfterCappedAtThirtySeconds() {
        #expect(policy.delay(beforeRetry: 0, after: status(429, ["retry-after": "7"]), jitter: 0) == 7)
        #expect(policy.delay(beforeRetry: 0, after: status(503, ["retry-after": "3600"]), jitter: 0) == 30)
    }

    @Test func retriesBrokenConnectionsButNotRefusedOnes() {
        #expect(policy.delay(beforeRetry: 0, after: .failure(.connectionReset), jitter: 0) != nil)
        #expect(policy.delay(beforeRetry: 0, after: .failure(.connectionRefused(host: "h")), jitter: 0) == nil)
        #expect(policy.delay(beforeRetry: 0, after: .failure(.timedOut(seconds: 1)), jitter: 0) == nil)
    }

    @Test func retryingTransportStopsAtSuccessAndSleepsBetweenAttempts() async throws {
        let transport = ScriptedTransport([status(503), .failure(.connectionReset), status(200)])
        let sleeps = SleepRecorder()
        let retrying = RetryingTransport(transport, sleep: { await sleeps.record($0) })
        let response = try await retrying.get(HTTPRequest(url: "http://127.0.0.1/"))
        #expect(response.status == 200)
        #expect(transport.requests.count == 3)
        #expect(await sleeps.delays.count == 2)
    }

    @Test func retryingTransportGivesUpAfterThreeRetries() async throws {
        let transport = ScriptedTransport(Array(repeating: status(502), count: 5))
        let retrying = RetryingTransport(transport, sleep: { _ in })
        #expect(try await retrying.get(HTTPRequest(url: "http://127.0.0.1/")).status == 502)
        #expect(transport.requests.count == 4)
    }
}

actor SleepRecorder {
    private(set) var delays: [Double] = []
    func record(_ seconds: Double) { delays.append(seconds) }
}
