import FoundationEssentials
import LogClient
import LogText

/// The backend's `DATABASE_URL`, read as the backend and libpq read it.
///
/// The Catwalk backend is given `postgres://user:password@host:port/db?sslmode=disable` by Fly
/// and rewrites the scheme to `postgresql+psycopg://` for SQLAlchemy
/// (backend/app/core/config.py, `fix_postgres_url`); either form, and `postgresql://` and
/// `postgresql+asyncpg://`, are accepted here, so the service can share the backend's secret
/// as it is. User and password are percent-decoded; `sslmode` follows libpq's meaning.
public struct DatabaseURL: Sendable, Equatable {
    /// How to use TLS, libpq's `sslmode`.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP (what Fly's private network uses: `sslmode=disable`).
        case disable
        /// TLS when the server offers it (`allow` and `prefer`; libpq's default).
        case prefer
        /// TLS required, the certificate not checked (`require`, as libpq does without a root certificate).
        case require
        /// TLS required and the certificate checked against the system's roots (`verify-ca`, `verify-full`).
        case verify
    }

    public var host: String
    public var port: Int
    public var username: String
    /// Never printed: ``redacted`` is the form for messages.
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// The schemes accepted, those the backend's own settings take.
    public static let schemes = ["postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2", "postgresql+asyncpg"]

    /// Parses `text`; the error says what is wrong without repeating the password.
    public init(parsing text: String) throws(ConfigurationError) {
        let trimmed = String(text.trimmingASCIIWhitespace())
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw .invalidDatabaseURL(reason: "it is not a URL of the form postgres://user:password@host:5432/database")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard Self.schemes.contains(scheme) else {
            if scheme.hasPrefix("sqlite") {
                throw .invalidDatabaseURL(reason: "it names SQLite; catwalk-logd needs the backend's PostgreSQL database")
            }
            throw .invalidDatabaseURL(reason: "its scheme \(scheme):// is not one of \(Self.schemes.map { $0 + "://" }.joined(separator: ", "))")
        }
        var rest = Substring(trimmed[schemeEnd.upperBound...])
        var query = Substring()
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring()
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let (host, port) = try Self.hostAndPort(rest)
        self.host = host
        self.port = port
        username = "postgres"
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            username = try Self.decoded(parts[0], part: "user name")
            password = parts.count > 1 ? try Self.decoded(parts[1], part: "password") : nil
        }
        database = path.isEmpty ? username : try Self.decoded(path, part: "database name")
        tls = .prefer
        for pair in query.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard keyValue[0] == "sslmode" else { continue }
            let value = keyValue.count > 1 ? String(keyValue[1]).lowercased() : ""
            switch value {
            case "disable": tls = .disable
            case "allow", "prefer": tls = .prefer
            case "require": tls = .require
            case "verify-ca", "verify-full": tls = .verify
            default: throw .invalidDatabaseURL(reason: "sslmode=\(value) is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
        }
    }

    /// The URL with the password replaced by `***`, for log lines and errors.
    public var redacted: String {
        let credentials = password == nil ? username : username + ":***"
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(tls == .verify ? "verify-full" : tls.rawValue)"
    }

    private static func hostAndPort(_ text: Substring) throws(ConfigurationError) -> (String, Int) {
        guard !text.isEmpty else { throw .invalidDatabaseURL(reason: "it names no host") }
        var hostPart = text
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidDatabaseURL(reason: "its IPv6 host has no closing ]") }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard let portPart else { return (String(hostPart), 5432) }
        guard let port = Int(portPart), (1...65535).contains(port) else {
            throw .invalidDatabaseURL(reason: "its port \(portPart) is not a number from 1 to 65535")
        }
        return (String(hostPart), port)
    }

    private static func decoded(_ text: Substring, part: String) throws(ConfigurationError) -> String {
        guard let value = String(text).removingPercentEncoding else {
            throw .invalidDatabaseURL(reason: "its \(part) has a broken %-escape")
        }
        return value
    }
}

extension DatabaseURL: CustomStringConvertible, CustomDebugStringConvertible {
    /// ``redacted``: no password in any printed value.
    public var description: String { redacted }
    public var debugDescription: String { redacted }
}
