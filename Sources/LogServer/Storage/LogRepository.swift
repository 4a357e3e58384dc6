import FoundationEssentials
import LogClient
import Logging
import PostgresNIO

/// Where a deployment's Fly log was read up to: Fly's nanosecond cursor of the newest line
/// stored, and how many lines at exactly that nanosecond are stored (see ``FlyResume``).
public struct FlyCursor: Sendable, Equatable {
    /// The machine the cursor belongs to; a deployment given a new machine starts afresh.
    public var machineID: String
    /// Nanoseconds since the epoch of the newest line read.
    public var nanoseconds: Int64
    /// Lines at exactly ``nanoseconds`` already stored.
    public var boundaryLines: Int

    public init(machineID: String, nanoseconds: Int64, boundaryLines: Int) {
        self.machineID = machineID
        self.nanoseconds = nanoseconds
        self.boundaryLines = boundaryLines
    }
}

/// `deployment_logs` and `deployment_log_cursors`: lines in, newest lines out.
public struct LogRepository: Sendable {
    /// The plan's retention: the newest lines kept per deployment.
    public static let retainedLines = 1000

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Stores `lines` (oldest first) and the cursor they advance to, and trims the deployment to
    /// its newest ``retainedLines`` by (`timestamp`, `seq`), all in one transaction: a reader
    /// never sees more than the retained lines, nor lines without their cursor.
    /// - Throws: ``StorageError/deploymentGone`` when the deployment row was deleted meanwhile.
    public func append(_ lines: [StoredLine], deployment: UUID, cursor: FlyCursor) async throws(StorageError) {
        let times = lines.map(\.timestampMicros)
        let streams = lines.map(\.stream.rawValue)
        let messages = lines.map(\.message)
        let token = String(cursor.nanoseconds)
        let boundary = cursor.boundaryLines
        do {
            try await client.withTransaction(logger: logger) { connection in
                if !lines.isEmpty {
                    try await connection.query("""
                        INSERT INTO deployment_logs (deployment_id, "timestamp", stream, message)
                        SELECT \(deployment), timestamptz 'epoch' + line.micros * interval '1 microsecond', line.stream, line.message
                        FROM unnest(\(times)::bigint[], \(streams)::text[], \(messages)::text[]) WITH ORDINALITY
                            AS line(micros, stream, message, position)
                        ORDER BY line.position
                        """, logger: logger)
                    try await connection.query("""
                        DELETE FROM deployment_logs WHERE deployment_id = \(deployment) AND id IN (
                            SELECT id FROM deployment_logs WHERE deployment_id = \(deployment)
                            ORDER BY "timestamp" DESC, seq DESC OFFSET \(Self.retainedLines))
                        """, logger: logger)
                }
                try await connection.query("""
                    INSERT INTO deployment_log_cursors (deployment_id, machine_id, next_token, boundary_lines, updated_at)
                    VALUES (\(deployment), \(cursor.machineID), \(token), \(boundary), now())
                    ON CONFLICT (deployment_id) DO UPDATE SET machine_id = EXCLUDED.machine_id,
                        next_token = EXCLUDED.next_token, boundary_lines = EXCLUDED.boundary_lines, updated_at = now()
                    """, logger: logger)
            }
        } catch {
            throw StorageError(error)
        }
    }

    /// The newest `limit` lines of a deployment (of one stream, when given), oldest first: the
    /// plan's query, with `seq` ordering lines that share a timestamp.
    public func newest(deployment: UUID, limit: Int, stream: LogStream?) async throws(StorageError) -> [StoredLine] {
        let streamName = stream?.rawValue
        do {
            let rows = try await client.query("""
                SELECT (extract(epoch FROM "timestamp") * 1000000)::bigint, stream, message FROM deployment_logs
                WHERE deployment_id = \(deployment) AND (\(streamName)::text IS NULL OR stream = \(streamName)::text)
                ORDER BY "timestamp" DESC, seq DESC LIMIT \(limit)
                """, logger: logger)
            var lines: [StoredLine] = []
            for try await (micros, stream, message) in rows.decode((Int64, String, String).self) {
                lines.append(StoredLine(timestampMicros: micros, stream: LogStream(rawValue: stream) ?? .stdout, message: message))
            }
            return lines.reversed()
        } catch {
            throw StorageError(error)
        }
    }

    /// How many lines a deployment holds.
    public func count(deployment: UUID) async throws(StorageError) -> Int {
        do {
            let rows = try await client.query("SELECT count(*) FROM deployment_logs WHERE deployment_id = \(deployment)",
                                              logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        } catch {
            throw StorageError(error)
        }
    }
}
