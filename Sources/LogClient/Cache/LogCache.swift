#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import SQLite

/// What went wrong with the cache, as values: the sentences are in one place (``sentence``).
/// The tool goes on without a cache after one warning; only `catwalk-logs cache` exits on it.
public enum CacheProblem: Error, Sendable, Equatable {
    /// The cache cannot be used where it is (an unwritable directory, a full disk…).
    case unusable(path: String, reason: String)
    /// A damaged or foreign file was moved aside and replaced.
    case movedAside(path: String, to: String, reason: String)

    /// The warning shown for it.
    public var sentence: String {
        switch self {
        case .unusable(let path, let reason):
            return "warning: the log cache is disabled for this run: \(path): \(reason)."
        case .movedAside(let path, let aside, let reason):
            return "warning: the log cache \(path) was unreadable (\(reason)); it was moved to \(aside) and started afresh."
        }
    }
}

/// The local cache of the newest lines of each deployment: SQLite in WAL mode under
/// `$XDG_CACHE_HOME/catwalk-logs/` (directory 0700, files 0600). Never holds a token.
///
/// Every write reads, merges (``LogMerger``) and rewrites a deployment's history inside
/// one `BEGIN IMMEDIATE` transaction, so concurrent processes serialise and a killed
/// process loses at most its own batch.
public final class LogCache {
    /// Lines kept per deployment, like the backend's retention.
    public static let retainedLines = LogQuery.maximumLimit
    /// `PRAGMA application_id` of our files ("CWLG"), to tell them from foreign ones.
    static let applicationID: Int64 = 0x4357_4C47
    /// `PRAGMA user_version` of the current schema; an older cache is rebuilt (it is only a cache).
    static let schemaVersion: Int64 = 4

    /// The database file.
    public let path: String
    /// What is worth one warning, e.g. that a corrupt file was moved aside.
    public private(set) var problems: [CacheProblem] = []
    /// The connection (the housekeeping in LogCache+Housekeeping.swift uses it too).
    let database: Database

