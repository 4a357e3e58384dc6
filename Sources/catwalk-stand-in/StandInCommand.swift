import ArgumentParser
import FlyingFox
import Foundation

/// `catwalk-stand-in`: a local stand-in for the Catwalk backend's logs API.
@main
struct StandInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catwalk-stand-in",
        abstract: "A local stand-in for the Catwalk backend's logs API, with demo scenarios and fault injection.",
        discussion: """
            Binds 127.0.0.1 only. The first line on stdout is "listening on http://127.0.0.1:PORT".
            Test routes (no token): POST /_stand-in/deployments/{id}/logs, POST /_stand-in/deployments/{id}/generate,
            POST /_stand-in/stream, POST /_stand-in/stream/drop, POST and DELETE /_stand-in/faults, POST /_stand-in/tokens?ttl=SECONDS,
            POST /_stand-in/machines, GET /_stand-in/stats.
            Fly: GET /api/v1/apps/{app}/logs (the logs API), GET /v1/apps/{app}/machines[/{id}] (the Machines API).
            """
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port: UInt16 = 8000

    @Option(help: "The bearer token the API accepts.")
    var token = "catwalk-demo-token"

    @Option(help: "The token the emulated Fly logs API accepts (as Bearer or FlyV1).")
    var flyToken = "fly-demo-token"

    @Option(help: "The Fly app the emulated Fly logs API serves.")
    var flyApp = "catwalk-live-mcp-servers"

    @Option(help: "SQLite database file (default: in memory).")
    var database = ":memory:"

    @Option(help: "Timestamp form: postgres (+00:00) or sqlite (no offset).")
    var timestampStyle: TimestampStyle = .postgres

    @Flag(help: "Behave like the Catwalk backend deployed today: no logs routes, no machine_id, its 401 sentences.")
    var upstream = false

    @Flag(help: "Start with no demo deployments.")
    var noScenarios = false

    @Flag(help: "Keep the 'starting' demo deployment writing lines (3 a second for 10 minutes).")
    var demoLive = false

    @Option(help: ArgumentHelp("Drop every live-stream connection this long after it opens.", valueName: "seconds"))
    var dropStreamEvery: Double?

    func run() async throws {
        let store = try LogStore(path: database)
        let scenarios = noScenarios ? [] : Scenario.all(nowMicros: Clock.nowMicros())
        try await load(scenarios, into: store)
        let faults = FaultInjector()
        let statistics = RequestStatistics()
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 60, logger: .disabled)
        let tokens = TokenRegistry(fixed: token)
        let api = CatwalkAPIRoutes(store: store, faults: faults, tokens: tokens, timestampStyle: timestampStyle,
                                   statistics: statistics, upstream: upstream)
        await api.install(on: server)
        await FlyAPIRoutes(store: store, api: api, app: flyApp, token: flyToken).install(on: server)
        let switches = StreamSwitches(dropAfter: dropStreamEvery.map { .seconds($0) })
        await LiveStreamRoute(store: store, tokens: tokens, upstream: upstream, timestampStyle: timestampStyle,
                              switches: switches).install(on: server)
        await StandInControlRoutes(store: store, faults: faults, statistics: statistics, switches: switches, tokens: tokens)
            .install(on: server)
        let generator = LineGenerator(store: store)
        try await generator.resumeUnfinished()
        if demoLive, !noScenarios {
            try await generator.start(deploymentID: Scenario.id(7), rate: 3, seconds: 600, script: .startup)
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            try await server.waitUntilListening()
            if case .ip4(_, let boundPort) = await server.listeningAddress {
                say("listening on http://127.0.0.1:\(boundPort)")
                if !scenarios.isEmpty { printTable(of: scenarios) }
            }
            try await group.next()
        }
    }

    private func load(_ scenarios: [Scenario], into store: LogStore) async throws {
        for scenario in scenarios {
            try await store.upsertDeployment(scenario.deployment)
            try await store.append(scenario.lines, to: scenario.deployment.id)
        }
    }

    private func printTable(of scenarios: [Scenario]) {
        // The names the backend lists (what catwalk-logs takes), not the scenarios' own.
        say("demo deployments (token: \(token)):")
        for scenario in scenarios {
            let deployment = scenario.deployment
            say("  \(deployment.name.padding(toLength: 18, withPad: " ", startingAt: 0)) "
                + "\(deployment.status.padding(toLength: 9, withPad: " ", startingAt: 0)) \(deployment.id)"
                + "  machine \(deployment.machineID ?? "-")")
        }
    }
}

extension TimestampStyle: ExpressibleByArgument {}

/// Writes one line to stdout at once (tests wait for the first line through a pipe).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
