import FoundationEssentials
import Hummingbird
import HummingbirdWebSocket
import LogClient
import Logging

/// The HTTP routes: the backend's paths and answers, served from `deployment_logs`.
public struct LogsAPI: Sendable {
    let authenticator: Authenticator
    let directory: DeploymentDirectory
    let repository: LogRepository
    let feed: LineFeed
    let metrics: ServerMetrics
    let status: @Sendable () async -> CollectorStatus
    /// `PUBLIC_URL`, the base of `connection_url` (else the request's own host).
    let publicURL: String?

    public init(authenticator: Authenticator, directory: DeploymentDirectory, repository: LogRepository, feed: LineFeed,
                metrics: ServerMetrics, publicURL: String?, status: @escaping @Sendable () async -> CollectorStatus) {
        self.authenticator = authenticator
        self.directory = directory
        self.repository = repository
        self.feed = feed
        self.metrics = metrics
        self.publicURL = publicURL
        self.status = status
    }

    /// Adds every route to `router`.
    public func register(on router: Router<BasicWebSocketRequestContext>) {
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: RequestDeadlineMiddleware(limit: .seconds(10)))
        router.get("/api/health") { _, _ in await health() }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition)))
        }
        router.get("/api/deployments") { request, _ in await deployments(request) }
        router.get("/api/deployments/:id/logs") { request, context in
            await logs(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/api/deployments/:id/diagnosis") { request, context in
            await diagnosis(request, id: context.parameters.get("id") ?? "")
        }
        LiveStreamRoute(authenticator: authenticator, directory: directory, feed: feed, metrics: metrics)
            .register(on: router)
    }

    private func health() async -> Response {
        let reachable = await directory.isReachable()
        let collector = await status()
        let body = JSONText.object([
            ("status", JSONText.string(!reachable ? "unhealthy" : collector.keepingUp ? "healthy" : "degraded")),
            ("database", JSONText.string(reachable ? "reachable" : "unreachable")),
            ("collector", collector.json),
        ])
        return APIResponse.json(body, status: reachable ? .ok : .serviceUnavailable)
    }

    /// The caller, from the request's bearer token.
    func user(_ request: Request) async -> Result<UserRecord, AuthenticationError> {
        let token = Authenticator.bearerToken(fromAuthorization: request.headers[.authorization])
        do { return .success(try await authenticator.user(forToken: token)) } catch { return .failure(error) }
    }

    private func deployments(_ request: Request) async -> Response {
        let user: UserRecord
        switch await self.user(request) {
        case .success(let found): user = found
        case .failure(let error): return APIResponse.failure(error)
        }
        do {
            let base = publicURL ?? "http://" + (request.head.authority ?? "localhost")
            let records = try await directory.deployments(of: user.id)
            return APIResponse.json(JSONText.array(records.map { $0.json(connectionBase: base) }))
        } catch {
            return APIResponse.databaseUnavailable()
        }
    }

    /// The plan's `get_deployment_logs`, in FastAPI's order: the user (401), the query (422),
    /// the id (400), ownership (404), then the newest lines oldest first.
    private func logs(_ request: Request, id text: String) async -> Response {
        let user: UserRecord
        switch await self.user(request) {
        case .success(let found): user = found
        case .failure(let error): return APIResponse.failure(error)
        }
        let parameters = request.uri.queryParameters
        let query: LogsQuery
        switch LogsQuery.parse(limit: parameters["limit"].map(String.init), stream: parameters["stream"].map(String.init)) {
        case .success(let parsed): query = parsed
        case .failure(let failure): return APIResponse.unprocessable(failure.issues)
        }
        guard let deployment = PythonUUID.parse(text) else {
            return APIResponse.detail(APIResponse.invalidDeploymentID, status: .badRequest)
        }
        do {
            guard try await directory.ownership(of: deployment, by: user.id) == .owned else {
                return APIResponse.detail(APIResponse.deploymentNotVisible, status: .notFound)
            }
            let lines = try await repository.newest(deployment: deployment, limit: query.limit, stream: query.stream)
            var body = #"{"logs":["#
            body.reserveCapacity(lines.count * 120)
            for (index, line) in lines.enumerated() {
                if index > 0 { body += "," }
                line.appendJSON(to: &body)
            }
            return APIResponse.json(body + "]}")
        } catch {
            return APIResponse.databaseUnavailable()
        }
    }
}

/// What `GET /api/health` says of the collector, apart from the database: a collector that
/// falls behind makes the service `degraded` (still 200: the API answers), not unhealthy.
public struct CollectorStatus: Sendable, Equatable {
    /// A busy deployment's step overdue by more than this: the collector is not keeping up.
    public static let lagLimit: Duration = .seconds(5)

    /// Whether a Fly token was given (without one only the API is served).
    public var flyConfigured: Bool
    public var state: ServerMetrics.CollectorState

    public init(flyConfigured: Bool, state: ServerMetrics.CollectorState) {
        self.flyConfigured = flyConfigured
        self.state = state
    }

    /// Collecting and not overdue.
    public var keepingUp: Bool { !flyConfigured || state.lag <= Self.lagLimit }

    var json: String {
        let lag = Double(state.lag.components.seconds) + Double(state.lag.components.attoseconds / 1_000_000_000_000_000) / 1000
        return JSONText.object([
            ("status", JSONText.string(!flyConfigured ? "not collecting" : keepingUp ? "keeping up" : "behind")),
            ("fly", JSONText.string(flyConfigured ? "configured" : "no token: not collecting")),
            ("lag_seconds", "\(lag)"),
            ("deployments", "\(state.deploymentsOwned)"),
            ("backing_off", "\(state.deploymentsBackingOff)"),
            ("replicas", "\(state.replicas)"),
        ])
    }
}

/// Counts requests and logs each at debug level with its path (never its query: a browser's
/// live stream carries its token there) and status.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        metrics.httpRequest()
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = (ContinuousClock.now - started).components
        context.logger.debug("request", metadata: [
            "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
            "duration_ms": "\(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)",
        ])
        return response
    }
}
