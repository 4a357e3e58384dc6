/// How `catwalk-logs wait` decides that a deployment came up, failed, or never settled: from
/// its status (the backend's, or the Fly machine's state) and its lines, with no clock of its
/// own (the caller says what time it is, in seconds since the wait began).
///
/// - Up: the status is `running` (Fly: `started`) and has stayed so for `settle` seconds, with
///   no restart in between.
/// - Failed: the status is `failed` or `stopped` (Fly: also `destroyed`).
/// - Crash loop: the deployment's first line (its start line) came again `restartsForCrashLoop`
///   times — a restart policy keeps the status `running` while the server dies and starts
///   over, so the status alone cannot tell. A restart that is followed by `settle` quiet
///   seconds in `running` is not a failure.
public struct SettleWatch: Sendable {
    /// How a wait ended.
    public enum Outcome: Sendable, Equatable {
        case running
        case failed(status: String)
        case crashLoop(restarts: Int)
        case timedOut(status: String?)

        /// The word for scripts (`--json`'s `outcome`).
        public var name: String {
            switch self {
            case .running: return "running"
            case .failed: return "failed"
            case .crashLoop: return "crash_loop"
            case .timedOut: return "timed_out"
            }
        }
    }

    /// Restarts (the start line again) that make a crash loop.
    public static let restartsForCrashLoop = 3

    private let settle: Double
    /// The status last seen.
    public private(set) var status: String?
    /// Since when (seconds) the deployment has been up without a restart.
    private var upSince: Double?
    /// The first line seen: the start line a restart prints again.
    private var startLine: LogEntry?
    /// Restarts seen so far.
    public private(set) var restarts = 0

    /// - Parameter settle: how long, in seconds, the deployment must stay up.
    public init(settle: Double) {
        self.settle = settle
    }

    /// Takes a status seen at `time`; returns the outcome when this decides it.
    public mutating func observe(status newStatus: String, at time: Double) -> Outcome? {
        status = newStatus
        switch newStatus.lowercased() {
        case "failed", "stopped", "destroyed":
            return .failed(status: newStatus)
        case "running", "started":
            if upSince == nil { upSince = time }
            return settled(at: time)
        default:
            upSince = nil
            return nil
        }
    }

    /// Takes lines seen at `time`; a start line seen again is a restart.
    public mutating func observe(lines: [CachedItem], at time: Double) -> Outcome? {
        for entry in lines.compactMap(\.entry) {
            guard let startLine else {
                startLine = entry
                continue
            }
            // The same text again (a new moment, so a new line): the server started over.
            if entry.message == startLine.message, entry.stream == startLine.stream, entry.timestamp > startLine.timestamp {
                restarts += 1
                upSince = status.map { ["running", "started"].contains($0.lowercased()) } == true ? time : nil
                if restarts >= Self.restartsForCrashLoop { return .crashLoop(restarts: restarts) }
            }
        }
        return nil
    }

    /// Whether the deployment has stayed up for `settle` seconds by `time`.
    public func settled(at time: Double) -> Outcome? {
        guard let upSince, time - upSince >= settle else { return nil }
        return .running
    }
}
