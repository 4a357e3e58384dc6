import LiveStream
import LogClient

/// What a session is made of: the flags that pick the deployment and its sources.
struct SessionSettings {
    var deploymentID: String?
    var connection: ConnectionOptions
    var requestTimeout: Int
    var fly: FlyOptions
    var cache: CacheOptions
    var file: String?
    var poll: Bool
    /// What each request asks for and what is shown.
    var plan: ReadPlan
}

/// Everything one invocation needs to get lines, from the flags and the environment:
/// the query and the fetcher over the planned chain of sources. Shared by plain output,
/// the terminal viewer and `wait`.
struct LogSession {
    let query: LogQuery
    /// Where the lines come from first, for messages and the header.
    let sourceDescription: String
    let fetcher: LogFetcher
    /// What each request asks for and what is shown.
    let plan: ReadPlan

    /// - Throws: an unknown or ambiguous name, an insecure transport, nothing to read, no Fly
    ///   token, an unreadable token file.
    init(settings: SessionSettings, environment: [String: String]) async throws(LogClientError) {
        try await self.init(settings: settings, factory: SourceFactory(settings: settings, environment: environment))
    }

    /// A session whose sources `factory` builds: one factory serves the sessions of several
    /// deployments read together (one token, one endpoint).
    init(settings: SessionSettings, factory: SourceFactory) async throws(LogClientError) {
        let cache = settings.cache.open(environment: factory.environment)
        let fly = factory.fly
        var deploymentID: String?
        if let raw = settings.deploymentID {
            // An id, or a deployment's name as the dashboard shows it.
            if let id = DeploymentID.normalized(raw) {
                deploymentID = id
            } else {
                let (id, listed) = try await factory.resolve(name: raw, remembered: cache?.titles() ?? [])
                listed.forEach { cache?.rememberTitle($0) }
                deploymentID = id
            }
        }
        let remembered = deploymentID.flatMap { id in
            SourceIdentity.fly(app: fly.app, subject: FlySubject(deploymentID: id, machine: nil)).cacheKey
                .flatMap { cache?.machine(for: $0) }
        }
        let steps = try SourcePlan.steps(for: SourcePlan.Settings(
            choice: settings.fly.source, deploymentID: deploymentID, machine: settings.fly.machine,
            rememberedMachine: remembered, hasFlyToken: fly.credentials != nil || factory.offline, file: settings.file))
        var sources: [any LogSource] = []
        for step in steps { sources.append(try factory.source(for: step)) }
        fetcher = LogFetcher(sources: sources, cache: cache)
        plan = settings.plan
        query = plan.query(for: deploymentID ?? sources[0].identity.subjectName)
        sourceDescription = await fetcher.primaryName
    }
}

/// Builds the source of each planned step: the one place that knows every source type.
/// The backend's endpoint is made once (a token command runs once). It also lists what
/// there is to read: the backend's deployments, the Fly app's machines.
final class SourceFactory {
    let settings: SessionSettings
    let environment: [String: String]
    let fly: FlyEndpoint
    let offline: Bool
    private let configuration: CurlTransport.Configuration
    private var backendEndpoint: CatwalkEndpoint?

    init(settings: SessionSettings, environment: [String: String]) {
        self.settings = settings
        self.environment = environment
        fly = settings.fly.endpoint(environment: environment)
        offline = settings.cache.offline
        var configuration = CurlTransport.Configuration(userAgent: CatwalkLogsVersion.userAgent)
        configuration.totalTimeoutSeconds = settings.requestTimeout
        self.configuration = configuration
    }

    func source(for step: SourcePlan.Step) throws(LogClientError) -> any LogSource {
        switch step {
        case .catwalk(let deploymentID):
            return try catwalk(deploymentID)
        case .fly(let subject):
            // --cacert is the backend's CA: Fly keeps the system's roots.
            return FlyLogSource(endpoint: fly, subject: subject, transport: RetryingTransport(CurlTransport(configuration: configuration)))
        case .file(let path):
            return FileLogSource(path: path)
        }
    }

    /// The id of the deployment called `name`, and the list it was found in: the backend's,
    /// or (offline, or when the backend cannot be reached) the names the cache remembers.
    /// - Throws: when the backend could not be asked and the cache does not know the name,
    ///   the backend's failure (it, not the name, is what went wrong).
    func resolve(name: String, remembered: [DeploymentSummary]) async throws(LogClientError) -> (String, [DeploymentSummary]) {
        guard !offline else { return (try DeploymentNames.resolve(name, among: remembered), []) }
        let listed: [DeploymentSummary]
        do {
            listed = try await backend().deployments(checkingFor: name)
        } catch {
            guard error.allowsFallback else { throw error }
            do {
                return (try DeploymentNames.resolve(name, among: remembered), [])
            } catch .unknownName {
                throw error
            }
        }
        return (try DeploymentNames.resolve(name, among: listed), listed)
    }

    /// The signed-in user's deployments, as the backend lists them.
    func deployments() async throws(LogClientError) -> [DeploymentSummary] {
        try await backend().deployments()
    }

    /// The Fly app's machines.
    func machines() async throws(LogClientError) -> [FlyMachine] {
        try await FlyMachinesAPI(endpoint: fly, transport: RetryingTransport(CurlTransport(configuration: configuration))).list()
    }

    private func endpoint() throws(LogClientError) -> CatwalkEndpoint {
        if let backendEndpoint { return backendEndpoint }
        let connection = settings.connection
        // Offline sends nothing, so it needs no token (and runs no token command).
        let endpoint = offline ? CatwalkEndpoint(baseURL: connection.baseURL(environment: environment), token: nil)
            : try connection.endpoint(environment: environment, warn: StandardError.write)
        backendEndpoint = endpoint
        return endpoint
    }

    private func backend() throws(LogClientError) -> CatwalkBackend {
        var configuration = self.configuration
        configuration.caFile = try settings.connection.caFile(environment: environment)
        return CatwalkBackend(endpoint: try endpoint(), transport: RetryingTransport(CurlTransport(configuration: configuration)))
    }

    private func catwalk(_ deploymentID: String) throws(LogClientError) -> CatwalkLogSource {
        let backend = try backend()
        let endpoint = try endpoint(), caFile = try settings.connection.caFile(environment: environment)
        guard !settings.poll else { return CatwalkLogSource(backend: backend, deploymentID: deploymentID) }
        // CATWALK_LOGS_PING_INTERVAL (seconds) shortens the liveness check, for tests and flaky links.
        let ping = environment["CATWALK_LOGS_PING_INTERVAL"].flatMap(Double.init).flatMap { $0 >= 0.1 ? $0 : nil }
        let live = WebSocketLineSource(endpoint: endpoint, userAgent: CatwalkLogsVersion.userAgent, caFile: caFile,
                                       pingInterval: ping.map { .seconds($0) } ?? .seconds(30))
        return CatwalkLogSource(backend: backend, deploymentID: deploymentID, live: live)
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

    /// A follower that starts with the newest lines the view shows.
    func follower(options: FollowOptions) -> LogFollower {
        LogFollower(fetcher: fetcher, query: followQuery, interval: options.pollInterval, backlogLimit: plan.view.newest,
                    sourceName: sourceDescription, scrollback: options.scrollback, lineFilter: plan.view.filter)
    }
}
