import Foundation
import Testing
import TestSupport

/// A deployment's name instead of its id, as the dashboard shows it (kubectl users type names).
@Suite struct NamesEndToEndTests {
    let server: StandInServer

    init() throws {
        server = try StandInServer()
    }

    @Test func aNameReadsThatDeployment() throws {
        let byName = try server.runClient(["npm-404", "-n", "1", "--no-timestamps"])
        #expect(byName.status == 0)
        #expect(byName.stdoutLines == ["stderr mcp-proxy: child process exited with code 1"])
        #expect(try server.runClient(["NPM-404", "-n", "1"]).status == 0, "case aside when nothing matches exactly")
    }

    @Test func listShowsEveryDeploymentInColumnsAndAsNDJSON() throws {
        let table = try server.runClient(["list"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdoutLines.first?.hasPrefix("NAME") == true && table.stdoutLines.first?.contains("STATUS") == true)
        let npm = try #require(table.stdoutLines.first { $0.hasPrefix("npm-404 ") }, "\(table.stdoutLines)")
        #expect(npm.contains(" failed ") && npm.contains(StandInServer.Scenario.npm404.id) && npm.hasSuffix(" ago"), "\(npm)")
        let json = try server.runClient(["list", "--json"])
        #expect(json.status == 0)
        let objects = try json.stdoutLines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let record = try #require(objects.first { $0["name"] as? String == "npm-404" })
        #expect(record["id"] as? String == StandInServer.Scenario.npm404.id && record["status"] as? String == "failed")
        #expect((record["created_at"] as? String)?.hasSuffix("Z") == true)
        #expect(record["error_message"] as? String == "Package 'nonexistent-package' not found in npm or PyPI registries.")
    }

    @Test func aMistypedNameGetsTheNearestOneAndAnIdPrefixIsAccepted() throws {
        let typo = try server.runClient(["npm-40"])
        #expect(typo.status == 3)
        #expect(typo.stderr.contains("No deployment is named 'npm-40': did you mean 'npm-404'?"), "\(typo.stderr)")
        try server.ingest("5ca1ab1e-0000-4000-8000-000000000001", ["name": "only-one", "logs": [["stream": "stdout", "message": "hello"]]])
        let prefix = try server.runClient(["5ca1ab1e", "-n", "1", "--no-timestamps"])
        #expect(prefix.status == 0, "\(prefix.stderr)")
        #expect(prefix.stdoutLines == ["stdout hello"])
        let shared = try server.runClient(["dec0de00"])
        #expect(shared.status == 2 && shared.stderr.contains("deployments are named 'dec0de00'"), "the scenarios share that prefix: \(shared.stderr)")
    }

    @Test func anAmbiguousNameListsTheCandidatesAndExitsTwo() throws {
        for suffix in ["a", "b"] {
            try server.ingest("0ddba11a-0000-4000-8000-00000000000\(suffix == "a" ? "1" : "2")",
                              ["name": "twin", "logs": [["stream": "stdout", "message": "I am \(suffix)"]]])
        }
        let result = try server.runClient(["twin"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("2 deployments are named 'twin': 0ddba11a-0000-4000-8000-000000000001 (running), "
                                       + "0ddba11a-0000-4000-8000-000000000002 (running); give the id"))
    }

    /// `catwalk-logs npm-404 --api http://127.0.0.1:9`: the backend, not the name, is what is wrong.
    @Test func aNameWithAnUnreachableBackendSaysItCannotConnect() throws {
        let unreachable = try server.runClient(["npm-404", "--api", "http://127.0.0.1:9"])
        #expect(unreachable.status == 5, "the exit code of a connection failure, as with the id")
        #expect(unreachable.stderr.contains("Cannot connect to 127.0.0.1") && !unreachable.stderr.contains("No deployment is named"),
                "\(unreachable.stderr)")
        // Once the cache has seen the name at this backend, a backend that went down still finds it
        // there, and the cached lines are shown.
        #expect(try server.runClient(["npm-404", "-n", "1"]).status == 0)
        server.stop()
        let cached = try server.runClient(["npm-404", "-n", "1", "--no-timestamps"])
        #expect(cached.stdoutLines == ["stderr mcp-proxy: child process exited with code 1"], "\(cached.stderr)")
    }

    @Test func offlineANameIsFoundAmongTheNamesTheCacheRemembers() throws {
        #expect(try server.runClient(["npm-404", "-n", "1"]).status == 0)
        server.stop()
        let offline = try server.runClient(["npm-404", "--offline", "-n", "1", "--no-timestamps"])
        #expect(offline.status == 0)
        #expect(offline.stdoutLines == ["stderr mcp-proxy: child process exited with code 1"])
    }

    @Test func theOfflineViewerKeepsTheNameAndStatus() throws {
        #expect(try server.runClient(["npm-404", "-n", "1"]).status == 0)
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), "npm-404", "--offline"],
                                       environment: server.clientEnvironment, columns: 140, rows: 20)
        let screen = try terminal.waitUntil("the cached lines and the title") {
            $0.contains("mcp-proxy: child process exited") && $0.contains("npm-404 · failed")
        }
        #expect(screen.contains("offline"))
    }
}
