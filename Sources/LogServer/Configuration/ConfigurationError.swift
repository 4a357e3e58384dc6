/// A setting catwalk-logd cannot run with. Each reads as one sentence naming the variable
/// and what to do; none repeats a secret's value.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `DATABASE_URL` is not set.
    case missingDatabaseURL
    /// `DATABASE_URL` cannot be read.
    case invalidDatabaseURL(reason: String)
    /// `AUTH_SECRET` is not set (or empty): without it no token can be checked.
    case missingAuthSecret
    /// A numeric setting is out of its range.
    case invalidNumber(variable: String, value: String, range: ClosedRange<Int>)
    /// A URL setting is not an http(s) URL.
    case invalidURL(variable: String, value: String)

    public var description: String {
        switch self {
        case .missingDatabaseURL:
            return "DATABASE_URL is not set: give catwalk-logd the Catwalk backend's own DATABASE_URL (postgres://user:password@host:5432/database)."
        case .invalidDatabaseURL(let reason):
            return "DATABASE_URL cannot be used: \(reason)."
        case .missingAuthSecret:
            return "AUTH_SECRET is not set: catwalk-logd checks the web app's tokens with the backend's AUTH_SECRET and refuses to serve without it."
        case .invalidNumber(let variable, let value, let range):
            return "\(variable)=\(value) is not a whole number from \(range.lowerBound) to \(range.upperBound)."
        case .invalidURL(let variable, let value):
            return "\(variable)=\(value) is not an http:// or https:// URL."
        }
    }
}
