import Testing
@testable import LogClient

@Suite struct FormatterTests {
    let stdoutLine = LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: 1_795_867_200, nanoseconds: 5_000_000),
                              stream: .stdout, message: "Installing packages...")
    let stderrLine = LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: 1_795_867_201),
                              stream: .stderr, message: "npm ERR!\u{1B}[31m 404\nsecond")

    private func plain(_ formatter: PlainFormatter, _ entries: [LogEntry]) -> String {
        var output = ""
        for entry in entries { formatter.append(entry, to: &output) }
        return output
    }

    @Test func plainIsTimestampStreamMessageWithSanitisedRepeatedPrefixes() {
        #expect(plain(PlainFormatter(), [stdoutLine, stderrLine]) == """
            2026-11-28T12:00:00.005Z stdout Installing packages...
            2026-11-28T12:00:01.000Z stderr npm ERR!^[[31m 404
            2026-11-28T12:00:01.000Z stderr second

            """)
    }

    @Test func plainWithoutTimestamps() {
        #expect(plain(PlainFormatter(showsTimestamps: false), [stdoutLine]) == "stdout Installing packages...\n")
    }

    @Test func colourMakesStderrRedAndTimestampsDim() {
        let output = plain(PlainFormatter(theme: Theme(usesColor: true)), [stdoutLine, stderrLine])
        #expect(output.hasPrefix("\u{1B}[2m2026-11-28T12:00:00.005Z\u{1B}[0m stdout Installing packages...\n"))
        #expect(output.contains("\u{1B}[31mstderr\u{1B}[0m \u{1B}[31mnpm ERR!^[[31m 404\u{1B}[0m\n"))
    }

    /// npm's deprecation warnings on a healthy start are yellow, not the red of an error.
    @Test(arguments: ["npm warn deprecated inflight@1.0.6: This module is not supported",
                      "npm WARN deprecated rimraf@3.0.2", "WARNING: Running pip as the 'root' user",
                      "(node:42) Warning: punycode is deprecated", "  warn: retrying in 2s"])
    func warningsOnStderrAreYellow(message: String) {
        let warning = LogEntry(timestamp: stderrLine.timestamp, stream: .stderr, message: message)
        let output = plain(PlainFormatter(showsTimestamps: false, theme: Theme(usesColor: true)), [warning])
        #expect(output.hasPrefix("\u{1B}[33mstderr\u{1B}[0m \u{1B}[33m"), "\(output)")
    }

    @Test func errorsAndTextThatOnlyMentionsAWarningStayRed() {
        for message in ["npm ERR! code E404", "Error: the warning: above failed", "(node:42) UnhandledPromiseRejection"] {
            let entry = LogEntry(timestamp: stderrLine.timestamp, stream: .stderr, message: message)
            #expect(StyleRole.text(of: entry) == .stderrText, "\(message)")
        }
        let flyWarning = LogEntry(timestamp: stderrLine.timestamp, stream: .stderr, message: "disk almost full",
                                  origin: FlyOrigin(level: "warn"))
        #expect(StyleRole.text(of: flyWarning) == .warningText)
        #expect(StyleRole.text(of: stdoutLine) == .plain)
    }

    @Test func jsonIsOneEscapedObjectPerLineWithExactTimestamp() {
        var output = ""
        JSONLineFormatter().append(stderrLine, to: &output)
        JSONLineFormatter().append(LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: 1_795_867_200_123_456_789),
                                            stream: .stdout, message: "q\"b\\s\t\u{7F}é🚀"), to: &output)
        #expect(output == """
            {"timestamp":"2026-11-28T12:00:01Z","stream":"stderr","message":"npm ERR!\\u001b[31m 404\\nsecond"}
            {"timestamp":"2026-11-28T12:00:00.123456789Z","stream":"stdout","message":"q\\"b\\\\s\\t\\u007fé🚀"}

            """)
    }

    @Test(arguments: [
        (ColorChoice.auto, true, [String: String](), true),
        (.auto, false, [:], false),
        (.auto, true, ["NO_COLOR": "1"], false),
        (.auto, true, ["NO_COLOR": ""], true),
        (.auto, true, ["TERM": "dumb"], false),
        (.always, false, ["NO_COLOR": "1"], true),
        (.never, true, [:], false),
    ])
    func colourIsDecidedOnce(choice: ColorChoice, isTerminal: Bool, environment: [String: String], expected: Bool) {
        #expect(choice.resolve(isTerminal: isTerminal, environment: environment) == expected)
    }
}
