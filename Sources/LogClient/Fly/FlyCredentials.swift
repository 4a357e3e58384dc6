import LogText

/// A Fly API token found the way flyctl finds it, and the `Authorization` header fly-go
/// sends for it.
///
/// Where (flyctl `internal/config/config.go`, `applyEnv` and the config file): the first
/// non-empty of `FLY_ACCESS_TOKEN`, `FLY_API_TOKEN`, then `access_token` in
/// `$FLY_CONFIG_DIR/config.yml` (default `~/.fly/config.yml`, written by `fly auth login`).
/// How (superfly/fly-go `tokens/tokens.go`, `Parse` and `BubblegumHeader`): a leading
/// `Bearer `/`FlyV1 ` (any case, repeated) and surrounding whitespace are stripped; the
/// value may hold several tokens joined by commas; macaroons (`fm1r_`, `fm1a_`, `fm2_`) go
/// out alone as `FlyV1 <m1>,<m2>`, and without any the rest go out as `Bearer <t1>,<t2>`.
public struct FlyCredentials: Sendable, Equatable {
    /// Where the token was found, for error sentences: a variable's name or the file's path.
    public let origin: String
    /// The value to send as `Authorization` (never printed).
    public let authorization: String

    /// Reads the token from `environment` and, failing that, from flyctl's config file as
    /// `readFile` returns it. `nil` when there is none.
    public static func discover(environment: [String: String], readFile: (String) -> String?) -> FlyCredentials? {
        for name in ["FLY_ACCESS_TOKEN", "FLY_API_TOKEN"] {
            if let value = environment[name], let credentials = FlyCredentials(token: value, origin: name) {
                return credentials
            }
        }
        let directory = environment["FLY_CONFIG_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? "") + "/.fly"
        let path = directory + "/config.yml"
        guard let text = readFile(path), let token = accessToken(inConfig: text) else { return nil }
        return FlyCredentials(token: token, origin: path)
    }

    /// flyctl's config file as text, read from disk; `nil` when it cannot be read.
    public static func readConfigFile(_ path: String) -> String? {
        FileBytes.read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Parses a token value; `nil` when nothing is left after stripping.
    public init?(token: String, origin: String) {
        let tokens = Self.strippingScheme(token).split(separator: ",")
            .map { String($0.trimmingASCIIWhitespace()) }.filter { !$0.isEmpty }
        guard !tokens.isEmpty else { return nil }
        let macaroons = tokens.filter { ["fm1r", "fm1a", "fm2"].contains($0.split(separator: "_").first.map(String.init)) }
        self.origin = origin
        authorization = macaroons.isEmpty ? "Bearer " + tokens.joined(separator: ",")
            : "FlyV1 " + macaroons.joined(separator: ",")
    }

    /// `StripAuthorizationScheme`: drops `Bearer ` or `FlyV1 ` (any case) as often as they lead.
    static func strippingScheme(_ token: String) -> String {
        var rest = token.trimmingASCIIWhitespace()
        while let space = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            let scheme = rest[..<space].lowercased()
            guard scheme == "bearer" || scheme == "flyv1" else { break }
            rest = rest[space...].trimmingASCIIWhitespace()
        }
        return String(rest)
    }

    /// The top-level `access_token:` scalar of flyctl's YAML config (plain, single- or
    /// double-quoted), the only key read from that file.
    static func accessToken(inConfig text: String) -> String? {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) where line.hasPrefix("access_token:") {
            var value = line.dropFirst("access_token:".count).trimmingASCIIWhitespace()
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                value = value.dropFirst().dropLast()
            } else if let comment = value.firstRange(of: " #") {
                value = value[..<comment.lowerBound].trimmingASCIIWhitespace()
            }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }
}

extension FlyCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// Where the token came from, never the token: whatever prints a value holding these
    /// (a service list in a debug log) shows no secret.
    public var description: String { "FlyCredentials(origin: \(origin), authorization: <redacted>)" }
    public var debugDescription: String { description }
}
