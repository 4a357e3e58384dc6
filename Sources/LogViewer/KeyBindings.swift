/// A key as the terminal reports it, independent of ncurses.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case escape, enter, backspace
    case wheelUp, wheelDown
}

/// Everything a person can ask the viewer to do.
public enum ViewerAction: Hashable, Sendable {
    case quit
    case lineDown, lineUp, pageDown, pageUp, top, bottom
    case cycleFilter, showAll, showStdout, showStderr
    case refresh
    case startSearch, nextMatch, previousMatch, filterText
    case nextError, previousError
    case showDiagnosis
    case toggleTimestamps, toggleWrap, scrollLeft, scrollRight
    case togglePause
    case cycleDeployment, save
    case toggleHelp
}

/// One row of the key table: the keys, what they do, and the help text.
public struct KeyBinding: Sendable {
    /// How the keys are written in help and the man page.
    public let label: String
    /// The keys that trigger it.
    public let keys: [Key]
    /// The action.
    public let action: ViewerAction
    /// What it does, for `?` and the man page.
    public let help: String
}

/// The one key table: it drives input handling, the `?` overlay and the man page's list.
public enum KeyBindings {
    public static let all: [KeyBinding] = [
        KeyBinding(label: "q Esc", keys: [.character("q"), .escape], action: .quit, help: "quit"),
        KeyBinding(label: "j ↓", keys: [.character("j"), .down, .wheelDown], action: .lineDown, help: "next line"),
        KeyBinding(label: "k ↑", keys: [.character("k"), .up, .wheelUp], action: .lineUp, help: "previous line"),
        KeyBinding(label: "PgDn Space", keys: [.pageDown, .character(" ")], action: .pageDown, help: "next page"),
        KeyBinding(label: "PgUp b", keys: [.pageUp, .character("b")], action: .pageUp, help: "previous page"),
        KeyBinding(label: "g Home", keys: [.character("g"), .home], action: .top, help: "first line"),
        KeyBinding(label: "G End", keys: [.character("G"), .end], action: .bottom, help: "last line (and stay there)"),
        KeyBinding(label: "s", keys: [.character("s")], action: .cycleFilter, help: "filter: all → stdout → stderr"),
        KeyBinding(label: "1", keys: [.character("1")], action: .showAll, help: "show both streams"),
        KeyBinding(label: "2", keys: [.character("2")], action: .showStdout, help: "show stdout only"),
        KeyBinding(label: "3", keys: [.character("3")], action: .showStderr, help: "show stderr only"),
        KeyBinding(label: "r", keys: [.character("r")], action: .refresh, help: "fetch again"),
        KeyBinding(label: "/", keys: [.character("/")], action: .startSearch,
                   help: "search (regex; case-insensitive unless it has capitals)"),
        KeyBinding(label: "&", keys: [.character("&")], action: .filterText,
                   help: "show only lines matching a regex (empty: all lines)"),
        KeyBinding(label: "n", keys: [.character("n")], action: .nextMatch, help: "next match"),
        KeyBinding(label: "N", keys: [.character("N")], action: .previousMatch, help: "previous match"),
        KeyBinding(label: "e", keys: [.character("e")], action: .nextError, help: "next stderr line"),
        KeyBinding(label: "E", keys: [.character("E")], action: .previousError, help: "previous stderr line"),
        KeyBinding(label: "d", keys: [.character("d")], action: .showDiagnosis, help: "jump to the diagnosed cause of a failure"),
        KeyBinding(label: "t", keys: [.character("t")], action: .toggleTimestamps, help: "timestamps on/off"),
        KeyBinding(label: "w", keys: [.character("w")], action: .toggleWrap, help: "wrap on/off (off: ← → scroll sideways)"),
        KeyBinding(label: "←", keys: [.left], action: .scrollLeft, help: "scroll left (wrap off)"),
        KeyBinding(label: "→", keys: [.right], action: .scrollRight, help: "scroll right (wrap off)"),
        KeyBinding(label: "f", keys: [.character("f")], action: .togglePause, help: "pause/resume live updates"),
        KeyBinding(label: "Tab", keys: [.character("\t")], action: .cycleDeployment,
                   help: "several deployments: all → each alone → all"),
        KeyBinding(label: "S", keys: [.character("S")], action: .save, help: "save what is shown to a file (.ndjson: NDJSON)"),
        KeyBinding(label: "?", keys: [.character("?")], action: .toggleHelp, help: "this help"),
    ]

    private static let byKey: [Key: ViewerAction] = {
        var table: [Key: ViewerAction] = [:]
        for binding in all { for key in binding.keys { table[key] = binding.action } }
        return table
    }()

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> ViewerAction? {
        byKey[key]
    }
}
