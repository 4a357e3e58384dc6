import Foundation
import LogClient
import Testing
import TestSupport

/// `--help`, the man page and the README must agree.
@Suite struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func file(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    private var help: String {
        get throws { try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), ["--help"]).stdoutText }
    }

    /// The man page's text with roff's escaped hyphens made plain.
    private var manPage: String {
        get throws { try file("man/catwalk-logs.1").replacingOccurrences(of: "\\-", with: "-") }
    }

    @Test func manPageRendersWithoutWarnings() throws {
        let result = try ProcessRunner.run("/usr/bin/env",
                                           ["groff", "-man", "-ww", "-z", Self.root.appendingPathComponent("man/catwalk-logs.1").path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "groff warnings: \(result.stderr)")
    }

    @Test func manPageNamesEveryOptionOfHelp() throws {
        let options = Set(try help.matches(of: /--[a-z][a-z-]+/).map { String($0.output) })
        #expect(options.count >= 12)
        let page = try manPage
        for option in options {
            #expect(page.contains(option), "the man page does not mention \(option)")
        }
    }

    @Test func exitCodesAgreeEverywhere() throws {
        let help = try help, page = try manPage, readme = try file("README.md")
        for status in ExitStatus.allCases {
            #expect(help.contains("\(status.rawValue)") && help.contains(status.meaning))
            #expect(page.contains(".B \(status.rawValue)\n\(status.meaning)"), "man page lacks exit \(status.rawValue)")
            #expect(readme.contains("| \(status.rawValue) | \(status.meaning) |"), "README lacks exit \(status.rawValue)")
        }
    }

    @Test func versionMatchesTheManPage() throws {
        let version = try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), ["--version"])
        #expect(version.stdoutText == CatwalkLogsVersion.current + "\n")
        #expect(try manPage.contains("\"catwalk-logs \(CatwalkLogsVersion.current)\""))
    }

    @Test func completionScriptsAreGenerated() throws {
        let bash = try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), ["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdoutText.contains("--stream"))
    }
}
