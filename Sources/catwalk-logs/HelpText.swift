import LogClient

/// The parts of `--help` that are generated from tables, so they cannot drift.
enum HelpText {
    static var discussion: String {
        let codes = ExitStatus.allCases
            .map { "  \(String($0.rawValue).padding(toLength: 4)) \($0.meaning)" }
            .joined(separator: "\n")
        return """
            ENVIRONMENT:
              CATWALK_API_URL  the backend's base URL (default http://localhost:8000)
              CATWALK_TOKEN    the API token (a JWT from the Catwalk web app); never printed
              NO_COLOR         disables colour when set and not empty

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
