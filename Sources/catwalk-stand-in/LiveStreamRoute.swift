import FlyingFox
import Foundation
import enum LogClient.DeploymentID

/// The switches tests and demos flip on the live stream.
actor StreamSwitches {
    /// Whether `WS /api/deployments/{id}/logs/stream` exists (off: 404, as on an older backend).
    var isEnabled = true
    /// Each stream connection is closed this long after it opened (`nil`: never).
    var dropAfter: Duration?
    /// Whether each stored batch goes as one `{"logs": [...]}` message instead of a message per line.
    var batchesMessages = false

    /// The open stream connections, each with the way to drop it.
    private var connections: [UUID: @Sendable () -> Void] = [:]

    init(dropAfter: Duration?) {
        self.dropAfter = dropAfter
    }

    func set(enabled: Bool?, dropAfter: Duration??, batches: Bool?) {
        if let enabled { isEnabled = enabled }
        if let dropAfter { self.dropAfter = dropAfter }
        if let batches { batchesMessages = batches }
    }

    /// How many stream connections are open.
    var openConnections: Int { connections.count }

    /// A connection opened; `drop` closes it as a restarting server would.
    func opened(_ connection: UUID, drop: @escaping @Sendable () -> Void) {
        connections[connection] = drop
    }

    /// A connection ended (or is being dropped); returns its drop when it was still open.
    @discardableResult
    func closed(_ connection: UUID) -> (@Sendable () -> Void)? {
        connections.removeValue(forKey: connection)
    }

    /// Drops every open connection now; returns how many there were.
    func dropAll() -> Int {
        let drops = connections.values
        connections.removeAll()
        for drop in drops { drop() }
        return drops.count
    }
}

/// `WS /api/deployments/{id}/logs/stream` (contract §1): after the upgrade, one text message
/// per stored line, the same object as in the GET's `logs` array. The token comes as the
/// upgrade request's `Authorization` header or as `?token=` (what a browser sends); a bad one
/// is closed with 1008, an unknown deployment with 4404.
struct LiveStreamRoute: Sendable {
    let store: LogStore
    let tokens: TokenRegistry
    /// The backend deployed today has no stream: Starlette refuses the upgrade with 403.
    let upstream: Bool
    let timestampStyle: TimestampStyle
    let switches: StreamSwitches

    func install(on server: HTTPServer) async {
        await server.appendRoute("GET /api/deployments/:id/logs/stream") { request in
            try await upgrade(request)
        }
    }

    private func upgrade(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard !upstream else { return HTTPResponse(statusCode: .forbidden) }
        guard await switches.isEnabled else { return FastAPIResponse.detail(status: 404, "Not Found") }
        let messages: LineMessages
        if await !isAuthorized(request) {
            messages = LineMessages(closingWith: WSCloseCode(1008, reason: "Could not validate credentials"))
        } else if let id = DeploymentID.normalized(request.routeParameters["id"] ?? ""), try await store.hasDeployment(id) {
            // Subscribed before the upgrade is answered: a client that fetches after it misses nothing.
            messages = LineMessages(lines: await store.subscribe(to: id), timestampStyle: timestampStyle, switches: switches,
                                    batches: await switches.batchesMessages)
        } else {
            messages = LineMessages(closingWith: WSCloseCode(4404, reason: "Deployment not found"))
        }
        return try await WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: messages)).handleRequest(request)
    }

    private func isAuthorized(_ request: HTTPRequest) async -> Bool {
        if await tokens.verdict(authorization: request.headers[.authorization]) == .valid { return true }
        guard let token = request.query["token"] else { return false }
        return await tokens.verdict(token: token) == .valid
    }
}

/// Turns a subscription into WebSocket messages, and closes the connection when the
/// subscription ends, when the switches' `dropAfter` has passed, or when they drop every
/// connection (going away, as a restarting server).
private struct LineMessages: WSMessageHandler {
    private let lines: AsyncStream<[StoredLine]>?
    private let timestampStyle: TimestampStyle
    private let switches: StreamSwitches?
    private let batches: Bool
    private let closeCode: WSCloseCode?

    init(lines: AsyncStream<[StoredLine]>, timestampStyle: TimestampStyle, switches: StreamSwitches, batches: Bool) {
        self.lines = lines
        self.timestampStyle = timestampStyle
        self.switches = switches
        self.batches = batches
        closeCode = nil
    }

    /// A connection that is closed with `code` right after the upgrade.
    init(closingWith code: WSCloseCode) {
        lines = nil
        timestampStyle = .postgres
        switches = nil
        batches = false
        closeCode = code
    }

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let (messages, continuation) = AsyncStream<WSMessage>.makeStream()
        guard let lines, let switches else {
            continuation.yield(.close(closeCode ?? .normalClosure))
            continuation.finish()
            return messages
        }
        let forward = forwarding(lines, to: continuation)
        let connection = UUID()
        let drop: @Sendable () -> Void = {
            continuation.yield(.close(WSCloseCode(1001, reason: "going away")))
            continuation.finish()
            forward.cancel()
        }
        await switches.opened(connection, drop: drop)
        let timer = Task {
            guard let dropAfter = await switches.dropAfter else { return }
            try await Task.sleep(for: dropAfter)
            if await switches.closed(connection) != nil { drop() }
        }
        // The client went away: stop forwarding, so the subscription ends.
        Task {
            for await _ in client {}
            continuation.finish()
            forward.cancel()
            timer.cancel()
            _ = await switches.closed(connection)
        }
        return messages
    }

    /// Sends the subscription's lines as messages, one per line or one per batch; when the
    /// store ends the subscription, the connection goes away (a no-op once the client left).
    private func forwarding(_ lines: AsyncStream<[StoredLine]>,
                            to continuation: AsyncStream<WSMessage>.Continuation) -> Task<Void, Never> {
        Task {
            for await batch in lines {
                if batches {
                    continuation.yield(.text(json(["logs": batch.map { $0.apiObject(timestampStyle) }])))
                } else {
                    for line in batch { continuation.yield(.text(json(line.apiObject(timestampStyle)))) }
                }
            }
            continuation.yield(.close(WSCloseCode(1001, reason: "going away")))
            continuation.finish()
        }
    }

    private func json(_ value: Any) -> String {
        String(decoding: FastAPIResponse.encoded(value), as: UTF8.self)
    }
}
