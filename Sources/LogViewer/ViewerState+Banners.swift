import LogClient

extension ViewerState {
    /// The banners under the header: being offline, and the diagnosed cause of a failure.
    public var banners: [String] {
        var banners: [String] = []
        switch freshness {
        case .offline(let cachedAt, let reason):
            let age = cachedAt.map { "cached " + ageDescription(of: $0, now: now) } ?? "nothing cached"
            banners.append("offline — \(age): \(reason)")
        case .unanswered(let cachedAt, let reason):
            banners.append((cachedAt.map { "cached " + ageDescription(of: $0, now: now) + ": " } ?? "") + reason)
        case .fetching, .fetched:
            break
        }

        if let diagnosis {
            let line = evidenceLine.map { "line \($0), " } ?? ""
            banners.append("⚠ \(diagnosis.summary) (\(line)d shows it) — \(diagnosis.hint)")
        }
        if let errorMessage = title.errorMessage {
            banners.append("✖ \(title.status ?? "failed"): \(errorMessage)")
        }
        return banners
    }
}
