/// How long ago something happened, in the words a status line uses: `just now`,
/// `42 s ago`, `3 min ago`, `5 h ago`, `2 days ago`.
public func ageDescription(of then: LogTimestamp, now: LogTimestamp) -> String {
    let (nanoseconds, overflowed) = now.nanosecondsSinceEpoch.subtractingReportingOverflow(then.nanosecondsSinceEpoch)
    let seconds = overflowed ? (then > now ? 0 : Int64.max / 1_000_000_000) : max(0, nanoseconds / 1_000_000_000)
    switch seconds {
    case ..<5: return "just now"
    case ..<60: return "\(seconds) s ago"
    case ..<3600: return "\(seconds / 60) min ago"
    case ..<86_400: return "\(seconds / 3600) h ago"
    default: return seconds < 172_800 ? "1 day ago" : "\(seconds / 86_400) days ago"
    }
}
