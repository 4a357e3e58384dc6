import FoundationEssentials

/// UUIDs read as Python's `uuid.UUID(text)` reads them, which is how the backend checks a
/// deployment id (`Invalid deployment ID format`) and a token's `sub`: `urn:` and `uuid:`
/// prefixes, braces and hyphens are dropped, and 32 hexadecimal digits must remain, so
/// `{6F9619FF-8B86-D011-B42D-00C04FC964FF}` and the bare 32 digits are ids too.
public enum PythonUUID {
    public static func parse(_ text: String) -> UUID? {
        var hex = Substring(text.replacingOccurrences(of: "urn:", with: "").replacingOccurrences(of: "uuid:", with: ""))
        while hex.first == "{" { hex.removeFirst() }
        while hex.last == "}" { hex.removeLast() }
        let digits = hex.filter { $0 != "-" }
        guard digits.count == 32, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        let characters = Array(digits)
        let canonical = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
        return UUID(uuidString: canonical)
    }
}
