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

    /// The cursor of a `deployment_log_cursors` row (`nil` when there is none).
    init?(storedMachine machine: String?, token: String?, boundaryLines: Int?) {
        guard let machine, let nanoseconds = token.flatMap(Int64.init) else { return nil }
        self.init(machineID: machine, nanoseconds: nanoseconds, boundaryLines: boundaryLines ?? 0)
    }
}

/// What a collection step may overwrite: the replica that holds the deployment's lease, and the
/// cursor the step started from (`nil`: none stored yet).
public struct CollectionFence: Sendable, Equatable {
    public var replica: UUID
    public var expected: FlyCursor?

    public init(replica: UUID, expected: FlyCursor?) {
        self.replica = replica
        self.expected = expected
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
    /// never sees more than the retained lines, nor lines without their cursor. The transaction
    /// commits only while `fence`'s replica holds the deployment's lease and the stored cursor is
    /// still the one the step started from, so two replicas never store the same lines; and it
    /// announces the new lines' `seq` range on ``LineAnnouncement/channel`` as it commits.
    /// - Throws: ``StorageError/deploymentGone`` when the deployment row was deleted meanwhile,
    ///   ``StorageError/superseded`` when the lease or the cursor moved on.
    public func append(_ lines: [StoredLine], deployment: UUID, cursor: FlyCursor, fence: CollectionFence) async throws(StorageError) {
        let times = lines.map(\.timestampMicros)
        let streams = lines.map(\.stream.rawValue)
        let messages = lines.map(\.message)
        let token = String(cursor.nanoseconds)
        let boundary = cursor.boundaryLines
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await Self.check(fence, deployment: deployment, on: connection, logger: logger)
                if !lines.isEmpty {
                    let rows = try await connection.query("""
                        WITH inserted AS (
                            INSERT INTO deployment_logs (deployment_id, "timestamp", stream, message)
                            SELECT \(deployment), timestamptz 'epoch' + line.micros * interval '1 microsecond', line.stream, line.message
                            FROM unnest(\(times)::bigint[], \(streams)::text[], \(messages)::text[]) WITH ORDINALITY
                                AS line(micros, stream, message, position)
                            ORDER BY line.position
                            RETURNING seq)
                        SELECT min(seq), max(seq) FROM inserted
                        """, logger: logger)
                    for try await (first, last) in rows.decode((Int64, Int64).self) {
                        let announcement = LineAnnouncement(deployment: deployment, firstSeq: first, lastSeq: last)
                        try await connection.query("SELECT pg_notify(\(LineAnnouncement.channel), \(announcement.payload))", logger: logger)
                    }
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

    /// Locks the deployment's lease row for the transaction (a replica claiming it waits) and
    /// checks that `fence` still holds.
    private static func check(_ fence: CollectionFence, deployment: UUID, on connection: PostgresConnection,
                              logger: Logger) async throws {
        let rows = try await connection.query("""
            SELECT c.machine_id, c.next_token, c.boundary_lines FROM deployment_log_leases l
            LEFT JOIN deployment_log_cursors c ON c.deployment_id = l.deployment_id
            WHERE l.deployment_id = \(deployment) AND l.replica_id = \(fence.replica) FOR UPDATE OF l
            """, logger: logger)
        for try await (machine, token, boundary) in rows.decode((String?, String?, Int?).self) {
            guard FlyCursor(storedMachine: machine, token: token, boundaryLines: boundary) == fence.expected else { throw StorageError.superseded }
            return
        }
        throw StorageError.superseded
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

    /// The deployment's lines stored with a `seq` after `afterSeq` and (when given) up to
    /// `throughSeq`, in the order they were stored, and the last `seq` among them.
    public func lines(deployment: UUID, afterSeq: Int64, throughSeq: Int64?) async throws(StorageError)
        -> (lines: [StoredLine], lastSeq: Int64?) {
        do {
            let rows = try await client.query("""
                SELECT seq, (extract(epoch FROM "timestamp") * 1000000)::bigint, stream, message FROM deployment_logs
                WHERE deployment_id = \(deployment) AND seq > \(afterSeq) AND (\(throughSeq)::bigint IS NULL OR seq <= \(throughSeq)::bigint)
                ORDER BY seq
                """, logger: logger)
            var lines: [StoredLine] = []
            var lastSeq: Int64?
            for try await (seq, micros, stream, message) in rows.decode((Int64, Int64, String, String).self) {
                lines.append(StoredLine(timestampMicros: micros, stream: LogStream(rawValue: stream) ?? .stdout, message: message))
                lastSeq = seq
            }
            return (lines, lastSeq)
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
