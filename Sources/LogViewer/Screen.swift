import LogClient

/// A run of text in one style.
public struct Span: Equatable, Sendable {
    public var text: String
    public var style: StyleRole

    public init(_ text: String, _ style: StyleRole) {
        self.text = text
        self.style = style
    }
}

/// A whole frame as a value: rows of styled spans, each row at most `size.columns` wide.
/// Rendered at a fixed size it compares as text (golden tests); the terminal paints it.
public struct Screen: Equatable, Sendable {
    public var size: ScreenSize
    public var rows: [[Span]]

    /// The characters of the frame, one line per row, trailing spaces trimmed.
    public var text: String {
        rows.map { row in
            var line = row.map(\.text).joined()
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The spans of `row` with the given style, as text (for assertions about styling).
    public func texts(in row: Int, styled style: StyleRole) -> [String] {
        rows[row].filter { $0.style == style }.map(\.text)
    }
}

extension Array where Element == Span {
    /// The spans cut to the columns `offset ..< offset + width`.
    func clipped(skippingColumns offset: Int, width: Int) -> [Span] {
        var result: [Span] = []
        var column = 0
        var remaining = width
        for span in self where remaining > 0 {
            let spanWidth = DisplayWidth.of(span.text)
            defer { column += spanWidth }
            guard column + spanWidth > offset else { continue }
            let visible = span.text.clipped(skippingColumns: Swift.max(0, offset - column), width: remaining)
            remaining -= DisplayWidth.of(visible)
            if !visible.isEmpty { result.append(Span(String(visible), span.style)) }
        }
        return result
    }

    /// The spans padded with `style` spaces to exactly `width` columns (clipped when longer).
    func padded(to width: Int, with style: StyleRole) -> [Span] {
        let clipped = clipped(skippingColumns: 0, width: width)
        let used = clipped.reduce(0) { $0 + DisplayWidth.of($1.text) }
        return used < width ? clipped + [Span(String(repeating: " ", count: width - used), style)] : clipped
    }
}
