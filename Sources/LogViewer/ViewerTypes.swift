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
