/// Where the Catwalk backend is and how to sign in to it.
public struct CatwalkEndpoint: Sendable {
    /// The backend's base URL without the `/api` prefix, e.g. `https://catwalk.fly.dev`.
    public var baseURL: String
    /// The bearer token (a JWT), fixed or from a command. Never printed.
    public let credentials: CatwalkCredentials

    /// Creates an endpoint; a trailing slash on `baseURL` is dropped.
    public init(baseURL: String, credentials: CatwalkCredentials) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.credentials = credentials
    }

    /// Creates an endpoint with a fixed token, or none.
    public init(baseURL: String, token: String?) {
        self.init(baseURL: baseURL, credentials: CatwalkCredentials(token: token))
    }

    /// The token to send now.
    public var token: String? { credentials.current }

    /// Refuses a token over plain `http://` to any host but this machine.
    /// - Throws: ``LogClientError/insecureTransport(host:)`` or a transport `invalidURL`.
    public func checkTransportSecurity(allowInsecureHTTP: Bool) throws(LogClientError) {
        guard let parts = URLParts(baseURL), ["http", "https"].contains(parts.scheme) else {
            throw .transport(.invalidURL(baseURL))
        }
        if parts.scheme == "http", token != nil, !parts.isLoopback, !allowInsecureHTTP {
            throw .insecureTransport(host: parts.host)
        }
    }

    /// The deployment's live stream: the base URL with `ws` for `http` and `wss` for `https`.
    public func streamURL(deploymentID: String) -> String {
        let url = baseURL.hasPrefix("https://") ? "wss://" + baseURL.dropFirst(8)
            : baseURL.hasPrefix("http://") ? "ws://" + baseURL.dropFirst(7) : baseURL
        return url + "/api/deployments/\(deploymentID)/logs/stream"
    }
}

/// The Catwalk backend's logs endpoint as a source of lines.
public struct CatwalkBackend: Sendable {
    let endpoint: CatwalkEndpoint
    private let transport: any HTTPTransport

    /// Creates a source that sends its requests through `transport`.
    public init(endpoint: CatwalkEndpoint, transport: any HTTPTransport) {
        self.endpoint = endpoint
        self.transport = transport
    }

    /// Fetches the newest `query.limit` lines, oldest first.
    /// - Throws: ``LogClientError`` for every outcome but success; ``LogClientError/logsEndpointMissing(baseURL:deployment:)``
    ///   when this backend has no logs route but lists the deployment.
    public func fetchLogs(_ query: LogQuery) async throws(LogClientError) -> DecodedLogs {
        var parameters = [("limit", String(query.limit))]
        if let stream = query.stream { parameters.append(("stream", stream.rawValue)) }
        let response = try await send(path: "/api/deployments/\(PercentEncoding.pathSegment(query.deploymentID))/logs?"
                                      + PercentEncoding.query(parameters))
        if Self.isMissingRoute(response) { throw try await missingLogsRoute(deploymentID: query.deploymentID) }
        try Self.checkStatus(response, deploymentID: query.deploymentID, sentToken: endpoint.token != nil)
        do {
            return try CatwalkLogsDecoder.decode(response.body)
        } catch {
            throw LogClientError(error)
        }
    }

    /// GETs `path` (with its query) from the backend, with the token. A 401 to a token from a
    /// command runs the command again and sends the request once more.
    func send(path: String) async throws(LogClientError) -> HTTPResponse {
        let sent = endpoint.token
        let response = try await send(path: path, token: sent)
        guard response.status == 401, sent != nil, let fresh = endpoint.credentials.refreshed(after: sent) else {
            return response
        }
        return try await send(path: path, token: fresh)
    }

    private func send(path: String, token: String?) async throws(LogClientError) -> HTTPResponse {
        var headers = [HTTPHeaderField(name: "Accept", value: "application/json")]
        if let token {
            headers.append(HTTPHeaderField(name: "Authorization", value: "Bearer \(token)"))
        }
        do {
            return try await transport.get(HTTPRequest(url: endpoint.baseURL + path, headers: headers))
        } catch {
            throw .transport(error)
        }
    }

    /// FastAPI's answer for a path no route matches, `404 {"detail":"Not Found"}`: what the
    /// backend deployed today (zenchantlive/catwalk, no logs routes) says, before it even
    /// looks at the token. The deployment 404 has a sentence of its own.
    static func isMissingRoute(_ response: HTTPResponse) -> Bool {
        response.status == 404 && ErrorDetailDecoder.detail(from: response.body) == "Not Found"
    }

    /// Tells the three causes of a bare 404 apart by asking the deployment list, which does
    /// check the token: a rejected token, an unknown deployment, or a backend without logs.
    private func missingLogsRoute(deploymentID: String) async throws(LogClientError) -> LogClientError {
        guard let deployment = try await self.deployment(id: deploymentID) else {
            return .deploymentNotFound(deploymentID)
        }
        return .logsEndpointMissing(baseURL: endpoint.baseURL, deployment: deployment)
    }

    /// Maps every non-2xx status of the contract to its error.
    static func checkStatus(_ response: HTTPResponse, deploymentID: String, sentToken: Bool) throws(LogClientError) {
        let status = response.status
        if (200..<300).contains(status) {
            if JSONBody.looksLikeHTML(response.body, contentType: response.headers["content-type"]) {
                throw .malformedResponse("it is an HTML page, not JSON")
            }
            return
        }
        if JSONBody.looksLikeHTML(response.body, contentType: response.headers["content-type"]) {
            throw .proxyErrorPage(status: status)
        }
        let detail = ErrorDetailDecoder.detail(from: response.body)
        switch status {
        case 300..<400: throw .redirected(status: status, location: response.headers["location"])
        case 400: throw .invalidDeploymentID(deploymentID)
        case 401, 403: throw sentToken ? .tokenRejected(detail: detail) : .notSignedIn
        case 404: throw .deploymentNotFound(deploymentID)
        case 422: throw .requestRejected(detail: detail ?? "no detail given")
        case 429: throw .rateLimited
        case 500..<600: throw .serverError(status: status, detail: detail)
        default: throw .unexpectedStatus(status, detail: detail)
        }
    }
}
