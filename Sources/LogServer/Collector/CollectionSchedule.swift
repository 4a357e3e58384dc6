import FoundationEssentials

/// Which deployments are due for a collection step, and when each is due next.
///
/// The collector's workers take due deployments from here one at a time, so a machine whose
/// requests hang holds one worker, never the others; a deployment is never in two steps at once.
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
    }

    private var entries: [UUID: Entry] = [:]
    private let policy: PollSchedule
    private let clock = ContinuousClock()

    init(policy: PollSchedule) {
        self.policy = policy
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

    /// The deployment due longest, marked in flight; `nil` when none is due.
    func takeDue() -> Job? {
        let now = clock.now
        guard let (deployment, entry) = entries.filter({ !$0.value.inFlight && $0.value.due <= now })
            .min(by: { $0.value.due < $1.value.due }) else { return nil }
        entries[deployment]?.inFlight = true
        return Job(deployment: deployment, machine: entry.machine, cursor: entry.cursor)
    }

    /// Records a successful step: the next is due after the pause its newest line's age asks.
    func succeeded(_ job: Job, cursor: FlyCursor, newestLineAge: Duration?) {
        guard var entry = finish(job) else { return }
        // The machine may have changed meanwhile; then the cursor belongs to the old one.
        if entry.machine == cursor.machineID { entry.cursor = cursor }
        entry.failures = 0
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

    /// Deployments tracked, and how many are backing off after failures.
    var counts: (tracked: Int, failing: Int) {
        (entries.count, entries.values.filter { $0.failures > 0 }.count)
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
