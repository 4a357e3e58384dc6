import LogClient
import LogViewer
import LogText

/// Display widths: a message's rows add up to the columns its text takes (no cell lost or
/// doubled by wrapping), no row is wider than the pane, and every painted row of the screen
/// fits the terminal exactly.
enum ScreenProperties {
    /// The first byte picks the width (20–119 columns), the second whether lines wrap; the
    /// rest is one log line's message.
    static func displayWidth(_ input: [UInt8]) -> [String] {
        guard input.count >= 2 else { return [] }
        let columns = 20 + Int(input[0]) % 100
        let message = String(decoding: input.dropFirst(2), as: UTF8.self)
        var state = ViewerState(title: DeploymentTitle(id: "fuzz", source: "fuzz"))
        state.wraps = input[1] & 1 == 0
        state.resize(to: ScreenSize(columns: columns, rows: 400))
        state.setItems([.line(LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: 0), stream: .stderr, message: message))])
        return paneProblems(state, message: message) + screenProblems(ScreenRenderer.render(state), columns: columns)
    }

    private static func paneProblems(_ state: ViewerState, message: String) -> [String] {
        var problems: [String] = []
        let rowWidths = state.layout.rows.map { DisplayWidth.of($0.text) }
        let available = max(state.size.columns - state.layout.prefixWidth, 2)
        if state.wraps, let widest = rowWidths.max(), widest > available {
            problems.append("a wrapped row takes \(widest) columns of \(available)")
        }
        if message.utf8.count <= PaneLayout.maximumLineLength {
            let expected = TerminalSanitizer.displayLines(of: message).reduce(0) { $0 + expandedWidth($1) }
            if rowWidths.reduce(0, +) != expected {
                problems.append("the rows take \(rowWidths.reduce(0, +)) columns, the text \(expected)")
            }
        }
        return problems
    }

    private static func screenProblems(_ screen: Screen, columns: Int) -> [String] {
        var problems: [String] = []
        for (index, row) in screen.rows.enumerated() {
            let width = row.reduce(0) { $0 + DisplayWidth.of($1.text) }
            if width > columns { problems.append("row \(index) paints \(width) cells on \(columns) columns") }
            if index == 0, width != columns { problems.append("the header paints \(width) cells, not \(columns)") }
        }
        return problems
    }

    /// The columns a line takes with tabs stopping at every eighth column.
    private static func expandedWidth(_ line: String) -> Int {
        line.reduce(0) { column, character in
            character == "\t" ? column + 8 - column % 8 : column + DisplayWidth.of(character)
        }
    }
}
