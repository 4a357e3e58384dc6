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
    /// Fly answered 401/403 and no Fly token was set.
    case flyNotSignedIn
    /// Fly answered 401/403 to the token (deploy tokens may not read logs).
    case flyTokenRejected
    /// Fly answered 404: no such app or machine.
    case flyNotFound(app: String, machine: String)
    /// Fly was asked for a deployment whose machine is not known.
    case machineUnknown(deploymentID: String)
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
        case .invalidDeploymentID, .deploymentNotFound, .flyNotFound, .machineUnknown: return .notFound
        case .notSignedIn, .tokenRejected, .flyNotSignedIn, .flyTokenRejected: return .notAuthorized
        case .requestRejected, .insecureTransport, .caFileUnreadable: return .usage
        case .rateLimited, .serverError, .proxyErrorPage, .redirected, .unexpectedStatus: return .unavailable
        case .transport(let failure):
            switch failure {
            case .responseTooLarge: return .malformedResponse
            case .cancelled: return .interrupted
            case .invalidURL: return .usage
            default: return .unavailable
            }
        case .malformedResponse, .truncatedResponse: return .malformedResponse
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
            return "The backend rejected the token\(quoted(detail)): it may have expired; sign in again and update CATWALK_TOKEN."
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
        case .flyNotSignedIn:
            return "Fly needs a token: set FLY_API_TOKEN (from `fly tokens create readonly`) to read machine logs."
        case .flyTokenRejected:
            return "Fly refused the token for logs: deploy tokens cannot read logs; create one with `fly tokens create readonly` and set FLY_API_TOKEN."
        case .flyNotFound(let app, let machine):
            return "Fly knows no machine \(machine) in app \(app): check --machine and --fly-app (or CATWALK_FLY_APP)."
        case .machineUnknown(let id):
            return "The machine of deployment \(id) is not known: pass --machine MACHINE_ID (see `fly machines list`)."
        }
    }

    private func quoted(_ detail: String?) -> String {
        guard let detail, !detail.isEmpty else { return "" }
        return ": \"\(detail.count > 200 ? String(detail.prefix(200)) + "…" : detail)\""
    }
}

extension TransportFailure {
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
            return "The secure connection failed (\(detail)): check the URL, the system clock and your CA certificates."
        case .connectionReset:
            return "The connection to the backend broke before the response was complete, even after \(retries): try again shortly."
        case .responseTooLarge(let limit):
            return "The response was larger than \(limit / 1_048_576) MiB and was abandoned: lower --limit."
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
