import ArgumentParser
import LogClient

/// Where lines come from: the Catwalk backend, Fly's logs API, or the first that answers.
enum SourceChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, backend, fly
}

/// Reading a deployment's machine logs straight from Fly.
struct FlyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "auto (the backend, and Fly when the backend is unreachable and FLY_API_TOKEN and the machine are known), backend, or fly.",
        valueName: "source"))
    var source: SourceChoice = .auto

    @Option(help: ArgumentHelp("The Fly app (default: $CATWALK_FLY_APP, else \(FlyEndpoint.defaultApp)).", valueName: "app"))
    var flyApp: String?

    @Option(help: ArgumentHelp("The Fly machine id (default: the deployment's, from the backend's list).", valueName: "id"))
    var machine: String?

    /// Fly's endpoint from the flags and the environment (`FLY_API_TOKEN`, else
    /// `FLY_ACCESS_TOKEN` as flyctl reads; `FLY_API_BASE_URL`).
    func endpoint(environment: [String: String]) -> FlyEndpoint {
        let token = [environment["FLY_API_TOKEN"], environment["FLY_ACCESS_TOKEN"]].compactMap { $0 }.first { !$0.isEmpty }
        return FlyEndpoint(baseURL: environment["FLY_API_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? FlyEndpoint.defaultBaseURL,
                           app: flyApp ?? environment["CATWALK_FLY_APP"].flatMap { $0.isEmpty ? nil : $0 } ?? FlyEndpoint.defaultApp,
                           token: token)
    }
}
