/// An HTTP GET to send: the seam between the log sources and the network.
public struct HTTPRequest: Sendable, Equatable {
    /// The absolute URL, query included.
    public var url: String
    /// Extra request headers as name/value pairs (e.g. `Authorization`).
    public var headers: [HTTPHeaderField]

    /// Creates a request.
    public init(url: String, headers: [HTTPHeaderField] = []) {
        self.url = url
        self.headers = headers
    }
}

/// One header line.
public struct HTTPHeaderField: Sendable, Equatable {
    /// The header's name, e.g. `Authorization`.
    public var name: String
    /// The header's value.
    public var value: String

    /// Creates a header line.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A complete HTTP response.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Response headers keyed by lower-cased name (the last value wins).
    public var headers: [String: String]
    /// The body bytes, after any content decoding.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why a request got no complete response.
public enum TransportFailure: Error, Sendable, Equatable {
    /// Nothing listens at the host and port (or a firewall refused).
    case connectionRefused(host: String)
    /// The host name did not resolve.
    case hostNotFound(host: String)
    /// No answer within the time allowed.
    case timedOut(seconds: Int)
    /// The TLS handshake or certificate check failed.
    case tls(detail: String)
    /// An https:// URL whose server answered in plain HTTP (OpenSSL's "wrong version number").
    case plainHTTPServer(host: String)
    /// The connection broke before the response was complete.
    case connectionReset
    /// The body grew past the size cap.
    case responseTooLarge(limitBytes: Int)
    /// The URL is not an http or https URL libcurl can use.
    case invalidURL(String)
    /// The transfer was cancelled (Ctrl-C or task cancellation).
    case cancelled
    /// Anything else libcurl reported, with its explanation.
    case other(detail: String)

    /// Whether retrying the same GET may succeed.
    public var isRetryable: Bool {
        switch self {
        case .connectionReset: return true
        default: return false
        }
    }
}

/// Sends HTTP GET requests. The libcurl implementation is ``CurlTransport``;
/// tests may supply doubles.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response, whatever its status.
    /// - Throws: ``TransportFailure`` when no complete response arrived.
    func get(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse
}
