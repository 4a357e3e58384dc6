import LogText

/// Formats lines as `TIMESTAMP STREAM MESSAGE` for pipes and terminals, or `TIMESTAMP KEY
/// STREAM MESSAGE` when lines of several deployments are shown together.
///
/// The timestamp is RFC 3339 UTC with milliseconds; the key is padded to the widest key,
/// in its deployment's colour; a message holding line breaks becomes several output lines
/// with the same prefix; every line is sanitised.
public struct PlainFormatter: LineFormatter {
    /// Whether each line starts with its timestamp.
    public var showsTimestamps: Bool
    /// How the pieces are styled.
    public var theme: Theme
    /// The columns deployment keys are padded to (the widest key shown).
    public var keyWidth: Int

    /// Creates a formatter.
    public init(showsTimestamps: Bool = true, theme: Theme = Theme(usesColor: false), keyWidth: Int = 0) {
        self.showsTimestamps = showsTimestamps
        self.theme = theme
        self.keyWidth = keyWidth
    }

    /// The line that stands where lines may be missing (see ``CachedItem/gap``).
    public static let gapText = "… lines may be missing here …"

    /// Appends a cached item: a log line, or the gap line.
    public func append(_ item: CachedItem, to output: inout String) {
        if let entry = item.entry {
            append(entry, to: &output)
        } else {
            output += theme.paint(Self.gapText, as: .timestamp) + "\n"
        }
    }

    /// Appends the output lines of `entry`, each ending in `\n`, to `output`.
    public func append(_ entry: LogEntry, to output: inout String) {
        var prefix = ""
        if showsTimestamps {
            prefix += theme.paint(entry.timestamp.rfc3339Milliseconds, as: .timestamp) + " "
        }
        if let tag = entry.deployment {
            let padding = String(repeating: " ", count: max(0, keyWidth - tag.key.count))
            prefix += theme.paint(tag.key, as: .key(tag.color)) + padding + " "
        }
        let role = StyleRole.text(of: entry)
        // The stream word is coloured like its text in plain output (the viewer's tag is yellow).
        prefix += theme.paint(entry.stream.rawValue, as: role) + " "
        for line in TerminalSanitizer.displayLines(of: entry.message) {
            output += prefix
            output += theme.paint(line, as: role)
            output += "\n"
        }
    }
}
