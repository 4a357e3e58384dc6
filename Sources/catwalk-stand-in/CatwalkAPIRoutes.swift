import FlyingFox
import Foundation
import enum LogClient.DeploymentID
import struct LogClient.LogQuery
import enum LogClient.LogStream
import struct LogClient.LogTimestamp

/// The emulated Catwalk backend: `/api/health`, `/api/deployments` and
/// `/api/deployments/{id}/logs`, answering exactly as the contract describes.
struct CatwalkAPIRoutes: Sendable {
    let store: LogStore
    let faults: FaultInjector
    let token: String
    let timestampStyle: TimestampStyle
    let statistics: RequestStatistics

    func install(on server: HTTPServer) async {
        await server.appendRoute("GET /api/health") { _ in
            FastAPIResponse.json(status: 200, ["status": "ok"])
        }
        await server.appendRoute("GET /api/deployments") { request in
            try await withFaults { try await listDeployments(request) }
        }
        await server.appendRoute("GET /api/deployments/:id/logs") { request in
            await statistics.countLogRequest()
            return try await withFaults { try await logs(request) }
        }
    }

    func withFaults(_ normal: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        guard let fault = await faults.next() else { return try await normal() }
        return try await fault.respond(normal: normal)
    }

    /// FastAPI's `HTTPBearer`: 403 without a header (older FastAPI), 401 for a wrong token.
    private func authorizationFailure(_ request: HTTPRequest) -> HTTPResponse? {
        guard let header = request.headers[.authorization] else {
            return FastAPIResponse.detail(status: 403, "Not authenticated")
        }
        guard header == "Bearer \(token)" else {
            return FastAPIResponse.detail(status: 401, "Could not validate credentials")
        }
        return nil
    }

    private func listDeployments(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let failure = authorizationFailure(request) { return failure }
        let list: [[String: Any]] = try await store.deployments().map { deployment in
            ["id": deployment.id, "name": deployment.name, "status": deployment.status,
             "error_message": deployment.errorMessage ?? NSNull(),
             "machine_id": deployment.machineID ?? NSNull(),
             "created_at": timestampStyle.isoformat(micros: deployment.createdAtMicros),
             "updated_at": timestampStyle.isoformat(micros: deployment.updatedAtMicros)]
        }
        return FastAPIResponse.json(status: 200, list)
    }

    private func logs(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let failure = authorizationFailure(request) { return failure }
        let limitText = request.query["limit"] ?? "100"
        guard let limit = Int(limitText) else {
            return FastAPIResponse.validationError(
                parameter: "limit", type: "int_parsing",
                message: "Input should be a valid integer, unable to parse string as an integer", input: limitText)
        }
        guard limit <= LogQuery.maximumLimit else {
            return FastAPIResponse.validationError(
                parameter: "limit", type: "less_than_equal", message: "Input should be less than or equal to 1000",
                input: limitText, context: ["le": 1000])
        }
        let stream = request.query["stream"]
        if let stream, LogStream(rawValue: stream) == nil {
            return FastAPIResponse.validationError(
                parameter: "stream", type: "string_pattern_mismatch",
                message: "String should match pattern '^(stdout|stderr)$'", input: stream,
                context: ["pattern": "^(stdout|stderr)$"])
        }
        let rawID = request.routeParameters["id"] ?? ""
        guard let id = DeploymentID.normalized(rawID) else {
            return FastAPIResponse.detail(status: 400, "Invalid deployment ID format")
        }
        guard try await store.hasDeployment(id) else {
            return FastAPIResponse.detail(status: 404, "Deployment not found or you don't have permission to access it")
        }
        let lines = try await store.lines(of: id, limit: max(limit, 0), stream: stream)
        return FastAPIResponse.json(status: 200, ["logs": lines.map { $0.apiObject(timestampStyle) }])
    }
}

/// Counters the tests read to see how many attempts a client made.
actor RequestStatistics {
    private(set) var logRequests = 0

    func countLogRequest() { logRequests += 1 }
}
