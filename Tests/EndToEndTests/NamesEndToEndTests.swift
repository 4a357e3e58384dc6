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
