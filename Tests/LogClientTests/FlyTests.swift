import Testing
@testable import LogClient

@Suite struct FlyDecoderTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func decodesAJSONAPIPageMappingLevelsToStreams() throws {
        let page = try FlyLogsDecoder.decode(bytes("""
            {"data": [
              {"id": "1", "type": "logs", "attributes": {"timestamp": "2026-11-28T12:00:00.123456789Z", "message": "ready",
               "level": "info", "instance": "e784e90000001", "region": "iad", "meta": {"event": {"provider": "app"}}}},
              {"id": "2", "type": "logs", "attributes": {"timestamp": "2026-11-28T12:00:01Z", "message": "boom", "level": "ERROR"}},
              {"id": "3", "type": "logs", "attributes": {"message": "no timestamp"}},
              {"id": "4", "type": "logs", "attributes": {"timestamp": "2026-11-28T12:00:02Z", "message": "w", "level": "warn"}}
            ], "meta": {"next_token": "1779235200000000000"}}
            """))
        #expect(page.entries.map(\.message) == ["ready", "boom", "w"])
        #expect(page.entries.map(\.stream) == [.stdout, .stderr, .stdout])
        #expect(page.entries[0].timestamp.nanosecondOfSecond == 123_456_789)
        #expect(page.entries[0].origin == FlyOrigin(level: "info", instance: "e784e90000001", region: "iad"))
        #expect(page.skippedCount == 1)
        #expect(page.nextToken == "1779235200000000000")
    }

    @Test(arguments: ["error", "err", "fatal", "crit", "critical", "panic", "alert", "emerg", "Error", "PANIC"])
    func errorLevelsAreStderr(level: String) {
        #expect(FlyLogsDecoder.stream(forLevel: level) == .stderr)
    }

    @Test(arguments: ["info", "warn", "warning", "debug", "notice", ""])
    func otherLevelsAreStdout(level: String) {
        #expect(FlyLogsDecoder.stream(forLevel: level) == .stdout)
    }

    @Test func decodesTheOlderNDJSONShape() throws {
        let page = try FlyLogsDecoder.decode(bytes("""
            {"timestamp": "2026-11-28T12:00:00Z", "message": "one", "level": "info", "instance": "m1", "region": "ams"}

            {"timestamp": "2026-11-28T12:00:01Z", "message": "two", "level": "error"}
            not json at all
            """))
        #expect(page.entries.map(\.message) == ["one", "two"])
        #expect(page.entries.map(\.stream) == [.stdout, .stderr])
        #expect(page.skippedCount == 1)
        #expect(page.nextToken == nil)
    }

    @Test func textLinesKeepSpacesAndShowOddLinesWhole() {
        let page = FlyLogsDecoder.decodeTextLines(
            "2026-11-28T12:00:00Z stdout hello  world  with spaces\r\n"
            + "2026-11-28T12:00:01.5Z stderr npm ERR! 404\r\n"
            + "a line with no timestamp\n"
            + "2026-11-28T12:00:02Z verbose a stream word that is not one\n"
            + "\n"
            + "2026-11-28T12:00:03Z stdout\n")
        #expect(page.entries.map(\.message) == ["hello  world  with spaces", "npm ERR! 404", "a line with no timestamp",
                                                "2026-11-28T12:00:02Z verbose a stream word that is not one", ""])
        #expect(page.entries.map(\.stream) == [.stdout, .stderr, .stdout, .stdout, .stdout])
        #expect(page.entries[2].timestamp == page.entries[1].timestamp, "an odd line keeps the previous time")
    }

    @Test func htmlIsNotTakenForTextLines() {
        #expect(throws: BodyDecodingFailure.self) { try FlyLogsDecoder.decode(self.bytes("<html><body>502</body></html>")) }
    }
}

@Suite struct FlyBackendTests {
    private func page(_ messages: [String], next: String) -> Result<HTTPResponse, TransportFailure> {
        let data = messages.enumerated().map { index, message in
            "{\"attributes\": {\"timestamp\": \"2026-11-28T12:00:\(String(format: "%02d", index))Z\", \"message\": \"\(message)\", \"level\": \"info\"}}"
        }.joined(separator: ",")
        return .success(HTTPResponse(status: 200, body: Array("{\"data\": [\(data)], \"meta\": {\"next_token\": \"\(next)\"}}".utf8)))
    }

    @Test func pagesUntilEmptyAndKeepsTheNewestLimitLines() async throws {
        let transport = ScriptedTransport([page(["a", "b"], next: "2"), page(["c", "d"], next: "4"), page([], next: "4")])
        let backend = FlyBackend(endpoint: FlyEndpoint(baseURL: "https://api.fly.io", app: "app", token: "t"), transport: transport)
        let logs = try await backend.fetchLogs(machine: "m1", limit: 3)
        #expect(logs.logs.entries.map(\.message) == ["b", "c", "d"])
        #expect(logs.cursor == "4")
        #expect(transport.requests.map(\.url) == [
            "https://api.fly.io/api/v1/apps/app/logs?next_token=&instance=m1",
            "https://api.fly.io/api/v1/apps/app/logs?next_token=2&instance=m1",
            "https://api.fly.io/api/v1/apps/app/logs?next_token=4&instance=m1",
        ])
    }

    @Test func flyV1TokensAreSentAsGivenOthersAsBearer() {
        #expect(FlyEndpoint(token: "FlyV1 fm2_abc,fm2_def").authorization == "FlyV1 fm2_abc,fm2_def")
        #expect(FlyEndpoint(token: "abc123").authorization == "Bearer abc123")
        #expect(FlyEndpoint(token: nil).authorization == nil)
    }

    @Test(arguments: [
        (401, "tok" as String?, LogClientError.flyTokenRejected),
        (403, "tok", .flyTokenRejected),
        (401, nil, .flyNotSignedIn),
        (404, "tok", .flyNotFound(app: "app", machine: "m1")),
    ])
    func errorsNameTheFlyCause(status: Int, token: String?, expected: LogClientError) async {
        let transport = ScriptedTransport([.success(HTTPResponse(status: status, body: Array("{}".utf8)))])
        let backend = FlyBackend(endpoint: FlyEndpoint(app: "app", token: token), transport: transport)
        var thrown: LogClientError?
        do { _ = try await backend.fetchLogs(machine: "m1", limit: 10) } catch { thrown = error }
        #expect(thrown == expected)
        #expect(expected.userMessage.contains("FLY_API_TOKEN") || expected.userMessage.contains("--machine"))
    }
}
