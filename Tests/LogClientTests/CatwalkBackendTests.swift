import Testing
@testable import LogClient

/// A transport double that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private var script: [Result<HTTPResponse, TransportFailure>]
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Result<HTTPResponse, TransportFailure>]) { self.script = script }

    func get(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse {
        requests.append(request)
        return try script.removeFirst().get()
    }
}

@Suite struct CatwalkBackendTests {
    static let token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.s3cr3t-signature"
    static let id = "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b"

    private func fetch(_ response: Result<HTTPResponse, TransportFailure>, token: String? = token,
                       query: LogQuery = LogQuery(deploymentID: id)) async -> (Result<DecodedLogs, LogClientError>, ScriptedTransport) {
        let transport = ScriptedTransport([response])
        let backend = CatwalkBackend(endpoint: CatwalkEndpoint(baseURL: "https://catwalk.example/", token: token),
                                     transport: transport)
        do { return (.success(try await backend.fetchLogs(query)), transport) } catch { return (.failure(error), transport) }
    }

    private func json(_ status: Int, _ body: String, headers: [String: String] = ["content-type": "application/json"])
        -> Result<HTTPResponse, TransportFailure> {
        .success(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    @Test func buildsTheContractURLAndSendsTheBearerToken() async throws {
        let (result, transport) = await fetch(json(200, "{\"logs\": []}"),
                                              query: LogQuery(deploymentID: Self.id, limit: 250, stream: .stderr))
        #expect(try result.get().entries.isEmpty)
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://catwalk.example/api/deployments/\(Self.id)/logs?limit=250&stream=stderr")
        #expect(request.headers.contains(HTTPHeaderField(name: "Authorization", value: "Bearer \(Self.token)")))
    }

    @Test func theStreamURLSwapsTheSchemeForItsWebSocketOne() {
        #expect(CatwalkEndpoint(baseURL: "https://catwalk.example/", token: nil).streamURL(deploymentID: Self.id)
                == "wss://catwalk.example/api/deployments/\(Self.id)/logs/stream")
        #expect(CatwalkEndpoint(baseURL: "http://127.0.0.1:8000", token: nil).streamURL(deploymentID: Self.id)
                == "ws://127.0.0.1:8000/api/deployments/\(Self.id)/logs/stream")
    }

    @Test func sendsNoAuthorizationWithoutAToken() async throws {
        let (_, transport) = await fetch(json(200, "{\"logs\": []}"), token: nil)
        #expect(transport.requests.first?.headers.contains { $0.name == "Authorization" } == false)
    }

    @Test(arguments: [
        (400, "{\"detail\":\"Invalid deployment ID format\"}", LogClientError.invalidDeploymentID(id), LogClient.ExitStatus.notFound),
        (401, "{\"detail\":\"Could not validate credentials\"}", .tokenRejected(detail: "Could not validate credentials"), .notAuthorized),
        (403, "{\"detail\":\"Not authenticated\"}", .tokenRejected(detail: "Not authenticated"), .notAuthorized),
        (404, "{\"detail\":\"Deployment not found\"}", .deploymentNotFound(id), .notFound),
        (422, "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be less than or equal to 1000\"}]}",
         .requestRejected(detail: "limit: Input should be less than or equal to 1000"), .usage),
        (429, "{\"detail\":\"slow down\"}", .rateLimited, .unavailable),
        (500, "{\"detail\":\"boom\"}", .serverError(status: 500, detail: "boom"), .unavailable),
        (503, "upstream connect error", .serverError(status: 503, detail: nil), .unavailable),
        (301, "", .redirected(status: 301, location: nil), .unavailable),
        (418, "{}", .unexpectedStatus(418, detail: nil), .unavailable),
    ])
    func mapsEveryStatusToItsError(status: Int, body: String, expected: LogClientError, exit: LogClient.ExitStatus) async {
        let (result, _) = await fetch(json(status, body))
        #expect(result.failure == expected)
        #expect(expected.exitStatus == exit)
    }

    @Test func missingTokenIsNotSignedIn() async {
        let (result, _) = await fetch(json(403, "{\"detail\":\"Not authenticated\"}"), token: nil)
        #expect(result.failure == .notSignedIn)
        #expect(LogClientError.notSignedIn.userMessage.contains("CATWALK_TOKEN"))
    }

