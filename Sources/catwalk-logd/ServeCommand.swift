import ArgumentParser
import LogClient
import LogServer
import Logging

/// `catwalk-logd serve`: the collector and the API, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Collect the deployments' Fly logs and serve the logs API (the default)."
    )

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "address"))
    var host = "0.0.0.0"

    @Option(help: ArgumentHelp("Port to listen on (default: PORT, else 8080).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Seconds between lease renewals, which read the deployments table.", valueName: "seconds"))
    var discoveryInterval: Double = 2

    @Option(help: ArgumentHelp("Seconds a replica's leases hold unrenewed: another replica takes over a dead one's deployments after this.",
                               valueName: "seconds"))
    var leaseSeconds: Double = 10

    @Option(help: ArgumentHelp("Deployments read from Fly at once.", valueName: "count"))
    var concurrency = 8

    @Option(help: ArgumentHelp("Fly requests per second that all idle deployments (no line within a minute) share.",
                               valueName: "rate"))
    var idlePollsPerSecond: Double = 20

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (0.1...1000).contains(idlePollsPerSecond) else { throw ValidationError("--idle-polls-per-second must be from 0.1 to 1000.") }
        if let port, !(0...65535).contains(port) { throw ValidationError("--port \(port) is not from 0 to 65535.") }
        guard (0.1...3600).contains(discoveryInterval) else { throw ValidationError("--discovery-interval must be from 0.1 to 3600 seconds.") }
        guard (1...3600).contains(leaseSeconds), leaseSeconds > discoveryInterval else {
            throw ValidationError("--lease-seconds must be from 1 to 3600 seconds and longer than --discovery-interval.")
        }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 256.") }
    }

    func run() async throws {
        let logger = try logging.makeLogger()
        let environment = ProcessEnvironment.current
        var configuration: ServerConfiguration
        let listenPort: Int
        do {
            configuration = try ServerConfiguration(environment: environment)
            listenPort = try port ?? Self.environmentPort(environment["PORT"])
        } catch {
            Fatal.exit(for: error)
        }
        configuration.collector.discoveryInterval = .milliseconds(Int(discoveryInterval * 1000))
        configuration.collector.leaseLifetime = .milliseconds(Int(leaseSeconds * 1000))
        configuration.collector.concurrency = concurrency
        configuration.collector.schedule.idlePollsPerSecond = idlePollsPerSecond
        logger.info("starting", metadata: [
            "version": "\(CatwalkLogdVersion.current)", "database": "\(configuration.database.redacted)",
            "fly_app": "\(configuration.fly.app)", "fly_token": "\(configuration.fly.credentials?.origin ?? "none")",
        ])
        do {
            try await LogServerRuntime.serve(configuration, host: host, port: listenPort,
                                             userAgent: CatwalkLogdVersion.userAgent, logger: logger)
        } catch {
            Fatal.exit(for: error)
        }
        logger.info("stopped")
    }

    private static func environmentPort(_ text: String?) throws(ConfigurationError) -> Int {
        guard let text, !text.isEmpty else { return 8080 }
        guard let port = Int(text), (0...65535).contains(port) else {
            throw .invalidNumber(variable: "PORT", value: text, range: 0...65535)
        }
        return port
    }
}

/// `catwalk-logd migrate`: creates the service's tables in the backend's database and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create deployment_logs and deployment_log_cursors in DATABASE_URL's database (idempotent) and exit."
    )

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.makeLogger()
        do {
            let configuration = try ServerConfiguration(environment: ProcessEnvironment.current, requireAuthSecret: false)
            try await LogServerRuntime.migrate(configuration, logger: logger)
            logger.info("migrated", metadata: ["database": "\(configuration.database.redacted)"])
        } catch {
            Fatal.exit(for: error)
        }
    }
}
