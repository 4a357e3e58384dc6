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

/// The named roles everything shown is styled by: plain output and the terminal viewer.
public enum StyleRole: Hashable, Sendable {
    case plain, stderrText, warningText, timestamp, tag, gap, header, banner, status, match, currentMatch, notice, evidence
    /// A deployment's key, when lines of several are shown together.
    case key(KeyColor)
}

/// A colour a role can have.
public enum ThemeColor: Sendable, Equatable {
    case yellow, red, blackOnYellow
    case key(KeyColor)
}

/// The fixed palette deployment keys are coloured from, as stern colours pods: never red,
/// the colour of stderr. The first five are the basic ANSI colours, the rest their bright forms.
public enum KeyColor: Int, Sendable, CaseIterable {
    case green, yellow, blue, magenta, cyan, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan

    /// The colour of the `index`th deployment: the palette in order, then again.
    public static func at(_ index: Int) -> KeyColor {
        allCases[index % allCases.count]
    }

    /// The SGR foreground code: 32–36, bright 92–96.
    public var ansiCode: Int {
        (rawValue < 5 ? 32 : 87) + rawValue
    }

    /// Whether it is a bright form (a terminal with 16 colours or more shows it).
    public var isBright: Bool { rawValue >= 5 }

    /// Its basic ANSI colour number (2 green … 6 cyan), bright or not.
    public var basicColorNumber: Int { 2 + rawValue % 5 }
}

/// How a role looks: a colour (only when colours are on) and attributes.
public struct Appearance: Sendable, Equatable {
    public var color: ThemeColor?
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false

    public init(color: ThemeColor? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false,
                underline: Bool = false) {
        self.color = color
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

/// The one theme: each role's appearance, decided once from the resolved `--color` choice.
/// Without colour, roles fall back to bold, reverse and dim, so stderr still stands out.
/// Plain output and the ncurses terminal both read it.
public struct Theme: Sendable {
    /// Whether colours are used.
    public let usesColor: Bool

    /// Creates the theme for a resolved colour choice.
    public init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    /// How `role` looks.
    public func appearance(of role: StyleRole) -> Appearance {
        switch role {
        case .plain: return Appearance()
        case .stderrText: return usesColor ? Appearance(color: .red) : Appearance(bold: true)
        case .warningText: return usesColor ? Appearance(color: .yellow) : Appearance()
        case .timestamp, .gap: return Appearance(dim: true)
        case .tag: return usesColor ? Appearance(color: .yellow) : Appearance(bold: true)
        case .header: return Appearance(bold: true, reverse: true)
        case .banner: return usesColor ? Appearance(color: .blackOnYellow, bold: true) : Appearance(bold: true, reverse: true)
        case .status, .match: return Appearance(reverse: true)
        case .currentMatch: return Appearance(bold: true, reverse: true, underline: true)
        case .notice: return Appearance(bold: true)
        case .evidence: return Appearance(color: usesColor ? .red : nil, bold: true, underline: true)
        // Without colour a key is plain: bold is how stderr stands out then.
        case .key(let color): return usesColor ? Appearance(color: .key(color)) : Appearance()
        }
    }

    /// `text` wrapped in the role's ANSI escape sequence, for plain output. Nothing is added
    /// without colour: a pipe or `NO_COLOR` gets the text alone.
    public func paint(_ text: String, as role: StyleRole) -> String {
        guard usesColor else { return text }
        let look = appearance(of: role)
        var codes: [String] = []
        if look.bold { codes.append("1") }
        if look.dim { codes.append("2") }
        if look.underline { codes.append("4") }
        if look.reverse { codes.append("7") }
        switch look.color {
        case .red: codes.append("31")
        case .yellow: codes.append("33")
        case .blackOnYellow: codes += ["30", "43"]
        case .key(let color): codes.append(String(color.ansiCode))
        case nil: break
        }
        return codes.isEmpty ? text : "\u{1B}[\(codes.joined(separator: ";"))m\(text)\u{1B}[0m"
    }
}

extension StyleRole {
    /// How a line's text is shown, in the viewer and in plain output alike: stderr in red,
    /// except the warnings tools write there on a healthy start (`npm warn deprecated …`,
    /// `WARNING: …`, Fly's `warn` level), in yellow; stdout plain.
    public static func text(of entry: LogEntry) -> StyleRole {
        guard entry.stream == .stderr else { return .plain }
        if let level = entry.origin?.level.lowercased(), level.hasPrefix("warn") { return .warningText }
        return isWarning(entry.message) ? .warningText : .stderrText
    }

    private static let warningStarts = ["npm warn", "warn ", "warn:", "warning:", "warning ", "[warn", "(node:"]

    /// Whether the line opens with a warning word (case aside; Node's `(node:123) Warning:` too).
    private static func isWarning(_ message: String) -> Bool {
        let start = message.prefix(40).drop { $0 == " " || $0 == "\t" }.lowercased()
        guard let word = warningStarts.first(where: start.hasPrefix) else { return false }
        return word != "(node:" || start.contains("warning:")
    }
}
