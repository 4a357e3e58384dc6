#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import LogClient
import LogServer
import Logging

/// `catwalk-logd`: the Catwalk logs service, run beside the backend on its own database.
/// `serve` (the default) collects every deployment's Fly log and answers the logs API;
/// `migrate` creates its tables and exits.
@main
struct CatwalkLogd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catwalk-logd",
        abstract: "The Catwalk logs service: collects deployments' Fly logs into the backend's PostgreSQL and serves them.",
        discussion: """
            Configured by the backend's own environment: DATABASE_URL, AUTH_SECRET, AUTH_JWT_ISSUER, \
            AUTH_JWT_AUDIENCE, FLY_API_TOKEN, FLY_MCP_APP_NAME, FLY_API_BASE_URL, FLY_MACHINES_API_URL, \
            PUBLIC_URL, PORT. See catwalk-logd(1).
            """,
        version: CatwalkLogdVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

/// The service's version, as `--version` prints it and Fly sees it.
enum CatwalkLogdVersion {
    static let current = CatwalkLogsVersion.current
    static let userAgent = "catwalk-logd/\(current)"
}

/// Exit statuses (catwalk-logd(1), EXIT STATUS).
enum LogdExit: Int32 {
    case success = 0
    case failure = 1
    case usage = 2
    /// sysexits' EX_UNAVAILABLE: the database cannot be used.
    case unavailable = 69
    /// sysexits' EX_CONFIG: a setting is missing or wrong.
    case configuration = 78
}

/// Options every subcommand takes.
struct LoggingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Least severe log level: trace, debug, info, notice, warning, error, critical (or LOG_LEVEL).",
                               valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("json (one object per line, the default) or text.", valueName: "format"))
    var logFormat: JSONLogHandler.Format = .json

    /// The process's logger; `LoggingSystem` is bootstrapped once with it.
    func makeLogger() throws -> Logger {
        let name = logLevel ?? ProcessEnvironment.current["LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationError("log level \(name) is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let format = logFormat
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, format: format, logLevel: level) }
        return Logger(label: "catwalk-logd")
    }
}

extension JSONLogHandler.Format: ExpressibleByArgument {}

/// Ends the process with one sentence on stderr for a failure the operator can fix.
enum Fatal {
    static func exit(_ sentence: String, status: LogdExit) -> Never {
        var bytes = Array("catwalk-logd: \(sentence)\n".utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        Glibc.exit(status.rawValue)
    }

    /// The status and sentence for an error of `serve` or `migrate`.
    static func exit(for error: any Error) -> Never {
        switch error {
        case let error as ConfigurationError: exit(error.description, status: .configuration)
        case let error as StorageError: exit(error.description, status: .unavailable)
        default: exit("stopped: \(error)", status: .failure)
        }
    }
}
