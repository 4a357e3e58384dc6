import LogClient

/// Everything one invocation needs to get lines, from the flags and the environment:
/// the query, the backend, the cache. Shared by plain output and the terminal viewer.
struct LogSession {
    let query: LogQuery
    let baseURL: String
    let fetcher: LogFetcher

    /// - Throws: ``LogClientError`` (bad id, insecure transport) or ``TokenFileError``.
    init(command: CatwalkLogs, environment: [String: String]) throws {
        guard let deploymentID = DeploymentID.normalized(command.deploymentID) else {
            throw LogClientError.invalidDeploymentID(command.deploymentID)
        }
        query = LogQuery(deploymentID: deploymentID, limit: command.limit, stream: command.stream)
        baseURL = command.connection.baseURL(environment: environment)
        // Offline needs no token and sends nothing, so the endpoint's checks do not apply.
        let endpoint = command.cache.offline
            ? CatwalkEndpoint(baseURL: baseURL, token: nil)
            : try command.connection.endpoint(environment: environment, warn: StandardError.write)
        var configuration = CurlTransport.Configuration(userAgent: CatwalkLogsVersion.userAgent)
        configuration.totalTimeoutSeconds = command.connection.timeout
        let backend = CatwalkBackend(endpoint: endpoint, transport: RetryingTransport(CurlTransport(configuration: configuration)))
        fetcher = LogFetcher(backend: backend, cache: command.cache.open(environment: environment),
                             key: .catwalk(endpoint, deploymentID: deploymentID))
    }
}
