/// What the diagnosis reads from a structured log line such as
/// `{"level":"error","msg":"db down","err":{"message":"connect ECONNREFUSED 10.0.0.2:5432"}}`.
struct JSONLogLine {
    /// The message followed by the error's message and code; `nil` when the object has none
    /// (then the whole line is matched). An `"error": null` adds nothing.
    let text: String?
    /// Whether the level field says the line is routine: info, debug, trace, or pino's ≤ 30.
    let isRoutine: Bool

    private static let messageKeys = ["msg", "message", "event", "log", "text"]
    private static let errorKeys = ["error", "err", "exception", "error.message"]
    private static let levelKeys = ["level", "severity", "levelname", "lvl", "log.level"]
    private static let routineLevels: Set<String> = ["trace", "debug", "info", "information", "notice", "verbose"]

    /// Whether `line` names a field this reads (a quick test before parsing: JSON-RPC traffic
    /// and other JSON need no parsing).
    static func mayBeStructured(_ line: Substring) -> Bool {
        let text = line.utf8
        return !text.contains(keyword: jsonRPC) && fieldNames.contains { text.contains(keyword: $0) }
    }

    private static let jsonRPC = Array(#""jsonrpc""#.utf8)
    private static let fieldNames = (messageKeys + errorKeys + levelKeys).map { Array("\"\($0)\"".utf8) }

    /// `nil` when `line` is not a JSON object.
    init?(_ line: Substring) {
        var parser = JSONParser(Array(line.utf8))
        guard case .object(let fields)? = parser.value() else { return nil }
        let message = Self.messageKeys.lazy.compactMap { fields[$0]?.string }.first
        let error = Self.errorKeys.lazy.compactMap { fields[$0].flatMap(Self.errorText) }.first
        let parts = [message, error, fields["code"]?.string].compactMap { $0 }
        text = parts.isEmpty ? nil : parts.joined(separator: " ")
        isRoutine = Self.levelKeys.lazy.compactMap { fields[$0] }.first.map(Self.isRoutine) ?? false
    }

    /// A string error, or the `type: message` of an error object.
    private static func errorText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text.isEmpty ? nil : text
        case .object(let fields):
            fields["message"]?.string.map { message in fields["type"]?.string.map { "\($0): \(message)" } ?? message }
        default: nil
        }
    }

    private static func isRoutine(_ level: JSONValue) -> Bool {
        switch level {
        case .string(let name): routineLevels.contains(name.lowercased())
        case .number(let value): value <= 30
        default: false
        }
    }
}

/// A JSON value, as far as the diagnosis needs one.
enum JSONValue {
    case string(String)
    case number(Double)
    case object([String: JSONValue])
    /// An array, `true`, `false` or `null`.
    case other

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }
}

/// A small JSON reader for one log line (arrays are skipped, not built).
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value at the cursor, or `nil` when the text is not JSON.
    mutating func value() -> JSONValue? {
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        default: return scalar()
        }
    }

    private mutating func object() -> JSONValue? {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if take(UInt8(ascii: "}")) { return .object(fields) }
        repeat {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")), let value = value() else { return nil }
            fields[key] = value
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? .object(fields) : nil
    }

    private mutating func array() -> JSONValue? {
        index += 1
        skipSpace()
        if take(UInt8(ascii: "]")) { return .other }
        repeat {
            guard value() != nil else { return nil }
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? .other : nil
    }

    /// A number, `true`, `false` or `null`.
    private mutating func scalar() -> JSONValue? {
        let start = index
        while index < bytes.count, !" \t,}]".utf8.contains(bytes[index]) { index += 1 }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        if let number = Double(token) { return .number(number) }
        return ["true", "false", "null"].contains(token) ? .other : nil
    }

    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var text: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"): guard unescape(into: &text) else { return nil }
            default: text.append(byte)
            }
        }
        return nil
    }

    private mutating func unescape(into text: inout [UInt8]) -> Bool {
        guard index < bytes.count else { return false }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"): text.append(0x20)
        case UInt8(ascii: "u"):
            guard index + 4 <= bytes.count,
                  let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { return false }
            index += 4
            text.append(contentsOf: String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
        default: text.append(escaped)
        }
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}

private extension Substring.UTF8View {
    func contains(keyword: [UInt8]) -> Bool {
        guard let first = keyword.first else { return true }
        var index = startIndex
        while let start = self[index...].firstIndex(of: first) {
            if self[start...].starts(with: keyword) { return true }
            index = self.index(after: start)
        }
        return false
    }
}
