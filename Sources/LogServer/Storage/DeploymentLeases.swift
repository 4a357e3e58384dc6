import FoundationEssentials
import Logging
import PostgresNIO

/// Shares the collecting out among the replicas of `catwalk-logd serve` on one database, with
/// leases in `deployment_log_leases` on PostgreSQL's clock: no coordinator but the database.
///
/// Each ``renew()`` (one transaction, serialised across replicas by an advisory lock):
/// 1. beats this replica's heartbeat in `deployment_log_replicas`;
/// 2. extends this replica's leases by ``lifetime``, and drops those of deployments without a machine;
/// 3. takes this replica's fair share, ⌈deployments ÷ live replicas⌉: unleased deployments and
///    those whose lease ran out (a replica that died) are claimed, and a replica holding more
///    than its share (because one started) lets the surplus go, so the work spreads;
/// 4. returns the deployments this replica now holds, with their stored cursors.
///
/// A lease is only a claim to work; what makes every line stored once is that a collection step
/// commits only while its replica holds the lease and only from the cursor it started at
/// (``LogRepository/append(_:deployment:cursor:fence:)``).
public struct DeploymentLeases: Sendable {
    /// This replica's id in `deployment_log_replicas` and `deployment_log_leases`.
    public let replica: UUID
    /// How long a lease holds without renewal: a replica killed is replaced within this and one
    /// renewal interval of another replica.
    public let lifetime: Duration

    /// The `NOTIFY` channel told when a replica joins or lets leases go, so the others renew at once.
    public static let releasedChannel = "catwalk_logd_leases"

    /// A key of `pg_advisory_xact_lock` that serialises the replicas' renewals.
    static let renewalLock: Int64 = 0x6361_7477_6c65_6173  // "catwleas"

    let client: PostgresClient
    let host: String
    let logger: Logger

    public init(client: PostgresClient, replica: UUID, host: String, lifetime: Duration = .seconds(10), logger: Logger) {
        self.client = client
        self.replica = replica
        self.host = host
        self.lifetime = lifetime
        self.logger = logger
    }

    /// What one renewal found.
    public struct Holding: Sendable, Equatable {
        /// The deployments this replica collects, with their cursors.
        public var targets: [CollectionTarget]
        /// Collecting replicas alive, this one included.
        public var replicas: Int
    }

