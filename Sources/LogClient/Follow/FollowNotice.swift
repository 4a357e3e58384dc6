/// How a follower gets new lines.
public enum FollowMode: Sendable, Equatable {
    /// Pushed over the backend's live stream (WebSocket).
    case live
    /// Fetched with GET every so often.
    case polling(every: Duration)

    /// A short name for a header: "live" or "polling 2s".
    public var label: String {
        switch self {
        case .live: return "live"
        case .polling(let interval): return "polling \(FollowNotice.seconds(interval))s"
        }
    }
}

/// Something a follower tells its user besides lines: the mode, and every disconnect and
/// reconnect. Each has one sentence for the status line or stderr.
public enum FollowNotice: Sendable, Equatable {
    /// Following started, or changed mode; `reason` says why it is not the live stream.
    case following(FollowMode, source: String, reason: String?)
    /// The connection failed or dropped; the next try is in `retryIn`.
    case disconnected(reason: String, retryIn: Duration)
    /// Connected again; `caughtUp` lines stored meanwhile came with the catch-up fetch.
    case reconnected(caughtUp: Int)
    /// Entries the server sent that could not be read.
    case skipped(Int)
    /// Something the source said about where the lines come from (a fallback, the deployment's status).
    case source(SourceNotice)
    /// A problem with the cache (following goes on without it).
    case cache(CacheProblem)
    /// The source could not be reached at the start: the cached lines were passed on instead.
    case offline(cachedLines: Int, cachedAt: LogTimestamp?, reason: String)

    /// The sentence shown to the user.
    public var sentence: String {
        switch self {
        case .following(.live, let source, _):
            return "following \(source) live (WebSocket stream; Ctrl-C stops)."
        case .following(.polling(let interval), let source, let reason):
            let why = reason.map { " (\($0))" } ?? ""
            return "following \(source) by polling every \(Self.seconds(interval)) s\(why); Ctrl-C stops."
        case .disconnected(let reason, let retryIn):
            return "disconnected: \(Self.trimmingPeriod(reason)); retrying in \(Self.seconds(retryIn)) s."
        case .reconnected(let caughtUp):
            return "reconnected, \(caughtUp) \(caughtUp == 1 ? "line" : "lines") caught up."
        case .skipped(let count):
            return "warning: skipped \(count) malformed log \(count == 1 ? "entry" : "entries")."
        case .source(let notice):
            return notice.sentence
        case .cache(let problem):
            return problem.sentence
        case .offline(let count, let cachedAt, let reason):
            guard count > 0 else { return "offline — nothing cached: \(reason)" }
            let age = cachedAt.map { " from " + ageDescription(of: $0, now: .now()) } ?? ""
            return "offline — showing \(count) cached \(count == 1 ? "line" : "lines")\(age): \(reason)"
        }
    }

    /// Seconds, without a fraction when whole: "2", "0.5".
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = Int((duration / .milliseconds(1)).rounded())
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)" }
        return "\(Double(milliseconds) / 1000)"
    }

    private static func trimmingPeriod(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}

/// What a follower has told besides lines, so that each thing is told once: its mode (again
/// when it changes), each source notice and cache warning.
struct FollowAnnouncer: Sendable {
    private let sourceName: String
    /// The mode told last.
    private(set) var mode: FollowMode?
    private var told: Set<String> = []

    init(sourceName: String) {
        self.sourceName = sourceName
    }

    /// Tells the mode once, and again whenever it changes.
    mutating func announce(_ newMode: FollowMode, reason: String?, notice: @Sendable (FollowNotice) -> Void) {
        guard newMode != mode else { return }
        mode = newMode
        notice(.following(newMode, source: sourceName, reason: reason))
    }

    /// Tells each source notice and cache warning of a fetch once, and the unreadable entries
    /// of the first window.
    mutating func tell(_ outcome: FetchOutcome, firstWindow: Bool, notice: @Sendable (FollowNotice) -> Void) {
        let notices = outcome.notices.map(FollowNotice.source) + outcome.warnings.map(FollowNotice.cache)
        for item in notices where told.insert(item.sentence).inserted { notice(item) }
        if firstWindow, outcome.skippedCount > 0 { notice(.skipped(outcome.skippedCount)) }
    }
}
