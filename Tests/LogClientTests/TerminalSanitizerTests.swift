import Testing
@testable import LogClient
import LogText

@Suite struct TerminalSanitizerTests {
    @Test(arguments: [
        ("\u{1B}[2J\u{1B}[31mred", "^[[2J^[[31mred"),
        ("title \u{1B}]0;pwned\u{07}", "title ^[]0;pwned^G"),
        ("clip \u{1B}]52;c;aGk=\u{1B}\\", "clip ^[]52;c;aGk=^[\\"),
        ("c1 \u{9B}31m \u{9D}0;x", "c1 <U+009B>31m <U+009D>0;x"),
        ("nul \u{0} del \u{7F} bs \u{08}", "nul ^@ del ^? bs ^H"),
        ("lone \r return", "lone ^M return"),
        ("bidi \u{202E}abc\u{202C} \u{2066}x\u{2069}", "bidi <U+202E>abc<U+202C> <U+2066>x<U+2069>"),
    ])
    func neutralisesControls(input: String, expected: String) {
        let output = TerminalSanitizer.sanitize(input)
        #expect(output == expected)
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" })
    }

    @Test(arguments: ["plain ascii", "tabs\tstay", "日本語 🚀 e\u{301} \u{FFFD}", "dash — and ellipsis …"])
    func leavesSafeTextAlone(input: String) {
        #expect(TerminalSanitizer.sanitize(input) == input)
    }

    @Test func splitsMessagesIntoDisplayLines() {
        #expect(TerminalSanitizer.displayLines(of: "one\ntwo\r\nthree") == ["one", "two", "three"])
        #expect(TerminalSanitizer.displayLines(of: "trailing\n") == ["trailing"])
        #expect(TerminalSanitizer.displayLines(of: "") == [""])
        #expect(TerminalSanitizer.displayLines(of: "a\n\nb") == ["a", "", "b"])
        #expect(TerminalSanitizer.displayLines(of: "x\u{1B}[1m\ny") == ["x^[[1m", "y"])
    }
}
