import FoundationEssentials

/// A deployment as `GET /api/deployments` lists it: enough for a header.
public struct DeploymentSummary: Sendable, Equatable, Decodable {
    /// The deployment's id.
    public var id: String
    /// Its name.
    public var name: String
    /// `pending`, `installing`, `starting`, `running`, `unhealthy`, `stopped` or `failed`.
    public var status: String
    /// Why it failed, when the backend knows.
    public var errorMessage: String?
    /// The Fly machine it runs on, when the backend says.
    public var machineID: String?

    private enum CodingKeys: String, CodingKey {
        case id, name, status
        case errorMessage = "error_message"
        case machineID = "machine_id"
    }

    /// Creates a summary.
    public init(id: String, name: String, status: String, errorMessage: String? = nil, machineID: String? = nil) {
        self.id = id
        self.name = name
        self.status = status
        self.errorMessage = errorMessage
        self.machineID = machineID
    }
}

extension CatwalkBackend {
    /// The signed-in user's deployment with this id, or `nil` when the list lacks it.
    public func deployment(id: String) async throws(LogClientError) -> DeploymentSummary? {
        try await deployments(checkingFor: id).first { $0.id.lowercased() == id }
    }

    /// The signed-in user's deployments (a malformed element is skipped).
    public func deployments(checkingFor subject: String = "") async throws(LogClientError) -> [DeploymentSummary] {
        let response = try await send(path: "/api/deployments")
        try Self.checkStatus(response, deploymentID: subject, sentToken: endpoint.token != nil)
        guard let list = try? JSONDecoder().decode([LenientSummary].self, from: JSONBody.repairedUTF8(response.body)) else {
            throw .malformedResponse("the deployment list is not a JSON list")
        }
        return list.compactMap(\.summary)
    }
}

/// Deployments by name, as the dashboard shows them: `catwalk-logs npm-404` reads the
/// deployment named so.
public enum DeploymentNames {
    /// The id of the one deployment called `name` (exactly, else ignoring case).
    /// - Throws: ``LogClientError/ambiguousName(_:candidates:)`` when several are,
    ///   ``LogClientError/unknownName(_:)`` when none is.
    public static func resolve(_ name: String, among deployments: [DeploymentSummary]) throws(LogClientError) -> String {
        var matches = deployments.filter { $0.name == name }
        if matches.isEmpty { matches = deployments.filter { $0.name.lowercased() == name.lowercased() } }
        guard let first = matches.first else { throw .unknownName(name) }
        guard matches.count == 1 else { throw .ambiguousName(name, candidates: matches) }
        return first.id.lowercased()
    }
}

/// One element of the list; a malformed one is skipped, not fatal.
private struct LenientSummary: Decodable {
    let summary: DeploymentSummary?

    init(from decoder: any Decoder) {
        summary = try? DeploymentSummary(from: decoder)
    }
}

extension DeploymentSummary {
    /// The backend's `error_message` as a log line, for a diagnosis when there are no lines
    /// (a backend without a logs endpoint knows nothing else of a failure).
    public var errorMessageItem: CachedItem? {
        errorMessage.map { .line(LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: 0), stream: .stderr, message: $0)) }
    }
}
