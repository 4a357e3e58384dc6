import FoundationEssentials

/// The live streams of this replica, fed from the table whichever replica stored the lines:
/// each ``LineAnnouncement`` (delivered by ``DatabaseListener`` in commit order) names a
/// deployment and a `seq` range, and the lines are read once per deployment for all of its
/// subscribers, from the last `seq` delivered, so every subscriber gets each line once, in order.
public actor LineFeed {
    /// Batches a slow subscriber may fall behind by before the oldest are dropped (a stream
    /// that cannot keep up is closed by its route rather than growing without bound).
    public static let bufferedBatches = 256

    private struct Tail {
        var subscribers: [UUID: AsyncStream<[StoredLine]>.Continuation] = [:]
        /// The last `seq` handed to the subscribers; `nil` until the first announcement.
        var lastSeq: Int64?
    }

    private var tails: [UUID: Tail] = [:]
    private let read: @Sendable (UUID, Int64, Int64?) async throws(StorageError) -> (lines: [StoredLine], lastSeq: Int64?)

    /// - Parameter read: the lines of a deployment after a `seq`, up to one (``LogRepository/lines(deployment:afterSeq:throughSeq:)``).
    public init(read: @escaping @Sendable (UUID, Int64, Int64?) async throws(StorageError) -> (lines: [StoredLine], lastSeq: Int64?)) {
        self.read = read
    }

    /// Reads from `repository`.
    public init(repository: LogRepository) {
        self.init { deployment, after, through throws(StorageError) in
            try await repository.lines(deployment: deployment, afterSeq: after, throughSeq: through)
        }
    }

    /// Subscribes to `deployment`'s lines from now on; in place when this returns.
    public func subscribe(to deployment: UUID) -> AsyncStream<[StoredLine]> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<[StoredLine]>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferedBatches))
        continuation.onTermination = { _ in Task { await self.unsubscribe(key, from: deployment) } }
        tails[deployment, default: Tail()].subscribers[key] = continuation
        return stream
    }

    /// Hands the announced lines to `deployment`'s subscribers, with any stored since the last
    /// delivered that an earlier announcement could not bring (the database was briefly away).
    /// Called for one announcement at a time, in the order they arrive.
    public func announce(_ announcement: LineAnnouncement) async {
        guard let tail = tails[announcement.deployment] else { return }
        if let last = tail.lastSeq, last >= announcement.lastSeq { return }   // a catch-up brought them
        await deliver(announcement.deployment, after: tail.lastSeq ?? announcement.firstSeq - 1, through: announcement.lastSeq)
    }

    /// After the announcements were interrupted (the listener reconnected): reads what every
    /// followed deployment stored since its last delivered line.
    public func catchUp() async {
        for (deployment, tail) in tails {
            guard let last = tail.lastSeq else { continue }
            await deliver(deployment, after: last, through: nil)
        }
    }

    /// Reads and hands out the lines after `after`. One announcement or catch-up at a time
    /// calls this (the listener's), so only subscriptions change while it reads.
    private func deliver(_ deployment: UUID, after: Int64, through: Int64?) async {
        let result: (lines: [StoredLine], lastSeq: Int64?)
        do { result = try await read(deployment, after, through) } catch {
            // Read again from here with the next announcement or catch-up.
            if tails[deployment]?.lastSeq == nil { tails[deployment]?.lastSeq = after }
            return
        }
        guard var tail = tails[deployment] else { return }
        if let lastSeq = result.lastSeq {
            tail.lastSeq = lastSeq
            for continuation in tail.subscribers.values { continuation.yield(result.lines) }
        } else if let through {
            tail.lastSeq = through   // trimmed already: nothing to hand out
        }
        tails[deployment] = tail
    }

    /// Ends every subscription (at shutdown): each stream's route then closes its socket.
    public func finishAll() {
        for tail in tails.values { for continuation in tail.subscribers.values { continuation.finish() } }
        tails = [:]
    }

    /// Open subscriptions, for metrics.
    public var subscriberCount: Int { tails.values.reduce(0) { $0 + $1.subscribers.count } }

    private func unsubscribe(_ key: UUID, from deployment: UUID) {
        tails[deployment]?.subscribers[key] = nil
        if tails[deployment]?.subscribers.isEmpty == true { tails[deployment] = nil }
    }
}
