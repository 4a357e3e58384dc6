/// The process exit codes, each with the sentence that documents it.
///
/// `--help`, the man page and the README list exactly these (a test checks).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    case diagnosed = 1
    case usage = 2
    case notFound = 3
    case notAuthorized = 4
    case unavailable = 5
    case malformedResponse = 6
    case waitFailed = 7
    case waitTimedOut = 8
    case hungUp = 129
    case interrupted = 130
    case terminated = 143

    /// The code of a process ended by `signal`: 128 + its number, as shells report it.
    public static func killed(by signal: Int32) -> ExitStatus {
        ExitStatus(rawValue: 128 + signal) ?? .interrupted
    }

    /// What the code means, as documented.
    public var meaning: String {
        switch self {
        case .success: return "success (also when the deployment has no log lines yet)"
        case .diagnosed: return "--diagnose found the cause of a failure"
        case .usage: return "usage error: a bad option, value or combination"
        case .notFound: return "deployment or its Fly machine not found, or not a valid id"
        case .notAuthorized: return "not signed in, or a token was rejected (the backend's or Fly's)"
        case .unavailable: return "no lines to be had: unreachable, failing, or no logs endpoint"
        case .malformedResponse: return "the response was malformed, truncated or too large"
        case .waitFailed: return "wait: the deployment failed, stopped, or is in a crash loop"
        case .waitTimedOut: return "wait: the deployment did not settle before --timeout"
        case .hungUp: return "the terminal hung up (SIGHUP)"
        case .interrupted: return "interrupted (Ctrl-C)"
        case .terminated: return "terminated (SIGTERM)"
        }
    }
}
