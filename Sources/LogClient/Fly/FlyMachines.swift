import FoundationEssentials
import LogDiagnosis

/// A Fly machine as catwalk-logs reads it from the Machines API: only what finding a
/// deployment's machine and showing its state need.
///
/// `config.env` carries the user's API keys in clear text (the Catwalk backend puts the
/// deployment's credentials there, backend/app/services/fly_deployment_service.py). Only
/// `DEPLOYMENT_ID` is decoded; no other value of it is ever read into memory as a field,
/// printed, logged, cached or quoted in an error.
public struct FlyMachine: Sendable, Equatable {
    public var id: String
    public var name: String
    /// `created`, `started`, `stopped`, `failed`, `destroyed`, …
    public var state: String
    public var createdAt: String
    /// `config.env.DEPLOYMENT_ID`, when set.
    public var deploymentID: String?
    /// How its process last exited: the newest of its `exit` events, when it has one.
    public var lastExit: MachineExit?

    public init(id: String, name: String = "", state: String = "", createdAt: String = "", deploymentID: String? = nil,
                lastExit: MachineExit? = nil) {
        self.id = id
        self.name = name
        self.state = state
        self.createdAt = createdAt
        self.deploymentID = deploymentID
        self.lastExit = lastExit
    }
}

/// The Machines API (`{FLY_MACHINES_API_URL}/v1/apps/{app}/machines`, superfly/fly-go
/// `flaps/flaps_machines.go`): list an app's machines, get one.
public struct FlyMachinesAPI: Sendable {
    private let client: FlyClient

    /// Creates the API client; requests go through `transport`.
    public init(endpoint: FlyEndpoint, transport: any HTTPTransport) {
        client = FlyClient(endpoint: endpoint, transport: transport)
    }

    private var app: String { client.endpoint.app }
    private var machinesURL: String { "\(client.endpoint.machinesURL)/v1/apps/\(PercentEncoding.pathSegment(app))/machines" }

    /// Every machine of the app.
    public func list() async throws(LogClientError) -> [FlyMachine] {
        let response = try await client.get(machinesURL, notFound: .fly(.appNotFound(app: app)))
        guard let machines = try? JSONDecoder().decode([LenientMachine].self, from: JSONBody.repairedUTF8(response.body))
        else { throw .fly(.malformed("the machine list is not a JSON list")) }
        return machines.compactMap(\.machine)
    }

    /// One machine.
    public func machine(_ id: String) async throws(LogClientError) -> FlyMachine {
        let response = try await client.get(machinesURL + "/" + PercentEncoding.pathSegment(id),
                                            notFound: .fly(.logsNotFound(app: app, machine: id)))
        guard let machine = (try? JSONDecoder().decode(LenientMachine.self, from: JSONBody.repairedUTF8(response.body)))?.machine
        else { throw .fly(.malformed("the machine is not a JSON object")) }
        return machine
    }

    /// The machine of a Catwalk deployment: the one whose `config.env.DEPLOYMENT_ID` is
    /// `deploymentID`; the newest (by `created_at`) when several are, with how many there were.
    /// - Throws: ``FlyFailure/noMachine(deploymentID:app:)`` when none is.
    public func machine(ofDeployment deploymentID: String) async throws(LogClientError) -> (machine: FlyMachine, matches: Int) {
        let matches = try await list().filter { $0.deploymentID?.lowercased() == deploymentID.lowercased() }
        // RFC 3339 times of one format order as text; the id breaks ties so the choice is stable.
        guard let newest = matches.max(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) else {
            throw .fly(.noMachine(deploymentID: deploymentID, app: app))
        }
        return (newest, matches.count)
    }
}

// MARK: - Wire shapes

/// A list element that never throws, so one odd machine cannot lose the list.
private struct LenientMachine: Decodable {
    let machine: FlyMachine?

    init(from decoder: any Decoder) {
        machine = try? Wire(from: decoder).machine
    }

    private struct Wire: Decodable {
        let id: String
        let name: String?
        let state: String?
        let createdAt: String?
        let config: Config?
        let events: [LenientEvent]?

        enum CodingKeys: String, CodingKey {
            case id, name, state, config, events
            case createdAt = "created_at"
        }

        var machine: FlyMachine {
            FlyMachine(id: id, name: name ?? "", state: state ?? "", createdAt: createdAt ?? "",
                       deploymentID: config?.deploymentID, lastExit: Event.lastExit(of: events?.compactMap(\.event) ?? []))
        }
    }

    /// An event that never throws: one odd event loses only itself.
    private struct LenientEvent: Decodable {
        let event: Event?

        init(from decoder: any Decoder) {
            event = try? Event(from: decoder)
        }
    }

    /// fly-go's `MachineEvent` (machine_types.go): an `exit` event carries its `exit_event` in
    /// `request`, or in `request.MonitorEvent` (which fly-go's `GetExitCode` reads first).
    private struct Event: Decodable {
        let type: String?
        let timestamp: Int64?
        let request: Request?

        struct Request: Decodable {
            let exitEvent: ExitEvent?
            let monitorEvent: Monitor?

            enum CodingKeys: String, CodingKey {
                case exitEvent = "exit_event"
                case monitorEvent = "MonitorEvent"
            }
        }

        struct Monitor: Decodable {
            let exitEvent: ExitEvent?

            enum CodingKeys: String, CodingKey { case exitEvent = "exit_event" }
        }

        struct ExitEvent: Decodable {
            let exitCode: Int?
            let oomKilled: Bool?
            let signal: Int?

            enum CodingKeys: String, CodingKey {
                case exitCode = "exit_code"
                case oomKilled = "oom_killed"
                case signal
            }
        }

        /// The newest exit among `events` (Fly lists them newest first; the timestamp decides).
        static func lastExit(of events: [Event]) -> MachineExit? {
            let exits = events.enumerated().compactMap { index, event -> (time: Int64, order: Int, exit: ExitEvent)? in
                guard event.type == "exit",
                      let exit = event.request?.monitorEvent?.exitEvent ?? event.request?.exitEvent else { return nil }
                return (event.timestamp ?? 0, -index, exit)
            }
            guard let newest = exits.max(by: { ($0.time, $0.order) < ($1.time, $1.order) })?.exit else { return nil }
            return MachineExit(exitCode: newest.exitCode ?? 0, oomKilled: newest.oomKilled ?? false,
                               signal: newest.signal.flatMap { $0 > 0 ? $0 : nil })
        }
    }

    /// Only `env.DEPLOYMENT_ID` is decoded: the other values of `env` are the user's secrets.
    private struct Config: Decodable {
        let deploymentID: String?

        enum CodingKeys: String, CodingKey { case env }
        enum EnvironmentKeys: String, CodingKey { case deploymentID = "DEPLOYMENT_ID" }

        init(from decoder: any Decoder) throws {
            let environment = try? decoder.container(keyedBy: CodingKeys.self)
                .nestedContainer(keyedBy: EnvironmentKeys.self, forKey: .env)
            deploymentID = try? environment?.decodeIfPresent(String.self, forKey: .deploymentID)
        }
    }
}
