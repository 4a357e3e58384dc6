import FoundationEssentials

/// What a committed collection step tells every replica through PostgreSQL's `NOTIFY`: which
/// deployment has new lines, and the `seq` range they were stored with. The lines themselves
/// are read from the table (a notification's payload is small, and a line a GET cannot see is
/// never streamed).
public struct LineAnnouncement: Sendable, Equatable {
    /// The `LISTEN`/`NOTIFY` channel.
    public static let channel = "catwalk_logd_lines"

    public var deployment: UUID
    public var firstSeq: Int64
    public var lastSeq: Int64

    public init(deployment: UUID, firstSeq: Int64, lastSeq: Int64) {
        self.deployment = deployment
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
    }

    /// `<deployment> <first seq> <last seq>`.
    public var payload: String {
        "\(deployment.uuidString.lowercased()) \(firstSeq) \(lastSeq)"
    }

    /// Reads a payload; `nil` for anything else on the channel.
    public init?(payload: String) {
        let parts = payload.split(separator: " ")
        guard parts.count == 3, let deployment = UUID(uuidString: String(parts[0])),
              let first = Int64(parts[1]), let last = Int64(parts[2]), first <= last else { return nil }
        self.init(deployment: deployment, firstSeq: first, lastSeq: last)
    }
}
