import LogClient

/// What `catwalk-logs --help` says beyond argument-parser's usage and options: short prose
/// first, the tables after the options (generated, so they cannot drift). Lines stay under
/// 78 columns, so nothing is re-wrapped into one-word lines.
enum HelpText {
    /// Before the usage: what the tool does, in a few lines.
    static let discussion = """
        At a terminal it opens a viewer (? lists its keys, q quits); otherwise,
        or with --plain or --json, it prints one line per log line.
        catwalk-logs <id> is short for catwalk-logs logs <id>.
        """

    /// After the options: subcommands, environment, completion, exit codes.
    static var epilogue: String {
        let codes = ExitStatus.allCases
            .map { "  \(String($0.rawValue).padding(toLength: 4)) \($0.meaning)" }
            .joined(separator: "\n")
        return """

            SUBCOMMANDS:
              logs (default)          show a deployment's logs (these options)
              list                    your deployments: name, status, id, age (--json)
              wait <deployment>       follow until it is up (0), fails (7), times out (8)
              diagnose [<file>]       name the likely cause of a failure in saved text
              cache list|clear|path   look after the local cache of the newest lines
              help [<subcommand>]     help for a subcommand

            ENVIRONMENT:
              CATWALK_API_URL        the backend's base URL (default http://localhost:8000)
              CATWALK_TOKEN          the API token (a JWT from the web app); never printed
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
              XDG_CACHE_HOME         where the cache lives (default ~/.cache)

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
