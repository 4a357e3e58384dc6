/// Which cached history: the source it came from and the deployment.
public struct CacheKey: Hashable, Sendable {
    /// The source, e.g. `catwalk https://backend.example` (a Fly app gets its own).
    public var source: String
    /// The deployment's id.
    public var deploymentID: String

    /// Creates a key.
    public init(source: String, deploymentID: String) {
        self.source = source
        self.deploymentID = deploymentID
    }

    /// The key of a deployment read from a Catwalk backend.
    public static func catwalk(_ endpoint: CatwalkEndpoint, deploymentID: String) -> CacheKey {
        CacheKey(source: "catwalk \(endpoint.baseURL)", deploymentID: deploymentID)
    }
}

/// A deployment's cached lines and when they were last updated.
public struct CachedHistory: Sendable, Equatable {
    /// Lines and gap markers, oldest first.
    public var items: [CachedItem]
    /// When a fetch last changed them, or `nil` when nothing is cached.
    public var updatedAt: LogTimestamp?

    /// Creates a history.
    public init(items: [CachedItem], updatedAt: LogTimestamp?) {
        self.items = items
        self.updatedAt = updatedAt
    }

    /// How many log lines (not gaps) it holds.
    public var lineCount: Int { items.reduce(0) { $0 + ($1.entry == nil ? 0 : 1) } }
}

extension Array where Element == CachedItem {
    /// The newest `limit` lines of `stream` (both when `nil`), with the gap markers that
    /// fall between them (never two in a row, never first).
    public func newest(_ limit: Int, stream: LogStream? = nil) -> [CachedItem] {
        var filtered: [CachedItem] = []
        for item in self {
            if let entry = item.entry {
                if stream == nil || entry.stream == stream { filtered.append(item) }
            } else if filtered.last != .gap {
                filtered.append(item)
            }
        }
        return LogMerger.trimmed(filtered, keepingLines: limit)
    }
}

/// One row of `catwalk-logs cache list`.
public struct CacheSummary: Sendable, Equatable {
    /// Which history.
    public var key: CacheKey
    /// Log lines held.
    public var lineCount: Int
    /// The newest line's timestamp.
    public var newestLine: LogTimestamp?
    /// When a fetch last updated it.
    public var updatedAt: LogTimestamp
    /// Bytes of message text held.
    public var messageBytes: Int
}
