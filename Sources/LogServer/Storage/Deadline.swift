/// A limit on how long a database call may wait. PostgresNIO's pool holds a request while it
/// cannot connect until its circuit breaker trips (a minute); a health check, an API request or
/// a collection step should rather fail sooner, with a clear sentence, and try again.
enum Deadline {
    /// `operation`'s result, or ``StorageError/unreachable(_:)`` after `limit` (the operation is
    /// cancelled: a transaction cut short is rolled back, nothing half-written stays).
    static func run<Result: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws(StorageError) -> Result)
        async throws(StorageError) -> Result {
        do {
            return try await withThrowingTaskGroup(of: Result.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw StorageError.unreachable("no answer within \(limit.components.seconds) s")
                }
                defer { group.cancelAll() }
                guard let result = try await group.next() else { throw CancellationError() }
                return result
            }
        } catch {
            throw StorageError(error)
        }
    }
}
