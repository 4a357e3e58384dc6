/// Terminal column widths of text, in pure Swift (the same answers in tests and on screen):
/// East Asian wide characters and emoji take two columns, combining marks and format
/// characters none, everything else one.
public enum DisplayWidth {
    /// The columns one character (grapheme cluster) takes.
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            let scalarWidth = of(scalar)
            if scalarWidth == 2 { return 2 }
            if width == 0 { width = scalarWidth }
        }
        return width
    }

    /// The columns one scalar takes on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }   // fast path: Latin
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isEastAsianWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The columns a whole string takes.
    public static func of(_ text: some StringProtocol) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// Whether every character is printable ASCII, one column each (the common case, and a
    /// byte scan is far cheaper than walking grapheme clusters).
    static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// Tabs expanded to the next multiple of 8 columns (counted from the string's start).
    func expandingTabs() -> String {
        guard contains("\t") else { return self }
        var result = ""
        var column = 0
        for character in self {
            if character == "\t" {
                let spaces = 8 - column % 8
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += DisplayWidth.of(character)
            }
        }
        return result
    }

    /// Splits into pieces of at most `width` columns (a wide character never straddles).
    func wrapped(toWidth width: Int) -> [Substring] {
        let width = max(width, 2)
        var pieces: [Substring] = []
        var start = startIndex
        var column = 0
        var index = startIndex
        while index < endIndex {
            let characterWidth = DisplayWidth.of(self[index])
            if column + characterWidth > width {
                pieces.append(self[start..<index])
                start = index
                column = 0
            }
            column += characterWidth
            formIndex(after: &index)
        }
        pieces.append(self[start..<endIndex])
        return pieces
    }

    /// The beginning that fits in `width` columns.
    public func clipped(width: Int) -> Substring {
        clipped(skippingColumns: 0, width: width)
    }

    /// The part that fits in `width` columns after skipping `offset` columns.
    func clipped(skippingColumns offset: Int, width: Int) -> Substring {
        if DisplayWidth.isPrintableASCII(self) {
            let start = utf8.index(utf8.startIndex, offsetBy: min(offset, utf8.count))
            let end = utf8.index(start, offsetBy: min(max(width, 0), utf8.distance(from: start, to: utf8.endIndex)))
            return self[start..<end]
        }
        var column = 0
        var start = endIndex
        var index = startIndex
        while index < endIndex {
            if column >= offset { start = index; break }
            column += DisplayWidth.of(self[index])
            formIndex(after: &index)
        }
        var used = 0
        var end = start
        while end < endIndex {
            let characterWidth = DisplayWidth.of(self[end])
            if used + characterWidth > width { break }
            used += characterWidth
            formIndex(after: &end)
        }
        return self[start..<end]
    }
}