    /// The cache directory: `$XDG_CACHE_HOME/catwalk-logs`, else `~/.cache/catwalk-logs`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/catwalk-logs" }
        return (environment["HOME"] ?? "") + "/.cache/catwalk-logs"
    }

    /// Opens (creating when needed) the cache in `directory`. A corrupt or foreign file is
    /// moved aside to `….corrupt-<unix time>` and replaced, with a notice.
    public init(directory: String) throws(CacheProblem) {
        path = directory + "/cache.sqlite3"
        try Self.makeDirectory(directory)
        // Something else where the file belongs is not ours to move aside.
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFDIR {
            throw .unusable(path: path, reason: "it is a directory, not a file")
        }
        // Created 0600 before SQLite opens it: SQLite gives the WAL and SHM files the
        // database file's permissions, so no umask is needed (the process's is left alone).
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        do {
            database = try Self.openChecked(path)
        } catch .damaged(let reason) {
            let aside = "\(path).corrupt-\(LogTimestamp.now().secondsSinceEpoch)"
            rename(path, aside)
            unlink(path + "-wal")
            unlink(path + "-shm")
            problems.append(.movedAside(path: path, to: aside, reason: reason))
            do { database = try Self.openChecked(path) } catch { throw .unusable(path: path, reason: "\(error)") }
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
        for file in [path, path + "-wal", path + "-shm"] { chmod(file, 0o600) }
    }

    /// Why a cache file could not be opened: damaged or foreign (replace it), or unusable
    /// where it is (read-only, disk full: go on without a cache).
    private enum OpenFailure: Error, CustomStringConvertible {
        case damaged(String)
        case unusable(String)

        var description: String {
            switch self {
            case .damaged(let reason), .unusable(let reason): return reason
            }
        }
    }

    private static func makeDirectory(_ directory: String) throws(CacheProblem) {
        var prefix = ""
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw .unusable(path: prefix, reason: "cannot create it: \(String(cString: strerror(errno)))")
            }
        }
        chmod(directory, 0o700)
    }

    private static func openChecked(_ path: String) throws(OpenFailure) -> Database {
        do {
            let database = try Database(path: path)
            switch try identify(database) {
            case .ours: break
            case .outdated(let version):
                // Version 3 only lacks the titles table; anything older is rebuilt (it is only a cache).
                if version < 3 {
                    try database.execute("""
                        DROP TABLE IF EXISTS deployment_logs; DROP TABLE IF EXISTS cached_deployments;
                        DROP TABLE IF EXISTS deployment_machines;
                        """)
                }
                try createSchema(in: database)
            case .new: try createSchema(in: database)
            case .foreign: throw OpenFailure.damaged("it is not a catwalk-logs cache")
            }
            // A cache may lose its last write on power loss, never its consistency (WAL).
            try database.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            return database
        } catch let error as SQLiteError {
            throw error.isCorruption ? .damaged(error.message) : .unusable(error.message)
        } catch let error as OpenFailure {
            throw error
        } catch {
            throw .unusable("\(error)")
        }
    }

    private enum Identity { case ours, outdated(Int64), new, foreign }

    /// Ours when the file carries our application id (outdated when its schema is older);
    /// new when it is an empty database.
    private static func identify(_ database: Database) throws(SQLiteError) -> Identity {
        let identity = try database.query("PRAGMA application_id").first?.first?.integer ?? 0
        if identity == applicationID {
            let version = try database.query("PRAGMA user_version").first?.first?.integer ?? 0
            return version == schemaVersion ? .ours : .outdated(version)
        }
        let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return identity == 0 && tables.isEmpty ? .new : .foreign
    }

    /// The tables, created where missing (an additive upgrade keeps what is cached).
    private static let schema = """
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS cached_deployments (
                source TEXT NOT NULL,
                deployment_id TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (source, deployment_id)
            );
            CREATE TABLE IF NOT EXISTS deployment_logs (
                source TEXT NOT NULL,
                deployment_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('line', 'gap')),
                timestamp INTEGER,
                stream TEXT CHECK (stream IN ('stdout', 'stderr')),
                message TEXT,
                fly_level TEXT,
                fly_instance TEXT,
                fly_region TEXT,
                PRIMARY KEY (source, deployment_id, position),
                FOREIGN KEY (source, deployment_id) REFERENCES cached_deployments ON DELETE CASCADE
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS idx_deployment_logs_timestamp ON deployment_logs (source, deployment_id, timestamp);
            CREATE TABLE IF NOT EXISTS deployment_machines (
                source TEXT NOT NULL,
                deployment_id TEXT NOT NULL,
                machine_id TEXT NOT NULL,
                PRIMARY KEY (source, deployment_id)
            );
            CREATE TABLE IF NOT EXISTS deployment_titles (
                deployment_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                error_message TEXT
            );
            PRAGMA application_id = \(applicationID);
            PRAGMA user_version = \(schemaVersion);
            COMMIT;
            """

    private static func createSchema(in database: Database) throws(SQLiteError) {
        try database.query("PRAGMA journal_mode = WAL")
        try database.execute(schema)
    }

    // MARK: - Reading

    /// The cached history of one deployment (empty when none).
    public func history(for key: CacheKey) throws(CacheProblem) -> CachedHistory {
        do { return try readHistory(key) } catch { throw unavailable(error) }
    }

    private func readHistory(_ key: CacheKey) throws(SQLiteError) -> CachedHistory {
        let updated = try database.query(
            "SELECT updated_at FROM cached_deployments WHERE source = ?1 AND deployment_id = ?2",
            [.text(key.source), .text(key.deploymentID)]).first?.first?.integer
        return CachedHistory(items: try readRows(key).map(\.item),
                             updatedAt: updated.map(LogTimestamp.init(nanosecondsSinceEpoch:)))
    }

    /// The stored rows of a deployment with their positions, oldest first.
    private func readRows(_ key: CacheKey) throws(SQLiteError) -> [(position: Int64, item: CachedItem)] {
        let rows = try database.query("""
            SELECT position, kind, timestamp, stream, message, fly_level, fly_instance, fly_region FROM deployment_logs
            WHERE source = ?1 AND deployment_id = ?2 ORDER BY position
            """, [.text(key.source), .text(key.deploymentID)])
        return rows.compactMap { row in
            guard let position = row[0].integer else { return nil }
            guard row[1].text == "line" else { return (position, .gap) }
            guard let nanos = row[2].integer, let stream = row[3].text.flatMap(LogStream.init), let message = row[4].text
            else { return nil }
            let origin = row[5].text.map { FlyOrigin(level: $0, instance: row[6].text, region: row[7].text) }
            let entry = LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: nanos), stream: stream, message: message,
                                 origin: origin)
            return (position, .line(entry))
        }
    }

    // MARK: - Writing

    /// Merges a successfully fetched window into a deployment's history and returns the result.
    public func merge(_ window: FetchedWindow, for key: CacheKey) throws(CacheProblem) -> [CachedItem] {
        do {
            return try database.transaction {
                let stored = try readRows(key)
                let merged = LogMerger.merge(window, into: stored.map(\.item), retainedLines: Self.retainedLines)
                try write(merged, over: stored, of: key)
                return merged
            }
        } catch let error as SQLiteError {
            throw unavailable(error)
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
    }

    /// Stores `merged`, touching only the rows that differ from `stored` (see ``CacheRewrite``).
    private func write(_ merged: [CachedItem], over stored: [(position: Int64, item: CachedItem)],
                       of key: CacheKey) throws(SQLiteError) {
        let source = SQLiteValue.text(key.source), deployment = SQLiteValue.text(key.deploymentID)
        try database.query("""
            INSERT INTO cached_deployments (source, deployment_id, updated_at) VALUES (?1, ?2, ?3)
            ON CONFLICT (source, deployment_id) DO UPDATE SET updated_at = ?3
            """, [source, deployment, .integer(LogTimestamp.now().nanosecondsSinceEpoch)])

        let plan = CacheRewrite.plan(stored: stored.map(\.item), merged: merged)
        var nextPosition: Int64 = 0
        if plan.count == 0 {
            try database.query("DELETE FROM deployment_logs WHERE source = ?1 AND deployment_id = ?2", [source, deployment])
        } else {
            let keptFirst = stored[plan.start].position, keptLast = stored[plan.start + plan.count - 1].position
            try database.query("""
                DELETE FROM deployment_logs WHERE source = ?1 AND deployment_id = ?2 AND (position < ?3 OR position > ?4)
                """, [source, deployment, .integer(keptFirst), .integer(keptLast)])
            nextPosition = keptLast + 1
        }
        guard plan.count < merged.count else { return }
        let insert = try database.prepare("""
            INSERT INTO deployment_logs (source, deployment_id, position, kind, timestamp, stream, message,
                                         fly_level, fly_instance, fly_region)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        for item in merged[plan.count...] {
            let position = SQLiteValue.integer(nextPosition)
            nextPosition += 1
            if let entry = item.entry {
                let origin = entry.origin
                try insert.run([source, deployment, position, .text("line"), .integer(entry.timestamp.nanosecondsSinceEpoch),
                                .text(entry.stream.rawValue), .text(entry.message),
                                origin.map { .text($0.level) } ?? .null, origin?.instance.map { .text($0) } ?? .null,
                                origin?.region.map { .text($0) } ?? .null])
            } else {
                try insert.run([source, deployment, position, .text("gap"), .null, .null, .null, .null, .null, .null])
            }
        }
    }

    func unavailable(_ error: SQLiteError) -> CacheProblem {
        .unusable(path: path, reason: error.message)
    }
}
