import Synchronization

/// Wakes the collector's lease renewal early: another replica let leases go (it stopped, or
/// one started and the others shed its share), so the work moves in moments, not an interval.
public final class RenewalSignal: Sendable {
    private let fired = Mutex(false)

    public init() {}

    /// Asks for a renewal now.
    public func fire() {
        fired.withLock { $0 = true }
    }

    /// Returns when fired (clearing it), after `limit`, or when the task is cancelled.
    func wait(upTo limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if fired.withLock({ fired in defer { fired = false }; return fired }) { return }
            try? await Task.sleep(for: min(.milliseconds(100), deadline - .now))
        }
    }
}
