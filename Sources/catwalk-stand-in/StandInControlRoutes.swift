import FlyingFox
import Foundation
import enum LogClient.DeploymentID
import struct LogClient.LogQuery
import enum LogClient.LogStream
import struct LogClient.LogTimestamp

/// Routes for tests and demos, under `/_stand-in/`: ingest lines, queue faults, read counters.
/// They need no token; the server only ever binds 127.0.0.1.
struct StandInControlRoutes: Sendable {
    let store: LogStore
    let faults: FaultInjector
    let statistics: RequestStatistics
    let switches: StreamSwitches
    let tokens: TokenRegistry

    func install(on server: HTTPServer) async {
        await installDeploymentRoutes(on: server)
        await installServiceRoutes(on: server)
    }

    /// Lines, lifecycles and machines of the stand-in's deployments.
    private func installDeploymentRoutes(on server: HTTPServer) async {
        await server.appendRoute("POST /_stand-in/deployments/:id/logs") { request in
            try await ingest(request)
        }
        await server.appendRoute("POST /_stand-in/deployments/:id/generate") { request in
            try await generate(request)
        }
        await server.appendRoute("POST /_stand-in/deployments/:id/drop-stream") { request in
            // Closes this deployment's live streams only; the others' stay open.
            let id = DeploymentID.normalized(request.routeParameters["id"] ?? "") ?? ""
            return FastAPIResponse.json(status: 200, ["dropped": await store.endSubscriptions(of: id)])
        }
        await server.appendRoute("POST /_stand-in/deployments/:id/lifecycle") { request in
            try await playLifecycle(request)
        }
        await server.appendRoute("POST /_stand-in/machines") { request in
            try await addMachine(request)
        }
    }

    /// The live stream's switches, faults, statistics and tokens.
    private func installServiceRoutes(on server: HTTPServer) async {
        await server.appendRoute("POST /_stand-in/stream") { request in
            try await setStreamSwitches(request)
        }
        await server.appendRoute("POST /_stand-in/stream/drop") { _ in
            FastAPIResponse.json(status: 200, ["dropped": await switches.dropAll()])
        }
        await server.appendRoute("POST /_stand-in/faults") { request in
            try await addFault(request)
        }
        await server.appendRoute("DELETE /_stand-in/faults") { _ in
            await faults.clear()
            return FastAPIResponse.json(status: 200, ["cleared": true])
        }
        await server.appendRoute("GET /_stand-in/stats") { _ in
            FastAPIResponse.json(status: 200, ["log_requests": await statistics.logRequests,
                                               "machine_requests": await statistics.machineRequests,
                                               "stream_connections": await switches.openConnections,
                                               "tokens_minted": await tokens.mintedCount])
        }
        await server.appendRoute("POST /_stand-in/tokens") { request in
            // The token alone on stdout, as a --token-command would print it.
            let seconds = request.query["ttl"].flatMap(Double.init) ?? 300
            let token = await tokens.mint(lifetime: .seconds(seconds))
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain"], body: Data((token + "\n").utf8))
        }
    }

    private struct IngestBody: Decodable {
        struct Line: Decodable {
            var timestamp: String?
            var stream: String
            var message: String
        }
        var name: String?
        var status: String?
        var error_message: String?
        var machine_id: String?
        var logs: [Line]
    }

