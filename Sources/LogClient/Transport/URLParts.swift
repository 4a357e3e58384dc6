/// The pieces of an `http`/`https` URL that the client reasons about, without Foundation.
public struct URLParts: Sendable, Equatable {
    /// `http` or `https`, lower-cased.
    public var scheme: String
    /// The host, lower-cased, without brackets for IPv6 literals.
    public var host: String

    /// Splits `url`; `nil` when it has no `scheme://host`.
    public init?(_ url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        scheme = url[..<separator.lowerBound].lowercased()
        var authority = url[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close].lowercased()
        } else {
            host = (authority.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "").lowercased()
        }
        guard !scheme.isEmpty, !host.isEmpty else { return nil }
    }

    /// Whether the host is this machine (`localhost`, 127.0.0.0/8 or `::1`).
    public var isLoopback: Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host.hasPrefix("127.")
    }
}
