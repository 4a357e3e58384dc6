import Testing
@testable import LogClient
import TestSupport

/// The one-pass reader must agree with JSONDecoder on every input: it answers the usual
/// shapes itself and leaves the rest to JSONDecoder, never answering differently.
@Suite struct LogLineScannerTests {
    private static let line = #"{"timestamp": "2026-11-28T12:00:00.123456Z", "stream": "stdout", "message": "npm ERR! 404"}"#

    /// Bodies of every kind: usual, escaped, odd but valid, and broken.
    static let bodies: [String] = [
        #"{"logs": []}"#,
        #"{"logs": [\#(line), \#(line)]}"#,
        #" {"deployment_id": "x", "logs": [\#(line)], "count": 1} "#,
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stderr", "message": "tab\there \"q\" \\ \/ \u00e9 \ud83d\ude80 \u0000 \b\f\r\n"}]}"#,
        #"{"logs": [1, "x", null, [], {}, {"timestamp": 5, "stream": "stdout", "message": "m"}, \#(line)]}"#,
        #"{"logs": [{"timestamp": "not a time", "stream": "stdout", "message": "m"}, {"timestamp": "2026-11-28T12:00:00Z", "stream": "err", "message": "m"}]}"#,
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "m", "extra": {"a": [1, -2.5e3, true, false, null]}}]}"#,
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "m", "message": "twice"}]}"#,
        #"{"logs": [], "logs": []}"#,
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "\ud800 lone"}]}"#,
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "\x"}]}"#,
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": 01}]}"#,
        #"{"l\u006fgs": []}"#,
        #"{"logs": null}"#, #"{"logs": {}}"#, #"{"lines": []}"#, "[]", "null", "", "{", #"{"logs": [1,,2]}"#,
        #"{"logs": []} trailing"#, #"{"logs": [\#(line)"#, "{\"logs\": [{\"timestamp\": \"2026-11-28T12:00:00Z\", \"stream\": \"stdout\", \"message\": \"a\u{1}b\"}]}",
        #"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout"}]}"#,
    ]

    /// Both decoders' answers to a body, as text (the lines, or the failure).
    private func answers(_ bytes: [UInt8], live: Bool = false) -> (fast: String, slow: String) {
        func text(_ decode: () throws(BodyDecodingFailure) -> DecodedLogs) -> String {
            do { return "\(try decode())" } catch { return "\(error)" }
        }
        guard live else {
            return (text { () throws(BodyDecodingFailure) in try CatwalkLogsDecoder.decode(bytes) },
                    text { () throws(BodyDecodingFailure) in try CatwalkLogsDecoder.decodeWithJSONDecoder(bytes) })
        }
        let message = String(decoding: bytes, as: UTF8.self)
        return (text { () throws(BodyDecodingFailure) in try CatwalkLogsDecoder.decodeLiveMessage(message) },
                text { () throws(BodyDecodingFailure) in try CatwalkLogsDecoder.decodeLiveMessageWithJSONDecoder(Array(message.utf8)) })
    }

    @Test(arguments: bodies)
    func agreesWithJSONDecoder(body: String) {
        let (fast, slow) = answers(Array(body.utf8))
        #expect(fast == slow)
    }

    @Test func readsTheUsualShapesItself() {
        #expect(LogLineScanner.decode(Array(Self.bodies[1].utf8), single: false)?.entries.count == 2)
        #expect(LogLineScanner.decode(Array(Self.bodies[3].utf8), single: false)?.entries.first?.message
                == "tab\there \"q\" \\ / é 🚀 \u{0} \u{8}\u{C}\r\n")
        #expect(LogLineScanner.decode(Array(Self.bodies[4].utf8), single: false)?.skippedCount == 6)
        #expect(LogLineScanner.decode(Array(Self.line.utf8), single: true)?.entries.count == 1, "a live message of one line")
    }

    @Test func invalidUTF8InAStringIsRepairedAsJSONDecoderWouldBe() {
        var bytes = Array(#"{"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "a"#.utf8)
        bytes += [0xC3, 0x28, 0xE2, 0x82, 0xFF] + Array(#"\u00e9z"}]}"#.utf8)
        #expect(LogLineScanner.decode(bytes, single: false) != nil)
        let (fast, slow) = answers(bytes)
        #expect(fast == slow)
    }

    @Test func mutatedBodiesGetTheSameAnswerBothWays() {
        var random = SeededGenerator(state: 15)
        let seeds = Self.bodies.prefix(7).map { Array($0.utf8) }
        for round in 0..<3000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                let byte = Array(#"{}[]",:\u0 aZ-.e"#.utf8 + [0x80, 0xC3, 0x1F]).randomElement(using: &random)!
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            let (fast, slow) = answers(bytes)
            #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self))")
            if fast != slow { return }
        }
    }

    @Test func liveMessagesAgreeToo() {
        for body in Self.bodies + [Self.line, #"{"timestamp": 1}"#, #"{}"#] {
            let (fast, slow) = answers(Array(body.utf8), live: true)
            #expect(fast == slow, "\(body)")
        }
    }
}