    /// Body: `{"name"?, "status"?, "error_message"?, "machine_id"?, "logs": [{"timestamp"?, "stream",
    /// "message"}]}`; a missing timestamp means now. Creates the deployment when it does not
    /// exist; with a machine, the lines reach its Fly logs too.
    private func ingest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let id = DeploymentID.normalized(request.routeParameters["id"] ?? "") else {
            return FastAPIResponse.detail(status: 400, "Invalid deployment ID format")
        }
        let body: IngestBody
        do {
            body = try JSONDecoder().decode(IngestBody.self, from: try await request.bodyData)
        } catch {
            return FastAPIResponse.detail(status: 422, "Body must be {\"logs\": [{\"stream\", \"message\", \"timestamp\"?}]}")
        }
        let now = Clock.nowMicros()
        var lines: [StoredLine] = []
        for line in body.logs {
            guard LogStream(rawValue: line.stream) != nil else {
                return FastAPIResponse.detail(status: 422, "stream must be stdout or stderr")
            }
            var micros = now
            if let text = line.timestamp {
                guard let parsed = LogTimestamp(parsing: text) else {
                    return FastAPIResponse.detail(status: 422, "unreadable timestamp \(text)")
                }
                micros = parsed.nanosecondsSinceEpoch / 1000
            }
            lines.append(StoredLine(timestampMicros: micros, stream: line.stream, message: line.message))
        }
        if try await !store.hasDeployment(id) || body.name != nil || body.status != nil || body.machine_id != nil {
            try await store.upsertDeployment(DeploymentRecord(
                id: id, name: body.name ?? "ingested", status: body.status ?? "running", errorMessage: body.error_message,
                createdAtMicros: now, updatedAtMicros: now, machineID: body.machine_id))
        }
        try await store.append(lines, to: id)
        return FastAPIResponse.json(status: 200, ["stored": lines.count, "kept": try await store.lineCount(of: id)])
    }

    private struct LifecycleBody: Decodable {
        var script: Lifecycle
        var after: Double?
    }

    /// Body: `{"script": "comes-up" | "fails" | "crash-loop", "after"?: seconds}`: plays the
    /// deployment's life (status and lines) in the background. Answers at once.
    private func playLifecycle(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let id = DeploymentID.normalized(request.routeParameters["id"] ?? ""), try await store.hasDeployment(id) else {
            return FastAPIResponse.detail(status: 404, "Deployment not found")
        }
        guard let body = try? JSONDecoder().decode(LifecycleBody.self, from: try await request.bodyData) else {
            return FastAPIResponse.detail(status: 422, "Body must be {\"script\": \"comes-up\" | \"fails\" | \"crash-loop\", \"after\"?: seconds}")
        }
        body.script.start(deploymentID: id, after: body.after ?? 2, store: store)
        return FastAPIResponse.json(status: 200, ["playing": body.script.rawValue])
    }

    private struct MachineBody: Decodable {
        struct Exit: Decodable {
            var exit_code: Int
            var oom_killed: Bool?
        }
        var id: String
        var deployment_id: String
        var state: String?
        var created_at: String?
        var exit: Exit?
    }

    /// Body: `{"id", "deployment_id", "state"?, "created_at"?, "exit"?: {"exit_code", "oom_killed"?}}`:
    /// one more Fly machine carrying that `DEPLOYMENT_ID` (a deployment that was recreated, for
    /// instance), or new facts about one (its state, how it last exited).
    private func addMachine(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(MachineBody.self, from: try await request.bodyData) else {
            return FastAPIResponse.detail(status: 422, "Body must be {\"id\", \"deployment_id\", \"state\"?, \"created_at\"?, \"exit\"?}")
        }
        let created = body.created_at.flatMap { LogTimestamp(parsing: $0) }.map { $0.nanosecondsSinceEpoch / 1000 } ?? Clock.nowMicros()
        try await store.addMachine(FlyMachineRecord(id: body.id, deploymentID: body.deployment_id, state: body.state ?? "started",
                                                    createdAtMicros: created,
                                                    exit: body.exit.map { .init(code: $0.exit_code, oomKilled: $0.oom_killed ?? false) }))
        return FastAPIResponse.json(status: 200, ["machine": body.id])
    }

    private struct GenerateBody: Decodable {
        var rate: Double
        var seconds: Double
        var script: LineGenerator.Script?
    }

    /// Body: `{"rate", "seconds", "script"?: "counter" | "startup"}`: stores `rate × seconds`
    /// lines over `seconds` (see ``LineGenerator``). Answers at once.
    private func generate(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let id = DeploymentID.normalized(request.routeParameters["id"] ?? "") else {
            return FastAPIResponse.detail(status: 400, "Invalid deployment ID format")
        }
        guard let body = try? JSONDecoder().decode(GenerateBody.self, from: try await request.bodyData),
              body.rate > 0, body.seconds > 0 else {
            return FastAPIResponse.detail(status: 422, "Body must be {\"rate\" > 0, \"seconds\" > 0, \"script\"?: \"counter\" | \"startup\"}")
        }
        guard try await store.hasDeployment(id) else {
            return FastAPIResponse.detail(status: 404, "Deployment not found")
        }
        try await LineGenerator(store: store).start(deploymentID: id, rate: body.rate, seconds: body.seconds,
                                                    script: body.script ?? .counter)
        return FastAPIResponse.json(status: 200, ["generating": Int((body.rate * body.seconds).rounded())])
    }

    private struct StreamBody: Decodable {
        var enabled: Bool?
        /// Milliseconds after which each stream connection is dropped; 0 turns dropping off.
        var drop_every_ms: Int?
        /// One `{"logs": [...]}` message per stored batch instead of one per line.
        var batch_per_tick: Bool?
    }

    /// Body: `{"enabled"?: bool, "drop_every_ms"?: int, "batch_per_tick"?: bool}`: switches the
    /// live stream endpoint off (404) or on, drops every stream connection that long after it
    /// opened (0: never), and sends each stored batch as one message (for benchmarks).
    private func setStreamSwitches(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(StreamBody.self, from: try await request.bodyData) else {
            return FastAPIResponse.detail(status: 422, "Body must be {\"enabled\"?: bool, \"drop_every_ms\"?: int, \"batch_per_tick\"?: bool}")
        }
        let dropAfter: Duration?? = body.drop_every_ms.map { $0 > 0 ? .milliseconds($0) : nil }
        await switches.set(enabled: body.enabled, dropAfter: dropAfter, batches: body.batch_per_tick)
        return FastAPIResponse.json(status: 200, ["enabled": await switches.isEnabled])
    }

    private struct FaultBody: Decodable {
        var kind: String
        var count: Int?
        var status: Int?
        var seconds: Int?
        var milliseconds: Int?
        /// `padded-body`'s bytes, `malformed-entries`' entries.
        var size: Int?
    }

    /// Body: `{"kind", "count"?, "status"?, "seconds"?, "milliseconds"?, "size"?}`.
    private func addFault(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(FaultBody.self, from: try await request.bodyData),
              let fault = Fault(kind: body.kind, status: body.status, seconds: body.seconds,
                                milliseconds: body.milliseconds, size: body.size)
        else {
            return FastAPIResponse.detail(status: 422, "unknown fault; kinds: status, rate-limit, delay, html-502, malformed-json, truncated-body, reset, fly-ndjson, fly-text, padded-body, malformed-entries, invalid-utf8, trickle")
        }
        await faults.add(fault, count: body.count ?? 1)
        return FastAPIResponse.json(status: 200, ["queued": body.count ?? 1])
    }
}

/// The wall clock in the stand-in's storage unit.
enum Clock {
    /// Microseconds since the Unix epoch, now.
    static func nowMicros() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }
}
