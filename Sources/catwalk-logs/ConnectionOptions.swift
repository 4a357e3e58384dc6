#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import LogClient

/// Where the logs come from and how to sign in.
struct ConnectionOptions: ParsableArguments {
    static let defaultAPI = "http://localhost:8000"

    @Option(help: ArgumentHelp(
        "The Catwalk backend's base URL (default: $CATWALK_API_URL, else \(defaultAPI)).",
        valueName: "url"))
    var api: String?

    @Option(help: ArgumentHelp(
        "Read the API token from this file instead of $CATWALK_TOKEN (keep it chmod 600).",
        valueName: "path"), completion: .file())
    var tokenFile: String?

    @Option(help: ArgumentHelp(
        "Run this shell command for a fresh token, again when one expires (default: $CATWALK_TOKEN_COMMAND).",
        valueName: "command"))
    var tokenCommand: String?

    @Flag(help: "Allow sending the token over plain http:// to a host other than this machine.")
    var allowInsecureHTTP = false

    @Option(help: ArgumentHelp(
        "Verify the backend with the CA certificates in this PEM file instead of the system's (default: $CATWALK_CA_FILE).",
        valueName: "path"), completion: .file())
    var cacert: String?

    func validate() throws {
        if tokenFile != nil, tokenCommand != nil {
            throw ValidationError("--token-file and --token-command both give the token: pick one.")
        }
    }

    /// The CA file from `--cacert` or `CATWALK_CA_FILE`, if any.
    /// - Throws: ``LogClientError/caFileUnreadable(path:)`` when it cannot be read.
    func caFile(environment: [String: String]) throws(LogClientError) -> String? {
        guard let path = cacert ?? environment["CATWALK_CA_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard access(path, R_OK) == 0 else { throw .caFileUnreadable(path: path) }
        return path
    }

    /// The backend's base URL from `--api`, `CATWALK_API_URL` or the default.
    func baseURL(environment: [String: String]) -> String {
        api ?? environment["CATWALK_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultAPI
    }

    /// The endpoint from the flags and the environment. The token comes from the first of
    /// `--token-command`, `--token-file`, `CATWALK_TOKEN_COMMAND` and `CATWALK_TOKEN`; a
    /// command is run now, and again when the backend rejects its token.
    /// - Throws: ``LogClientError`` when the token would travel insecurely, the URL is unusable
    ///   the command gives no token, or the token file cannot be read.
    func endpoint(environment: [String: String], warn: (String) -> Void) throws(LogClientError) -> CatwalkEndpoint {
        let nonEmpty = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let base = baseURL(environment: environment)
        // The URL of the dashboard's API calls, pasted whole: every path would get /api twice.
        if base.split(separator: "?").first.map({ $0.hasSuffix("/api") || $0.hasSuffix("/api/") }) == true {
            warn("warning: \(api == nil ? "CATWALK_API_URL" : "--api") \(base) ends in /api, and catwalk-logs adds /api/deployments/… itself: give the backend's root URL (without /api) if deployments are not found.")
        }
        let credentials: CatwalkCredentials
        if let command = tokenCommand ?? (tokenFile == nil ? nonEmpty("CATWALK_TOKEN_COMMAND") : nil) {
            // Checked before the command runs: its token must not go out in clear text either.
            try CatwalkEndpoint(baseURL: base, token: "-").checkTransportSecurity(allowInsecureHTTP: allowInsecureHTTP)
            credentials = try CatwalkCredentials(command: TokenCommand(command))
        } else if let tokenFile {
            credentials = CatwalkCredentials(token: try TokenFile.read(path: tokenFile, warn: warn))
        } else {
            credentials = CatwalkCredentials(token: nonEmpty("CATWALK_TOKEN"))
        }
        let endpoint = CatwalkEndpoint(baseURL: base, credentials: credentials)
        try endpoint.checkTransportSecurity(allowInsecureHTTP: allowInsecureHTTP)
        return endpoint
    }
}

/// How long one request may take: `--timeout` (and kubectl's `--request-timeout`), a
/// duration as `wait --timeout` takes it (30, 30s, 2m; a bare number is seconds).
struct RequestOptions: ParsableArguments {
    @Option(name: [.customLong("timeout"), .customLong("request-timeout")],
            help: ArgumentHelp("Give up on a request after this long: seconds, or 30s, 2m.", valueName: "duration"))
    var timeoutText = "30"

    /// Whole seconds, at least 1; valid once `validate()` passed.
    var timeout: Int { RequestTimeout.seconds(in: timeoutText) ?? 30 }

    func validate() throws {
        try RequestTimeout.validate(timeoutText, flag: "--timeout")
    }
}

/// The one rule for a request's time limit, whichever flag gives it.
enum RequestTimeout {
    /// Whole seconds (rounded up), or `nil` when `text` is no duration of at least 1 second.
    static func seconds(in text: String) -> Int? {
        DurationText.seconds(in: text).flatMap { $0 >= 1 ? Int($0.rounded(.up)) : nil }
    }

    static func validate(_ text: String, flag: String) throws {
        guard seconds(in: text) != nil else {
            throw ValidationError("\(flag) '\(text)' is not a duration of at least 1 second, such as 30, 30s or 2m.")
        }
    }
}
