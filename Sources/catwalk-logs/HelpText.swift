import LogClient

/// The parts of `--help` that are generated from tables, so they cannot drift.
enum HelpText {
    static var discussion: String {
        let codes = ExitStatus.allCases
            .map { "  \(String($0.rawValue).padding(toLength: 4)) \($0.meaning)" }
            .joined(separator: "\n")
        return """
            CACHE:
              The newest 1000 lines of every deployment fetched are kept in
              $XDG_CACHE_HOME/catwalk-logs (default ~/.cache/catwalk-logs) for --offline
              and for when the backend is unreachable.
              catwalk-logs cache list | cache clear [<deployment-id>] | cache path

            DIAGNOSIS:
              --diagnose names the likely cause of a failure (npm 404, missing key, port in
              use, out of memory…) and exits 1 when it finds one; --json gives one object per
              finding. catwalk-logs diagnose [FILE] does the same for saved log text.

            ENVIRONMENT:
              CATWALK_API_URL        the backend's base URL (default http://localhost:8000)
              CATWALK_TOKEN          the API token (a JWT from the Catwalk web app); never printed
              CATWALK_TOKEN_COMMAND  a command printing a fresh token, run again on 401
              CATWALK_CA_FILE        CA certificates (PEM) to verify the backend with
              CATWALK_FLY_APP        the Fly app (default catwalk-live-mcp-servers)
              FLY_ACCESS_TOKEN, FLY_API_TOKEN
                                     the Fly token (else access_token in ~/.fly/config.yml)
              FLY_CONFIG_DIR         where flyctl's config.yml is (default ~/.fly)
              FLY_API_BASE_URL       Fly's logs API (default https://api.fly.io)
              FLY_MACHINES_API_URL   Fly's Machines API (default https://api.machines.dev)
              CATWALK_LOGS_PING_INTERVAL
                                     seconds between the live stream's pings (default 30)
              https_proxy, http_proxy, no_proxy
                                     honoured as libcurl does
              NO_COLOR               disables colour when set and not empty
              XDG_CACHE_HOME         where the cache lives

            SHELL COMPLETION:
              catwalk-logs --generate-completion-script bash|zsh|fish

            EXIT CODES:
            \(codes)
            """
    }
}

extension String {
    /// The string followed by spaces up to `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
