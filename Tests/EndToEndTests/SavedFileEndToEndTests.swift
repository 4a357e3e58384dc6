import Foundation
import Testing
import TestSupport

/// `--file`: what `--json` or `--plain` wrote (a CI artifact, say), read back through every view.
@Suite struct SavedFileEndToEndTests {
    let server: StandInServer
    let directory: String

    init() throws {
        server = try StandInServer()
        directory = server.cacheHome + "-saved"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Saves what the client printed for the npm-404 deployment with `format`.
    private func artifact(_ format: String) throws -> (path: String, text: String) {
        let saved = try server.runClient([StandInServer.Scenario.npm404.id, format, "-n", "1000"])
        let path = directory + "/deploy\(format).log"
        try saved.stdout.write(to: URL(fileURLWithPath: path))
        return (path, saved.stdoutText)
    }

    private func client(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRunner.product("catwalk-logs"), arguments, environment: ["XDG_CACHE_HOME": server.cacheHome])
    }

    @Test(arguments: ["--json", "--plain"])
    func whatWasWrittenReadsBackTheSame(format: String) throws {
        let (path, text) = try artifact(format)
        let again = try client(["--file", path, format, "-n", "1000"])
        #expect(again.status == 0)
        #expect(again.stdoutText == text)
    }

    @Test func everyViewWorksOnASavedFile() throws {
        let (path, _) = try artifact("--json")
        let stderr = try client(["--file", path, "--stream", "stderr", "--no-timestamps", "-n", "1"])
        #expect(stderr.stdoutLines == ["stderr mcp-proxy: child process exited with code 1"])
        let diagnosed = try client(["--file", path, "--diagnose", "--json"])
        #expect(diagnosed.status == 1)
        #expect(diagnosed.stdoutText.contains("\"category\":\"npm_package_not_found\""))
        let fromStandardInput = try ProcessRunner.shell("'\(ProcessRunner.product("catwalk-logs"))' --file - --diagnose < '\(path)'")
        #expect(fromStandardInput.status == 1 && fromStandardInput.stdoutText.contains("npm_package_not_found"))
        let missing = try client(["--file", directory + "/nope.log"])
        #expect(missing.status == 2 && missing.stderr.contains("Cannot read \(directory)/nope.log (No such file or directory)"))
    }

