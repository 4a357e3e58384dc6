import FlyingFox
import Foundation
import struct LogClient.LogTimestamp

/// The emulated Machines API (`GET /v1/apps/{app}/machines` and `…/machines/{id}`, shaped as
/// fly-go's `Machine`): each machine carries `config.env.DEPLOYMENT_ID` as the Catwalk backend
/// sets it (backend/app/services/fly_deployment_service.py), beside the deployment's
/// credentials in clear text. Those values are planted secrets: tests check they never leave
/// catwalk-logs.
struct MachinesAPIRoutes: Sendable {
    let store: LogStore
    let app: String
    let token: String
    let statistics: RequestStatistics

    /// The planted secret values of a machine's environment (tests grep every output for them).
    static func plantedSecrets(machine: String) -> [String: String] {
        ["OPENAI_API_KEY": "sk-planted-\(machine)-0penai", "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_planted\(machine)Secret"]
    }

    func install(on server: HTTPServer) async {
        await server.appendRoute("GET /v1/apps/:app/machines") { request in
            try await respond(request) { machines in FastAPIResponse.json(status: 200, machines) }
        }
        await server.appendRoute("GET /v1/apps/:app/machines/:id") { request in
            try await respond(request) { machines in
                guard let machine = machines.first(where: { $0["id"] as? String == request.routeParameters["id"] }) else {
                    return FastAPIResponse.json(status: 404, ["error": "machine not found"])
                }
                return FastAPIResponse.json(status: 200, machine)
            }
        }
    }

    private func respond(_ request: HTTPRequest, _ answer: ([[String: Any]]) -> HTTPResponse) async throws -> HTTPResponse {
        await statistics.countMachineRequest()
        guard FlyAuthorization.accepts(request, token: token) else { return FlyAuthorization.rejection }
        guard request.routeParameters["app"] == app else { return FastAPIResponse.json(status: 404, ["error": "app not found"]) }
        let deployments = Dictionary(try await store.deployments().map { ($0.id, $0) }) { first, _ in first }
        return answer(try await store.machines().map { machine in
            let created = LogTimestamp(nanosecondsSinceEpoch: machine.createdAtMicros * 1000).rfc3339Exact
            let package = deployments[machine.deploymentID].map { "@catwalk-demo/\($0.name)" } ?? "unknown"
            let environment = ["DEPLOYMENT_ID": machine.deploymentID, "MCP_PACKAGE": package]
                .merging(Self.plantedSecrets(machine: machine.id)) { first, _ in first }
            return ["id": machine.id, "name": "machine-\(machine.id.suffix(4))", "state": machine.state, "region": "iad",
                    "instance_id": "01J" + machine.id.uppercased(), "private_ip": "fdaa:0:1::3",
                    "created_at": created, "updated_at": created,
                    "config": ["image": "registry.fly.io/catwalk-mcp-runtime:latest", "env": environment,
                               "guest": ["cpu_kind": "shared", "cpus": 1, "memory_mb": 256],
                               "restart": ["policy": "always"]],
                    "events": Self.events(machine)] as [String: Any]
        })
    }

    /// fly-go's `MachineEvent`s, newest first: a `start`, and after it the `exit` when there was one.
    private static func events(_ machine: FlyMachineRecord) -> [[String: Any]] {
        let started = machine.createdAtMicros / 1000
        var events: [[String: Any]] = [["type": "start", "status": "started", "source": "flyd", "timestamp": started]]
        if let exit = machine.exit {
            events.insert(["type": "exit", "status": "stopped", "source": "flyd", "timestamp": started + 1000,
                           "request": ["exit_event": ["exit_code": exit.code, "oom_killed": exit.oomKilled, "requested_stop": false,
                                                      "restarting": false, "guest_exit_code": 0, "guest_signal": -1, "signal": -1]]],
                          at: 0)
        }
        return events
    }
}
