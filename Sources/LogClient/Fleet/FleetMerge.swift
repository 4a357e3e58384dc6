/// The lines of several deployments as one history, by timestamp.
public enum FleetMerge {
    /// Merges each deployment's items (oldest first, already tagged) into one list, oldest
    /// first. The order is stable: lines of one moment keep the order of the deployments as
    /// given, and each deployment's own order, so identical lines at one timestamp are all
    /// kept, counted, never folded. A gap marker stays just before its deployment's next line
    /// (a trailing one has no line to stand before and goes).
    public static func merge(_ histories: [[CachedItem]]) -> [CachedItem] {
        var keyed: [(timestamp: LogTimestamp, deployment: Int, position: Int, item: CachedItem)] = []
        keyed.reserveCapacity(histories.reduce(0) { $0 + $1.count })
        for (deployment, items) in histories.enumerated() {
            var nextLine: LogTimestamp?
            // Walked backwards so that a gap knows the timestamp of the line after it.
            for position in items.indices.reversed() {
                let item = items[position]
                if let entry = item.entry { nextLine = entry.timestamp }
                guard let timestamp = nextLine else { continue }
                keyed.append((timestamp, deployment, position, item))
            }
        }
        keyed.sort { ($0.timestamp, $0.deployment, $0.position) < ($1.timestamp, $1.deployment, $1.position) }
        return keyed.map(\.item)
    }
}
