/// Fly as a source: a deployment's machine (found through the Machines API by its
/// `DEPLOYMENT_ID`, unless it is known) or a machine named directly.
public actor FlyLogSource: LogSource {
    public nonisolated let identity: SourceIdentity
    private let logs: FlyLogsAPI
    private let machines: FlyMachinesAPI
    private let subject: FlySubject
    /// The machine once known: given, remembered, or found.
    private var machine: FlyMachine?
    /// What finding the machine taught, until a fetch hands it on.
    private var untold: (notices: [SourceNotice], machine: String?) = ([], nil)
    private let clock: @Sendable () -> LogTimestamp

    /// - Parameters:
    ///   - subject: the deployment and/or machine; a machine given here is not looked up.
    ///   - clock: the current time (Fly's windows are counted from it).
    public init(endpoint: FlyEndpoint, subject: FlySubject, transport: any HTTPTransport,
                clock: @escaping @Sendable () -> LogTimestamp = { .now() }) {
        identity = .fly(app: endpoint.app, subject: subject)
        logs = FlyLogsAPI(endpoint: endpoint, transport: transport)
        machines = FlyMachinesAPI(endpoint: endpoint, transport: transport)
        self.subject = subject
        machine = subject.machine.map { FlyMachine(id: $0) }
        self.clock = clock
    }

    public var name: String {
        "Fly (app \(logs.app)" + (machine.map { ", machine \($0.id))" } ?? ")")
    }

    public nonisolated var live: (any LiveLineSource)? { nil }

    public func fetch(_ query: LogQuery, after position: SourcePosition?) async throws(LogClientError) -> SourceWindow {
        let machineID = try await resolveMachine()
        let (notices, discovered) = untold
        untold = ([], nil)
        let logs = self.logs
        let reader = FlyHistoryReader(now: clock()) { token throws(LogClientError) in
            try await logs.page(machine: machineID, after: token)
        }
        // Fly has no stream parameter: for one stream the widest window is read, and the newest
        // lines of the stream are chosen among its lines.
        let readLimit = query.stream == nil ? query.limit : LogQuery.maximumLimit
        let result: FlyHistoryReader.Result
        if case .flyCursor(let cursor) = position {
            result = try await reader.after(cursor)
        } else if let since = query.since {
            result = try await reader.window(since: since, until: query.until, limit: readLimit)
        } else {
            result = try await reader.newest(readLimit)
        }
        // Fly's logs API matches an unknown instance with nothing: ask the Machines API whether
        // a machine that was named (not found by its deployment) exists at all.
        if result.entries.isEmpty, position == nil, discovered == nil { _ = try await machines.machine(machineID) }
        let inStream = query.inStream(result.entries)
        let entries = position == nil && inStream.count > query.limit ? Array(inStream.suffix(query.limit)) : inStream
        return SourceWindow(window: FetchedWindow(entries: entries, isComplete: result.isComplete && entries.count == inStream.count),
                            skippedCount: result.skippedCount, position: result.cursor.map(SourcePosition.flyCursor),
                            notices: notices, discoveredMachine: discovered)
    }

    /// The machine's name, state and last exit, for a header and a diagnosis that the backend cannot fill.
    public func summary() async -> DeploymentSummary? {
        guard let machineID = try? await resolveMachine(), let current = try? await machines.machine(machineID) else {
            return nil
        }
        return DeploymentSummary(id: subject.deploymentID ?? current.id, name: current.name,
                                 status: current.state.isEmpty ? "unknown" : current.state, machineID: current.id,
                                 machineExit: current.lastExit)
    }

    /// The machine to read, looking it up once by the deployment id when it is not known.
    private func resolveMachine() async throws(LogClientError) -> String {
        if let machine { return machine.id }
        guard let deploymentID = subject.deploymentID else { throw .fly(.noMachine(deploymentID: "?", app: logs.app)) }
        let (found, matches) = try await machines.machine(ofDeployment: deploymentID)
        machine = found
        untold = (matches > 1 ? [.severalMachines(deploymentID: deploymentID, chosen: found.id, count: matches)] : [], found.id)
        return found.id
    }
}
