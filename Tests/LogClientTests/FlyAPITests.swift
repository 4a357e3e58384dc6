import Testing
import LogDiagnosis
@testable import LogClient

@Suite struct FlyCredentialsTests {
    @Test func theEnvironmentOrderIsFlyctls() {
        let both = ["FLY_ACCESS_TOKEN": "access", "FLY_API_TOKEN": "api"]
        #expect(FlyCredentials.discover(environment: both) { _ in nil }?.origin == "FLY_ACCESS_TOKEN")
        #expect(FlyCredentials.discover(environment: ["FLY_ACCESS_TOKEN": "", "FLY_API_TOKEN": "api"]) { _ in nil }?.origin
                == "FLY_API_TOKEN")
    }

    @Test func theConfigFileComesLastAndOnlyItsAccessTokenIsRead() {
        var asked: [String] = []
        let file = "metrics_token: not-this\naccess_token: \"fo1_from-file\"\nlast_login: 2026-01-01\n"
        let credentials = FlyCredentials.discover(environment: ["HOME": "/home/u"]) { path in
            asked.append(path)
            return file
        }
        #expect(asked == ["/home/u/.fly/config.yml"])
        #expect(credentials?.origin == "/home/u/.fly/config.yml")
        #expect(credentials?.authorization == "Bearer fo1_from-file")
        let elsewhere = FlyCredentials.discover(environment: ["FLY_CONFIG_DIR": "/etc/fly", "HOME": "/home/u"]) { path in
            path == "/etc/fly/config.yml" ? "access_token: plain-token # comment\n" : nil
        }
        #expect(elsewhere?.authorization == "Bearer plain-token")
        #expect(FlyCredentials.discover(environment: ["HOME": "/home/u"]) { _ in "auto_update: true\n" } == nil)
    }

    @Test(arguments: [
        ("fm2_abc", "FlyV1 fm2_abc"),
        ("FlyV1 fm2_abc,fm2_def", "FlyV1 fm2_abc,fm2_def"),
        ("  flyv1   fm1r_x , fm1a_y ", "FlyV1 fm1r_x,fm1a_y"),
        ("bearer FlyV1 fm2_nested", "FlyV1 fm2_nested"),
        ("Bearer oauth-token", "Bearer oauth-token"),
        ("fm2_macaroon,oauth-too", "FlyV1 fm2_macaroon"),
        ("plain", "Bearer plain"),
    ])
    func schemesArePrefixedAsFlyGoDoes(token: String, header: String) {
        #expect(FlyCredentials(token: token, origin: "FLY_API_TOKEN")?.authorization == header)
    }

    @Test func blankTokensAreNone() {
        #expect(FlyCredentials(token: "  \t ", origin: "x") == nil)
        #expect(FlyCredentials(token: "Bearer  ,", origin: "x") == nil)
        #expect(FlyCredentials(token: " , ", origin: "x") == nil)
    }
}

@Suite struct FlyAPITests {
    private func response(_ status: Int, _ body: String = "{}") -> Result<HTTPResponse, TransportFailure> {
        .success(HTTPResponse(status: status, body: Array(body.utf8)))
    }

    private func endpoint(token: String? = "fm2_tok") -> FlyEndpoint {
        FlyEndpoint(baseURL: "https://api.fly.io/", machinesURL: "https://api.machines.dev", app: "my app",
                    credentials: token.flatMap { FlyCredentials(token: $0, origin: "FLY_API_TOKEN") })
    }

