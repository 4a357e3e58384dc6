/// What one invocation asks of its sources and what it shows of what they gave, resolved once
/// from the command line: the server window apart from the local view. A value, tested
/// without I/O; every mode and source reads its rules from here.
public struct ReadPlan: Sendable, Equatable {
    /// Where the lines go: what is requested depends on it.
    public enum Mode: Sendable, Equatable {
        /// Written out (`--plain`, `--json`, `--output`, `--diagnose`, with or without `-f`).
        case output
        /// The terminal viewer, which switches streams itself.
        case viewer
    }

    /// What each request asks for: its line count and stream (the deployment is found later).
    public var request: RequestWindow
    /// What is shown of the lines that came back.
    public var view: LogView

    /// The plan for `-n limit`, `--stream`, the text and time `filter`, whether a `--cursor-file`
    /// picks the lines, in `mode`.
    ///
    /// - Without `-n`, 100 lines are shown; all 1000 of the window when lines are picked by time
    ///   or a cursor (as `kubectl logs --since`), and in the viewer.
    /// - The request asks for the lines shown, unless the view drops some locally (a text or
    ///   time filter, a cursor): then it asks for the widest window, and the view keeps the
    ///   newest matching ones.
    /// - The viewer requests both streams, so that its `1` `2` `3` can switch; `--stream` is
    ///   its starting view.
    public init(limit: Int?, stream: LogStream?, filter: LineFilter, hasCursor: Bool, mode: Mode) {
        let picksByTimeOrCursor = filter.since != nil || filter.until != nil || hasCursor
        let shown = limit ?? (picksByTimeOrCursor || mode == .viewer ? LogQuery.maximumLimit : LogQuery.defaultLimit)
        let dropsLocally = !filter.isEmpty || hasCursor
        request = RequestWindow(limit: dropsLocally ? LogQuery.maximumLimit : min(max(shown, 1), LogQuery.maximumLimit),
                                stream: mode == .viewer ? nil : stream, since: filter.since, until: filter.until)
        view = LogView(stream: stream, filter: filter, newest: shown)
    }

    /// The plan of a command that reads the whole window and shows nothing (`wait`).
    public static let wholeWindow = ReadPlan(limit: LogQuery.maximumLimit, stream: nil, filter: .none,
                                             hasCursor: false, mode: .output)

    /// The query for `deploymentID`.
    public func query(for deploymentID: String) -> LogQuery {
        LogQuery(deploymentID: deploymentID, limit: request.limit, stream: request.stream,
                 since: request.since, until: request.until)
    }
}

/// What each request for lines asks a source for.
public struct RequestWindow: Sendable, Equatable {
    /// How many of the newest lines, `1...LogQuery.maximumLimit`.
    public var limit: Int
    /// Only this stream (a backend filters itself), or both.
    public var stream: LogStream?
    /// Only lines from this moment on (Fly starts reading there).
    public var since: LogTimestamp?
    /// Only lines up to this moment.
    public var until: LogTimestamp?

    /// Creates a window.
    public init(limit: Int, stream: LogStream? = nil, since: LogTimestamp? = nil, until: LogTimestamp? = nil) {
        self.limit = limit
        self.stream = stream
        self.since = since
        self.until = until
    }
}
