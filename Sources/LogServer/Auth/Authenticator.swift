import FoundationEssentials
import LogText

/// Why a request cannot be authenticated: the token, or the database behind the user lookup.
public enum AuthenticationError: Error, Sendable, Equatable {
    case refused(AuthFailure)
    case storage(StorageError)
}

/// The backend's `get_current_user` (backend/app/core/auth.py): the bearer token verified, then
/// the user found by `sub` when it is a UUID that exists, else by `email`; when both name a user
/// the stored email must equal the claim. Anything else is 401 "Unauthorized".
public struct Authenticator: Sendable {
    let verifier: TokenVerifier
    let directory: DeploymentDirectory

    public init(verifier: TokenVerifier, directory: DeploymentDirectory) {
        self.verifier = verifier
        self.directory = directory
    }

    /// The bearer credentials of an `Authorization` header as FastAPI's `HTTPBearer` reads them:
    /// the scheme `Bearer` in any case, then the rest; `nil` when missing or another scheme.
    public static func bearerToken(fromAuthorization header: String?) -> String? {
        guard let header else { return nil }
        let trimmed = header.trimmingASCIIWhitespace()
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        let scheme = trimmed[..<space], credentials = trimmed[trimmed.index(after: space)...].trimmingASCIIWhitespace()
        guard scheme.lowercased() == "bearer", !credentials.isEmpty else { return nil }
        return String(credentials)
    }

    /// The user `token` belongs to.
    public func user(forToken token: String?) async throws(AuthenticationError) -> UserRecord {
        guard let token else { throw .refused(.notAuthenticated) }
        let identity: TokenIdentity
        do { identity = try await verifier.verify(token) } catch { throw .refused(error) }
        do {
            var user: UserRecord?
            if let id = PythonUUID.parse(identity.subject) { user = try await directory.user(id: id) }
            if user == nil, !identity.email.isEmpty { user = try await directory.user(email: identity.email) }
            guard let user, identity.email.isEmpty || user.email == identity.email else { throw AuthenticationError.refused(.unknownUser) }
            return user
        } catch let error as AuthenticationError {
            throw error
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .storage(StorageError(error))
        }
    }
}
