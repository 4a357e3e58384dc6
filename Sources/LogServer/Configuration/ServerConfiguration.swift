import LogClient
import LogText

/// Everything catwalk-logd runs with, read from the backend's own environment names.
public struct ServerConfiguration: Sendable {
    /// `DATABASE_URL`: the backend's own database.
    public var database: DatabaseURL
    /// `AUTH_SECRET`, `AUTH_JWT_ISSUER`, `AUTH_JWT_AUDIENCE`; `nil` only for `migrate`.
    public var tokenRules: TokenRules?
    /// `FLY_MCP_APP_NAME`, `FLY_API_BASE_URL`, `FLY_MACHINES_API_URL` and the token flyctl's
    /// rules find (`FLY_ACCESS_TOKEN`, `FLY_API_TOKEN`, `~/.fly/config.yml`).
    public var fly: FlyEndpoint
    /// `PUBLIC_URL`: the base of each deployment's `connection_url`, as the backend's.
    public var publicURL: String?
    public var collector = CollectorSettings()

    /// Reads `environment`; `requireAuthSecret` is false only for `migrate`.
    public init(environment: [String: String], readFile: (String) -> String? = FlyCredentials.readConfigFile,
                requireAuthSecret: Bool = true) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            environment[name].map { String($0.trimmingASCIIWhitespace()) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let databaseURL = value("DATABASE_URL") else { throw .missingDatabaseURL }
        database = try DatabaseURL(parsing: databaseURL)
        // The secret is taken as given (not trimmed): the backend uses its exact bytes.
        if let secret = environment["AUTH_SECRET"], !secret.isEmpty {
            tokenRules = TokenRules(secret: secret, issuer: value("AUTH_JWT_ISSUER"), audience: value("AUTH_JWT_AUDIENCE"))
        } else if requireAuthSecret {
            throw .missingAuthSecret
        }
        let base = try Self.url(value("FLY_API_BASE_URL"), named: "FLY_API_BASE_URL") ?? FlyEndpoint.defaultBaseURL
        let machines = try Self.url(value("FLY_MACHINES_API_URL"), named: "FLY_MACHINES_API_URL") ?? FlyEndpoint.defaultMachinesURL
        fly = FlyEndpoint(baseURL: base, machinesURL: machines, app: value("FLY_MCP_APP_NAME") ?? FlyEndpoint.defaultApp,
                          credentials: FlyCredentials.discover(environment: environment, readFile: readFile))
        publicURL = try Self.url(value("PUBLIC_URL"), named: "PUBLIC_URL").map { url in
            var url = url
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
    }

    private static func url(_ text: String?, named name: String) throws(ConfigurationError) -> String? {
        guard let text else { return nil }
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), text.count > 8 else {
            throw .invalidURL(variable: name, value: text)
        }
        return text
    }
}
