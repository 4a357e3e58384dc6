import FoundationEssentials
import Logging
import PostgresNIO

/// A row of the backend's `users` table, as much as authentication needs.
public struct UserRecord: Sendable, Equatable {
    public var id: UUID
    public var email: String
}

/// A row of the backend's `deployments` table, without `access_token` (a secret) and with the
/// timestamps as microseconds of the naive UTC `timestamp without time zone` the backend stores.
public struct DeploymentRecord: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var status: String
    /// `schedule_config` as the JSON text stored.
    public var scheduleConfigJSON: String
    public var machineID: String?
    public var errorMessage: String?
    public var createdAtMicros: Int64
    public var updatedAtMicros: Int64
}

/// What ownership says of a deployment for a user.
public enum Ownership: Sendable, Equatable {
    case owned
    /// Unknown, or someone else's: the backend gives one answer for both.
    case notVisible
}

/// The backend's `users` and `deployments`, read only.
public struct DeploymentDirectory: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The user with this id.
    public func user(id: UUID) async throws(StorageError) -> UserRecord? {
        try await firstUser("SELECT id, email FROM users WHERE id = \(id)")
    }

    /// The user with this email.
    public func user(email: String) async throws(StorageError) -> UserRecord? {
        try await firstUser("SELECT id, email FROM users WHERE email = \(email)")
    }

    private func firstUser(_ query: PostgresQuery) async throws(StorageError) -> UserRecord? {
        do {
            for try await (id, email) in try await client.query(query, logger: logger).decode((UUID, String).self) {
                return UserRecord(id: id, email: email)
            }
            return nil
        } catch {
            throw StorageError(error)
        }
    }

    /// Whether `user` owns `deployment`.
    public func ownership(of deployment: UUID, by user: UUID) async throws(StorageError) -> Ownership {
        do {
            let rows = try await client.query("SELECT 1 FROM deployments WHERE id = \(deployment) AND user_id = \(user)",
                                              logger: logger)
            for try await _ in rows { return .owned }
            return .notVisible
        } catch {
            throw StorageError(error)
        }
    }

    /// The user's deployments, oldest first.
    public func deployments(of user: UUID) async throws(StorageError) -> [DeploymentRecord] {
        try await records("\(unescaped: Self.recordColumns) WHERE user_id = \(user) ORDER BY created_at, id")
    }

    /// The deployment when `user` owns it (nil when it is unknown or someone else's).
    public func deployment(_ deployment: UUID, ownedBy user: UUID) async throws(StorageError) -> DeploymentRecord? {
        try await records("\(unescaped: Self.recordColumns) WHERE id = \(deployment) AND user_id = \(user)").first
    }

    private static let recordColumns = """
        SELECT id, name, status, schedule_config::text, machine_id, error_message,
            (extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint
        FROM deployments
        """

    /// The rows of a query that selects ``recordColumns``.
    private func records(_ query: PostgresQuery) async throws(StorageError) -> [DeploymentRecord] {
        do {
            let rows = try await client.query(query, logger: logger)
            var records: [DeploymentRecord] = []
            for try await (id, name, status, schedule, machine, error, created, updated)
                in rows.decode((UUID, String, String, String?, String?, String?, Int64?, Int64?).self) {
                records.append(DeploymentRecord(id: id, name: name, status: status, scheduleConfigJSON: schedule ?? "{}",
                                                machineID: machine, errorMessage: error, createdAtMicros: created ?? 0,
                                                updatedAtMicros: updated ?? created ?? 0))
            }
            return records
        } catch {
            throw StorageError(error)
        }
    }

    /// Whether the database answers within two seconds.
    public func isReachable() async -> Bool {
        let client = client, logger = logger
        do {
            return try await Deadline.run(.seconds(2)) { () throws(StorageError) -> Bool in
                do {
                    for try await _ in try await client.query("SELECT 1", logger: logger) { return true }
                    return false
                } catch {
                    throw StorageError(error)
                }
            }
        } catch {
            return false
        }
    }
}
