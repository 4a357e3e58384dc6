import ArgumentParser
import LogClient

/// Reading a deployment's machine logs straight from Fly.
struct FlyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "auto (the backend; Fly when the backend is unreachable or has no logs endpoint and a Fly token is set), backend, or fly.",
        valueName: "source"))
    var source: SourcePlan.Choice = .auto

    @Option(help: ArgumentHelp("The Fly app (default: $CATWALK_FLY_APP, else \(FlyEndpoint.defaultApp)).", valueName: "app"))
    var flyApp: String?

    @Option(help: ArgumentHelp("The Fly machine id (default: the one whose DEPLOYMENT_ID is the deployment's).", valueName: "id"))
    var machine: String?

    /// Fly's endpoints from the flags and the environment: the token as flyctl finds it
    /// (`FLY_ACCESS_TOKEN`, `FLY_API_TOKEN`, then `~/.fly/config.yml`), `FLY_API_BASE_URL`,
    /// `FLY_MACHINES_API_URL`.
    func endpoint(environment: [String: String]) -> FlyEndpoint {
        let nonEmpty = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let credentials = FlyCredentials.discover(environment: environment) { path in try? readText(path) }
        return FlyEndpoint(baseURL: nonEmpty("FLY_API_BASE_URL") ?? FlyEndpoint.defaultBaseURL,
                           machinesURL: nonEmpty("FLY_MACHINES_API_URL") ?? FlyEndpoint.defaultMachinesURL,
                           app: flyApp ?? nonEmpty("CATWALK_FLY_APP") ?? FlyEndpoint.defaultApp,
                           credentials: credentials)
    }
}

extension SourcePlan.Choice: ExpressibleByArgument {}
