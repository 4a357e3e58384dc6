import LogText

/// Where Fly's APIs are, which app, and how to sign in to them.
public struct FlyEndpoint: Sendable {
    /// `FLY_API_BASE_URL`'s default: the logs API.
    public static let defaultBaseURL = "https://api.fly.io"
    /// `FLY_MACHINES_API_URL`'s default: the Machines API.
    public static let defaultMachinesURL = "https://api.machines.dev"
    /// The app Catwalk deploys MCP servers into (the backend's `FLY_MCP_APP_NAME`).
    public static let defaultApp = "catwalk-live-mcp-servers"

    public var baseURL: String
    public var machinesURL: String
    public var app: String
    /// The token, as flyctl finds it; never printed.
    public var credentials: FlyCredentials?

    public init(baseURL: String = FlyEndpoint.defaultBaseURL, machinesURL: String = FlyEndpoint.defaultMachinesURL,
                app: String = FlyEndpoint.defaultApp, credentials: FlyCredentials?) {
        self.baseURL = Self.trimmingSlashes(baseURL)
        self.machinesURL = Self.trimmingSlashes(machinesURL)
        self.app = app
        self.credentials = credentials
    }

    private static func trimmingSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// Fly's HTTP APIs: one GET with the token, and the mapping of Fly's statuses to errors
/// worded as Fly's (never "check --api": that flag is the Catwalk backend's).
struct FlyClient: Sendable {
    let endpoint: FlyEndpoint
    let transport: any HTTPTransport

    /// GETs `url`, returning a 2xx response; `notFound` is the error a 404 means here.
    func get(_ url: String, notFound: LogClientError) async throws(LogClientError) -> HTTPResponse {
        var headers = [HTTPHeaderField(name: "Accept", value: "application/json")]
        if let credentials = endpoint.credentials {
            headers.append(HTTPHeaderField(name: "Authorization", value: credentials.authorization))
        }
        let response: HTTPResponse
        do { response = try await transport.get(HTTPRequest(url: url, headers: headers)) } catch {
            throw .fly(.transport(error))
        }
        switch response.status {
        case 200..<300:
            return response
        case 401, 403:
            throw endpoint.credentials.map { .fly(.tokenRejected(origin: $0.origin)) } ?? .fly(.notSignedIn)
        case 404:
            throw notFound
        case 429:
            throw .fly(.rateLimited(retryAfterSeconds: response.headers["retry-after"].flatMap {
                Int($0.trimmingASCIIWhitespace())
            }))
        default:
            throw .fly(.failed(status: response.status))
        }
    }
}

/// Fly's logs API (`GET /api/v1/apps/{app}/logs`, what `fly logs` calls): one page at a time.
///
/// Semantics (Fly's docs, "Logs API options for programmatic access"; superfly/fly-go
/// `resource_logs.go`): without `next_token` the answer is the most recent 100 lines of the
/// last 24 hours; with it, a nanosecond Unix timestamp as a decimal string, at most 100 lines
/// strictly after that moment, oldest first. `meta.next_token` is the last line's timestamp.
public struct FlyLogsAPI: Sendable {
    /// The most lines Fly returns for one request.
    public static let pageSize = 100

    private let client: FlyClient

    /// Creates the API client; requests go through `transport`.
    public init(endpoint: FlyEndpoint, transport: any HTTPTransport) {
        client = FlyClient(endpoint: endpoint, transport: transport)
    }

    /// The app the requests name.
    public var app: String { client.endpoint.app }

    /// One page of `machine`'s lines: the newest (no `token`) or those after `token`.
    public func page(machine: String, after token: String?) async throws(LogClientError) -> FlyLogPage {
        var query = [("instance", machine)]
        if let token { query.insert(("next_token", token), at: 0) }
        let url = "\(client.endpoint.baseURL)/api/v1/apps/\(PercentEncoding.pathSegment(app))/logs?"
            + PercentEncoding.query(query)
        let response = try await client.get(url, notFound: .fly(.logsNotFound(app: app, machine: machine)))
        do {
            return try FlyLogsDecoder.decode(response.body)
        } catch {
            switch error {
            case .truncated: throw .fly(.malformed("it was cut off before it ended"))
            case .malformed(let reason): throw .fly(.malformed(reason))
            }
        }
    }
}
