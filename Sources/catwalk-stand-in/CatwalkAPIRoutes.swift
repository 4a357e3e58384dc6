import FlyingFox
import Foundation
import enum LogClient.DeploymentID
import struct LogClient.LogQuery
import enum LogClient.LogStream
import struct LogClient.LogTimestamp

/// The emulated Catwalk backend: `/api/health`, `/api/deployments` and
/// `/api/deployments/{id}/logs`, answering as the Phase 4 plan describes; or, `upstream`,
/// as the backend deployed today does (zenchantlive/catwalk master): no logs routes at all,
/// a deployment list without `machine_id`, and its own 401 sentences.
struct CatwalkAPIRoutes: Sendable {
    let store: LogStore
    let faults: FaultInjector
    let tokens: TokenRegistry
    let timestampStyle: TimestampStyle
    let statistics: RequestStatistics
    let upstream: Bool

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

    /// FastAPI's `HTTPBearer` and the backend's `verify_jwt_token` (backend/app/core/auth.py):
    /// without a header 403 (older FastAPI, the plan) or 401 (newer, upstream); a bad token
    /// 401; an expired one 401 "Token has expired. Please log in again.".
    private func authorizationFailure(_ request: HTTPRequest) async -> HTTPResponse? {
        switch await tokens.verdict(authorization: request.headers[.authorization]) {
        case .valid: return nil
        case .missing: return FastAPIResponse.detail(status: upstream ? 401 : 403, "Not authenticated")
        case .expired: return FastAPIResponse.detail(status: 401, "Token has expired. Please log in again.")
        case .unknown: return FastAPIResponse.detail(status: 401, upstream ? "Invalid token: DecodeError" : "Could not validate credentials")
        }
    }

    private func listDeployments(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let failure = await authorizationFailure(request) { return failure }
        let list: [[String: Any]] = try await store.deployments().map { deployment in
            var item: [String: Any] = [
                "id": deployment.id, "name": deployment.name, "error_message": deployment.errorMessage ?? NSNull(),
                "created_at": timestampStyle.isoformat(micros: deployment.createdAtMicros),
                "updated_at": timestampStyle.isoformat(micros: deployment.updatedAtMicros)]
            if upstream {
                // DeploymentResponse (backend/app/schemas/deployment.py): no machine_id; the MCP
                // connection's own access token is a secret of its own.
                item["status"] = ["running", "failed"].contains(deployment.status) ? deployment.status : "pending"
                item["schedule_config"] = [String: Any]()
                item["connection_url"] = "http://127.0.0.1/api/mcp/\(deployment.id)"
                item["access_token"] = Self.plantedAccessToken(deployment.id)
            } else {
                item["status"] = deployment.status
                item["machine_id"] = deployment.machineID ?? NSNull()
            }
            return item
        }
        return FastAPIResponse.json(status: 200, list)
    }

    /// The planted secret an upstream deployment's `access_token` holds (tests grep for it).
    static func plantedAccessToken(_ deploymentID: String) -> String {
        "planted-access-" + deploymentID.suffix(6)
    }

    private func logs(_ request: HTTPRequest) async throws -> HTTPResponse {
        // FastAPI answers a path no route matches before any dependency runs, token included.
        guard !upstream else { return FastAPIResponse.detail(status: 404, "Not Found") }
        if let failure = await authorizationFailure(request) { return failure }
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
    private(set) var machineRequests = 0

    func countLogRequest() { logRequests += 1 }
    func countMachineRequest() { machineRequests += 1 }
}
