import Foundation

/// The backend tokens the stand-in accepts: the fixed `--token`, and tokens minted by
/// `POST /_stand-in/tokens?ttl=SECONDS`, which expire like the web app's backend tokens
/// (zenchantlive/catwalk frontend/lib/backend-access-token.ts: HS256 JWTs that live 5
/// minutes). The stand-in's tokens are opaque strings: only their lifetime and the
/// backend's 401 sentences are modelled, not the JWT signature.
actor TokenRegistry {
    enum Verdict: Equatable { case valid, expired, unknown, missing }

    private let fixed: String
    private var minted: [String: ContinuousClock.Instant] = [:]
    private(set) var mintedCount = 0

    init(fixed: String) {
        self.fixed = fixed
    }

    /// A new token valid for `lifetime`.
    func mint(lifetime: Duration) -> String {
        mintedCount += 1
        let token = "minted-\(mintedCount)-" + UUID().uuidString.lowercased()
        minted[token] = .now + lifetime
        return token
    }

    /// What the backend would say of an `Authorization` header.
    func verdict(authorization header: String?) -> Verdict {
        guard let header else { return .missing }
        guard header.hasPrefix("Bearer ") else { return .unknown }
        return verdict(token: String(header.dropFirst("Bearer ".count)))
    }

    /// What the backend would say of a token.
    func verdict(token: String) -> Verdict {
        if token == fixed { return .valid }
        guard let expiry = minted[token] else { return .unknown }
        return ContinuousClock.now < expiry ? .valid : .expired
    }
}
