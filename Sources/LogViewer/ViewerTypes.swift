import LogClient

/// Which stream the pane shows.
public enum StreamFilter: String, Sendable, CaseIterable {
    case all, stdout, stderr

    /// The next filter in the `s` cycle.
    var next: StreamFilter {
        switch self {
        case .all: return .stdout
        case .stdout: return .stderr
        case .stderr: return .all
        }
    }

    func admits(_ item: CachedItem) -> Bool {
        guard let entry = item.entry else { return self == .all }
        return self == .all || entry.stream.rawValue == rawValue
    }
}

/// How fresh the shown lines are, for the header.
public enum Freshness: Equatable, Sendable {
    case fetching
    case fetched(at: LogTimestamp)
    /// Cached lines shown because no source could be reached; the banner says why.
    case offline(cachedAt: LogTimestamp?, reason: String)
    /// The server answered but gave no lines (a rejected token, a backend without a logs
    /// endpoint…): never called offline; the banner says why.
    case unanswered(cachedAt: LogTimestamp?, reason: String)
}

/// What the header says about the deployment.
public struct DeploymentTitle: Equatable, Sendable {
    public var id: String
    public var source: String
    /// The name and status, once the backend's deployment list has told them.
    public var name: String?
    public var status: String?
    /// Why it failed, as the backend says (`error_message`).
    public var errorMessage: String?

    public init(id: String, source: String) {
        self.id = id
        self.source = source
    }

    /// Takes the name, status and failure reason a source told.
    public mutating func adopt(_ summary: DeploymentSummary) {
        name = summary.name.isEmpty ? nil : summary.name
        status = summary.status
        errorMessage = summary.errorMessage
    }
}

/// A search in progress: the pattern and where it matched.
public struct SearchState: Equatable {
    public var pattern: String
    /// Matches as (pane row, column range in the row's message text).
    public var matches: [SearchMatch] = []
    /// The index in `matches` of the current match.
    public var current: Int?
}

/// One match of the search in one laid-out row.
public struct SearchMatch: Equatable {
    public var row: Int
    public var range: Range<Int>   // character offsets in the row's text
}

/// A line being typed in the status line: a search, a `&` filter, a file name to save to, or
/// the answer to whether to replace a file.
public struct Prompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case search, textFilter, saveAs
        case confirmReplace(path: String)
    }

    public var purpose: Purpose
    public var text: String

    public init(_ purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.text = text
    }

    /// What the status line shows before the text.
    var label: String {
        switch purpose {
        case .search: return "/"
        case .textFilter: return "&"
        case .saveAs: return "save to: "
        case .confirmReplace(let path): return "\(path) exists: replace it? (y/n) "
        }
    }
}

/// The deployments a viewer of several shows, and the one shown alone, if any.
public struct FleetView: Equatable, Sendable {
    /// Every deployment shown, in order; empty when the viewer shows one deployment.
    public var deployments: [DeploymentTag] = []
    /// The deployment shown alone (`Tab`), or `nil` for all.
    public internal(set) var shown: DeploymentTag?
    /// The deployment the diagnosis banner speaks of.
    public internal(set) var diagnosed: DeploymentTag?

    public init(deployments: [DeploymentTag] = []) {
        self.deployments = deployments
    }

    /// Whether several deployments are shown.
    public var isActive: Bool { !deployments.isEmpty }

    /// The widest key, for the key column (0 with one deployment).
    var keyWidth: Int { deployments.map { DisplayWidth.of($0.key) }.max() ?? 0 }

    /// The next in the `Tab` cycle: all, then each alone, then all again.
    var next: DeploymentTag? {
        guard let shown else { return deployments.first }
        guard let index = deployments.firstIndex(of: shown), index + 1 < deployments.count else { return nil }
        return deployments[index + 1]
    }
}
