import Foundation
import SQLite

/// A deployment as `GET /api/deployments` lists it.
struct DeploymentRecord: Sendable, Equatable {
    var id: String
    var name: String
    var status: String
    var errorMessage: String?
    var createdAtMicros: Int64
    var updatedAtMicros: Int64
    /// The Fly machine the deployment runs on.
    var machineID: String?
}

/// One stored line: microseconds since the epoch (PostgreSQL's precision), stream, text.
struct StoredLine: Sendable, Equatable {
    var timestampMicros: Int64
    var stream: String
    var message: String

    /// The line as the API shows it: an element of the GET's `logs`, and a stream message.
    func apiObject(_ style: TimestampStyle) -> [String: String] {
        ["timestamp": style.isoformat(micros: timestampMicros), "stream": stream, "message": message]
    }
}

/// The stand-in's storage: the plan's `deployments` and `deployment_logs` tables in SQLite,
/// with its retention rule (the newest 1000 lines per deployment) applied on every insert.
actor LogStore {
    /// Lines kept per deployment.
    static let retainedLines = 1000

    /// Shared with the Fly half of the store (FlyStore.swift).
    let database: Database
    /// Live-stream subscribers per deployment: each receives every batch appended after it
    /// subscribed, in commit order.
    private var subscribers: [String: [UUID: AsyncStream<[StoredLine]>.Continuation]] = [:]

    init(path: String) throws {
        database = try Database(path: path)
        try database.execute("""
            PRAGMA foreign_keys = ON;
            CREATE TABLE IF NOT EXISTS deployments (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                error_message TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                machine_id TEXT
            );
            CREATE TABLE IF NOT EXISTS deployment_logs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                timestamp INTEGER NOT NULL,
                stream VARCHAR(10) NOT NULL CONSTRAINT check_stream_type CHECK (stream IN ('stdout', 'stderr')),
                message TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS idx_deployment_logs_timestamp ON deployment_logs (deployment_id, timestamp);
            """)
        try Self.createFlySchema(in: database)
        try Self.createGeneratorSchema(in: database)
    }

    /// Creates or replaces a deployment row (its lines stay).
    func upsertDeployment(_ deployment: DeploymentRecord) throws {
        try database.query("""
            INSERT INTO deployments (id, name, status, error_message, created_at, updated_at, machine_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(id) DO UPDATE SET name = ?2, status = ?3, error_message = ?4, updated_at = ?6,
                machine_id = COALESCE(?7, machine_id)
            """, [.text(deployment.id), .text(deployment.name), .text(deployment.status),
                  deployment.errorMessage.map { .text($0) } ?? .null,
                  .integer(deployment.createdAtMicros), .integer(deployment.updatedAtMicros),
                  deployment.machineID.map { .text($0) } ?? .null])
        if let machine = deployment.machineID {
            try addMachine(FlyMachineRecord(id: machine, deploymentID: deployment.id, state: FlyMachineRecord.state(of: deployment.status),
                                            createdAtMicros: deployment.createdAtMicros))
        }
    }

    /// Changes a deployment's status (and its Fly machine's state).
    func setStatus(of id: String, to status: String, errorMessage: String? = nil) throws {
        try database.query("UPDATE deployments SET status = ?2, error_message = ?3, updated_at = ?4 WHERE id = ?1",
                           [.text(id), .text(status), errorMessage.map { .text($0) } ?? .null, .integer(Clock.nowMicros())])
        try database.query("UPDATE fly_machines SET state = ?2 WHERE deployment_id = ?1",
                           [.text(id), .text(FlyMachineRecord.state(of: status))])
    }

    /// Whether a deployment with this id exists.
    func hasDeployment(_ id: String) throws -> Bool {
        try !database.query("SELECT 1 FROM deployments WHERE id = ?1", [.text(id)]).isEmpty
    }

    /// Every deployment, oldest first.
    func deployments() throws -> [DeploymentRecord] {
        try database.query("""
            SELECT id, name, status, error_message, created_at, updated_at, machine_id FROM deployments ORDER BY created_at
            """).map { row in
            DeploymentRecord(id: row[0].text ?? "", name: row[1].text ?? "", status: row[2].text ?? "",
                             errorMessage: row[3].text, createdAtMicros: row[4].integer ?? 0,
                             updatedAtMicros: row[5].integer ?? 0, machineID: row[6].text)
        }
    }

    /// Appends lines to a deployment and trims it to the newest ``retainedLines``, in one
    /// transaction (which records a generator's progress too, when they are its lines).
    func append(_ lines: [StoredLine], to deploymentID: String, generator: (job: Int64, stored: Int)? = nil) throws {
        try database.transaction {
            if let generator { try recordProgress(of: generator.job, stored: generator.stored) }
            let insert = try database.prepare("""
                INSERT INTO deployment_logs (deployment_id, timestamp, stream, message) VALUES (?1, ?2, ?3, ?4)
                """)
            for line in lines {
                try insert.run([.text(deploymentID), .integer(line.timestampMicros), .text(line.stream), .text(line.message)])
            }
            try database.query("""
                DELETE FROM deployment_logs WHERE deployment_id = ?1 AND id NOT IN (
                    SELECT id FROM deployment_logs WHERE deployment_id = ?1
                    ORDER BY timestamp DESC, id DESC LIMIT ?2)
                """, [.text(deploymentID), .integer(Int64(Self.retainedLines))])
            // The container's output reaches Fly's logs too, which keep it for days, not 1000 lines.
            if let machine = try database.query("SELECT machine_id FROM deployments WHERE id = ?1",
                                                [.text(deploymentID)]).first?.first?.text {
                try appendFlyLines(lines, machine: machine)
            }
        }
        for subscriber in subscribers[deploymentID, default: [:]].values { subscriber.yield(lines) }
    }

    /// Subscribes to the lines appended to a deployment from now on. The subscription is in
    /// place when this returns, so a client that fetches afterwards misses nothing.
    func subscribe(to deploymentID: String) -> AsyncStream<[StoredLine]> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<[StoredLine]>.makeStream()
        continuation.onTermination = { _ in Task { await self.unsubscribe(key, from: deploymentID) } }
        subscribers[deploymentID, default: [:]][key] = continuation
        return stream
    }

    /// Ends every live subscription of a deployment (its stream connections close, as when
    /// one worker of the backend restarts). Returns how many there were.
    func endSubscriptions(of deploymentID: String) -> Int {
        let ended = subscribers[deploymentID, default: [:]].values
        ended.forEach { $0.finish() }
        return ended.count
    }

    private func unsubscribe(_ key: UUID, from deploymentID: String) {
        subscribers[deploymentID]?[key] = nil
    }

    /// The plan's query: newest first, filtered by stream, `limit` of them, returned oldest first.
    func lines(of deploymentID: String, limit: Int, stream: String?) throws -> [StoredLine] {
        var sql = "SELECT timestamp, stream, message FROM deployment_logs WHERE deployment_id = ?1"
        var bindings: [SQLiteValue] = [.text(deploymentID), .integer(Int64(limit))]
        if let stream {
            sql += " AND stream = ?3"
            bindings.append(.text(stream))
        }
        sql += " ORDER BY timestamp DESC, id DESC LIMIT ?2"
        return try database.query(sql, bindings).reversed().map { row in
            StoredLine(timestampMicros: row[0].integer ?? 0, stream: row[1].text ?? "", message: row[2].text ?? "")
        }
    }

    /// How many lines a deployment holds.
    func lineCount(of deploymentID: String) throws -> Int {
        let rows = try database.query("SELECT COUNT(*) FROM deployment_logs WHERE deployment_id = ?1", [.text(deploymentID)])
        return Int(rows.first?.first?.integer ?? 0)
    }
}
