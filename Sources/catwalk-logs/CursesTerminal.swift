import CNcurses
import LogClient
import LogViewer

/// The ncurses screen: the only file that imports CNcurses. It paints ``Screen`` values in
/// the theme's appearances and reports keys; it decides nothing.
@MainActor
final class CursesTerminal: Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private let theme: Theme
    private var isActive = true

    /// Takes over the terminal. `theme` comes from the resolved `--color` choice; without
    /// colours on this terminal, its colourless appearances are used.
    init(theme wanted: Theme) {
        if setlocale(LC_ALL, "") == nil || cw_locale_is_utf8() == 0 {
            setlocale(LC_ALL, "C.UTF-8")   // under LC_ALL=C every non-ASCII character would be lost
        }
        window = initscr()
        cbreak()
        noecho()
        nonl()
        // No look for typed-ahead keys between rows (a poll(2) per row, ~5 ms a full screen):
        // a frame is always painted whole, and keys are read right after it.
        typeahead(-1)
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        mousemask(cw_mouse_wheel_up() | cw_mouse_wheel_down(), nil)
        theme = Theme(usesColor: wanted.usesColor && has_colors())
        if theme.usesColor {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_YELLOW), -1)
            init_pair(2, Int16(COLOR_RED), -1)
            init_pair(3, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
            // Deployment keys: a terminal of 16 colours shows the bright forms, others the basic ones bold.
            for color in KeyColor.allCases {
                let bright = color.isBright && cw_color_count() >= 16
                init_pair(Self.firstKeyPair + Int16(color.rawValue), Int16(color.basicColorNumber + (bright ? 8 : 0)), -1)
            }
        }
    }

    /// The colour pair of the first key colour; the others follow.
    private static let firstKeyPair: Int16 = 10

    /// The terminal's size now.
    var size: ScreenSize {
        ScreenSize(columns: Int(getmaxx(window)), rows: Int(getmaxy(window)))
    }

    /// Gives the terminal back as it was. Safe to call twice.
    func restore() {
        guard isActive else { return }
        isActive = false
        endwin()
    }

    /// Waits up to `milliseconds` for input; `nil` when none came.
    func read(waitingMilliseconds milliseconds: Int32) -> TerminalInput? {
        wtimeout(window, milliseconds)
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == cw_key_code_yes() {
            return functionKey(Int32(character))
        }
        guard result == OK else { return nil }
        switch character {
        case 27: return .key(.escape)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    private func functionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if event.bstate & cw_mouse_wheel_up() != 0 { return .key(.wheelUp) }
            if cw_mouse_wheel_down() != 0, event.bstate & cw_mouse_wheel_down() != 0 { return .key(.wheelDown) }
            return nil
        default: return nil
        }
    }

    /// Paints a frame. The bottom-right cell is never written (it would scroll the screen).
    func paint(_ screen: Screen) {
        let columns = Int(getmaxx(window)), rows = Int(getmaxy(window))
        for y in 0..<rows {
            cw_clear_line(window, Int32(y), 0)
            guard y < screen.rows.count else { continue }
            var x = 0
            let limit = y == rows - 1 ? columns - 1 : columns
            for span in screen.rows[y] where x < limit {
                // Each span's width is measured once; only a span that overflows is cut.
                let spanWidth = DisplayWidth.of(span.text)
                let width = min(spanWidth, limit - x)
                guard width > 0 else { continue }
                let text = spanWidth > width ? String(span.text.clipped(width: width)) : span.text
                let characters = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                cw_put(window, Int32(y), Int32(x), characters, Int32(characters.count), attributes(for: span.style))
                x += width
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(for role: StyleRole) -> Int32 {
        let look = theme.appearance(of: role)
        var attributes: Int32 = 0
        switch look.color {
        case .yellow: attributes |= cw_color_pair(1)
        case .red: attributes |= cw_color_pair(2)
        case .blackOnYellow: attributes |= cw_color_pair(3)
        case .key(let color):
            attributes |= cw_color_pair(Int32(Self.firstKeyPair) + Int32(color.rawValue))
            if color.isBright, cw_color_count() < 16 { attributes |= cw_attr_bold() }
        case nil: break
        }
        if look.bold { attributes |= cw_attr_bold() }
        if look.dim { attributes |= cw_attr_dim() }
        if look.reverse { attributes |= cw_attr_reverse() }
        if look.underline { attributes |= cw_attr_underline() }
        return attributes
    }
}