    /// Beats the heartbeat, renews, claims and lets go as described above.
    public func renew() async throws(StorageError) -> Holding {
        let replica = replica, host = host, logger = logger
        let seconds = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.renewalLock))", logger: logger)
                let joined = try await connection.query("""
                    INSERT INTO deployment_log_replicas (replica_id, host) VALUES (\(replica), \(host))
                    ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now() RETURNING xmax = 0
                    """, logger: logger).decode(Bool.self).reduce(false) { $0 || $1 }
                // Replicas gone an hour: housekeeping only, a dead replica's leases run out by themselves.
                try await connection.query("DELETE FROM deployment_log_replicas WHERE heartbeat_at < now() - interval '1 hour'",
                                           logger: logger)
                try await connection.query("""
                    DELETE FROM deployment_log_leases l USING deployments d
                    WHERE l.deployment_id = d.id AND (d.machine_id IS NULL OR d.machine_id = '')
                    """, logger: logger)
                try await connection.query("""
                    UPDATE deployment_log_leases SET expires_at = now() + \(seconds) * interval '1 second'
                    WHERE replica_id = \(replica)
                    """, logger: logger)
                let (replicas, deployments, held) = try await Self.counts(connection, replica: replica, seconds: seconds, logger: logger)
                let share = (deployments + replicas - 1) / max(1, replicas)
                if held < share {
                    try await connection.query("""
                        INSERT INTO deployment_log_leases (deployment_id, replica_id, expires_at)
                        SELECT d.id, \(replica), now() + \(seconds) * interval '1 second'
                        FROM deployments d LEFT JOIN deployment_log_leases l ON l.deployment_id = d.id
                        WHERE d.machine_id IS NOT NULL AND d.machine_id <> '' AND (l.deployment_id IS NULL OR l.expires_at < now())
                        ORDER BY d.id LIMIT \(share - held)
                        ON CONFLICT (deployment_id) DO UPDATE SET replica_id = EXCLUDED.replica_id, expires_at = EXCLUDED.expires_at
                        WHERE deployment_log_leases.expires_at < now()
                        """, logger: logger)
                } else if held > share {
                    try await connection.query("""
                        DELETE FROM deployment_log_leases WHERE deployment_id IN (
                            SELECT deployment_id FROM deployment_log_leases WHERE replica_id = \(replica)
                            ORDER BY deployment_id DESC LIMIT \(held - share))
                        """, logger: logger)
                }
                // A replica that joined makes the others shed their surplus now; shed leases are taken now.
                if joined || held > share { try await Self.announceRelease(on: connection, replica: replica, logger: logger) }
                let targets = try await Self.held(connection, replica: replica, logger: logger)
                return Holding(targets: targets, replicas: replicas)
            }
        } catch {
            throw StorageError(error)
        }
    }

    /// Lets every lease go and removes the heartbeat (graceful shutdown): the other replicas
    /// take the deployments over at their next renewal instead of after ``lifetime``.
    public func releaseAll() async throws(StorageError) {
        let replica = replica, logger = logger
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM deployment_log_leases WHERE replica_id = \(replica)", logger: logger)
                try await connection.query("DELETE FROM deployment_log_replicas WHERE replica_id = \(replica)", logger: logger)
                try await Self.announceRelease(on: connection, replica: replica, logger: logger)
            }
        } catch {
            throw StorageError(error)
        }
    }

    private static func announceRelease(on connection: PostgresConnection, replica: UUID, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(releasedChannel), \(replica.uuidString.lowercased()))", logger: logger)
    }

    private static func counts(_ connection: PostgresConnection, replica: UUID, seconds: Double,
                               logger: Logger) async throws -> (replicas: Int, deployments: Int, held: Int) {
        let rows = try await connection.query("""
            SELECT (SELECT count(*) FROM deployment_log_replicas WHERE heartbeat_at > now() - \(seconds) * interval '1 second'),
                (SELECT count(*) FROM deployments WHERE machine_id IS NOT NULL AND machine_id <> ''),
                (SELECT count(*) FROM deployment_log_leases WHERE replica_id = \(replica))
            """, logger: logger)
        for try await (replicas, deployments, held) in rows.decode((Int, Int, Int).self) {
            return (max(1, replicas), deployments, held)
        }
        return (1, 0, 0)
    }

    private static func held(_ connection: PostgresConnection, replica: UUID, logger: Logger) async throws -> [CollectionTarget] {
        let rows = try await connection.query("""
            SELECT d.id, d.machine_id, d.status, c.machine_id, c.next_token, c.boundary_lines
            FROM deployment_log_leases l JOIN deployments d ON d.id = l.deployment_id
            LEFT JOIN deployment_log_cursors c ON c.deployment_id = d.id
            WHERE l.replica_id = \(replica)
            """, logger: logger)
        return try await CollectionTarget.decode(rows)
    }
}

/// A deployment the collector tails, with the cursor it was read to.
public struct CollectionTarget: Sendable, Equatable {
    public var deployment: UUID
    public var machineID: String
    public var status: String
    public var cursor: FlyCursor?

    /// Rows of (deployment id, machine, status, cursor's machine, token, boundary lines).
    static func decode(_ rows: PostgresRowSequence) async throws -> [CollectionTarget] {
        var targets: [CollectionTarget] = []
        for try await (id, machine, status, cursorMachine, token, boundary)
            in rows.decode((UUID, String, String, String?, String?, Int?).self) {
            let cursor = FlyCursor(storedMachine: cursorMachine, token: token, boundaryLines: boundary)
            targets.append(CollectionTarget(deployment: id, machineID: machine, status: status, cursor: cursor))
        }
        return targets
    }
}
