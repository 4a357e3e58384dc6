import FoundationEssentials
import LogDiagnosis

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
    /// When it was created (the backend's `created_at`, naive UTC), when given and readable.
    public var createdAt: LogTimestamp?
    /// How its machine last exited, when the source knows (Fly's Machines API; the backend does not say).
    public var machineExit: MachineExit?

    private enum CodingKeys: String, CodingKey {
        case id, name, status
        case errorMessage = "error_message"
        case machineID = "machine_id"
        case createdAt = "created_at"
    }

    /// Creates a summary.
    public init(id: String, name: String, status: String, errorMessage: String? = nil, machineID: String? = nil,
                createdAt: LogTimestamp? = nil, machineExit: MachineExit? = nil) {
        self.machineExit = machineExit
        self.id = id
        self.name = name
        self.status = status
        self.errorMessage = errorMessage
        self.machineID = machineID
        self.createdAt = createdAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  status: try container.decode(String.self, forKey: .status),
                  errorMessage: try container.decodeIfPresent(String.self, forKey: .errorMessage),
                  machineID: try container.decodeIfPresent(String.self, forKey: .machineID),
                  createdAt: (try? container.decodeIfPresent(String.self, forKey: .createdAt)).flatMap { $0 }
                    .flatMap { LogTimestamp(parsing: $0) })
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
    /// The id of the one deployment called `name` (exactly, else ignoring case), or whose id
    /// starts with it (the 8-character key that the output of several deployments prints).
    /// - Throws: ``LogClientError/ambiguousName(_:candidates:)`` when several are,
    ///   ``LogClientError/unknownName(_:didYouMean:)`` when none is (with the nearest name).
    public static func resolve(_ name: String, among deployments: [DeploymentSummary]) throws(LogClientError) -> String {
        var matches = deployments.filter { $0.name == name }
        if matches.isEmpty { matches = deployments.filter { $0.name.lowercased() == name.lowercased() } }
        if matches.isEmpty, name.count >= DeploymentTag.idPrefixLength, name.allSatisfy(\.isHexDigit) {
            matches = deployments.filter { $0.id.lowercased().hasPrefix(name.lowercased()) }
        }
        guard let first = matches.first else { throw .unknownName(name, didYouMean: nearest(to: name, among: deployments)) }
        guard matches.count == 1 else { throw .ambiguousName(name, candidates: matches) }
        return first.id.lowercased()
    }

    /// The name nearest to `name` when it is a likely typo: at most two edits away (ignoring
    /// case), or containing it.
    static func nearest(to name: String, among deployments: [DeploymentSummary]) -> String? {
        let typed = Array(name.lowercased())
        let scored = deployments.map { deployment in
            (name: deployment.name, distance: editDistance(typed, Array(deployment.name.lowercased())))
        }
        let close = scored.filter { $0.distance <= 2 || $0.name.lowercased().contains(name.lowercased()) }
        return close.min { ($0.distance, $0.name) < ($1.distance, $1.name) }?.name
    }

    /// Levenshtein's distance between two strings.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
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