    /// Issue 26: a file is not a window of 1000 lines. Filters see all of it, -n takes any count
    /// from the end, identical lines stay, and standard input reads the same.
    @Test func aBigFileIsReadWholeAsTailAndGrepReadIt() throws {
        let path = directory + "/big.log"
        var text = ""
        for index in 0..<30_000 {
            let time = String(format: "2026-12-07T10:%02d:%02d.%03dZ", index / 6000, (index / 100) % 60, index % 1000)
            text += index % 997 == 0 ? "\(time) stderr npm error code E404\n" : "\(time) stdout request \(index) handled\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let matches = try client(["--file", path, "--plain", "--include", "E404", "-n", "5000", "--no-timestamps"])
        #expect(matches.status == 0)
        #expect(matches.stdoutLines.count == 31, "every match in the file, as grep -c finds (identical lines kept)")
        let newest = try client(["--file", path, "--plain", "-n", "2", "--no-timestamps"])
        #expect(newest.stdoutLines == ["stdout request 29998 handled", "stdout request 29999 handled"])
        let many = try client(["--file", path, "--plain", "-n", "25000"])
        #expect(many.stdoutLines.count == 25_000, "more than a backend's 1000")
        let piped = try ProcessRunner.shell("'\(ProcessRunner.product("catwalk-logs"))' --file - --plain --stream stderr -n 3 --no-timestamps < '\(path)'")
        #expect(piped.stdoutLines == Array(repeating: "stderr npm error code E404", count: 3))
        let none = try client(["--file", path, "--plain", "--include", "no such text"])
        #expect(none.status == 0 && none.stdoutLines.isEmpty && none.stderr.contains("no line of \(path) matches."))
        // A gzip-compressed artifact reads as the text it holds (concatenated members too); corrupt data is one sentence.
        let compressed = try ProcessRunner.shell("gzip -c '\(path)' > '\(path).gz' && gzip -c '\(path)' >> '\(directory)/twice.log.gz' && gzip -c '\(path)' >> '\(directory)/twice.log.gz'")
        #expect(compressed.status == 0)
        let unzipped = try client(["--file", path + ".gz", "--plain", "--include", "E404", "-n", "5000", "--no-timestamps"])
        #expect(unzipped.status == 0 && unzipped.stdoutLines.count == 31, "\(unzipped.stderr)")
        #expect(try client(["--file", directory + "/twice.log.gz", "--plain", "-n", "100000"]).stdoutLines.count == 60_000)
        let diagnosed = try client(["--file", path + ".gz", "--diagnose"])
        #expect(diagnosed.status == 1 && diagnosed.stdoutText.contains("npm"), "\(diagnosed.stdoutText)")
        let cut = try ProcessRunner.shell("head -c 2000 '\(path).gz' > '\(directory)/cut.log.gz'")
        #expect(cut.status == 0)
        let truncated = try client(["--file", directory + "/cut.log.gz", "--plain"])
        #expect(truncated.status == 2 && truncated.stderr.contains("gzip data ends early"), "\(truncated.stderr)")
        let zero = try client(["--file", path, "-n", "0"])
        #expect(zero.status == 2 && zero.stderr.contains("--limit must be at least 1"), "\(zero.stderr)")
    }

    @Test func followsAGrowingFileAsTailDoes() throws {
        let path = directory + "/growing.log"
        try "stdout first\n".write(toFile: path, atomically: false, encoding: .utf8)
        let follow = try BackgroundClient(["--file", path, "-f", "--interval", "0.5", "--no-timestamps"],
                                          environment: ["XDG_CACHE_HOME": server.cacheHome], filesNear: directory + "/follow")
        try follow.waitUntil("the first line") { $0.stdoutLines == ["stdout first"] }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("stderr second\nthird, still being writ".utf8))
        try follow.waitUntil("the second line") { $0.stdoutLines.count == 2 }
        handle.write(Data("ten\n".utf8))
        try handle.close()
        try follow.waitUntil("the third line") { $0.stdoutLines.count == 3 }
        #expect(follow.stdoutLines == ["stdout first", "stderr second", "stdout third, still being written"])
    }

    @Test func followingAFileKeepsToTheStreamAsked() throws {
        let path = directory + "/streams.log"
        try "stdout one\nstderr two\n".write(toFile: path, atomically: false, encoding: .utf8)
        let follow = try BackgroundClient(["--file", path, "--stream", "stderr", "-f", "--plain", "--interval", "0.5", "--no-timestamps"],
                                          environment: ["XDG_CACHE_HOME": server.cacheHome], filesNear: directory + "/streams")
        try follow.waitUntil("the stderr line") { $0.stdoutLines == ["stderr two"] }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("stdout three\nstderr four\n".utf8))
        try handle.close()
        try follow.waitUntil("the new stderr line") { $0.stdoutLines.count >= 2 }
        #expect(follow.stdoutLines == ["stderr two", "stderr four"], "only stderr, as without -f")
    }

    @Test func aCIArtifactOpensInTheViewerWithItsDiagnosis() throws {
        let (path, _) = try artifact("--plain")
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), "--file", path],
                                       environment: ["XDG_CACHE_HOME": server.cacheHome], columns: 140, rows: 24)
        let screen = try terminal.waitUntil("the lines and the diagnosis") {
            $0.contains("mcp-proxy: child process exited") && $0.contains("npm package 'nonexistent-package' does not exist")
        }
        #expect(screen.split(separator: "\n").first?.contains(path) == true, "the header names the file")
        #expect(!screen.contains("offline"))
    }
}
