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
              CATWALK_API_URL  the backend's base URL (default http://localhost:8000)
              CATWALK_TOKEN    the API token (a JWT from the Catwalk web app); never printed
              NO_COLOR         disables colour when set and not empty
              XDG_CACHE_HOME   where the cache lives

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
