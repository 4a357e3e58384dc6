import Synchronization

/// Follows several deployments at once, one ``LogFollower`` each (so one live stream each, or
/// polling): their backlogs merged by timestamp into one batch, then every new line as it
/// comes, each line tagged with its deployment. A drop of one is told with its tag and does
/// not disturb the others; a failure that ends one (an unknown deployment) is told, and the
/// others go on.
public struct FleetFollower: Sendable {
    /// One deployment and its follower.
    public struct Member: Sendable {
        public let tag: DeploymentTag
        public let follower: LogFollower

        public init(tag: DeploymentTag, follower: LogFollower) {
            self.tag = tag
            self.follower = follower
        }
    }

    /// How long the merged backlog waits for a slow deployment's; it comes on its own later.
    public static let backlogWait: Duration = .seconds(5)

    private let members: [Member]

    /// - Parameter members: the deployments, in the order their lines of one moment are shown.
    public init(members: [Member]) {
        self.members = members
    }

    /// Follows until every follower ended, `emit` returns `false`, `isWanted` says the reader
    /// went away, or the task is cancelled.
    /// - Parameters:
    ///   - emit: receives the merged backlog, then each batch of new lines; never two at once.
    ///   - notice: receives each follower's notices with its deployment's tag.
    ///   - ended: receives the failure that ended one follower.
    /// - Returns: the first failure that ended a follower, when every one ended so.
    public func run(emit: @escaping @Sendable ([CachedItem]) -> Bool,
                    notice: @escaping @Sendable (DeploymentTag, FollowNotice) -> Void,
                    ended: @escaping @Sendable (DeploymentTag, LogClientError) -> Void,
                    isWanted: (@Sendable () -> Bool)? = nil) async -> LogClientError? {
        let gate = BacklogGate(count: members.count, emit: emit)
        return await withTaskGroup(of: LogClientError?.self) { group in
            for (index, member) in members.enumerated() {
                group.addTask {
                    do throws(LogClientError) {
                        try await member.follower.run(emit: { gate.receive($0.map { $0.tagged(member.tag) }, from: index) },
                                                      notice: { notice(member.tag, $0) }, isWanted: isWanted)
                        return nil
                    } catch {
                        ended(member.tag, error)
                        gate.ended(index)
                        return error
                    }
                }
            }
            let deadline = Task {
                try? await Task.sleep(for: Self.backlogWait)
                gate.release()
            }
            defer { deadline.cancel() }
            var failures: [LogClientError] = []
            for await result in group {
                guard let failure = result else {
                    // The reader went away (or the task was cancelled): everything stops.
                    group.cancelAll()
                    return nil
                }
                failures.append(failure)
            }
            return failures.first
        }
    }
}

/// Holds each deployment's backlog until all of them came (or the wait ran out), then passes
/// them on as one batch merged by timestamp; after that, every batch as it comes. Batches are
/// passed on one at a time, so the lines of two never interleave.
final class BacklogGate: Sendable {
    private struct State {
        /// Each deployment's backlog, `nil` until it came.
        var backlogs: [[CachedItem]?]
        var isReleased = false
    }

    private let state: Mutex<State>
    private let emit: @Sendable ([CachedItem]) -> Bool

    init(count: Int, emit: @escaping @Sendable ([CachedItem]) -> Bool) {
        state = Mutex(State(backlogs: Array(repeating: nil, count: count)))
        self.emit = emit
    }

    /// Takes a batch of deployment `index`. Returns `false` once the reader is gone.
    func receive(_ items: [CachedItem], from index: Int) -> Bool {
        state.withLock { state in
            guard !state.isReleased else { return items.isEmpty || emit(items) }
            state.backlogs[index] = (state.backlogs[index] ?? []) + items
            return releaseIfComplete(&state)
        }
    }

    /// Deployment `index` will send nothing (its follower ended).
    func ended(_ index: Int) {
        state.withLock { state in
            if state.backlogs[index] == nil { state.backlogs[index] = [] }
            _ = releaseIfComplete(&state)
        }
    }

    /// Passes on the backlogs that came, without waiting for the others.
    func release() {
        state.withLock { state in
            guard !state.isReleased else { return }
            state.backlogs = state.backlogs.map { $0 ?? [] }
            _ = releaseIfComplete(&state)
        }
    }

    private func releaseIfComplete(_ state: inout State) -> Bool {
        guard !state.isReleased, state.backlogs.allSatisfy({ $0 != nil }) else { return true }
        state.isReleased = true
        return emit(FleetMerge.merge(state.backlogs.map { $0 ?? [] }))
    }
}
