import JWTKit

/// The claims of a web-app token that the backend reads (backend/app/core/auth.py): `sub`,
/// `email`, `exp`, and `iss`/`aud` when the backend is set to check them.
///
/// Every claim is decoded leniently so that a missing or malformed one becomes the backend's own
/// answer (PyJWT's `MissingRequiredClaimError`, `DecodeError`) rather than a decoding failure;
/// the checks themselves are ``TokenVerifier``'s, after the signature.
struct TokenClaims: JWTPayload {
    /// A claim that was absent, present and readable, or present and of the wrong type.
    enum Claim<Value: Sendable>: Sendable {
        case absent
        case value(Value)
        case malformed
    }

    var subject: Claim<String>
    var email: Claim<String>
    /// Seconds since the epoch; PyJWT takes any JSON number.
    var expiration: Claim<Double>
    var notBefore: Claim<Double>
    var issuer: Claim<String>
    /// `aud` as a string or a list of strings.
    var audience: Claim<[String]>

    private enum Keys: String, CodingKey {
        case sub, email, exp, nbf, iss, aud
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        subject = Self.claim(container, .sub, as: String.self)
        email = Self.claim(container, .email, as: String.self)
        expiration = Self.claim(container, .exp, as: Double.self)
        notBefore = Self.claim(container, .nbf, as: Double.self)
        issuer = Self.claim(container, .iss, as: String.self)
        switch Self.claim(container, .aud, as: String.self) {
        case .value(let single): audience = .value([single])
        case .absent: audience = .absent
        case .malformed: audience = Self.claim(container, .aud, as: [String].self)
        }
    }

    /// Only for minting test tokens; the service never signs.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if case .value(let value) = subject { try container.encode(value, forKey: .sub) }
        if case .value(let value) = email { try container.encode(value, forKey: .email) }
        if case .value(let value) = expiration { try container.encode(value, forKey: .exp) }
        if case .value(let value) = notBefore { try container.encode(value, forKey: .nbf) }
        if case .value(let value) = issuer { try container.encode(value, forKey: .iss) }
        if case .value(let value) = audience { try container.encode(value, forKey: .aud) }
    }

    /// The signature is JWTKit's to check; the claims are checked by ``TokenVerifier``.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    private static func claim<Value: Decodable & Sendable>(_ container: KeyedDecodingContainer<Keys>, _ key: Keys,
                                                            as type: Value.Type) -> Claim<Value> {
        guard container.contains(key), (try? container.decodeNil(forKey: key)) != true else { return .absent }
        guard let value = try? container.decode(Value.self, forKey: key) else { return .malformed }
        return .value(value)
    }
}
