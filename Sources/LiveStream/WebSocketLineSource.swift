import HTTPTypes
import Logging
import LogClient
import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization
import WSClient

/// The backend's live stream, `WS /api/deployments/{id}/logs/stream`, through
/// hummingbird-project's WebSocket client: one text message per stored line (or a batch
/// `{"logs": [...]}`), the token in the upgrade request's `Authorization` header. Nothing
/// hangs silently: an upgrade unanswered after `connectTimeout` is a drop, and a ping every
/// `pingInterval` that goes unanswered until the next one ends the connection as dropped.
public struct WebSocketLineSource: LiveLineSource {
    /// The largest message accepted: the limit a fetched body has.
    static let maximumMessageSize = 64 << 20

    private let endpoint: CatwalkEndpoint
    private let userAgent: String
    private let caFile: String?
    private let pingInterval: Duration
    private let connectTimeout: Duration

    /// - Parameters:
    ///   - endpoint: the backend and its token (never logged: the client's logger is silent).
    ///   - userAgent: sent with the upgrade request.
    ///   - caFile: a PEM file of CA certificates to verify `wss://` with instead of the system's.
    ///   - pingInterval: how often a ping checks that the connection is alive.
    ///   - connectTimeout: how long connecting and upgrading may take.
    public init(endpoint: CatwalkEndpoint, userAgent: String, caFile: String? = nil,
                pingInterval: Duration = .seconds(30), connectTimeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.userAgent = userAgent
        self.caFile = caFile
        self.pingInterval = pingInterval
        self.connectTimeout = connectTimeout
    }

    public func subscribe(to deploymentID: String) -> AsyncStream<LiveStreamEvent> {
        let url = endpoint.streamURL(deploymentID: deploymentID)
        let configuration = self.configuration, tlsConfiguration = self.tlsConfiguration
        let pingInterval = self.pingInterval, connectTimeout = self.connectTimeout
        return AsyncStream { continuation in
            let state = ConnectionState()
            let connection = Task {
                let closure: LiveStreamClosure
                do {
                    // http_proxy, https_proxy and no_proxy as libcurl reads them (none set: direct).
                    let closeFrame = try await WebSocketClient.connect(
                        url: url, configuration: configuration, tlsConfiguration: tlsConfiguration,
                        proxySettings: .environment(timeout: connectTimeout), logger: Self.silentLogger
                    ) { inbound, _, _ in
                        try await Self.relay(inbound, to: continuation, state: state)
                    }
                    closure = Self.closure(for: closeFrame, state: state, pingInterval: pingInterval)
                } catch {
                    closure = Self.closure(for: error, opened: state.opened.load(ordering: .relaxed))
                }
                continuation.yield(.closed(closure))
                continuation.finish()
            }
            // An upgrade nobody answers (a stalled server or proxy) must not hang following.
            let watchdog = Task {
                try await Task.sleep(for: connectTimeout)
                guard !state.opened.load(ordering: .relaxed) else { return }
                continuation.yield(.closed(.dropped(
                    reason: "no answer to the WebSocket upgrade in \(connectTimeout.components.seconds) s", opened: false)))
                continuation.finish()
                connection.cancel()
            }
            continuation.onTermination = { _ in
                connection.cancel()
                watchdog.cancel()
            }
        }
    }

    /// Passes the stream's messages on as lines: `.opened` first, then one event per message.
    private static func relay(_ inbound: WebSocketInboundStream, to continuation: AsyncStream<LiveStreamEvent>.Continuation,
                              state: ConnectionState) async throws {
        state.opened.store(true, ordering: .relaxed)
        continuation.yield(.opened)
        var messages = inbound.messages(maxSize: Self.maximumMessageSize).makeAsyncIterator()
        while let message = try await messages.next() {
            state.lastTraffic.withLock { $0 = .now }
            state.receivedMessage.store(true, ordering: .relaxed)
            guard case .text(let text) = message else { continue }
            // A message that is not a line object counts as one skipped entry.
            let decoded = (try? CatwalkLogsDecoder.decodeLiveMessage(text)) ?? DecodedLogs(entries: [], skippedCount: 1)
            continuation.yield(.lines(decoded))
        }
    }

