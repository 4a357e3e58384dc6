/// Everything that can go wrong while getting a deployment's logs.
///
/// The cases say what happened; ``userMessage`` turns each into the one sentence a
/// user reads and ``exitStatus`` into the process exit code, in one place.
public enum LogClientError: Error, Sendable, Equatable {
    /// The id is not a UUID (checked locally, or answered 400 by the backend).
    case invalidDeploymentID(String)
    /// 404: no such deployment, or it belongs to someone else.
    case deploymentNotFound(String)
    /// 401/403 and no token was sent.
    case notSignedIn
    /// 401/403 although a token was sent; `detail` is the server's text.
    case tokenRejected(detail: String?)
    /// 422: the backend refused the query parameters; `detail` quotes its `msg`.
    case requestRejected(detail: String)
    /// 429 that outlasted the retries.
    case rateLimited
    /// 5xx (other than an HTML page) that outlasted the retries.
    case serverError(status: Int, detail: String?)
    /// An HTML page instead of JSON, typically Fly's proxy during a deploy.
    case proxyErrorPage(status: Int)
    /// A redirect, which is never followed (it could carry the token elsewhere).
    case redirected(status: Int, location: String?)
    /// Any other status the contract does not name.
    case unexpectedStatus(Int, detail: String?)
    /// No complete response arrived.
    case transport(TransportFailure)
    /// The body is not the JSON the contract describes.
    case malformedResponse(String)
    /// The body ended inside a JSON value.
    case truncatedResponse
    /// Refused locally: a token would travel in clear text to a non-loopback host.
    case insecureTransport(host: String)
    /// The CA file given with `--cacert` cannot be read.
    case caFileUnreadable(path: String)
    /// The backend lists the deployment but has no logs route (the backend deployed today:
    /// FastAPI's bare `404 {"detail":"Not Found"}`). Its status and `error_message` are in `deployment`.
    case logsEndpointMissing(baseURL: String, deployment: DeploymentSummary)
    /// `--token-command` could not give a token; says why (never its output).
    case tokenCommandFailed(String)
    /// Neither a deployment id nor a machine to read.
    case missingSubject
    /// `--file` cannot be read.
    case fileUnreadable(path: String, reason: String)
    /// `--token-file` cannot be read.
    case tokenFileUnreadable(path: String, reason: String)
    /// No deployment has this name (and it is no id).
    case unknownName(String, didYouMean: String?)
    /// Several deployments have this name.
    case ambiguousName(String, candidates: [DeploymentSummary])
    /// `--cursor-file` cannot be read or written.
    case cursorFileUnusable(path: String, reason: String)
    /// `cache clear` was given a deployment that has nothing cached.
    case nothingCached(String)
    /// `--output` or the viewer's save key cannot write this file (it exists, or cannot be created).
    case outputFileUnusable(path: String, reason: String)
    /// `--all` found no deployment (with the statuses asked for, when given), where it looked.
    case noDeploymentsListed(statuses: [String], place: String)
    /// The cache cannot be used where `catwalk-logs cache` needs it.
    case cache(CacheProblem)
    /// Something went wrong with Fly's logs or Machines API.
    case fly(FlyFailure)
}

/// What went wrong with Fly, worded as Fly's (its variables and commands, not `--api`).
public enum FlyFailure: Sendable, Equatable {
    /// No Fly token was found.
    case notSignedIn
    /// Fly answered 401/403 to the token found in `origin` (deploy tokens may not read logs).
    case tokenRejected(origin: String)
    /// The logs or Machines API answered 404 for this machine.
    case logsNotFound(app: String, machine: String)
    /// The Machines API answered 404 for the app.
    case appNotFound(app: String)
    /// No machine of the app carries the deployment's `DEPLOYMENT_ID`.
    case noMachine(deploymentID: String, app: String)
    /// 429 that outlasted the retries, with the `Retry-After` seconds Fly asked for, if any.
    case rateLimited(retryAfterSeconds: Int?)
    /// Any other failing status, after retries.
    case failed(status: Int)
    /// No complete response arrived.
    case transport(TransportFailure)
    /// The body was not what Fly sends.
    case malformed(String)
}

