/// A one-pass reader of the backend's usual shapes, `{"logs": [{"timestamp", "stream",
/// "message"}, …]}` and a single line object, straight from the bytes: no document tree, no
/// `Codable` containers, one copy of each string. JSONDecoder costs ~10 µs a line, which is
/// most of a 1000-line fetch and, at 10,000 live lines a second, most of a core.
///
/// It reads only well-formed JSON of those shapes. Anything else (a syntax error, a `logs`
/// that is no array, a key given twice, a lone surrogate, nesting deeper than 64) makes it
/// answer `nil`, and ``CatwalkLogsDecoder`` decides with JSONDecoder as before, so both ways
/// agree on every input (a test compares them). As there, an element that is no object or
/// lacks a readable field is skipped and counted; invalid UTF-8 in a string becomes U+FFFD.
struct LogLineScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private static let maximumDepth = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The lines of a logs body (`single`: or of one line object, as a live message may be);
    /// `nil` when the body is not plainly one of those shapes.
    static func decode(_ body: [UInt8], single: Bool) -> DecodedLogs? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = LogLineScanner(buffer)
            return scanner.document(single: single)
        }
    }

    // MARK: - Shapes

    private mutating func document(single: Bool) -> DecodedLogs? {
        guard let fields = object(collectingLogs: true) else { return nil }
        skipWhitespace()
        guard index == bytes.count else { return nil }
        if let logs = fields.logs { return logs }
        guard single else { return nil }
        return fields.entry.map { DecodedLogs(entries: [$0]) } ?? DecodedLogs(entries: [], skippedCount: 1)
    }

    /// What an object held: its line fields, and with `collectingLogs` its `logs` array.
    private struct Fields {
        var timestamp: String?, stream: String?, message: String?
        var unreadable = false
        var logs: DecodedLogs?

        var entry: LogEntry? {
            guard !unreadable, let timestamp = timestamp.flatMap(LogTimestamp.init(parsing:)),
                  let stream = stream.flatMap(LogStream.init(rawValue:)), let message else { return nil }
            return LogEntry(timestamp: timestamp, stream: stream, message: message)
        }
    }

    /// The keys this reader knows, as bit flags (a key given twice is left to JSONDecoder).
    private enum Key: UInt8 {
        case timestamp = 1, stream = 2, message = 4, logs = 8

        init?(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
            switch bytes.count {
            case 9 where bytes.elementsEqual("timestamp".utf8): self = .timestamp
            case 6 where bytes.elementsEqual("stream".utf8): self = .stream
            case 7 where bytes.elementsEqual("message".utf8): self = .message
            case 4 where bytes.elementsEqual("logs".utf8): self = .logs
            default: return nil
            }
        }
    }

    /// An object, its cursor on `{`. Known fields that are no string make the line unreadable.
    private mutating func object(collectingLogs: Bool) -> Fields? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var fields = Fields()
        var seen: UInt8 = 0
        if take(UInt8(ascii: "}")) { return fields }
        repeat {
            guard let keyBytes = plainKey(), take(UInt8(ascii: ":")) else { return nil }
            guard let key = Key(keyBytes), key != .logs || collectingLogs else {
                guard skipValue(depth: 1) else { return nil }
                continue
            }
            guard seen & key.rawValue == 0 else { return nil }
            seen |= key.rawValue
            if key == .logs {
                guard let logs = lines() else { return nil }
                fields.logs = logs
                continue
            }
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                guard skipValue(depth: 1) else { return nil }
                fields.unreadable = true
                continue
            }
            guard let value = string() else { return nil }
            switch key {
            case .timestamp: fields.timestamp = value
            case .stream: fields.stream = value
            default: fields.message = value
            }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? fields : nil
    }

    /// A key's bytes; `nil` for a key with escapes (rare: left to JSONDecoder) or no string.
    private mutating func plainKey() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        return bytes[start..<(index - 1)]
    }

    /// The `logs` array: each object element a line or a skip, any other element a skip.
    private mutating func lines() -> DecodedLogs? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var result = DecodedLogs(entries: [])
        if take(UInt8(ascii: "]")) { return result }
        repeat {
            skipWhitespace()
            if peek == UInt8(ascii: "{") {
                guard let fields = object(collectingLogs: false) else { return nil }
                if let entry = fields.entry { result.entries.append(entry) } else { result.skippedCount += 1 }
            } else {
                guard skipValue(depth: 2) else { return nil }
                result.skippedCount += 1
            }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? result : nil
    }

    // MARK: - Values

    /// Skips any value; `false` when it is not well-formed JSON.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else { return false }
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = peek == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            index += 1
            if take(close) { return true }
            repeat {
                if isObject { guard string() != nil, take(UInt8(ascii: ":")) else { return false } }
                guard skipValue(depth: depth + 1) else { return false }
            } while take(UInt8(ascii: ","))
            return take(close)
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] }) else { return false }
        index += count
        return true
    }

    /// A number as JSON writes it: `-? (0 | [1-9][0-9]*) frac? exp?`.
    private mutating func number() -> Bool {
        _ = take(UInt8(ascii: "-"), skippingWhitespace: false)
        if take(UInt8(ascii: "0"), skippingWhitespace: false) {
            guard peek.map({ !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) ?? true else { return false }
        } else {
            guard digits() > 0 else { return false }
        }
        if take(UInt8(ascii: "."), skippingWhitespace: false) { guard digits() > 0 else { return false } }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return true
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    /// A string, escapes resolved; `nil` for a control character, a bad escape or a lone surrogate.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
        }
        var text = Array(bytes[start..<index])
        while bytes[index] == UInt8(ascii: "\\") {
            index += 1
            guard index < bytes.count, unescape(into: &text) else { return nil }
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { return nil }
                text.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { return nil }
        }
        index += 1
        return String(decoding: text, as: UTF8.self)
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func unescape(into text: inout [UInt8]) -> Bool {
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            guard let scalar = unicodeEscape() else { return false }
            text.append(contentsOf: String(Character(scalar)).utf8)
        default: return false
        }
        return true
    }

    /// `XXXX` after `\u` (and a low surrogate's `\uXXXX` after a high one).
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hexUnit() else { return nil }
        guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(unit) }
        guard literal("\\u"), let low = hexUnit(), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hexUnit() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Bytes

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Takes `byte` when it comes next (after whitespace, unless told otherwise).
    private mutating func take(_ byte: UInt8, skippingWhitespace: Bool = true) -> Bool {
        if skippingWhitespace { skipWhitespace() }
        guard peek == byte else { return false }
        index += 1
        return true
    }
}
