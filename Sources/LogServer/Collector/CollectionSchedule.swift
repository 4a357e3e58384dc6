import FoundationEssentials

/// Which deployments are due for a collection step, and when each is due next.
///
/// The collector's workers take due deployments from here one at a time, so a machine whose
/// requests hang holds one worker, never the others; a deployment is never in two steps at once.
/// Deployments that are writing (a line within the last minute), or not yet backfilled, go
/// first; idle ones share ``PollSchedule/idlePollsPerSecond``, so however many quiet deployments
/// there are, they never cost Fly more requests than that: there are just longer pauses between them.
actor CollectionSchedule {
    struct Job: Sendable {
        var deployment: UUID
        var machine: String
        var cursor: FlyCursor?
    }

    private struct Entry {
        var machine: String
        var cursor: FlyCursor?
        var due: ContinuousClock.Instant
        var inFlight = false
        var failures = 0
        /// Set when discovery no longer lists it while a step runs: dropped when the step ends.
        var removed = false
        /// Its last step found no line for a while: polled out of the idle budget.
        var idle = false
    }

    private var entries: [UUID: Entry] = [:]
    private let policy: PollSchedule
    private let clock = ContinuousClock()
    /// The idle budget's token bucket: at most one second's worth saved up.
    private var idleTokens: Double
    private var refilled: ContinuousClock.Instant

    init(policy: PollSchedule) {
        self.policy = policy
        idleTokens = policy.idlePollsPerSecond
        refilled = clock.now
    }

    /// Adopts discovery's list: new deployments are due at once, a changed machine starts
    /// afresh (backfill), vanished deployments are dropped.
    func update(with targets: [CollectionTarget]) {
        let now = clock.now
        var listed = Set<UUID>()
        for target in targets {
            listed.insert(target.deployment)
            if var entry = entries[target.deployment] {
                entry.removed = false
                if entry.machine != target.machineID {
                    entry.machine = target.machineID
                    entry.due = now
                    entry.failures = 0
                }
                entries[target.deployment] = entry
            } else {
                entries[target.deployment] = Entry(machine: target.machineID, cursor: target.cursor, due: now)
            }
        }
        for (deployment, entry) in entries where !listed.contains(deployment) {
            if entry.inFlight { entries[deployment]?.removed = true } else { entries[deployment] = nil }
        }
    }

    /// The busy deployment due longest, else the idle one due longest if the idle budget
    /// allows a request now; marked in flight. `nil` when none may go.
    func takeDue() -> Job? {
        let now = clock.now
        let elapsed = now - refilled
        refilled = now
        idleTokens = min(policy.idlePollsPerSecond,
                         idleTokens + policy.idlePollsPerSecond * (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        var busiest: (UUID, Entry)?
        var idlest: (UUID, Entry)?
        for (deployment, entry) in entries where !entry.inFlight && entry.due <= now {
            if entry.idle {
                if idlest.map({ entry.due < $0.1.due }) ?? true { idlest = (deployment, entry) }
            } else if busiest.map({ entry.due < $0.1.due }) ?? true {
                busiest = (deployment, entry)
            }
        }
        if busiest == nil, idlest != nil {
            guard idleTokens >= 1 else { return nil }
            idleTokens -= 1
        }
        guard let (deployment, entry) = busiest ?? idlest else { return nil }
        entries[deployment]?.inFlight = true
        return Job(deployment: deployment, machine: entry.machine, cursor: entry.cursor)
    }

    /// Records a successful step: the next is due after the pause its newest line's age asks.
    func succeeded(_ job: Job, cursor: FlyCursor, newestLineAge: Duration?) {
        guard var entry = finish(job) else { return }
        // The machine may have changed meanwhile; then the cursor belongs to the old one.
        if entry.machine == cursor.machineID { entry.cursor = cursor }
        entry.failures = 0
        entry.idle = policy.isIdle(newestLineAge: newestLineAge)
        entry.due = clock.now + policy.pause(newestLineAge: newestLineAge)
        entries[job.deployment] = entry
    }

    /// Records a failed step; returns how many failed in a row.
    @discardableResult
    func failed(_ job: Job, retryAfter: Duration? = nil, pause: Duration? = nil) -> Int {
        guard var entry = finish(job) else { return 0 }
        entry.failures += 1
        entry.due = clock.now + (pause ?? policy.backoff(failures: entry.failures, retryAfter: retryAfter))
        entries[job.deployment] = entry
        return entry.failures
    }

    /// Forgets a deployment whose row is gone.
    func drop(_ job: Job) {
        entries[job.deployment] = nil
    }

    /// Deployments tracked, how many are backing off after failures, and how overdue the most
    /// overdue busy one is (idle ones wait for the budget by design).
    var counts: (tracked: Int, failing: Int, lag: Duration) {
        let now = clock.now
        var failing = 0
        var lag = Duration.zero
        for entry in entries.values {
            if entry.failures > 0 { failing += 1 }
            if !entry.idle, !entry.inFlight, entry.failures == 0, entry.due < now { lag = max(lag, now - entry.due) }
        }
        return (entries.count, failing, lag)
    }

    private func finish(_ job: Job) -> Entry? {
        guard var entry = entries[job.deployment] else { return nil }
        entry.inFlight = false
        if entry.removed {
            entries[job.deployment] = nil
            return nil
        }
        return entry
    }
}
