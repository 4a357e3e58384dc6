import Foundation

/// A real PostgreSQL (Debian's 15) started for the tests: `initdb` into a temporary directory and
/// `pg_ctl` on a free port of 127.0.0.1, as the `postgres` user when the tests run as root (the
/// server refuses root). Each test gets a database of its own, copied from a template that holds
/// the Catwalk backend's tables (Tests/Fixtures/catwalk-backend-schema.sql).
public final class PostgresCluster: @unchecked Sendable {
    /// The cluster most tests share; started on first use, stopped when the test process exits.
    public static let shared: PostgresCluster = {
        do {
            let cluster = try PostgresCluster()
            sharedDirectory = cluster.directory
            atexit {
                guard let directory = PostgresCluster.sharedDirectory else { return }
                _ = try? PostgresCluster.control(["-D", directory, "-m", "immediate", "stop"])
                try? FileManager.default.removeItem(atPath: directory)
            }
            return cluster
        } catch {
            fatalError("cannot start PostgreSQL for the tests: \(error)")
        }
    }()
    nonisolated(unsafe) private static var sharedDirectory: String?

    /// Where Debian installs the server.
    public static let binaries = "/usr/lib/postgresql/15/bin"
    static let templateDatabase = "catwalk_backend_template"

    public let directory: String
    public let port: Int
    private let lock = NSLock()

    /// Initialises and starts a cluster of its own (about a second), with the template database.
    public init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
            throw PostgresClusterError.notInstalled
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catwalk-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { _ = try ProcessRunner.run("/bin/chown", ["postgres:postgres", directory]) }
        self.directory = directory
        try Self.check(Self.asServerUser(Self.binaries + "/initdb",
                                          ["-D", directory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]), "initdb")
        port = try Self.freePort()
        try start()
        try psql("postgres", "CREATE DATABASE \(Self.templateDatabase)")
        try psql(Self.templateDatabase, file: Self.fixture("catwalk-backend-schema.sql"))
    }

    deinit {
        if directory != Self.sharedDirectory {
            _ = try? Self.control(["-D", directory, "-m", "immediate", "stop"])
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Starts the server (again) on its port, waiting until it accepts connections.
    public func start() throws {
        try Self.check(Self.control(["-D", directory, "-w", "-t", "30", "-l", directory + "/server.log", "-o",
                                     "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                                     "start"]), "pg_ctl start")
    }

    /// Stops the server at once, as a crash or a failover would.
    public func stop() throws {
        try Self.check(Self.control(["-D", directory, "-m", "immediate", "stop"]), "pg_ctl stop")
    }

    /// A new database with the backend's tables; its `DATABASE_URL` in the backend's form.
    public func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        // CREATE DATABASE … TEMPLATE fails while another session copies the same template.
        _ = try lock.withLock { try psql("postgres", "CREATE DATABASE \(name) TEMPLATE \(Self.templateDatabase)") }
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Runs SQL in `database` (the name, or a URL from ``makeDatabase()``) and returns psql's
    /// unaligned, tuples-only output.
    @discardableResult
    public func psql(_ database: String, _ sql: String? = nil, file: String? = nil) throws -> String {
        let name = database.split(separator: "/").last.map { String($0.split(separator: "?")[0]) } ?? database
        var arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", name]
        if let sql { arguments += ["-c", sql] }
        if let file { arguments += ["-f", file] }
        let result = try ProcessRunner.run(Self.binaries + "/psql", arguments)
        try Self.check(result, "psql")
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func control(_ arguments: [String]) throws -> ProcessResult {
        try asServerUser(binaries + "/pg_ctl", arguments)
    }

    private static func asServerUser(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        getuid() == 0 ? try ProcessRunner.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
            : try ProcessRunner.run(executable, arguments)
    }

    private static func check(_ result: ProcessResult, _ step: String) throws {
        guard result.status == 0 else {
            throw PostgresClusterError.failed(step, result.stderr + String(decoding: result.stdout, as: UTF8.self))
        }
    }

    /// A port nothing listens on now: the kernel's choice for a socket bound to port 0.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw PostgresClusterError.failed("bind", String(cString: strerror(errno))) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The path of a file in Tests/Fixtures.
    public static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }
}

/// Why the test database could not be set up.
public enum PostgresClusterError: Error, CustomStringConvertible {
    case notInstalled
    case failed(String, String)

    public var description: String {
        switch self {
        case .notInstalled: return "PostgreSQL 15 is not installed (make test installs it: scripts/install-dependencies.sh)"
        case .failed(let step, let output): return "\(step) failed: \(output)"
        }
    }
}
