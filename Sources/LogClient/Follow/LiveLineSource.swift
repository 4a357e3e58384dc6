/// A push subscription to the lines a deployment stores from now on: the seam between the
/// follower and the WebSocket (or a test double).
public protocol LiveLineSource: Sendable {
    /// Opens a subscription. The stream yields ``LiveStreamEvent/opened`` once the server has
    /// accepted it, then lines, and ends after one ``LiveStreamEvent/closed(_:)``. Ending the
    /// iteration (or cancelling its task) closes the connection.
    func subscribe(to deploymentID: String) -> AsyncStream<LiveStreamEvent>
}

/// What a live subscription reports, in order.
public enum LiveStreamEvent: Sendable, Equatable {
    /// The server accepted the subscription: every line stored from now on will come.
    case opened
    /// Lines stored since the last event, oldest first.
    case lines(DecodedLogs)
    /// The subscription is over; nothing follows.
    case closed(LiveStreamClosure)
}

/// Why a live subscription ended.
public enum LiveStreamClosure: Sendable, Equatable {
    /// The server has no stream endpoint, or refused the upgrade: poll instead.
    case unsupported(reason: String)
    /// The server closed the stream on purpose: 1008 (bad token) or 4404 (unknown deployment).
    /// The GET endpoint says precisely why.
    case rejected(code: Int)
    /// The connection failed or dropped (a restart, the network, a missed ping): retry.
    /// `opened` says whether it had been open.
    case dropped(reason: String, opened: Bool)
}
