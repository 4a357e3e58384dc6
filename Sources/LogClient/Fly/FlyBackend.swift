/// Where Fly's API is and how to sign in to it.
public struct FlyEndpoint: Sendable {
    /// `FLY_API_BASE_URL`'s default.
    public static let defaultBaseURL = "https://api.fly.io"
    /// The app Catwalk deploys MCP servers into (the backend's `FLY_MCP_APP_NAME`).
    public static let defaultApp = "catwalk-live-mcp-servers"

    public var baseURL: String
    public var app: String
    /// The token as given (`FlyV1 …` macaroons or a plain token); never printed.
    public var token: String?

    public init(baseURL: String = FlyEndpoint.defaultBaseURL, app: String = FlyEndpoint.defaultApp, token: String?) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.app = app
        self.token = token
    }

    /// The `Authorization` value: a `FlyV1 ` token is sent exactly as given, any other as Bearer.
    public var authorization: String? {
        token.map { $0.hasPrefix("FlyV1 ") ? $0 : "Bearer \($0)" }
    }
}

/// Fly's logs API (`GET /api/v1/apps/{app}/logs`) as a source of one machine's lines.
public struct FlyBackend: Sendable {
    /// Pages read at most for one history (Fly serves about 100 lines a page).
    public static let maximumPages = 200

    private let endpoint: FlyEndpoint
    private let transport: any HTTPTransport

    public init(endpoint: FlyEndpoint, transport: any HTTPTransport) {
        self.endpoint = endpoint
        self.transport = transport
    }

    /// The newest `limit` lines of `machine` after the cursor `token` (empty: from the start),
    /// oldest first, and the cursor to continue from. Fly has no limit parameter, so pages
    /// are read with `next_token` until one is empty or the cursor stops moving.
    public func fetchLogs(machine: String, limit: Int, after token: String = "")
        async throws(LogClientError) -> (logs: DecodedLogs, cursor: String) {
        var token = token
        var entries: [LogEntry] = []
        var skipped = 0
        for _ in 0..<Self.maximumPages {
            let page = try await fetchPage(machine: machine, after: token)
            entries += page.entries
            skipped += page.skippedCount
            if entries.count > limit { entries.removeFirst(entries.count - limit) }
            guard !page.entries.isEmpty, let next = page.nextToken, !next.isEmpty, next != token else { break }
            token = next
        }
        return (DecodedLogs(entries: entries, skippedCount: skipped), token)
    }

    /// One page after the cursor `token` (empty for the first).
    public func fetchPage(machine: String, after token: String) async throws(LogClientError) -> FlyLogPage {
        let url = "\(endpoint.baseURL)/api/v1/apps/\(endpoint.app)/logs?next_token=\(token)&instance=\(machine)"
        var headers = [HTTPHeaderField(name: "Accept", value: "application/json")]
        if let authorization = endpoint.authorization {
            headers.append(HTTPHeaderField(name: "Authorization", value: authorization))
        }
        let response: HTTPResponse
        do { response = try await transport.get(HTTPRequest(url: url, headers: headers)) } catch { throw .transport(error) }
        switch response.status {
        case 200..<300: break
        case 401, 403: throw endpoint.token == nil ? .flyNotSignedIn : .flyTokenRejected
        case 404: throw .flyNotFound(app: endpoint.app, machine: machine)
        default: try CatwalkBackend.checkStatus(response, deploymentID: machine, sentToken: endpoint.token != nil)
        }
        do {
            return try FlyLogsDecoder.decode(response.body)
        } catch {
            throw LogClientError(error)
        }
    }
}
