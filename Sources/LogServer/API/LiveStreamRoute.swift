import FoundationEssentials
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// `WS /api/deployments/{id}/logs/stream`: after the upgrade, one text message per line stored
/// from then on, the object `GET …/logs` lists (docs/api.md). The token comes in the upgrade's
/// `Authorization: Bearer …`, or, for browsers (which cannot set that header), as `?token=`.
/// Bad auth closes with 1008, an unknown or someone else's deployment with 4404, shutdown with 1001.
struct LiveStreamRoute: Sendable {
    static let path: RouterPath = "/api/deployments/:id/logs/stream"
    /// Close codes of the contract.
    static let policyViolation = WebSocketErrorCode.policyViolation
    static let unknownDeployment = WebSocketErrorCode.unknown(4404)
    static let unavailable = WebSocketErrorCode.unknown(1013)   // "try again later"

    let authenticator: Authenticator
    let directory: DeploymentDirectory
    let feed: LineFeed
    let metrics: ServerMetrics

    func register(on router: Router<BasicWebSocketRequestContext>) {
        router.ws(Self.path) { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
            try await serve(inbound: inbound, outbound: outbound, context: context)
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                       context: WebSocketRouterContext<BasicWebSocketRequestContext>) async throws {
        let request = context.request
        let token = Authenticator.bearerToken(fromAuthorization: request.headers[.authorization])
            ?? request.uri.queryParameters["token"].map(String.init)
        let user: UserRecord
        do { user = try await authenticator.user(forToken: token) } catch {
            switch error {
            case .refused(let failure): try await outbound.close(Self.policyViolation, reason: failure.detail)
            case .storage: try await outbound.close(Self.unavailable, reason: "The logs database is unavailable; try again shortly.")
            }
            return
        }
        guard let deployment = PythonUUID.parse(context.requestContext.parameters.get("id") ?? "") else {
            try await outbound.close(Self.unknownDeployment, reason: APIResponse.invalidDeploymentID)
            return
        }
        do {
            guard try await directory.ownership(of: deployment, by: user.id) == .owned else {
                try await outbound.close(Self.unknownDeployment, reason: APIResponse.deploymentNotVisible)
                return
            }
        } catch {
            try await outbound.close(Self.unavailable, reason: "The logs database is unavailable; try again shortly.")
            return
        }
        let lines = await feed.subscribe(to: deployment)
        metrics.liveStreamOpened()
        defer { metrics.liveStreamClosed() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Ends when the client closes; what it sends is not read.
            group.addTask { for try await _ in inbound {} }
            group.addTask {
                for await batch in lines {
                    for line in batch { try await outbound.writeTextMessage(line.json) }
                }
                // The feed ends only at shutdown.
                try await outbound.close(.goingAway, reason: "catwalk-logd is shutting down")
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
