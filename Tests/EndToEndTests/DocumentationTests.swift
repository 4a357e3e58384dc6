import Foundation
import LogClient
import LogViewer
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

    @Test func manPageAndHelpNameTheSameOptions() throws {
        let options = Set(try help.matches(of: /--[a-z][a-z-]+/).map { String($0.output) })
        #expect(options.count >= 12)
        let page = try manPage
        for option in options {
            #expect(page.contains(option), "the man page does not mention \(option)")
        }
        guard let start = page.range(of: ".SH OPTIONS\n"), let end = page.range(of: "\n.SH COMMANDS") else {
            Issue.record("no OPTIONS section")
            return
        }
        // The tag line of each .TP entry names the option it describes.
        let lines = page[start.upperBound..<end.lowerBound].split(separator: "\n")
        let described = zip(lines, lines.dropFirst()).filter { $0.0 == ".TP" }
            .flatMap { $0.1.matches(of: /--[a-z][a-z-]+/).map { String($0.output) } }
        #expect(described.count >= 25)
        for option in described {
            #expect(options.contains(option), "--help does not mention \(option), which the man page describes")
        }
    }

    @Test func environmentVariablesAgreeBothWays() throws {
        let help = try help, page = try manPage
        guard let start = page.range(of: ".SH ENVIRONMENT\n"), let end = page.range(of: "\n.SH ", range: start.upperBound..<page.endIndex),
              let helpStart = help.range(of: "ENVIRONMENT:"), let helpEnd = help.range(of: "EXIT CODES:") else {
            Issue.record("no ENVIRONMENT section")
            return
        }
        let variable = /\b(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|NO_COLOR|[a-z]+_proxy)\b/
        let inPage = Set(page[start.upperBound..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix(".B") }
            .flatMap { $0.matches(of: variable).map { String($0.output) } })
        let inHelp = Set(help[helpStart.upperBound..<helpEnd.lowerBound].split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("     ") }.flatMap { $0.matches(of: variable).map { String($0.output) } })
        #expect(inPage.count >= 14)
        #expect(inPage == inHelp, "man only: \(inPage.subtracting(inHelp)); --help only: \(inHelp.subtracting(inPage))")
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
        for shell in ["bash", "zsh", "fish"] {
            let script = try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), ["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdoutText.contains("stream") && script.stdoutText.contains("diagnose"), "\(shell)")
        }
    }

    /// Bash's own completion machinery, driven as a shell would: subcommands, their options,
    /// the default subcommand's options before any subcommand word, values and file names.
    @Test(arguments: [
        ("catwalk-logs ca", ["cache"]),
        ("catwalk-logs cache ''", ["--help", "--version", "-h", "clear", "list", "path"]),
        ("catwalk-logs --fol", ["--follow"]),
        ("catwalk-logs dec0de00 --str", ["--stream"]),
        ("catwalk-logs --stream ''", ["stderr", "stdout"]),
        ("catwalk-logs --token-file ''", ["deploy.log", "token.txt"]),
        ("catwalk-logs --cacert ''", ["deploy.log", "token.txt"]),
        ("catwalk-logs diagnose ''", ["deploy.log", "token.txt"]),
    ])
    func bashCompletesSubcommandsOptionsAndFiles(words: String, expected: [String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in ["deploy.log", "token.txt"] { try Data().write(to: URL(fileURLWithPath: directory + "/" + file)) }
        let result = try ProcessRunner.shell("""
            cd '\(directory)'
            source <('\(ProcessRunner.product("catwalk-logs"))' --generate-completion-script bash)
            COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
            _catwalk-logs catwalk-logs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}" | sort -u
            """)
        #expect(result.stdoutLines == expected.sorted(), "\(words): \(result.stdoutText) \(result.stderr)")
    }

    @Test func helpReadsAsAManualDoes() throws {
        let help = try help
        let usage = try #require(help.range(of: "USAGE:"))
        #expect(help[..<usage.lowerBound].split(separator: "\n").count <= 6, "a few lines of prose before the usage")
        #expect(help.components(separatedBy: "CACHE:").count == 2, "one CACHE section")
        #expect(help.contains("? lists its keys"))
        let prose = help[..<usage.lowerBound].split(separator: "\n").dropFirst()
        #expect(prose.allSatisfy { $0.count <= 80 && $0.split(separator: " ").count > 1 },
                "no one-word lines: the prose is not re-wrapped at 80 columns")
        for subcommand in ["cache list|clear|path", "diagnose [<file>]", "help [<subcommand>]"] {
            #expect(help.contains(subcommand))
        }
        let helpWord = try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), ["help"])
        #expect(helpWord.status == 0 && helpWord.stdoutText == help)
        let cacheHelp = try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), ["help", "cache"])
        #expect(cacheHelp.status == 0 && cacheHelp.stdoutText.contains("USAGE: catwalk-logs cache <subcommand>"))
    }
}

@Suite struct KeyDocumentationTests {
    /// The man page's KEYS entries (`.TP` / `.B label` / help) with roff's escapes resolved.
    private var manPageKeys: [String: String] {
        get throws {
            let source = try String(contentsOf: DocumentationTests.root.appendingPathComponent("man/catwalk-logs.1"),
                                    encoding: .utf8)
            guard let start = source.range(of: ".SH KEYS\n"), let end = source.range(of: "\n.SH ", range: start.upperBound..<source.endIndex)
            else { return [:] }
            let escapes = ["\\[da]": "↓", "\\[ua]": "↑", "\\[->]": "→", "\\[<-]": "←", "\\-": "-"]
            var text = String(source[start.upperBound..<end.lowerBound])
            for (escape, character) in escapes { text = text.replacingOccurrences(of: escape, with: character) }
            let lines = text.split(separator: "\n").map(String.init)
            var keys: [String: String] = [:]
            for (index, line) in lines.enumerated() where line.hasPrefix(".B ") && index + 1 < lines.count {
                keys[String(line.dropFirst(3))] = lines[index + 1]
            }
            return keys
        }
    }

    @Test func manPageListsEveryKeyOfTheTableAndNothingElse() throws {
        let keys = try manPageKeys
        for binding in KeyBindings.all {
            #expect(keys[binding.label] == binding.help, "man page KEYS for \(binding.label): \(keys[binding.label] ?? "missing")")
        }
        #expect(keys.count == KeyBindings.all.count)
    }
}
