import FlyingFox
import Foundation
import struct LogClient.LogTimestamp

/// The emulated Fly logs API: `GET /api/v1/apps/{app}/logs?next_token=&instance=` answering
/// JSON:API pages of at most 100 lines with an opaque cursor, for the machines of the
/// stand-in's deployments (so the same scenarios show through both sources).
struct FlyAPIRoutes: Sendable {
    static let pageSize = 100

    let store: LogStore
    let api: CatwalkAPIRoutes
    let app: String
    let token: String

    func install(on server: HTTPServer) async {
        await server.appendRoute("GET /api/v1/apps/:app/logs") { request in
            await api.statistics.countLogRequest()
            return try await api.withFaults { try await logs(request) }
        }
    }

    /// `Bearer <token>`, or the token with flyctl's `FlyV1 ` scheme.
    private func isAuthorized(_ request: HTTPRequest) -> Bool {
        let header = request.headers[.authorization]
        return header == "Bearer \(token)" || header == "FlyV1 \(token)"
    }

    private func logs(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard isAuthorized(request) else {
            return FastAPIResponse.json(status: 401, ["error": "You must be authenticated to view this."])
        }
        guard request.routeParameters["app"] == app, let machine = request.query["instance"],
              let deployment = try await store.deployment(onMachine: machine) else {
            return FastAPIResponse.json(status: 404, ["error": "Could not find App"])
        }
        let cursor = request.query["next_token"].flatMap { Int64($0) } ?? 0
        let rows = try await store.lines(of: deployment, afterRow: cursor, limit: Self.pageSize)
        let data: [[String: Any]] = rows.map { row in
            let timestamp = LogTimestamp(nanosecondsSinceEpoch: row.line.timestampMicros * 1000 + 123).rfc3339Exact
            let level = row.line.stream == "stderr" ? "error" : "info"
            return ["id": String(row.row), "type": "logs", "attributes": [
                "timestamp": timestamp, "message": row.line.message, "level": level,
                "instance": machine, "region": "iad",
                "meta": ["instance": machine, "region": "iad", "event": ["provider": "app"]]]]
        }
        let next = rows.last.map { String($0.row) } ?? String(cursor)
        return FastAPIResponse.json(status: 200, ["data": data, "meta": ["next_token": next]])
    }
}