    @Test func queryValuesArePercentEncodedAndTheTokenGoesAsFlyV1() async throws {
        let transport = ScriptedTransport([response(200, #"{"data": [], "meta": {"next_token": ""}}"#)])
        _ = try await FlyLogsAPI(endpoint: endpoint(), transport: transport).page(machine: "m&x=1", after: "17")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://api.fly.io/api/v1/apps/my%20app/logs?next_token=17&instance=m%26x%3D1")
        #expect(request.headers.contains(HTTPHeaderField(name: "Authorization", value: "FlyV1 fm2_tok")))
    }

    @Test func theTailIsAskedWithoutACursor() async throws {
        let transport = ScriptedTransport([response(200, #"{"data": []}"#)])
        _ = try await FlyLogsAPI(endpoint: endpoint(), transport: transport).page(machine: "m1", after: nil)
        #expect(transport.requests.first?.url == "https://api.fly.io/api/v1/apps/my%20app/logs?instance=m1")
    }

    @Test(arguments: [
        (401, "fm2_tok" as String?, LogClientError.fly(.tokenRejected(origin: "FLY_API_TOKEN"))),
        (403, "fm2_tok", .fly(.tokenRejected(origin: "FLY_API_TOKEN"))),
        (401, nil, .fly(.notSignedIn)),
        (404, "fm2_tok", .fly(.logsNotFound(app: "my app", machine: "m1"))),
        (429, "fm2_tok", .fly(.rateLimited(retryAfterSeconds: nil))),
        (503, "fm2_tok", .fly(.failed(status: 503))),
    ])
    func errorsAreWordedAsFlys(status: Int, token: String?, expected: LogClientError) async {
        let transport = ScriptedTransport([response(status)])
        var thrown: LogClientError?
        do { _ = try await FlyLogsAPI(endpoint: endpoint(token: token), transport: transport).page(machine: "m1", after: nil) } catch {
            thrown = error
        }
        #expect(thrown == expected)
        #expect(!expected.userMessage.contains("--api"), "Fly's errors never point at the backend's flag")
        if case .fly(.tokenRejected) = expected { #expect(expected.userMessage.contains("FLY_API_TOKEN")) }
    }

    @Test func aBrokenBodyIsFlysToo() async {
        let transport = ScriptedTransport([response(200, #"{"data": [{"attributes": {"#)])
        await #expect(throws: LogClientError.fly(.malformed("it was cut off before it ended"))) {
            _ = try await FlyLogsAPI(endpoint: self.endpoint(), transport: transport).page(machine: "m1", after: nil)
        }
    }
}

@Suite struct FlyMachinesTests {
    static let list = """
        [{"id": "older1", "name": "calm-sea", "state": "stopped", "created_at": "2026-11-01T10:00:00Z",
          "config": {"image": "registry.fly.io/x:1", "env": {"DEPLOYMENT_ID": "dec0de00-0000-4000-8000-000000000002",
                     "OPENAI_API_KEY": "sk-planted-secret-1", "MCP_PACKAGE": "@acme/mcp"}}},
         {"id": "newer2", "name": "late-sun", "state": "started", "created_at": "2026-11-02T10:00:00Z",
          "config": {"env": {"DEPLOYMENT_ID": "DEC0DE00-0000-4000-8000-000000000002", "GITHUB_TOKEN": "ghp_planted"}}},
         {"id": "other3", "state": "started", "config": {"env": {"DEPLOYMENT_ID": "dec0de00-0000-4000-8000-000000000009"}}},
         {"id": "noenv4", "state": "started", "config": {"env": {"DEPLOYMENT_ID": 42}}},
         {"name": "no id at all"}]
        """

    private func api(_ body: String, status: Int = 200) -> (FlyMachinesAPI, ScriptedTransport) {
        let transport = ScriptedTransport([.success(HTTPResponse(status: status, body: Array(body.utf8)))])
        let endpoint = FlyEndpoint(machinesURL: "http://127.0.0.1:9/", app: "catwalk-live-mcp-servers",
                                   credentials: FlyCredentials(token: "t", origin: "FLY_API_TOKEN"))
        return (FlyMachinesAPI(endpoint: endpoint, transport: transport), transport)
    }

    @Test func findsTheNewestMachineCarryingTheDeploymentID() async throws {
        let (machines, transport) = api(Self.list)
        let found = try await machines.machine(ofDeployment: "dec0de00-0000-4000-8000-000000000002")
        #expect(found.machine.id == "newer2" && found.machine.state == "started" && found.machine.name == "late-sun")
        #expect(found.matches == 2)
        #expect(transport.requests.first?.url == "http://127.0.0.1:9/v1/apps/catwalk-live-mcp-servers/machines")
    }

    @Test func onlyTheDeploymentIDIsDecoded() async throws {
        let (machines, _) = api(Self.list)
        let all = try await machines.list()
        #expect(all.map(\.id) == ["older1", "newer2", "other3", "noenv4"])
        #expect(all[3].deploymentID == nil)
        let dump = String(describing: all)
        #expect(!dump.contains("planted") && !dump.contains("MCP_PACKAGE"), "no other env value is held")
    }

    /// fly-go's MachineEvent: newest first, the exit in `request.exit_event` or (read first, as
    /// fly-go's GetExitCode does) in `request.MonitorEvent.exit_event`; an odd event loses only itself.
    @Test func theLastExitIsTheNewestExitEvent() async throws {
        let body = """
            {"id": "m1", "state": "stopped", "events": [
              {"type": "exit", "status": "stopped", "source": "flyd", "timestamp": 1733600002000,
               "request": {"exit_event": {"exit_code": 1, "oom_killed": false},
                           "MonitorEvent": {"exit_event": {"exit_code": 137, "oom_killed": true, "signal": -1}}}},
              {"type": "start", "status": "started", "source": "flyd", "timestamp": 1733600001500},
              {"type": "exit", "timestamp": "not a number"},
              {"type": "exit", "status": "stopped", "source": "flyd", "timestamp": 1733600001000,
               "request": {"exit_event": {"exit_code": 0, "requested_stop": true}}}]}
            """
        let machine = try await api(body).0.machine("m1")
        #expect(machine.lastExit == MachineExit(exitCode: 137, oomKilled: true))
        #expect(machine.lastExit?.description == "exit code 137 (SIGKILL)")
        let started = try await api(#"{"id": "m2", "state": "started", "events": [{"type": "start", "timestamp": 1}]}"#).0.machine("m2")
        #expect(started.lastExit == nil)
    }

    @Test func noMatchIsNotFoundWithASentence() async {
        let (machines, _) = api(Self.list)
        var thrown: LogClientError?
        do { _ = try await machines.machine(ofDeployment: "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b") } catch { thrown = error }
        #expect(thrown == .fly(.noMachine(deploymentID: "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b", app: "catwalk-live-mcp-servers")))
        #expect(thrown?.exitStatus == .notFound)
    }

    @Test func anErrorBodyIsNeverQuoted() async {
        let (machines, _) = api(#"{"error": "config.env.SECRET=sk-planted is invalid"}"#, status: 500)
        var thrown: LogClientError?
        do { _ = try await machines.list() } catch { thrown = error }
        #expect(thrown == .fly(.failed(status: 500)))
        #expect(!(thrown?.userMessage.contains("planted") ?? true))
    }
}

@Suite struct PercentEncodingTests {
    @Test func onlyUnreservedCharactersStay() {
        #expect(PercentEncoding.pathSegment("aZ09-._~") == "aZ09-._~")
        #expect(PercentEncoding.pathSegment("a b/c?d&e=f#g%") == "a%20b%2Fc%3Fd%26e%3Df%23g%25")
        #expect(PercentEncoding.pathSegment("é") == "%C3%A9")
        #expect(PercentEncoding.query([("next_token", "1"), ("instance", "x y")]) == "next_token=1&instance=x%20y")
    }
}