    /// Why a connection that ended without an error ended: a silent one is a drop; one that
    /// ended before its first message without a close frame failed as if it never opened (the
    /// library ends a stream that breaks the protocol so), and one that keeps doing so gives
    /// way to polling.
    private static func closure(for closeFrame: WebSocketCloseFrame?, state: ConnectionState,
                                pingInterval: Duration) -> LiveStreamClosure {
        let opened = state.opened.load(ordering: .relaxed)
        let silence = ContinuousClock.now - state.lastTraffic.withLock { $0 }
        guard closeFrame == nil, opened else { return closure(for: closeFrame, opened: opened) }
        if silence > pingInterval {
            return .dropped(reason: "the connection went silent: no answer to a ping in \(silence.components.seconds) s", opened: true)
        }
        return closure(for: nil, opened: state.receivedMessage.load(ordering: .relaxed))
    }

    private var configuration: WebSocketClientConfiguration {
        var headers = HTTPFields()
        headers[.userAgent] = userAgent
        if let token = endpoint.token { headers[.authorization] = "Bearer \(token)" }
        return WebSocketClientConfiguration(
            maxFrameSize: Self.maximumMessageSize, additionalHeaders: headers,
            closeTimeout: .seconds(2), autoPing: .enabled(timePeriod: pingInterval))
    }

    /// Certificates are always verified; with a CA file, against it alone (as curl's `--cacert`).
    private var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile { tls.trustRoots = .file(caFile) }
        return tls
    }

    /// The library logs to stderr by default, which would scribble over the viewer.
    private static let silentLogger = Logger(label: "catwalk-logs.websocket") { _ in SwiftLogNoOpLogHandler() }

    // MARK: - Why it ended

    /// The server's close frame (or none: the connection just ended).
    static func closure(for frame: WebSocketCloseFrame?, opened: Bool) -> LiveStreamClosure {
        guard let frame else {
            let limit = maximumMessageSize >> 20
            return .dropped(reason: "the live stream ended without a close frame: the server went away, or sent more than \(limit) MiB at once",
                            opened: opened)
        }
        let code = Int(UInt16(webSocketErrorCode: frame.closeCode))
        switch code {
        case 1008, 4401, 4403, 4404: return .rejected(code: code)
        default:
            let reason = frame.reason.map { ": \($0)" } ?? ""
            return .dropped(reason: "the server closed the live stream (code \(code)\(reason))", opened: opened)
        }
    }

    /// An error from connecting or reading.
    static func closure(for error: any Error, opened: Bool) -> LiveStreamClosure {
        if let error = error as? WebSocketClientError {
            switch error {
            case .webSocketUpgradeFailed:
                return .unsupported(reason: "the server did not upgrade the connection to a WebSocket")
            case .invalidURL:
                return .unsupported(reason: "the stream URL is not valid")
            case .serverSentMessageTooLarge:
                return .dropped(reason: "the live stream sent a message larger than \(maximumMessageSize >> 20) MiB", opened: opened)
            default:
                return .dropped(reason: "the live stream failed (\(error))", opened: opened)
            }
        }
        if let error = error as? NIOConnectionError {
            // The client sends the host as SNI, which TLS forbids for an address: never going to work.
            if error.connectionErrors.contains(where: { ($0.error as? NIOSSLExtraError) == .cannotUseIPAddressInSNI }) {
                return .unsupported(reason: "the WebSocket client cannot use TLS with an IP address (\(error.host)); "
                                    + "use the backend's host name")
            }
            return .dropped(reason: failure(connecting: error).userMessage, opened: opened)
        }
        if error is CancellationError { return .dropped(reason: "stopped", opened: opened) }
        return .dropped(reason: "the live stream failed (\(error))", opened: opened)
    }
}

extension WebSocketLineSource {
    /// A failed connection in the words the requests use (``TransportFailure``), not the
    /// library's: refused, unresolved, timed out, or the host alone.
    static func failure(connecting error: NIOConnectionError) -> TransportFailure {
        let host = "\(error.host):\(error.port)"
        let codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
        if codes.contains(ECONNREFUSED) { return .connectionRefused(host: host) }
        if codes.contains(ETIMEDOUT) { return .timedOut(seconds: 10) }
        if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
            return .hostNotFound(host: error.host)
        }
        return .other(detail: "could not connect to \(host)")
    }
}

/// What the connection task and the watchdog share.
private final class ConnectionState: Sendable {
    /// Whether the upgrade succeeded.
    let opened = Atomic(false)
    /// When the last message came.
    let lastTraffic = Mutex(ContinuousClock.now)
    /// Whether any message came.
    let receivedMessage = Atomic(false)
}
