/// Whether to colour output, as asked on the command line.
public enum ColorChoice: String, Sendable, CaseIterable {
    case auto, always, never

    /// Decides once whether output is coloured.
    ///
    /// `always` and `never` win; `auto` colours only a terminal whose `TERM` is not
    /// `dumb`, and only when `NO_COLOR` is unset or empty (no-color.org).
    public func resolve(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            return isTerminal && environment["TERM"] != "dumb"
        }
    }
}

/// The named roles that output is styled by (the terminal viewer will share them).
public enum StyleRole: Sendable, CaseIterable {
    case stdoutText, stderrText, timestamp, stdoutTag, stderrTag
}

/// ANSI SGR styling for plain output: the same roles, as escape sequences.
public struct ANSITheme: Sendable {
    /// Whether any escape sequence is written at all.
    public let isEnabled: Bool

    /// Creates a theme; a disabled theme writes text unchanged.
    public init(enabled: Bool) {
        isEnabled = enabled
    }

    /// `text` wrapped in the role's escape sequence, or unchanged when the role has none.
    public func paint(_ text: String, as role: StyleRole) -> String {
        guard isEnabled, let code = Self.sgrCode(for: role) else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private static func sgrCode(for role: StyleRole) -> String? {
        switch role {
        case .stdoutText, .stdoutTag: return nil
        case .stderrText, .stderrTag: return "31"
        case .timestamp: return "2"
        }
    }
}
