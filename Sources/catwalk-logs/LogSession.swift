import LiveStream
import LogClient

/// Everything one invocation needs to get lines, from the flags and the environment:
/// the query, the sources, the cache. Shared by plain output and the terminal viewer.
struct LogSession {
    let query: LogQuery
    /// Where the lines come from, for messages.
    let sourceDescription: String
    let fetcher: LogFetcher
    /// The backend's live stream, when following can use it.
    let live: (any LiveLineSource)?

    /// - Throws: ``LogClientError`` (bad id, insecure transport, unknown machine) or ``TokenFileError``.
    init(command: CatwalkLogs, environment: [String: String]) async throws {
        let deploymentID: String?
        if let raw = command.deploymentID {
            guard let normalized = DeploymentID.normalized(raw) else { throw LogClientError.invalidDeploymentID(raw) }
            deploymentID = normalized
        } else {
            deploymentID = nil
        }
        let offline = command.cache.offline
        let baseURL = command.connection.baseURL(environment: environment)
        // Offline needs no token and sends nothing, so the endpoint's checks do not apply.
        let endpoint = offline || deploymentID == nil
            ? CatwalkEndpoint(baseURL: baseURL, token: nil)
            : try command.connection.endpoint(environment: environment, warn: StandardError.write)
        var configuration = CurlTransport.Configuration(userAgent: CatwalkLogsVersion.userAgent)
        configuration.totalTimeoutSeconds = command.connection.timeout
        let transport = RetryingTransport(CurlTransport(configuration: configuration))
        // --cacert is the backend's CA: Fly keeps the system's roots.
        let caFile = try command.connection.caFile(environment: environment)
        configuration.caFile = caFile
        let catwalk = CatwalkBackend(endpoint: endpoint, transport: RetryingTransport(CurlTransport(configuration: configuration)))

        let flyEndpoint = command.fly.endpoint(environment: environment)
        let fly = FlyBackend(endpoint: flyEndpoint, transport: transport)
        let cache = command.cache.open(environment: environment)
        let catwalkKey = deploymentID.map { CacheKey.catwalk(endpoint, deploymentID: $0) }
        var machine = command.fly.machine ?? catwalkKey.flatMap { cache?.machine(for: $0) }
        if command.fly.source == .fly, machine == nil, let deploymentID, !offline {
            machine = try await catwalk.deployment(id: deploymentID)?.machineID
            guard machine != nil else { throw LogClientError.machineUnknown(deploymentID: deploymentID) }
        }
        if let machine, let catwalkKey { try? cache?.rememberMachine(machine, for: catwalkKey) }
        let flyOrigin = machine.map { LogOrigin.fly(fly, app: flyEndpoint.app, machine: $0) }
        let catwalkOrigin = catwalkKey.map { LogOrigin.catwalk(catwalk, key: $0) }

        let primary: LogOrigin
        var fallback: LogOrigin?
        var live: (any LiveLineSource)?
        switch (command.fly.source, catwalkOrigin, flyOrigin) {
        case (.fly, _, let flyOrigin?), (.auto, nil, let flyOrigin?):
            primary = flyOrigin
        case (_, let catwalkOrigin?, _):
            primary = catwalkOrigin
            if !command.following.poll {
                // CATWALK_LOGS_PING_INTERVAL (seconds) shortens the liveness check, for tests and flaky links.
                let ping = environment["CATWALK_LOGS_PING_INTERVAL"].flatMap(Double.init).flatMap { $0 >= 0.1 ? $0 : nil }
                live = WebSocketLineSource(endpoint: endpoint, userAgent: CatwalkLogsVersion.userAgent, caFile: caFile,
                                           pingInterval: ping.map { .seconds($0) } ?? .seconds(30))
            }
            if command.fly.source == .auto, flyEndpoint.token != nil { fallback = flyOrigin }
        default:
            throw LogClientError.machineUnknown(deploymentID: deploymentID ?? "?")
        }
        query = LogQuery(deploymentID: deploymentID ?? primary.key.deploymentID, limit: command.limit, stream: command.stream)
        sourceDescription = primary.name + (primary.key.source.hasPrefix("catwalk ") ? " at \(baseURL)" : "")
        fetcher = LogFetcher(primary: primary, fallback: fallback, cache: cache)
        self.live = live
        // With a Fly token, learn the deployment's machine once, so Fly can stand in later.
        if command.fly.source == .auto, flyEndpoint.token != nil, machine == nil, fallback == nil, !offline {
            _ = await fetcher.deploymentSummary()
        }
    }
}

extension LogSession {
    /// What following fetches: the widest window from the first fetch on, so that every
    /// fetch compares windows of one size (a narrower backlog would make older lines look new).
    var followQuery: LogQuery {
        var query = query
        query.limit = LogQuery.maximumLimit
        return query
    }

    /// A follower that goes on from `backlog` (what is already shown).
    func follower(from backlog: [CachedItem], options: FollowOptions) -> LogFollower {
        LogFollower(fetcher: fetcher, query: followQuery, interval: options.pollInterval, backlog: backlog,
                    live: live, sourceName: sourceDescription, scrollback: options.scrollback)
    }
}