extension LogClientError {
    /// The error for a body that could not be decoded.
    init(_ failure: BodyDecodingFailure) {
        switch failure {
        case .truncated: self = .truncatedResponse
        case .malformed(let reason): self = .malformedResponse(reason)
        }
    }

    /// The exit code this error ends the process with.
    public var exitStatus: ExitStatus {
        switch self {
        case .invalidDeploymentID, .deploymentNotFound, .missingSubject, .unknownName, .nothingCached, .noDeploymentsListed:
            return .notFound
        case .notSignedIn, .tokenRejected, .tokenCommandFailed: return .notAuthorized
        case .requestRejected, .insecureTransport, .caFileUnreadable, .fileUnreadable, .tokenFileUnreadable, .ambiguousName,
             .cursorFileUnusable, .outputFileUnusable:
            return .usage
        case .rateLimited, .serverError, .proxyErrorPage, .redirected, .unexpectedStatus, .logsEndpointMissing, .cache:
            return .unavailable
        case .transport(let failure): return failure.exitStatus
        case .malformedResponse, .truncatedResponse: return .malformedResponse
        case .fly(let failure):
            switch failure {
            case .notSignedIn, .tokenRejected: return .notAuthorized
            case .logsNotFound, .appNotFound, .noMachine: return .notFound
            case .rateLimited, .failed: return .unavailable
            case .transport(let transport): return transport.exitStatus
            case .malformed: return .malformedResponse
            }
        }
    }

    /// Whether the next source of a chain may answer instead: the failure says nothing
    /// about the deployment or the token, only that this source cannot give lines now.
    public var allowsFallback: Bool { exitStatus == .unavailable }

    /// Whether asking again later may succeed (a follower retries these): everything that
    /// allows a fallback but a backend that has no logs endpoint at all.
    public var isWorthRetrying: Bool {
        if case .logsEndpointMissing = self { return false }
        return allowsFallback
    }

    /// Whether no server answered at all (the network, DNS, TLS, a refused connection), as
    /// opposed to a server that answered with an error: only this is "offline".
    public var isUnreachable: Bool {
        switch self {
        case .transport(let failure), .fly(.transport(let failure)):
            return failure.exitStatus == .unavailable
        default:
            return false
        }
    }

