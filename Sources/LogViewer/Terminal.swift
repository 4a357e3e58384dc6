/// What a terminal reported.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize
}

/// The seam between the viewer's loop and a real terminal (ncurses, in the executable): it
/// paints ``Screen`` values and reports input; it decides nothing.
@MainActor
public protocol Terminal: AnyObject {
    /// The terminal's size now.
    var size: ScreenSize { get }
    /// Shows a screen.
    func paint(_ screen: Screen)
    /// Waits up to `milliseconds` for input; `nil` when none came.
    func read(waitingMilliseconds milliseconds: Int32) -> TerminalInput?
    /// Gives the terminal back as it was. Safe to call twice.
    func restore()
}
