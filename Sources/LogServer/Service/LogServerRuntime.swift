import FoundationEssentials
import Hummingbird
import HummingbirdWebSocket
import LogClient
import Logging
import PostgresNIO
import ServiceLifecycle

/// Runs catwalk-logd: the database pool, the HTTP API with the live stream, and the collector,
/// as one ServiceLifecycle group that stops gracefully on SIGTERM or SIGINT.
public enum LogServerRuntime {
    /// How long `serve` waits at start for the database to answer before giving up.
    public static let startupPatience: Duration = .seconds(30)

    /// Creates catwalk-logd's tables (idempotent) and returns.
    public static func migrate(_ configuration: ServerConfiguration, logger: Logger) async throws(StorageError) {
        try await Schema.migrate(configuration.database, logger: logger)
    }

    /// Serves on `host:port` until a signal asks to stop; `userAgent` goes to Fly.
    public static func serve(_ configuration: ServerConfiguration, host: String, port: Int, userAgent: String,
                             logger baseLogger: Logger) async throws {
        // Every line this replica logs names it, so several replicas' logs can be told apart.
        let replica = UUID()
        let logger = {
            var logger = baseLogger
            logger[metadataKey: "replica"] = "\(replica.uuidString.lowercased())"
            return logger
        }()
        guard let rules = configuration.tokenRules else { throw ConfigurationError.missingAuthSecret }
        // The tables exist before the collector or any request looks for them.
        try await waitForDatabase(configuration.database, logger: logger)
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)   // not a line per failed reconnection attempt
        let client = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: poolLogger)
        let directory = DeploymentDirectory(client: client, logger: logger)
        let repository = LogRepository(client: client, logger: logger)
        let feed = LineFeed(repository: repository)
        let renewalSignal = RenewalSignal()
        let metrics = ServerMetrics()
        let authenticator = Authenticator(verifier: await TokenVerifier(rules: rules), directory: directory)
        let flyConfigured = configuration.fly.credentials != nil
        let api = LogsAPI(authenticator: authenticator, directory: directory, repository: repository, feed: feed,
                          metrics: metrics, publicURL: configuration.publicURL) {
            CollectorStatus(flyConfigured: flyConfigured, state: metrics.collector)
        }
        let router = Router(context: BasicWebSocketRequestContext.self)
        api.register(on: router)
        let application = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router,
                                           configuration: .init(ws: .init(maxFrameSize: 1 << 16, closeTimeout: .seconds(5)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "catwalk-logd"),
            onServerRunning: { channel in
                logger.info("listening", metadata: ["host": "\(host)", "port": "\(channel.localAddress?.port ?? port)"])
            },
            logger: logger
        )
        // Stopped in reverse: the streams close, the collector finishes and lets its leases go,
        // then the server, the listener and the pool stop.
        var services: [any Service] = [client, DatabaseListener(database: configuration.database, feed: feed,
                                                                renewalSignal: renewalSignal, logger: logger), application]
        if flyConfigured {
            let transport = CurlTransport(configuration: flyTransport(userAgent: userAgent))
            let leases = DeploymentLeases(client: client, replica: replica, host: ProcessInfo.processInfo.hostName,
                                          lifetime: configuration.collector.leaseLifetime, logger: logger)
            let tailer = DeploymentTailer(logs: FlyLogsAPI(endpoint: configuration.fly, transport: transport), repository: repository,
                                          replica: leases.replica)
            logger.info("collecting")
            services.append(Collector(leases: leases, tailer: tailer, metrics: metrics, settings: configuration.collector,
                                      renewalSignal: renewalSignal, logger: logger))
        } else {
            logger.warning("no Fly token (FLY_API_TOKEN): serving stored logs only, collecting nothing")
        }
        services.append(LiveStreamCloser(feed: feed))
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
                                                      logger: logger))
        try await group.run()
    }

    /// Migrates once the database answers, retrying for ``startupPatience`` (a database that
    /// starts beside the service may come up later than it).
    private static func waitForDatabase(_ url: DatabaseURL, logger: Logger) async throws {
        let deadline = ContinuousClock.now + startupPatience
        while true {
            do {
                try await Schema.migrate(url, logger: logger)
                logger.info("database ready", metadata: ["database": "\(url.redacted)"])
                return
            } catch {
                if case .notTheBackendsDatabase = error { throw error }
                guard ContinuousClock.now < deadline else { throw error }
                logger.warning("waiting for the database", metadata: ["database": "\(url.redacted)", "error": "\(error)"])
                try await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Fly requests: a stuck one fails within 10 s and only that deployment waits for it.
    private static func flyTransport(userAgent: String) -> CurlTransport.Configuration {
        var configuration = CurlTransport.Configuration(userAgent: userAgent)
        configuration.connectTimeoutSeconds = 5
        configuration.totalTimeoutSeconds = 10
        return configuration
    }
}

/// Closes every live stream (1001, "going away") when shutdown begins, before the HTTP server
/// stops accepting, so clients reconnect elsewhere at once.
struct LiveStreamCloser: Service {
    let feed: LineFeed

    func run() async throws {
        try? await gracefulShutdown()
        await feed.finishAll()
    }
}
