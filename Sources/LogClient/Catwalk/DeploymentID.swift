/// Deployment ids are UUIDs in canonical form.
public enum DeploymentID {
    /// The id in canonical lower-case form, or `nil` when `text` is not a UUID
    /// (8-4-4-4-12 hexadecimal digits).
    public static func normalized(_ text: String) -> String? {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12],
              groups.allSatisfy({ $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return text.lowercased()
    }
}
