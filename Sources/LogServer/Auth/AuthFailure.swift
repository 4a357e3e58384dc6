/// Why a request is refused, with the backend's own status and `detail` sentence
/// (backend/app/core/auth.py, FastAPI's `HTTPBearer`), so the CLI and the web app read
/// catwalk-logd's refusals exactly as the backend's.
public enum AuthFailure: Error, Sendable, Equatable {
    /// No `Authorization: Bearer …` header (FastAPI's `HTTPBearer`).
    case notAuthenticated
    /// `exp` is more than the leeway in the past.
    case expired
    /// The token cannot be trusted; `reason` is PyJWT's exception name, as the backend words it
    /// (`Invalid token: InvalidSignatureError`).
    case invalidToken(reason: String)
    /// A valid token names no user of this database, or `sub` and `email` disagree.
    case unknownUser

    /// The HTTP status: 401 for all of them, as the backend answers.
    public var status: Int { 401 }

    /// The `detail` of the backend's error body.
    public var detail: String {
        switch self {
        case .notAuthenticated: return "Not authenticated"
        case .expired: return "Token has expired. Please log in again."
        case .invalidToken(let reason): return "Invalid token: \(reason)"
        case .unknownUser: return "Unauthorized"
        }
    }
}