    /// One sentence naming the cause and what to do next. Never contains the token;
    /// server-provided text in it is untrusted and must be sanitised before display.
    public var userMessage: String {
        switch self {
        case .invalidDeploymentID(let id):
            return "'\(id)' is not a deployment id: ids are UUIDs like 3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b (see the dashboard's URL)."
        case .deploymentNotFound(let id):
            return "Deployment \(id) was not found, or it belongs to another account: check the id and that CATWALK_TOKEN is yours."
        case .notSignedIn:
            return "Not signed in: set CATWALK_TOKEN (or --token-file) to the token from the Catwalk web app."
        case .tokenRejected(let detail):
            return "The backend rejected the token\(quoted(detail)): backend tokens expire after 5 minutes; use --token-command (or CATWALK_TOKEN_COMMAND) to mint a fresh one each time, or update CATWALK_TOKEN."
        case .requestRejected(let detail):
            return "The backend rejected the request (\(detail)): check --limit and --stream."
        case .rateLimited:
            return "The backend is rate-limiting requests (429) and kept doing so after \(retries): wait a minute and try again."
        case .serverError(let status, let detail):
            let retried = RetryPolicy.retryableStatuses.contains(status) ? " after \(retries)" : ""
            return "The backend failed with HTTP \(status)\(quoted(detail))\(retried): try again later."
        case .proxyErrorPage(let status):
            return "The backend answered HTTP \(status) with an HTML page instead of JSON (usually a proxy while the backend restarts): try again in a minute, and check --api."
        case .redirected(let status, let location):
            let target = location.map { " to \($0)" } ?? ""
            return "The backend redirected (HTTP \(status))\(target), which is not followed so the token cannot leak: set --api to the final address."
        case .unexpectedStatus(let status, let detail):
            return "The backend answered an unexpected HTTP \(status)\(quoted(detail)): check that --api points at a Catwalk backend."
        case .transport(let failure):
            return failure.userMessage
        case .malformedResponse(let reason):
            return "The backend's response could not be read: \(reason); check that --api points at a Catwalk backend."
        case .truncatedResponse:
            return "The backend's response was cut off before it ended: try again; if it persists, lower --limit."
        case .insecureTransport(let host):
            return "Refusing to send the token in clear text to \(host) over http://: use https://, or pass --allow-insecure-http if you trust the network."
        case .caFileUnreadable(let path):
            return "The CA file \(path) cannot be read: check the path given with --cacert (or CATWALK_CA_FILE)."
        case .logsEndpointMissing(let baseURL, let deployment):
            return "The Catwalk backend at \(baseURL) has no logs endpoint (it lists deployment \(deployment.id) but cannot show its lines): set FLY_API_TOKEN (from `fly tokens create readonly`) to read them from Fly instead."
        case .tokenCommandFailed(let reason):
            return "The token command (--token-command or CATWALK_TOKEN_COMMAND) gave no token: \(reason); run it by hand to see why."
        case .missingSubject:
            return "Nothing to read: give a deployment id, or --machine with --source fly, or --file."
        case .fileUnreadable(let path, let reason):
            return "Cannot read \(path) (\(reason)): check the path given with --file."
        case .unknownName(let name, let nearest?):
            return "No deployment is named '\(name)': did you mean '\(nearest)'? (catwalk-logs list shows them all)"
        case .unknownName(let name, nil):
            return "No deployment is named '\(name)', and it is not an id: give the id (a UUID, as in the dashboard's URL) or the name the dashboard shows (catwalk-logs list shows them all)."
        case .ambiguousName(let name, let candidates):
            let list = candidates.map { "\($0.id) (\($0.status))" }.joined(separator: ", ")
            return "\(candidates.count) deployments are named '\(name)': \(list); give the id of the one you mean."
        case .cursorFileUnusable(let path, let reason):
            return "The cursor file \(path) cannot be used (\(reason)): give a writable path, or remove the file to start afresh."
        case .nothingCached(let deployment):
            return "Nothing is cached for \(deployment): see catwalk-logs cache list."
        case .outputFileUnusable(let path, let reason):
            return "Cannot write \(path) (\(reason)): give another file name."
        case .noDeploymentsListed(let statuses, let place):
            let which = statuses.isEmpty ? "" : " with status \(statuses.joined(separator: " or "))"
            return "No deployment\(which) is listed by \(place): check --status, or leave out --all and name the deployments."
        case .tokenFileUnreadable(let path, let reason):
            return "Cannot read the token file \(path) (\(reason)): check --token-file."
        case .cache(.unusable(let path, let reason)), .cache(.movedAside(let path, _, let reason)):
            return "The log cache \(path) cannot be used (\(reason)): check its directory and XDG_CACHE_HOME."
        case .fly(let failure):
            return failure.userMessage
        }
    }

    private func quoted(_ detail: String?) -> String {
        guard let detail, !detail.isEmpty else { return "" }
        return ": \"\(detail.count > 200 ? String(detail.prefix(200)) + "…" : detail)\""
    }
}

