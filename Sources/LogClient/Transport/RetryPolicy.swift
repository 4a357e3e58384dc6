import LogText

/// When and how long to wait before retrying an idempotent GET.
///
/// Retries 429, 502, 503, 504 and broken connections, up to `maximumRetries` times,
/// with exponential backoff and full jitter; a `Retry-After` header (seconds) replaces the
/// computed delay, capped at `maximumDelaySeconds`.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    public var maximumRetries: Int
    /// The first backoff step, in seconds; step *n* is `base × 2ⁿ`.
    public var baseDelaySeconds: Double
    /// No wait is ever longer than this.
    public var maximumDelaySeconds: Double

    /// Retries after the first attempt unless a caller chooses otherwise.
    public static let defaultMaximumRetries = 3

    /// Statuses that mean "try again shortly".
    public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// Creates a policy; the defaults are 3 retries starting at 0.5 s, capped at 30 s.
    public init(maximumRetries: Int = RetryPolicy.defaultMaximumRetries, baseDelaySeconds: Double = 0.5, maximumDelaySeconds: Double = 30) {
        self.maximumRetries = maximumRetries
        self.baseDelaySeconds = baseDelaySeconds
        self.maximumDelaySeconds = maximumDelaySeconds
    }

    /// The seconds to wait before retry number `retry` (0-based), or `nil` for no retry.
    /// `jitter` is a random fraction in `0...1` (injected so tests are deterministic).
    public func delay(beforeRetry retry: Int, after outcome: Result<HTTPResponse, TransportFailure>,
                      jitter: Double) -> Double? {
        guard retry < maximumRetries else { return nil }
        switch outcome {
        case .failure(let failure):
            guard failure.isRetryable else { return nil }
        case .success(let response):
            guard Self.retryableStatuses.contains(response.status) else { return nil }
            if let header = response.headers["retry-after"], let seconds = Double(header.trimmingASCIIWhitespace()),
               seconds >= 0 {
                return min(seconds, maximumDelaySeconds)
            }
        }
        return backoff(beforeRetry: retry, jitter: jitter)
    }

    /// The backoff before retry number `retry` (0-based): `base × 2ⁿ`, scaled by a jitter
    /// fraction in `0...1` to between half and all of it, capped. Requests and followers
    /// both wait this long.
    public func backoff(beforeRetry retry: Int, jitter: Double) -> Double {
        let exponential = baseDelaySeconds * Double(1 << min(retry, 16))
        return min(exponential * (0.5 + 0.5 * jitter), maximumDelaySeconds)
    }
}

/// Sends a GET through a transport, retrying as a ``RetryPolicy`` allows.
public struct RetryingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let policy: RetryPolicy
    private let sleep: @Sendable (Double) async throws -> Void

    /// Wraps `base`; `sleep` waits the given seconds (replaceable in tests).
    public init(_ base: any HTTPTransport, policy: RetryPolicy = RetryPolicy(),
                sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
                    try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                }) {
        self.base = base
        self.policy = policy
        self.sleep = sleep
    }

    public func get(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse {
        var retry = 0
        while true {
            let outcome: Result<HTTPResponse, TransportFailure>
            do { outcome = .success(try await base.get(request)) } catch { outcome = .failure(error) }
            guard let delay = policy.delay(beforeRetry: retry, after: outcome, jitter: Double.random(in: 0...1)) else {
                return try outcome.get()
            }
            do { try await sleep(delay) } catch { throw .cancelled }
            retry += 1
        }
    }
}
