/// A place a deployment's lines come from: the Catwalk backend, Fly's logs API, a saved file.
///
/// This is the seam between the fetcher (cache, fallback, follow) and each service. A new
/// source is one type conforming to this protocol plus one case in ``SourcePlan``.
public protocol LogSource: Sendable {
    /// Which history this is: the cache key of its lines and the words for notices.
    var identity: SourceIdentity { get }

    /// A short name for notices and headers, e.g. "Fly (app x, machine 1234)". It may grow
    /// more precise once the source has answered (a machine found by its deployment id).
    var name: String { get async }

    /// The newest `query.limit` lines, oldest first; or, when `position` is given, every line
    /// after it (what a follower asks for).
    /// - Throws: ``LogClientError``; one whose ``LogClientError/allowsFallback`` is true lets
    ///   the next source of the chain answer instead.
    func fetch(_ query: LogQuery, after position: SourcePosition?) async throws(LogClientError) -> SourceWindow

    /// The deployment's name and status as this source knows them, or `nil`.
    func summary() async -> DeploymentSummary?

    /// The push subscription of new lines, when the source has one (else followers poll).
    var live: (any LiveLineSource)? { get async }
}

/// Which history a source serves: typed, so nothing parses cache-key strings.
public enum SourceIdentity: Hashable, Sendable {
    /// A deployment's lines from the Catwalk backend at `baseURL`.
    case catwalk(baseURL: String, deploymentID: String)
    /// Lines of a Fly app's machine: the deployment's (found by its `DEPLOYMENT_ID`), or
    /// a machine named directly.
    case fly(app: String, subject: FlySubject)
    /// Lines saved in a file (or standard input, `-`).
    case file(path: String)

    /// The key its lines are cached under, or `nil` when they are not cached (a file is
    /// its own store).
    public var cacheKey: CacheKey? {
        switch self {
        case .catwalk(let baseURL, let deploymentID):
            return CacheKey(source: "catwalk \(baseURL)", deploymentID: deploymentID)
        case .fly(let app, let subject):
            return CacheKey(source: "fly \(app)", deploymentID: subject.deploymentID ?? subject.machine ?? "")
        case .file:
            return nil
        }
    }

    /// The deployment id, or the machine or file when that is all there is: what the header names.
    public var subjectName: String {
        switch self {
        case .catwalk(_, let deploymentID): return deploymentID
        case .fly(_, let subject): return subject.deploymentID ?? subject.machine ?? "?"
        case .file(let path): return path == "-" ? "standard input" : path
        }
    }
}

/// What a Fly source reads: a deployment (its machine found on Fly or remembered), a
/// machine, or both when the machine is known.
public struct FlySubject: Hashable, Sendable {
    /// The Catwalk deployment id (`config.env.DEPLOYMENT_ID` of its machine).
    public var deploymentID: String?
    /// The Fly machine id, when known.
    public var machine: String?

    /// Creates a subject; at least one of the two is expected.
    public init(deploymentID: String?, machine: String?) {
        self.deploymentID = deploymentID
        self.machine = machine
    }
}

/// Where a source stopped, so a follower can ask for what came after. Fly's is its
/// nanosecond cursor; a file's is a byte offset; the backend has none (it is re-read whole).
public enum SourcePosition: Sendable, Equatable {
    /// Fly's `next_token`: nanoseconds since the epoch of the last line read.
    case flyCursor(String)
    /// Bytes of a file already read, and the file's identity (device and inode), so that a
    /// replaced file is read from its start, as `tail -F` does.
    case fileOffset(Int64, fileID: FileIdentity)
}

/// A file's device and inode numbers: which file a path named when it was read.
public struct FileIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}

/// What one fetch from a source brought.
public struct SourceWindow: Sendable {
    /// The lines, and whether nothing older than the first can be missing.
    public var window: FetchedWindow
    /// Entries of the response that could not be read.
    public var skippedCount: Int
    /// Where to continue from, when the source can continue.
    public var position: SourcePosition?
    /// Things the source learnt that are worth one line on stderr (e.g. which of several
    /// machines it chose).
    public var notices: [SourceNotice]
    /// A Fly machine found for a deployment, for the cache to remember.
    public var discoveredMachine: String?

    /// Creates a window.
    public init(window: FetchedWindow, skippedCount: Int = 0, position: SourcePosition? = nil,
                notices: [SourceNotice] = [], discoveredMachine: String? = nil) {
        self.window = window
        self.skippedCount = skippedCount
        self.position = position
        self.notices = notices
        self.discoveredMachine = discoveredMachine
    }
}
