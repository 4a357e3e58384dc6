import Foundation
import JWTKit
import Testing
import TestSupport

/// catwalk-logd as an operator runs it, for one test: a database of its own on the shared
/// PostgreSQL (the backend's tables), Fly played by the stand-in's emulator, and the service
/// between them; `catwalk-logs` pointed at the service with a web-app token.
final class ServerStack: @unchecked Sendable {
    static let flyToken = "fly-test-t0ken-for-logd"

    let cluster: PostgresCluster
    let databaseURL: String
    let fly: StandInServer
    private(set) var logd: LogdServer!
    let user = UUID().uuidString.lowercased()
    let email = "ada-\(UUID().uuidString.prefix(8).lowercased())@example.com"

    /// - Parameters:
    ///   - environment: more of catwalk-logd's environment (AUTH_JWT_AUDIENCE…).
    ///   - startService: `false` to set rows up before the service first looks.
    init(cluster: PostgresCluster = .shared, environment: [String: String] = [:], startService: Bool = true) throws {
        self.cluster = cluster
        databaseURL = try cluster.makeDatabase()
        fly = try StandInServer(arguments: ["--no-scenarios", "--fly-token", Self.flyToken])
        serviceEnvironment = ["DATABASE_URL": databaseURL, "FLY_API_BASE_URL": fly.baseURL, "FLY_MACHINES_API_URL": fly.baseURL,
                              "FLY_API_TOKEN": Self.flyToken, "HOME": "/nonexistent"].merging(environment) { $1 }
        try sql("INSERT INTO users (id, email, name) VALUES ('\(user)', '\(email)', 'Ada')")
        if startService { try startLogd() }
    }

    private var serviceEnvironment: [String: String]

    /// Starts catwalk-logd (with a short discovery interval: the tests wait less).
    func startLogd(arguments: [String] = ["--discovery-interval", "0.5"]) throws {
        logd = try LogdServer(environment: serviceEnvironment, arguments: arguments)
    }

    /// Another `catwalk-logd serve` on the same database and Fly: a replica. `collecting: false`
    /// gives it no Fly token, so it only serves.
    func startReplica(collecting: Bool = true, arguments: [String] = ["--discovery-interval", "0.5"]) throws -> LogdServer {
        var environment = serviceEnvironment
        if !collecting { environment["FLY_API_TOKEN"] = "" }
        return try LogdServer(environment: environment, arguments: arguments)
    }

    /// How many leases each replica holds, by replica id.
    func leasesByReplica() throws -> [String: Int] {
        let rows = try sql("SELECT replica_id, count(*) FROM deployment_log_leases GROUP BY replica_id")
        var counts: [String: Int] = [:]
        for row in rows.split(separator: "\n") {
            let fields = row.split(separator: "|")
            if fields.count == 2 { counts[String(fields[0])] = Int(fields[1]) }
        }
        return counts
    }

    /// Every stored message of the deployments, oldest first per deployment, for "each line once".
    func storedMessages(_ deployments: [String]) throws -> [String] {
        try deployments.flatMap { try storedMessages($0) }
    }

    @discardableResult
    func sql(_ statement: String) throws -> String {
        try cluster.psql(databaseURL, statement)
    }

    /// A deployment row as the backend writes one; its Fly machine is `machine`.
    @discardableResult
    func createDeployment(name: String = "mcp-server", status: String = "running", machine: String? = nil,
                          owner: String? = nil) throws -> (id: String, machine: String) {
        let id = UUID().uuidString.lowercased()
        let machine = machine ?? String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(14)).lowercased()
        try sql("""
            INSERT INTO deployments (id, name, schedule_config, status, machine_id, user_id, access_token)
            VALUES ('\(id)', '\(name)', '{"cron": null}', '\(status)', '\(machine)', '\(owner ?? user)', '\(UUID().uuidString)')
            """)
        return (id, machine)
    }

    /// Writes `messages` to the machine's Fly log (stand-in's emulator), with timestamps when given.
    func writeToFly(deployment: String, machine: String, _ lines: [(stream: String, message: String)],
                    timestamps: [String]? = nil) throws {
        let logs: [[String: Any]] = lines.enumerated().map { index, line in
            var object: [String: Any] = ["stream": line.stream, "message": line.message]
            if let timestamps { object["timestamp"] = timestamps[index] }
            return object
        }
        try fly.ingest(deployment, ["machine_id": machine, "logs": logs])
    }

    /// How many lines `deployment_logs` holds for the deployment.
    func storedCount(_ deployment: String) throws -> Int {
        Int(try sql("SELECT count(*) FROM deployment_logs WHERE deployment_id = '\(deployment)'")) ?? -1
    }

    /// The stored messages, oldest first.
    func storedMessages(_ deployment: String) throws -> [String] {
        try sql("SELECT message FROM deployment_logs WHERE deployment_id = '\(deployment)' ORDER BY \"timestamp\", seq")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Waits until the deployment holds `count` lines.
    func waitForStored(_ deployment: String, count: Int, seconds: Double = 15) throws {
        do {
            try waitUntil("\(count) lines stored", seconds: seconds) { (try? self.storedCount(deployment)) == count }
        } catch {
            let stored = (try? storedCount(deployment)) ?? -1
            Issue.record("\(stored) of \(count) lines stored; the service logged:\n\(serviceLogTail)")
            throw error
        }
    }

    /// The service's log without the request lines, for failure messages.
    var serviceLogTail: String {
        logd.log.split(separator: "\n").filter { !$0.contains("\"message\":\"request\"") }.suffix(25).joined(separator: "\n")
    }

    /// A web-app token for `email` (default: this stack's user), HS256 with the service's secret.
    func token(email: String? = nil, subject: String = UUID().uuidString.lowercased(), expiresIn: Double = 300,
               audience: String? = nil, secret: String = LogdServer.authSecret) async throws -> String {
        try await Self.mint(TokenClaims(sub: subject, email: email ?? self.email,
                                        exp: Date().timeIntervalSince1970 + expiresIn, aud: audience), secret: secret)
    }

    struct TokenClaims: JWTPayload {
        var sub: String
        var email: String
        var exp: Double
        var aud: String?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    static func mint(_ claims: TokenClaims, secret: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }

    /// The environment that points `catwalk-logs` at the service (or `replica`) with `token`.
    func clientEnvironment(token: String, replica: LogdServer? = nil) -> [String: String] {
        ["CATWALK_API_URL": (replica ?? logd).baseURL, "CATWALK_TOKEN": token, "XDG_CACHE_HOME": fly.cacheHome]
    }

    /// Runs `catwalk-logs` against the service.
    func runClient(_ arguments: [String], token: String) throws -> ProcessResult {
        try fly.runClient(arguments, environment: clientEnvironment(token: token), secrets: [token, Self.flyToken])
    }
}
