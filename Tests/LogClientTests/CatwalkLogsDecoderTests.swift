import Testing
@testable import LogClient

@Suite struct CatwalkLogsDecoderTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func decodesEntriesInServerOrder() throws {
        let body = bytes("""
            {"logs": [
              {"timestamp": "2026-11-28T12:00:00+00:00", "stream": "stdout", "message": "Installing packages..."},
              {"timestamp": "2026-11-28T12:00:01.5", "stream": "stderr", "message": "npm ERR! 404"}
            ]}
            """)
        let decoded = try CatwalkLogsDecoder.decode(body)
        #expect(decoded.skippedCount == 0)
        #expect(decoded.entries.map(\.message) == ["Installing packages...", "npm ERR! 404"])
        #expect(decoded.entries.map(\.stream) == [.stdout, .stderr])
        #expect(decoded.entries[1].timestamp.rfc3339Milliseconds == "2026-11-28T12:00:01.500Z")
    }

    @Test func skipsAndCountsMalformedEntriesWithoutLosingOthers() throws {
        let body = bytes("""
            {"logs": [
              {"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "kept 1"},
              {"timestamp": "not a time", "stream": "stdout", "message": "bad time"},
              {"timestamp": "2026-11-28T12:00:00Z", "stream": "system", "message": "bad stream"},
              {"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout"},
              42,
              {"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": 7},
              {"timestamp": "2026-11-28T12:00:02Z", "stream": "stderr", "message": "kept 2"}
            ]}
            """)
        let decoded = try CatwalkLogsDecoder.decode(body)
        #expect(decoded.entries.map(\.message) == ["kept 1", "kept 2"])
        #expect(decoded.skippedCount == 5)
    }

    @Test func aBodyWithoutOneReadableEntryIsMalformed() {
        let entries = Array(repeating: #"{"timestamp": "never", "stream": "stdout", "message": "m"}"#, count: 3)
        #expect(throws: BodyDecodingFailure.malformed("none of its 3 entries has a readable timestamp, stream and message")) {
            try CatwalkLogsDecoder.decode(bytes("{\"logs\": [\(entries.joined(separator: ","))]}"))
        }
    }

    @Test func emptyListIsNoLinesNotAnError() throws {
        #expect(try CatwalkLogsDecoder.decode(bytes("{\"logs\": []}")) == DecodedLogs(entries: []))
    }

    @Test(arguments: ["{\"logs\": [{\"timestamp\": \"2026-11-28T12:00:00Z\", \"stream\": \"std",
                      "{\"logs\": [", "{\"logs\": [{\"timestamp\": \"2026"])
    func cutOffBodyIsTruncated(text: String) {
        #expect(throws: BodyDecodingFailure.truncated) { try CatwalkLogsDecoder.decode(self.bytes(text)) }
    }

    @Test(arguments: ["", "{\"logs\": [1, 2,, ]}", "{\"lines\": []}", "[]", "null", "{\"logs\": \"none\"}"])
    func wrongShapeIsMalformed(text: String) {
        #expect {
            try CatwalkLogsDecoder.decode(self.bytes(text))
        } throws: { error in
            if case .malformed = error as? BodyDecodingFailure { return true }
            return false
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacterInsteadOfFailingTheDocument() throws {
        var body = bytes("{\"logs\": [{\"timestamp\": \"2026-11-28T12:00:00Z\", \"stream\": \"stdout\", \"message\": \"a")
        body += [0xFF, 0xFE]
        body += bytes("b\"}]}")
        let decoded = try CatwalkLogsDecoder.decode(body)
        #expect(decoded.entries.first?.message == "a\u{FFFD}\u{FFFD}b")
    }

    @Test func readsFastAPIErrorDetails() {
        #expect(ErrorDetailDecoder.detail(from: bytes("{\"detail\":\"Not authenticated\"}")) == "Not authenticated")
        let validation = """
            {"detail":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 1000","input":"1001"}]}
            """
        #expect(ErrorDetailDecoder.detail(from: bytes(validation)) == "limit: Input should be less than or equal to 1000")
        #expect(ErrorDetailDecoder.detail(from: bytes("<html>")) == nil)
    }

    @Test func liveMessagesAreOneLineOrABatch() throws {
        let one = try CatwalkLogsDecoder.decodeLiveMessage(
            "{\"timestamp\": \"2026-11-28T12:00:00.5+00:00\", \"stream\": \"stderr\", \"message\": \"boom\"}")
        #expect(one.entries.map(\.message) == ["boom"] && one.entries.first?.stream == .stderr)
        let batch = try CatwalkLogsDecoder.decodeLiveMessage("""
            {"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "a"},
                      {"timestamp": "never", "stream": "stdout", "message": "b"}]}
            """)
        #expect(batch.entries.map(\.message) == ["a"] && batch.skippedCount == 1)
        let unreadable = try CatwalkLogsDecoder.decodeLiveMessage("{\"hello\": 1}")
        #expect(unreadable.entries.isEmpty && unreadable.skippedCount == 1)
        #expect(throws: BodyDecodingFailure.self) { try CatwalkLogsDecoder.decodeLiveMessage("ping") }
    }
}