extension FlyFailure {
    /// One sentence naming the cause and what to do next, in Fly's terms.
    public var userMessage: String {
        switch self {
        case .notSignedIn:
            return "Fly needs a token: set FLY_API_TOKEN (from `fly tokens create readonly`), or sign in with `fly auth login`."
        case .tokenRejected(let origin):
            return "Fly refused the token from \(origin): deploy tokens cannot read logs or list machines; create one with `fly tokens create readonly` and set FLY_API_TOKEN."
        case .logsNotFound(let app, let machine):
            return "Fly knows no machine \(machine) in app \(app): check --machine and --fly-app (or CATWALK_FLY_APP)."
        case .appNotFound(let app):
            return "Fly knows no app \(app), or the token cannot see it: check --fly-app (or CATWALK_FLY_APP)."
        case .noMachine(let deploymentID, let app):
            return "No machine of Fly app \(app) carries DEPLOYMENT_ID \(deploymentID): check the deployment id and --fly-app, or pass --machine (see `fly machines list`)."
        case .rateLimited:
            return "Fly is rate-limiting requests (429) and kept doing so after \(retries): wait a minute and try again."
        case .failed(let status):
            let retried = RetryPolicy.retryableStatuses.contains(status) ? " after \(retries)" : ""
            return "Fly's API failed with HTTP \(status)\(retried): try again later (https://status.flyio.net)."
        case .transport(let failure):
            return "Cannot reach Fly's API: \(failure.cause); check your network (and FLY_API_BASE_URL or FLY_MACHINES_API_URL if set)."
        case .malformed(let reason):
            return "Fly's answer could not be read: \(reason); its logs API is not officially supported and may have changed."
        }
    }
}

extension TransportFailure {
    /// The exit code a request that got no complete response ends with.
    var exitStatus: ExitStatus {
        switch self {
        case .responseTooLarge: return .malformedResponse
        case .cancelled: return .interrupted
        case .invalidURL: return .usage
        default: return .unavailable
        }
    }

    /// What happened, with no advice: for sentences about a service other than the backend.
    public var cause: String {
        switch self {
        case .connectionRefused(let host): return "the connection to \(host) was refused"
        case .hostNotFound(let host): return "the host \(host) could not be resolved"
        case .timedOut(let seconds): return "no answer within \(seconds) s"
        case .tls(let detail): return "the secure connection failed (\(detail))"
        case .plainHTTPServer(let host): return "\(host) answered in plain HTTP, not TLS"
        case .connectionReset: return "the connection broke before the response was complete, even after \(retries)"
        case .responseTooLarge(let limit): return "the response was larger than \(limit / 1_048_576) MiB"
        case .invalidURL(let url): return "'\(url)' is not a usable URL"
        case .cancelled: return "interrupted"
        case .other(let detail): return detail
        }
    }

    /// One sentence naming the cause and what to do next.
    public var userMessage: String {
        switch self {
        case .connectionRefused(let host):
            return "Cannot connect to \(host): connection refused; is the backend running, and is --api (or CATWALK_API_URL) right?"
        case .hostNotFound(let host):
            return "Cannot resolve host \(host): check your network connection and --api (or CATWALK_API_URL)."
        case .timedOut(let seconds):
            return "The backend did not answer within \(seconds) s: check your network, or raise --timeout."
        case .tls(let detail):
            return "The secure connection failed (\(detail)): check that the backend serves https:// at this URL (one that serves plain HTTP needs http://), the system clock and your CA certificates."
        case .plainHTTPServer(let host):
            return "The server at \(host) answered in plain HTTP, not TLS: give --api (or CATWALK_API_URL) an http:// URL."
        case .connectionReset:
            return "The connection to the backend broke before the response was complete, even after \(retries): try again shortly."
        case .responseTooLarge(let limit):
            return "The response was larger than \(limit / 1_048_576) MiB and was abandoned: lower --limit (a single line that large cannot be read)."
        case .invalidURL(let url):
            return "'\(url)' is not a usable http:// or https:// URL: check --api (or CATWALK_API_URL)."
        case .cancelled:
            return "Interrupted."
        case .other(let detail):
            return "The request failed: \(detail); check your network and --api."
        }
    }
}

/// "3 retries": how many times a transient failure was retried before giving up.
private let retries = "\(RetryPolicy.defaultMaximumRetries) retries"
