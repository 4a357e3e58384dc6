import LogClient
import LogText

/// The decoders never trap, and every element they are given is an entry or a counted skip:
/// nothing is dropped silently, nothing doubled.
enum DecoderProperties {
    static func catwalkBody(_ input: [UInt8]) -> [String] {
        guard let decoded = try? CatwalkLogsDecoder.decode(input) else { return [] }
        guard let elements = JSONElementCount.logs(in: input) else {
            return ["a body without a readable logs array decoded to \(decoded.entries.count) entries"]
        }
        return accounted(entries: decoded.entries.count, skipped: decoded.skippedCount, of: elements, "logs elements")
    }

    static func liveMessage(_ input: [UInt8]) -> [String] {
        let text = String(decoding: input, as: UTF8.self)
        guard let decoded = try? CatwalkLogsDecoder.decodeLiveMessage(text) else { return [] }
        guard JSONElementCount.isObject(Array(text.utf8)) else { return ["a message that is no JSON object decoded"] }
        // A batch counts its elements; any other object is one line.
        let elements = JSONElementCount.logs(in: Array(text.utf8)) ?? 1
        return accounted(entries: decoded.entries.count, skipped: decoded.skippedCount, of: elements, "lines of the message")
    }

    static func flyBody(_ input: [UInt8]) -> [String] {
        guard let page = try? FlyLogsDecoder.decode(input) else { return [] }
        if input.first(where: { !isWhitespace($0) }) == UInt8(ascii: "{"), let elements = JSONElementCount.data(in: input) {
            let oldestFirst = zip(page.entries, page.entries.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp }
            return (oldestFirst ? [] : ["a JSON:API page's entries are not oldest first"])
                + accounted(entries: page.entries.count, skipped: page.skippedCount, of: elements, "data elements")
        }
        // NDJSON or text lines: one entry or skip per line that has text, never more than one per line.
        let lines = LineSplitter.lines(of: JSONBodyText.repaired(input))
        let written = lines.count { line in String(decoding: line, as: UTF8.self).contains { !$0.isWhitespace } }
        let total = page.entries.count + page.skippedCount
        guard total < written || total > lines.count else { return [] }
        return ["\(lines.count) lines (\(written) with text) gave \(page.entries.count) entries and \(page.skippedCount) skips"]
    }

    private static func accounted(entries: Int, skipped: Int, of elements: Int, _ what: String) -> [String] {
        if entries + skipped == elements, skipped >= 0 { return [] }
        return ["\(elements) \(what) gave \(entries) entries and \(skipped) skips"]
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// Text as the decoders read it.
enum JSONBodyText {
    /// The bytes with invalid UTF-8 replaced by U+FFFD.
    static func repaired(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}
