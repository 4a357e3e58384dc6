import Hummingbird

/// Answers 503 when a request cannot be answered within `limit` (the database is down and its
/// pool still waits): the CLI retries a 503, and no request hangs for the pool's minute.
/// The live stream's upgrade is exempt: its connection lives on after the upgrade.
struct RequestDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasSuffix("/stream") { return try await next(request, context) }
        return try await withoutActuallyEscaping(next) { next in
            let request = UnsafeTransfer((request, context, next))
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask {
                    let (request, context, next) = request.value
                    return try await next(request, context)
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    return APIResponse.databaseUnavailable()
                }
                return response
            }
        }
    }
}

/// Moves a non-Sendable value into a child task that is awaited before the value's scope ends.
private struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
