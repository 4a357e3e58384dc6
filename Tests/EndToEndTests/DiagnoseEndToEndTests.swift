import Foundation
import Testing
import TestSupport

/// `--diagnose` and `catwalk-logs diagnose` through the real binary.
@Suite struct DiagnoseEndToEndTests {
    let server: StandInServer

    init() throws {
        server = try StandInServer()
    }

    @Test func npm404IsDiagnosedWithExitOne() throws {
        let result = try server.runClient([StandInServer.Scenario.npm404.id, "--diagnose"])
        #expect(result.status == 1)
        #expect(result.stdoutLines.first == "npm_package_not_found: npm package 'nonexistent-package' does not exist on the registry (line 3)")
        #expect(result.stdoutText.contains("hint: check the package name"))
    }

    /// `catwalk-logs diagnose` typed at a terminal with no file says it reads standard input,
    /// and a pasted log ended with Ctrl-D is diagnosed.
    @Test func diagnoseAtATerminalSaysItReadsStandardInput() throws {
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), "diagnose"],
                                       environment: server.clientEnvironment, columns: 120, rows: 12)
        try terminal.waitUntil("the hint") { $0.contains("reading log text from standard input until Ctrl-D") }
        try terminal.type("npm ERR! code E404")
        try terminal.press("Enter", "C-d")
        try terminal.waitUntil("the diagnosis and exit 1") { $0.contains("npm_package_not_found") && $0.contains("EXIT=1") }
    }

    @Test func aSuccessfulStartExitsZero() throws {
        let result = try server.runClient([StandInServer.Scenario.ticktick.id, "--diagnose"])
        #expect(result.status == 0)
        #expect(result.stdoutText == "No failure found in the logs.\n")
    }

    @Test func aFailureWithNoKnownCauseShowsTheLikeliestLinesAndExitsZero() throws {
        let log = "starting the frobnicator\nfrobnication failed\nprocess exited with code 3\n"
        let human = try ProcessRunner.shell("printf '\(log)' | '\(ProcessRunner.product("catwalk-logs"))' diagnose")
        #expect(human.status == 0)
        #expect(human.stdoutText.contains("no known cause"))
        #expect(human.stdoutText.contains("frobnication failed"))
        let json = try ProcessRunner.shell("printf '\(log)' | '\(ProcessRunner.product("catwalk-logs"))' diagnose --json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdoutLines[0].utf8)) as? [String: Any])
        #expect(object["category"] is NSNull, "category null: \(json.stdoutText)")
        #expect(json.status == 0)
    }

    @Test func jsonGivesOneObjectPerFindingMostLikelyFirst() throws {
        let result = try server.runClient([StandInServer.Scenario.npm404.id, "--diagnose", "--json"])
        #expect(result.status == 1)
        let objects = try result.stdoutLines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let first = try #require(objects.first ?? nil)
        #expect(first["category"] as? String == "npm_package_not_found")
        #expect(first["hint"] is String && first["summary"] is String)
        let evidence = try #require(first["evidence"] as? [[String: Any]])
        #expect(evidence.first?["line"] as? Int == 3)
        #expect(evidence.first?["message"] as? String == "npm ERR! code E404")
    }

    @Test func ciRecipeFailsTheJobAndShowsTheSentence() throws {
        let binary = ProcessRunner.product("catwalk-logs")
        let result = try ProcessRunner.shell(
            "'\(binary)' \(StandInServer.Scenario.npm404.id) --diagnose || exit 1; echo unreachable",
            environment: server.clientEnvironment.merging(["XDG_CACHE_HOME": server.cacheHome]) { $1 })
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("npm_package_not_found"))
        #expect(!result.stdoutText.contains("unreachable"))
    }

    @Test func savedLogTextIsDiagnosedFromAFileOrStdin() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("Starting server\nError: listen EADDRINUSE: address already in use :::3000\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let fromFile = try server.runClient(["diagnose", path])
        #expect(fromFile.status == 1)
        #expect(fromFile.stdoutLines.first == "port_in_use: port 3000 is already in use (line 2)")
        let binary = ProcessRunner.product("catwalk-logs")
        let fromStdin = try ProcessRunner.shell("printf 'all good\\nlistening on 0.0.0.0:8080\\n' | '\(binary)' diagnose --json")
        #expect(fromStdin.status == 0 && fromStdin.stdout.isEmpty)
        #expect(try server.runClient(["diagnose", path + ".missing"]).status == 2)
    }

    /// `diagnose deploy.log` of what `--plain` wrote quotes the messages, as `--file deploy.log
    /// --diagnose` does, not the timestamps and stream words around them.
    @Test func aSavedPlainLogIsDiagnosedAsWithFile() throws {
        let saved = try server.runClient([StandInServer.Scenario.npm404.id, "--plain", "-n", "1000"])
        let path = server.cacheHome + "-deploy.log"
        try saved.stdout.write(to: URL(fileURLWithPath: path))
        let diagnosed = try server.runClient(["diagnose", path])
        let withFile = try server.runClient(["--file", path, "--diagnose"])
        #expect(diagnosed.status == 1 && diagnosed.stdoutText == withFile.stdoutText, "\(diagnosed.stdoutText)")
        #expect(diagnosed.stdoutText.contains("  3: npm ERR! code E404"), "\(diagnosed.stdoutText)")
    }

    /// The README's CI recipe, run as it stands: a healthy deployment passes, a failed one fails.
    @Test func theReadmesCIRecipePassesAHealthyDeploymentAndFailsABrokenOne() throws {
        let readme = try String(contentsOf: DocumentationTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### In CI"))
        let block = try #require(readme[section.upperBound...].firstMatch(of: /```sh\n([\s\S]*?)```/)?.output.1)
        let directory = server.cacheHome + "-ci"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = directory + "/recipe.sh"
        try ("cd '\(directory)'\n" + block).write(toFile: script, atomically: true, encoding: .utf8)
        let path = ProcessRunner.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        func run(_ scenario: StandInServer.Scenario) throws -> ProcessResult {
            try ProcessRunner.run("/bin/bash", [script], environment: server.clientEnvironment.merging(
                ["DEPLOYMENT_ID": scenario.id, "PATH": path]) { $1 })
        }
        let healthy = try run(.ticktick)
        #expect(healthy.status == 0, "a healthy start with npm warnings passes: \(healthy.stdoutText) \(healthy.stderr)")
        let failed = try run(.npm404)
        #expect(failed.status == 7)
        #expect(failed.stdoutText.contains("npm_package_not_found"), "the diagnosis is in the last lines")
    }

    @Test func diagnosingNoLinesSaysSo() throws {
        let result = try server.runClient([StandInServer.Scenario.empty.id, "--diagnose"])
        #expect(result.status == 0)
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderr.contains("no log lines to diagnose yet"))
    }
}
