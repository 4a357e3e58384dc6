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

    /// Found by fuzzing: a control character in `meta` made the whole page NDJSON, one skipped line.
    @Test func anUnreadableMetaCostsTheCursorNotTheLines() throws {
        let page = try FlyLogsDecoder.decode(bytes("""
            {"data": [{"attributes": {"timestamp": "2026-11-28T12:00:00Z", "message": "kept", "level": "info"}}],
             "meta": {"next_\u{0}token": 5}}
            """))
        #expect(page.entries.map(\.message) == ["kept"])
        #expect(page.skippedCount == 0 && page.nextToken == nil)
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

