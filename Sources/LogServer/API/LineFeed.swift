import FoundationEssentials

/// Lines stored by the collector, handed to the live streams of the same process after their
/// transaction committed (so a stream never shows a line a GET could not).
public actor LineFeed {
    private var subscribers: [UUID: [UUID: AsyncStream<[StoredLine]>.Continuation]] = [:]
    /// Batches a slow subscriber may fall behind by before the oldest are dropped (a stream
    /// that cannot keep up is closed by its route rather than growing without bound).
    public static let bufferedBatches = 256

    public init() {}

    /// Subscribes to `deployment`'s lines from now on; in place when this returns.
    public func subscribe(to deployment: UUID) -> AsyncStream<[StoredLine]> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<[StoredLine]>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferedBatches))
        continuation.onTermination = { _ in Task { await self.unsubscribe(key, from: deployment) } }
        subscribers[deployment, default: [:]][key] = continuation
        return stream
    }

    /// Hands `lines` (oldest first) to every subscriber of `deployment`.
    public func publish(_ lines: [StoredLine], to deployment: UUID) {
        guard !lines.isEmpty, let listeners = subscribers[deployment] else { return }
        for continuation in listeners.values { continuation.yield(lines) }
    }

    /// Ends every subscription (at shutdown): each stream's route then closes its socket.
    public func finishAll() {
        for listeners in subscribers.values { for continuation in listeners.values { continuation.finish() } }
        subscribers = [:]
    }

    /// Open subscriptions, for metrics.
    public var subscriberCount: Int { subscribers.values.reduce(0) { $0 + $1.count } }

    private func unsubscribe(_ key: UUID, from deployment: UUID) {
        subscribers[deployment]?[key] = nil
        if subscribers[deployment]?.isEmpty == true { subscribers[deployment] = nil }
    }
}
