import FoundationEssentials
import LogClient

/// A failure of one collection step: Fly's or the database's.
public enum TailFailure: Error, Sendable, Equatable {
    case fly(LogClientError)
    case storage(StorageError)
}

/// What one collection step did for a deployment.
public struct TailOutcome: Sendable, Equatable {
    /// The cursor stored with the lines.
    public var cursor: FlyCursor
    /// The lines stored in this step, oldest first.
    public var stored: [StoredLine]
    /// Fly requests made.
    public var requests: Int
}

/// Moves one deployment's stored log forward from Fly: a backfill of the newest
/// ``LogRepository/retainedLines`` lines Fly still holds when the deployment (or its machine)
/// is new, then the lines after the cursor. Lines and cursor are stored in one transaction, so
/// a crash between two steps loses and doubles nothing.
public struct DeploymentTailer: Sendable {
    /// Follow pages read at most in one step; the rest comes with the next step.
    public static let maximumPages = FlyHistoryReader.maximumFollowPages

    /// How long storing one step may take before it is given up (and retried).
    static let storageLimit: Duration = .seconds(15)

    let logs: FlyLogsAPI
    let repository: LogRepository
    /// The replica whose lease the steps' transactions require (``CollectionFence``).
    let replica: UUID
    let now: @Sendable () -> LogTimestamp

    public init(logs: FlyLogsAPI, repository: LogRepository, replica: UUID,
                now: @escaping @Sendable () -> LogTimestamp = { .now() }) {
        self.logs = logs
        self.repository = repository
        self.replica = replica
        self.now = now
    }

    /// One step for `deployment` on `machine`, from `cursor` (`nil` or another machine's: backfill).
    public func step(deployment: UUID, machine: String, cursor: FlyCursor?) async throws(TailFailure) -> TailOutcome {
        let fence = CollectionFence(replica: replica, expected: cursor)
        if let cursor, cursor.machineID == machine {
            return try await follow(deployment: deployment, from: cursor, fence: fence)
        }
        return try await backfill(deployment: deployment, machine: machine, fence: fence)
    }

    private func backfill(deployment: UUID, machine: String, fence: CollectionFence) async throws(TailFailure) -> TailOutcome {
        let logs = logs
        let reader = FlyHistoryReader(now: now()) { token throws(LogClientError) in
            try await logs.page(machine: machine, after: token)
        }
        let result: FlyHistoryReader.Result
        do { result = try await reader.newest(LogRepository.retainedLines) } catch { throw .fly(error) }
        // With nothing on Fly yet, a minute back from now allows for the clocks' skew.
        let start = now().nanosecondsSinceEpoch - 60 * 1_000_000_000
        let cursor = FlyResume.cursor(afterBackfill: result.entries, machine: machine, start: start)
        let lines = result.entries.map(StoredLine.init)
        try await store(lines, deployment: deployment, cursor: cursor, fence: fence)
        return TailOutcome(cursor: cursor, stored: lines, requests: result.requests)
    }

    private func follow(deployment: UUID, from start: FlyCursor, fence: CollectionFence) async throws(TailFailure) -> TailOutcome {
        var cursor = start
        var fresh: [LogEntry] = []
        var requests = 0
        while requests < Self.maximumPages {
            let page: FlyLogPage
            do { page = try await logs.page(machine: cursor.machineID, after: FlyResume.token(after: cursor)) } catch {
                // What was read before the failure is kept, with its cursor.
                if fresh.isEmpty { throw .fly(error) }
                break
            }
            requests += 1
            let step = FlyResume.apply(page.entries, to: cursor)
            fresh += step.newLines
            cursor = step.cursor
            if !step.mayHaveMore { break }
        }
        let lines = fresh.map(StoredLine.init)
        if !lines.isEmpty || cursor != start {
            try await store(lines, deployment: deployment, cursor: cursor, fence: fence)
        }
        return TailOutcome(cursor: cursor, stored: lines, requests: requests)
    }

    private func store(_ lines: [StoredLine], deployment: UUID, cursor: FlyCursor, fence: CollectionFence) async throws(TailFailure) {
        let repository = repository
        do {
            try await Deadline.run(Self.storageLimit) { () throws(StorageError) in
                try await repository.append(lines, deployment: deployment, cursor: cursor, fence: fence)
            }
        } catch {
            throw .storage(error)
        }
    }
}
