/// When the collector asks Fly again for one deployment: soon for a machine that is writing,
/// rarely for one that is quiet or gone (the plan's "closed when deployment inactive", without
/// missing a machine that wakes up), and with a growing pause after failures.
public struct PollSchedule: Sendable, Equatable {
    /// The pause after a step that found `age` since the deployment's newest line.
    /// One second while lines are fresh keeps a new line's way into storage under the issue's
    /// three seconds (one poll, one request, one transaction).
    public var active: Duration = .seconds(1)
    public var recent: Duration = .seconds(2)
    public var quiet: Duration = .seconds(15)
    public var dormant: Duration = .seconds(30)
    /// The first pause after a failure; each further failure doubles it up to ``maximumBackoff``.
    public var firstBackoff: Duration = .seconds(2)
    public var maximumBackoff: Duration = .seconds(60)
    /// Fly requests per second that all idle deployments (no line within the last minute)
    /// share, whatever their own pauses: a thousand quiet deployments cost no more than a few.
    public var idlePollsPerSecond: Double = 20

    public init() {}

    /// The pause after a successful step; `age` is `nil` when the deployment has no line at all.
    public func pause(newestLineAge age: Duration?) -> Duration {
        guard let age else { return dormant }
        if age < Self.activeWithin { return active }
        if age < .seconds(600) { return recent }
        if age < .seconds(3600) { return quiet }
        return dormant
    }

    /// Whether a deployment whose newest line is `age` old (`nil`: none) is idle, polled out of
    /// ``idlePollsPerSecond``: it wrote nothing within the last minute.
    public func isIdle(newestLineAge age: Duration?) -> Bool {
        guard let age else { return true }
        return age >= Self.activeWithin
    }

    /// A deployment that wrote within this is active: polled every ``active``, outside the budget.
    public static let activeWithin: Duration = .seconds(60)

    /// The pause after the `failures`-th failure in a row (1 for the first); Fly's `Retry-After`
    /// is honoured when it asks for longer.
    public func backoff(failures: Int, retryAfter: Duration? = nil) -> Duration {
        var pause = firstBackoff
        for _ in 1..<max(1, min(failures, 16)) where pause < maximumBackoff { pause *= 2 }
        pause = min(pause, maximumBackoff)
        if let retryAfter, retryAfter > pause { return min(retryAfter, .seconds(3600)) }
        return pause
    }
}
