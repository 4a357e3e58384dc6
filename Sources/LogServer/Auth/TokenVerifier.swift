import FoundationEssentials
import JWTKit

/// How the backend checks a web-app token (backend/app/core/auth.py, `verify_jwt_token`):
/// HS256 with `AUTH_SECRET` as UTF-8 bytes, `sub`, `email` and `exp` required, 60 seconds of
/// leeway, and `iss`/`aud` required and checked only when `AUTH_JWT_ISSUER`/`AUTH_JWT_AUDIENCE`
/// are set.
public struct TokenRules: Sendable {
    /// `AUTH_SECRET`: never printed or logged.
    public var secret: String
    /// `AUTH_JWT_ISSUER`, when set.
    public var issuer: String?
    /// `AUTH_JWT_AUDIENCE`, when set.
    public var audience: String?
    /// The backend's clock-skew allowance.
    public var leewaySeconds: Double = 60

    public init(secret: String, issuer: String? = nil, audience: String? = nil) {
        self.secret = secret
        self.issuer = issuer
        self.audience = audience
    }
}

/// Who a valid token says the caller is; ``Authenticator`` finds the user.
public struct TokenIdentity: Sendable, Equatable {
    public var subject: String
    public var email: String

    public init(subject: String, email: String) {
        self.subject = subject
        self.email = email
    }
}

/// Verifies tokens as PyJWT does for the backend, failing with the backend's sentences in the
/// order PyJWT checks: the token's form, its algorithm, the signature, then the claims
/// (required, `nbf`, `exp`, `iss`, `aud`).
public struct TokenVerifier: Sendable {
    private let rules: TokenRules
    private let keys: JWTKeyCollection

    /// Sets up the HS256 key from `rules.secret`.
    public init(rules: TokenRules) async {
        self.rules = rules
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Self.paddedKey(rules.secret)), digestAlgorithm: .sha256)
    }

    /// The secret's UTF-8 bytes, zero-padded to 32 when shorter. HMAC pads every key shorter
    /// than its 64-byte block with zeros (RFC 2104, section 2), so the signatures are the very
    /// ones PyJWT makes with the short secret; JWTKit only refuses keys under 32 bytes.
    static func paddedKey(_ secret: String) -> [UInt8] {
        let bytes = Array(secret.utf8)
        return bytes.count >= 32 ? bytes : bytes + [UInt8](repeating: 0, count: 32 - bytes.count)
    }

    /// The identity in `token`, checked at `now`.
    public func verify(_ token: String, now: Date = Date()) async throws(AuthFailure) -> TokenIdentity {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .invalidToken(reason: "DecodeError") }
        guard let header = Self.base64URLDecoded(segments[0]),
              let fields = try? JSONDecoder().decode(HeaderFields.self, from: header) else {
            throw .invalidToken(reason: "DecodeError")
        }
        guard fields.alg == "HS256" else { throw .invalidToken(reason: "InvalidAlgorithmError") }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .invalidToken(reason: "InvalidSignatureError")
        } catch {
            throw .invalidToken(reason: "DecodeError")
        }
        return try check(claims, now: now.timeIntervalSince1970)
    }

    private func check(_ claims: TokenClaims, now: Double) throws(AuthFailure) -> TokenIdentity {
        guard case .value(let subject) = claims.subject else {
            if case .malformed = claims.subject { throw .invalidToken(reason: "InvalidSubjectError") }
            throw .invalidToken(reason: "MissingRequiredClaimError")
        }
        guard case .value(let email) = claims.email, !Self.isAbsent(claims.expiration) else {
            throw .invalidToken(reason: "MissingRequiredClaimError")
        }
        if rules.issuer != nil, Self.isAbsent(claims.issuer) { throw .invalidToken(reason: "MissingRequiredClaimError") }
        if rules.audience != nil, Self.isAbsent(claims.audience) { throw .invalidToken(reason: "MissingRequiredClaimError") }
        switch claims.notBefore {
        case .malformed: throw .invalidToken(reason: "DecodeError")
        case .value(let notBefore) where notBefore > now + rules.leewaySeconds: throw .invalidToken(reason: "ImmatureSignatureError")
        default: break
        }
        guard case .value(let expiration) = claims.expiration else { throw .invalidToken(reason: "DecodeError") }
        if expiration <= now - rules.leewaySeconds { throw .expired }
        if let issuer = rules.issuer {
            guard case .value(let claimed) = claims.issuer, claimed == issuer else { throw .invalidToken(reason: "InvalidIssuerError") }
        }
        if let audience = rules.audience {
            guard case .value(let claimed) = claims.audience, claimed.contains(audience) else {
                throw .invalidToken(reason: "InvalidAudienceError")
            }
        }
        return TokenIdentity(subject: subject, email: email)
    }

    private static func isAbsent<Value>(_ claim: TokenClaims.Claim<Value>) -> Bool {
        if case .absent = claim { return true }
        return false
    }

    private struct HeaderFields: Decodable {
        let alg: String?
    }

    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

extension TokenRules: CustomStringConvertible, CustomDebugStringConvertible {
    /// The rules without the secret.
    public var description: String {
        "TokenRules(secret: <redacted>, issuer: \(issuer ?? "none"), audience: \(audience ?? "none"))"
    }
    public var debugDescription: String { description }
}
