/// The one rule for cutting text into lines, shared by the file and text decoders, the
/// screen layout, plain output and the diagnosis, so that "line N" means the same line
/// everywhere: lines end at `\n`; a `\r` before it belongs to the line break; a final line
/// break ends the last line rather than starting an empty one.
public enum LineSplitter {
    /// The lines of UTF-8 bytes (none for empty input), without their line breaks. Inlinable,
    /// so that callers in other modules get it specialised for their collection (unspecialised,
    /// every byte costs a witness call: 1.8 ms for the 1000 lines of a diagnosis).
    @inlinable
    public static func lines<Bytes: BidirectionalCollection>(of bytes: Bytes) -> [Bytes.SubSequence] where Bytes.Element == UInt8 {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.last == 0x0D ? $0.dropLast() : $0 }
    }

    /// The lines of a log message, as text: at least one (an empty message is an empty line).
    public static func lines(ofMessage message: String) -> [String] {
        let lines = lines(of: message.utf8).map { String(decoding: $0, as: UTF8.self) }
        return lines.isEmpty ? [""] : lines
    }
}
