import LogClient
import LogText

/// JSON text built directly, in the field order FastAPI writes (the order of the backend's
/// models), without an encoder (the 1000-line logs body appends each line itself: StoredLine).
enum JSONText {
    /// A quoted JSON string.
    static func string(_ text: String) -> String {
        var output = ""
        JSONString.append(text, to: &output)
        return output
    }

    /// A quoted string, or `null`.
    static func string(_ text: String?) -> String {
        text.map(string) ?? "null"
    }

    /// An object of `fields`, whose values are JSON text already.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// An array of JSON texts.
    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }
}
