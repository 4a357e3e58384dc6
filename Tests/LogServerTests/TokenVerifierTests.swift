import FoundationEssentials
import JWTKit
import LogServer
import Testing

/// The backend's token rules (backend/app/core/auth.py under PyJWT), case by case.
@Suite struct TokenVerifierTests {
    static let secret = "unit-test-secret-of-at-least-32-bytes"
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    struct Claims: JWTPayload {
        var sub: String?
        var email: String?
        var exp: Double?
        var iss: String?
        var aud: String?
        var nbf: Double?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    static func token(_ claims: Claims, secret: String = TokenVerifierTests.secret) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }

    func claims(exp offset: Double = 300, sub: String? = "6f9619ff-8b86-d011-b42d-00c04fc964ff") -> Claims {
        Claims(sub: sub, email: "ada@example.com", exp: now.timeIntervalSince1970 + offset)
    }

    func verify(_ claims: Claims, rules: TokenRules = TokenRules(secret: TokenVerifierTests.secret),
                secret: String = TokenVerifierTests.secret) async throws -> Result<TokenIdentity, AuthFailure> {
        let token = try await Self.token(claims, secret: secret)
        let verifier = await TokenVerifier(rules: rules)
        do { return .success(try await verifier.verify(token, now: now)) } catch { return .failure(error) }
    }

    @Test func aValidTokenGivesSubjectAndEmail() async throws {
        #expect(try await verify(claims()) == .success(TokenIdentity(subject: "6f9619ff-8b86-d011-b42d-00c04fc964ff",
                                                                       email: "ada@example.com")))
    }

    @Test func expiryHasSixtySecondsOfLeeway() async throws {
        #expect(try await verify(claims(exp: -59)).map(\.email) == .success("ada@example.com"))
        #expect(try await verify(claims(exp: -61)) == .failure(.expired))
        #expect(AuthFailure.expired.detail == "Token has expired. Please log in again.")
    }

    @Test func aWrongSecretIsAnInvalidSignature() async throws {
        #expect(try await verify(claims(), secret: "another-secret-of-at-least-32-bytes") == .failure(.invalidToken(reason: "InvalidSignatureError")))
        #expect(AuthFailure.invalidToken(reason: "InvalidSignatureError").detail == "Invalid token: InvalidSignatureError")
    }

    @Test func aShortSecretVerifiesWhatPyJWTSignedWithIt() async throws {
        // Made with Python's hmac for the secret "short-secret" (HS256, exp in 2100).
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2Zjk2MTlmZi04Yjg2LWQwMTEtYjQyZC0wMGMwNGZjOTY0ZmYiLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSIsImV4cCI6NDEwMjQ0NDgwMH0.KOv97LuugBN7tcPdKlFqflYjbUeYIf3P7BaUCIeX7Zo"
        let verifier = await TokenVerifier(rules: TokenRules(secret: "short-secret"))
        #expect(try await verifier.verify(token, now: now).email == "ada@example.com")
        let other = await TokenVerifier(rules: TokenRules(secret: "short-secreT"))
        await #expect(throws: AuthFailure.invalidToken(reason: "InvalidSignatureError")) { try await other.verify(token, now: now) }
    }

    @Test func requiredClaimsAreRequired() async throws {
        var missingEmail = claims()
        missingEmail.email = nil
        #expect(try await verify(missingEmail) == .failure(.invalidToken(reason: "MissingRequiredClaimError")))
        var missingExpiry = claims()
        missingExpiry.exp = nil
        #expect(try await verify(missingExpiry) == .failure(.invalidToken(reason: "MissingRequiredClaimError")))
        #expect(try await verify(claims(sub: nil)) == .failure(.invalidToken(reason: "MissingRequiredClaimError")))
    }

    @Test func aSubjectThatIsNoUUIDIsStillAValidToken() async throws {
        // The user is then found by email (the sign-in library's random sub is the usual case).
        #expect(try await verify(claims(sub: "github|12345")).map(\.subject) == .success("github|12345"))
    }

    @Test func issuerAndAudienceAreCheckedOnlyWhenConfigured() async throws {
        let rules = TokenRules(secret: Self.secret, issuer: "catwalk-live", audience: "catwalk-live-backend")
        var good = claims()
        good.iss = "catwalk-live"
        good.aud = "catwalk-live-backend"
        #expect(try await verify(good, rules: rules).map(\.email) == .success("ada@example.com"))
        var wrongAudience = good
        wrongAudience.aud = "someone-else"
        #expect(try await verify(wrongAudience, rules: rules) == .failure(.invalidToken(reason: "InvalidAudienceError")))
        var wrongIssuer = good
        wrongIssuer.iss = "elsewhere"
        #expect(try await verify(wrongIssuer, rules: rules) == .failure(.invalidToken(reason: "InvalidIssuerError")))
        #expect(try await verify(claims(), rules: rules) == .failure(.invalidToken(reason: "MissingRequiredClaimError")))
        // Not configured: a token with any audience passes, as the backend's verify_aud=False.
        #expect(try await verify(wrongAudience).map(\.email) == .success("ada@example.com"))
    }

    @Test func garbageIsADecodeError() async throws {
        let verifier = await TokenVerifier(rules: TokenRules(secret: Self.secret))
        for garbage in ["", "abc", "a.b.c", "not-base64!.x.y"] {
            await #expect(throws: AuthFailure.invalidToken(reason: "DecodeError")) { try await verifier.verify(garbage, now: now) }
        }
    }

    @Test func bearerHeadersAreReadAsFastAPIReadsThem() {
        #expect(Authenticator.bearerToken(fromAuthorization: "Bearer abc") == "abc")
        #expect(Authenticator.bearerToken(fromAuthorization: "bearer   abc ") == "abc")
        #expect(Authenticator.bearerToken(fromAuthorization: "Basic abc") == nil)
        #expect(Authenticator.bearerToken(fromAuthorization: "Bearer") == nil)
        #expect(Authenticator.bearerToken(fromAuthorization: nil) == nil)
    }
}
