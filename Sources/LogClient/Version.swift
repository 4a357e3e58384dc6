/// The released version of catwalk-logs, shown by `--version` and sent in `User-Agent`.
public enum CatwalkLogsVersion {
    /// Semantic version string.
    public static let current = "0.1.0"
    /// The `User-Agent` header value.
    public static let userAgent = "catwalk-logs/\(current)"
}