    @Test func htmlPagesAreProxyErrorsNotJSONErrors() async {
        let page = "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"
        #expect(await fetch(json(502, page, headers: ["content-type": "text/html"])).0.failure == .proxyErrorPage(status: 502))
        #expect(await fetch(json(503, "  <html>", headers: [:])).0.failure == .proxyErrorPage(status: 503))
        #expect(await fetch(json(200, page, headers: ["content-type": "text/html"])).0.failure
            == .malformedResponse("it is an HTML page, not JSON"))
    }

    @Test func bodyFailuresAreTypedAndExitSix() async {
        let truncated = await fetch(json(200, "{\"logs\": [{\"timestamp\": \"20")).0.failure
        #expect(truncated == .truncatedResponse)
        #expect(truncated?.exitStatus == .malformedResponse)
        #expect(await fetch(json(200, "{\"nope\": 1}")).0.failure?.exitStatus == .malformedResponse)
        #expect(LogClientError.transport(.responseTooLarge(limitBytes: 64 << 20)).exitStatus == .malformedResponse)
    }

    @Test(arguments: [
        (TransportFailure.connectionRefused(host: "catwalk.example"), "connection refused"),
        (.hostNotFound(host: "catwalk.example"), "Cannot resolve host catwalk.example"),
        (.timedOut(seconds: 30), "within 30 s"),
        (.tls(detail: "certificate has expired"), "certificate has expired"),
        (.connectionReset, "broke before the response was complete"),
    ])
    func transportFailuresAreUnavailableWithASentence(failure: TransportFailure, phrase: String) async {
        let error = await fetch(.failure(failure)).0.failure
        #expect(error == .transport(failure))
        #expect(error?.exitStatus == .unavailable)
        #expect(error?.userMessage.contains(phrase) == true)
    }

    @Test func noMessageEverContainsTheToken() {
        let errors: [LogClientError] = [
            .invalidDeploymentID(Self.id), .deploymentNotFound(Self.id), .notSignedIn, .tokenRejected(detail: "expired"),
            .requestRejected(detail: "x"), .rateLimited, .serverError(status: 502, detail: nil), .proxyErrorPage(status: 502),
            .redirected(status: 302, location: "https://elsewhere.example/"), .unexpectedStatus(418, detail: nil),
            .transport(.connectionReset), .malformedResponse("x"), .truncatedResponse, .insecureTransport(host: "h"),
        ]
        for error in errors {
            #expect(!error.userMessage.contains(Self.token))
            #expect(!error.userMessage.contains("s3cr3t"))
            #expect(error.userMessage.hasSuffix("."))
        }
    }

    @Test(arguments: [
        ("http://localhost:8000", "tok", false, nil as LogClientError?),
        ("http://127.0.0.1:8000/", "tok", false, nil),
        ("http://[::1]:8000", "tok", false, nil),
        ("https://catwalk.fly.dev", "tok", false, nil),
        ("http://catwalk.fly.dev", nil, false, nil),
        ("http://catwalk.fly.dev", "tok", true, nil),
        ("http://catwalk.fly.dev", "tok", false, .insecureTransport(host: "catwalk.fly.dev")),
        ("ftp://catwalk.fly.dev", "tok", false, .transport(.invalidURL("ftp://catwalk.fly.dev"))),
        ("catwalk.fly.dev", "tok", false, .transport(.invalidURL("catwalk.fly.dev"))),
    ])
    func refusesClearTextTokensToOtherHosts(url: String, token: String?, allow: Bool, expected: LogClientError?) {
        let endpoint = CatwalkEndpoint(baseURL: url, token: token)
        var thrown: LogClientError?
        do { try endpoint.checkTransportSecurity(allowInsecureHTTP: allow) } catch { thrown = error }
        #expect(thrown == expected)
    }

    @Test func findsADeploymentInTheListAndSkipsMalformedEntries() async throws {
        let list = """
            [{"id": "x"}, {"id": "\(Self.id.uppercased())", "name": "ticktick", "status": "failed",
              "error_message": "npm 404", "created_at": "2026-11-28T12:00:00"}]
            """
        let transport = ScriptedTransport([json(200, list)])
        let backend = CatwalkBackend(endpoint: CatwalkEndpoint(baseURL: "https://catwalk.example", token: Self.token),
                                     transport: transport)
        let found = try await backend.deployment(id: Self.id)
        #expect(found == DeploymentSummary(id: Self.id.uppercased(), name: "ticktick", status: "failed", errorMessage: "npm 404",
                                           createdAt: LogTimestamp(parsing: "2026-11-28T12:00:00Z")))
        #expect(transport.requests.first?.url == "https://catwalk.example/api/deployments")
    }

    @Test func normalisesDeploymentIDs() {
        #expect(DeploymentID.normalized("3F2B9C1E-8D4A-4E7F-9B6A-2C1D0E5F7A8B") == Self.id)
        for bad in ["", "123", "3f2b9c1e8d4a4e7f9b6a2c1d0e5f7a8b", "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8g", "../etc/passwd"] {
            #expect(DeploymentID.normalized(bad) == nil)
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
