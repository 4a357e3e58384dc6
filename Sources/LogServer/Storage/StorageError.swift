import PostgresNIO

/// A failure of the database, as one sentence for operators; never the query's values.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made (down, refused, bad credentials, TLS).
    case unreachable(String)
    /// `DATABASE_URL` points at a database without the backend's `deployments` table.
    case notTheBackendsDatabase
    /// The deployment row is gone (deleted meanwhile): its lines have nowhere to go.
    case deploymentGone
    /// Another replica holds the deployment's lease now, or stored past the step's cursor: the
    /// step's lines are not stored (they are, or will be, by the one that holds it).
    case superseded
    /// The server answered with an error.
    case failed(sqlState: String, message: String)

    /// Classifies any error thrown by PostgresNIO or by this module.
    init(_ error: any Error) {
        if let error = error as? StorageError {
            self = error
        } else if let error = error as? PostgresTransactionError,
                  let cause = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError {
            self.init(cause)
        } else if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] {
                self = state == "23503" ? .deploymentGone
                    : state.hasPrefix("28") || state.hasPrefix("08") || state.hasPrefix("57P")
                    ? .unreachable(error.serverInfo?[.message] ?? state)
                    : .failed(sqlState: state, message: error.serverInfo?[.message] ?? "")
            } else {
                self = .unreachable(Self.describe(error.code))
            }
        } else {
            self = .unreachable(String(describing: type(of: error)))
        }
    }

    private static func describe(_ code: PSQLError.Code) -> String {
        switch code {
        case .connectionError: return "the connection failed"
        case .serverClosedConnection, .clientClosedConnection: return "the connection was closed"
        case .sslUnsupported: return "the server does not offer TLS (set sslmode=disable in DATABASE_URL)"
        case .poolClosed: return "the connection pool is shut down"
        default: return "\(code)"
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let detail):
            return "Cannot use the database: \(detail); check DATABASE_URL and that PostgreSQL is up."
        case .notTheBackendsDatabase:
            return "DATABASE_URL's database has no deployments table: point catwalk-logd at the Catwalk backend's own database (after its `alembic upgrade head`)."
        case .deploymentGone:
            return "The deployment no longer exists."
        case .superseded:
            return "Another replica collects the deployment now."
        case .failed(let state, let message):
            return "The database refused a statement (SQLSTATE \(state)): \(message)."
        }
    }
}
