import Foundation
import Testing
import TestSupport

/// Fly as a source: the stand-in's Fly emulator serves the same scenarios by machine id.
@Suite struct FlyEndToEndTests {
    let server: StandInServer
    static let flyToken = "fly-test-t0ken"

    init() throws {
        server = try StandInServer(arguments: ["--fly-token", Self.flyToken])
    }

    private func machine(_ scenario: StandInServer.Scenario) -> String { "e784e9000000" + "0\(scenario.rawValue)" }

    private var flyEnvironment: [String: String] {
        server.clientEnvironment.merging(["FLY_API_BASE_URL": server.baseURL, "FLY_MACHINES_API_URL": server.baseURL,
                                          "FLY_API_TOKEN": Self.flyToken]) { $1 }
    }

    @Test func pagesToExactlyTheAskedNumberOfLines() throws {
        let fly = try server.runClient(["--source", "fly", "--machine", machine(.manyLines), "-n", "250", "--no-timestamps"],
                                       environment: flyEnvironment)
        #expect(fly.status == 0)
        #expect(fly.stdoutLines.count == 250)
        let backend = try server.runClient([StandInServer.Scenario.manyLines.id, "-n", "250", "--no-timestamps", "--no-cache"])
        #expect(fly.stdoutLines == backend.stdoutLines, "the same lines through both sources")
        // The newest 100 (the tail), then a backfill from the estimated moment: ceil(250/100) + 3 at most.
        let requests = try server.logRequestCount() - 1   // the backend's own fetch above
        #expect((3...6).contains(requests), "\(requests) Fly requests for 250 lines")
    }

    @Test func resolvesTheMachineFromTheDeploymentListAndKeepsLevelInJSON() throws {
        let result = try server.runClient([StandInServer.Scenario.npm404.id, "--source", "fly", "-n", "1", "--json"],
                                          environment: flyEnvironment)
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdoutLines[0].utf8)) as? [String: String])
        #expect(object["message"] == "mcp-proxy: child process exited with code 1")
        #expect(object["stream"] == "stderr" && object["level"] == "error")
        #expect(object["instance"] == machine(.npm404) && object["region"] == "iad")
    }

    @Test func flyV1AndBearerTokensBothWork() throws {
        var environment = flyEnvironment
        environment["FLY_API_TOKEN"] = "FlyV1 " + Self.flyToken
        #expect(try server.runClient(["--machine", machine(.ticktick), "--source", "fly"], environment: environment).status == 0)
        environment["FLY_API_TOKEN"] = nil
        environment["FLY_ACCESS_TOKEN"] = Self.flyToken
        #expect(try server.runClient(["--machine", machine(.ticktick), "--source", "fly"], environment: environment).status == 0)
    }

    @Test func autoFallsBackToFlyWhenTheBackendIsDown() throws {
        var environment = flyEnvironment
        environment["CATWALK_API_URL"] = "http://127.0.0.1:9"
        let result = try server.runClient([StandInServer.Scenario.npm404.id, "--machine", machine(.npm404), "-n", "3"],
                                          environment: environment)
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 3)
        #expect(result.stderr.contains("is unreachable") && result.stderr.contains("reading from Fly"))
    }

    @Test func autoRemembersTheMachineForALaterFallback() throws {
        let first = try server.runClient([StandInServer.Scenario.npm404.id, "-n", "1"], environment: flyEnvironment)
        #expect(first.status == 0 && first.stderr.isEmpty)
        try server.injectFault("status", count: 4, extra: ", \"status\": 503")   // the backend fails all its attempts
        let later = try server.runClient([StandInServer.Scenario.npm404.id, "-n", "1", "--no-timestamps"], environment: flyEnvironment)
        #expect(later.status == 0)
        #expect(later.stdoutLines == ["stderr mcp-proxy: child process exited with code 1"])
        #expect(later.stderr.contains("reading from Fly"))
    }

    @Test func errorPathsHaveTheirExitCodes() throws {
        var environment = flyEnvironment
        environment["FLY_API_TOKEN"] = "a-deploy-token"
        let rejected = try server.runClient(["--machine", machine(.ticktick), "--source", "fly"], environment: environment)
        #expect(rejected.status == 4 && rejected.stderr.contains("deploy tokens cannot read logs"))
        #expect(!rejected.stderr.contains("a-deploy-token"))
        let unknown = try server.runClient(["--machine", "ffffffffffffff", "--source", "fly"], environment: flyEnvironment)
        #expect(unknown.status == 3 && unknown.stderr.contains("Fly knows no machine ffffffffffffff"))
        let noMachine = try server.runClient(["3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b", "--source", "fly"], environment: flyEnvironment)
        #expect(noMachine.status == 3)
        try server.injectFault("status", count: 4, extra: ", \"status\": 503")
        let down = try server.runClient(["--machine", machine(.ticktick), "--source", "fly", "--no-cache"], environment: flyEnvironment)
        #expect(down.status == 5)
    }

    @Test(arguments: ["fly-ndjson", "fly-text"])
    func olderShapesAreReadToo(kind: String) throws {
        try server.injectFault(kind)
        let result = try server.runClient(["--machine", machine(.npm404), "--source", "fly", "--no-cache", "--no-timestamps"],
                                          environment: flyEnvironment)
        #expect(result.status == 0)
        #expect(result.stdoutLines.last == "stderr mcp-proxy: child process exited with code 1")
        #expect(result.stdoutLines.count == 13)
    }
}
