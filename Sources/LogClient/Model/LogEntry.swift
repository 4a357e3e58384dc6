/// Which output stream of the deployed program a line was written to.
public enum LogStream: String, Sendable, CaseIterable, Codable {
    case stdout
    case stderr
}

/// One line of a deployment's container output.
///
/// This is the single line model: the plain, JSON and terminal views all read it. Two lines
/// are the same line when timestamp, stream, message and deployment agree (the backend has
/// no id); what Fly adds in ``origin`` does not take part.
public struct LogEntry: Hashable, Sendable {
    /// When the line was written, in UTC.
    public var timestamp: LogTimestamp
    /// The stream it was written to.
    public var stream: LogStream
    /// The text as the program wrote it: untrusted, may hold control characters.
    public var message: String
    /// Where Fly says the line came from, when it came from Fly.
    public var origin: FlyOrigin?
    /// The deployment it came from, set only when the lines of several are shown together.
    public var deployment: DeploymentTag?

    /// Creates a log line.
    public init(timestamp: LogTimestamp, stream: LogStream, message: String, origin: FlyOrigin? = nil,
                deployment: DeploymentTag? = nil) {
        self.timestamp = timestamp
        self.stream = stream
        self.message = message
        self.origin = origin
        self.deployment = deployment
    }

    public static func == (lhs: LogEntry, rhs: LogEntry) -> Bool {
        lhs.timestamp == rhs.timestamp && lhs.stream == rhs.stream && lhs.message == rhs.message
            && lhs.deployment?.id == rhs.deployment?.id
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestamp)
        hasher.combine(stream)
        hasher.combine(message)
        hasher.combine(deployment?.id)
    }
}

/// What Fly's logs API says about a line besides its text: kept for `--json`.
public struct FlyOrigin: Hashable, Sendable {
    /// Fly's `level` (`info`, `error`, …), which decides the stream.
    public var level: String
    /// The machine (instance) id.
    public var instance: String?
    /// The region code, e.g. `iad`.
    public var region: String?

    /// Creates an origin.
    public init(level: String, instance: String? = nil, region: String? = nil) {
        self.level = level
        self.instance = instance
        self.region = region
    }
}

/// What to fetch: which deployment, how many of its newest lines, which stream.
public struct LogQuery: Sendable, Equatable {
    /// The most lines the backend will return for one request.
    public static let maximumLimit = 1000
    /// The backend's default when no limit is given.
    public static let defaultLimit = 100

    /// The deployment's id, a lower-case UUID.
    public var deploymentID: String
    /// How many of the newest lines, `1...maximumLimit`.
    public var limit: Int
    /// Only this stream, or both when `nil`.
    public var stream: LogStream?
    /// Only lines from this moment on (a source that can read from a moment, Fly, starts there).
    public var since: LogTimestamp?
    /// Only lines up to this moment.
    public var until: LogTimestamp?

    /// Creates a query.
    public init(deploymentID: String, limit: Int = LogQuery.defaultLimit, stream: LogStream? = nil,
                since: LogTimestamp? = nil, until: LogTimestamp? = nil) {
        self.deploymentID = deploymentID
        self.limit = limit
        self.stream = stream
        self.since = since
        self.until = until
    }

    /// The entries of ``stream``: a backend filters them itself, a saved file or Fly does not,
    /// so every line a follower takes in passes here.
    public func inStream(_ entries: [LogEntry]) -> [LogEntry] {
        guard let stream else { return entries }
        return entries.filter { $0.stream == stream }
    }
}
