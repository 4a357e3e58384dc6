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

        let line = evidenceLine.map { "line \($0), " } ?? ""
        // With several deployments the banner names the one it speaks of.
        let whose = fleet.diagnosed.map { "\($0.key): " } ?? ""
        if let finding = diagnosis.findings.first {
            banners.append("⚠ \(whose)\(finding.summary) (\(line)d shows it) — \(finding.hint)")
        } else if let unexplained = diagnosis.unexplained {
            banners.append("⚠ \(whose)failed, \(unexplained.summary) (\(line)d shows the likeliest error) — \(unexplained.hint)")
        }
        if let errorMessage = title.errorMessage {
            banners.append("✖ \(title.status ?? "failed"): \(errorMessage)")
        }
        return banners
    }
}
