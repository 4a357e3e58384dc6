import FlyingFox
import Foundation
import struct LogClient.LogTimestamp

/// The emulated Fly logs API, `GET /api/v1/apps/{app}/logs?next_token=&instance=&region=`, as
/// Fly's docs ("Logs API options for programmatic access") and fly-go (`resource_logs.go`)
/// describe it: without `next_token`, the most recent 100 lines of the last 24 hours; with
/// it (a nanosecond Unix timestamp), at most 100 lines strictly after that moment, oldest
/// first; `meta.next_token` is the last line's timestamp (empty when there is none, which
/// flyctl's poller ignores). Lines older than 7 days are gone. An `instance` no machine has
/// simply matches nothing (200, empty), as a filter would.
struct FlyAPIRoutes: Sendable {
    static let pageSize = 100
    static let tailNanoseconds: Int64 = 86_400 * 1_000_000_000

    let store: LogStore
    let api: CatwalkAPIRoutes
    let app: String
    let token: String

    func install(on server: HTTPServer) async {
        await server.appendRoute("GET /api/v1/apps/:app/logs") { request in
            await api.statistics.countLogRequest()
            return try await api.withFaults { try await logs(request) }
        }
        await MachinesAPIRoutes(store: store, app: app, token: token, statistics: api.statistics).install(on: server)
    }

    private func logs(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard FlyAuthorization.accepts(request, token: token) else { return FlyAuthorization.rejection }
        guard request.routeParameters["app"] == app else {
            return FastAPIResponse.json(status: 404, ["error": "Could not find App"])
        }
        let cursorText = request.query["next_token"] ?? ""
        let cursor = Int64(cursorText)
        guard cursorText.isEmpty || cursor != nil else {
            return FastAPIResponse.json(status: 400, ["error": "next_token must be a nanosecond timestamp"])
        }
        let machines = try await store.machines().map(\.id).filter { request.query["instance"].map($0.elementsEqual) ?? true }
        let rows = try await store.flyLines(machines: machines, afterNanoseconds: cursor,
                                            sinceNanoseconds: Clock.nowMicros() * 1000 - Self.tailNanoseconds,
                                            limit: Self.pageSize)
        let data: [[String: Any]] = rows.map { row in
            let timestamp = LogTimestamp(nanosecondsSinceEpoch: row.line.nanoseconds).rfc3339Exact
            return ["id": String(row.line.nanoseconds), "type": "logs", "attributes": [
                "timestamp": timestamp, "message": row.line.message, "level": row.line.level,
                "instance": row.machine, "region": "iad",
                "meta": ["instance": row.machine, "region": "iad", "event": ["provider": "app"]]]]
        }
        let next = rows.last.map { String($0.line.nanoseconds) } ?? ""
        return FastAPIResponse.json(status: 200, ["data": data, "meta": ["next_token": next]])
    }
}

/// How Fly's APIs check the token: fly-go sends macaroons (`fm1r_`, `fm1a_`, `fm2_`) as
/// `FlyV1 <token>` and anything else as `Bearer <token>` (tokens/tokens.go); the emulator
/// accepts only that form, so a client that gets the scheme wrong is caught.
enum FlyAuthorization {
    static func accepts(_ request: HTTPRequest, token: String) -> Bool {
        let isMacaroon = ["fm1r_", "fm1a_", "fm2_"].contains { token.hasPrefix($0) }
        return request.headers[.authorization] == (isMacaroon ? "FlyV1 " : "Bearer ") + token
    }

    static let rejection = FastAPIResponse.json(status: 401, ["error": "You must be authenticated to view this."])
}
