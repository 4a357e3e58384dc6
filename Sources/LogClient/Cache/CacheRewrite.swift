/// Which stored rows a merge leaves untouched, so that a write touches only what changed.
///
/// A merge usually drops some of the oldest items (retention) and appends new ones, so the
/// merged history starts with a run of the stored one: `stored[start ..< start + count]`
/// equals `merged[0 ..< count]`. Rows before and after that run are deleted and
/// `merged[count...]` is inserted after it. A refetch that found nothing new writes nothing.
struct CacheRewrite: Equatable {
    /// The first stored item that is kept.
    var start: Int
    /// How many stored items, from `start`, are kept as the beginning of the merged history.
    var count: Int

    /// Candidate starts tried before falling back to a full rewrite (each costs one pass).
    static let maximumCandidates = 32

    /// The longest kept run among the first candidates; `count == 0` means rewrite everything.
    static func plan(stored: [CachedItem], merged: [CachedItem]) -> CacheRewrite {
        guard let first = merged.first else { return CacheRewrite(start: 0, count: 0) }
        var best = CacheRewrite(start: 0, count: 0)
        var candidates = 0
        for start in stored.indices where stored[start] == first {
            let count = zip(stored[start...], merged).prefix { $0 == $1 }.count
            if count > best.count { best = CacheRewrite(start: start, count: count) }
            candidates += 1
            if start + count == stored.count || candidates == maximumCandidates { break }
        }
        return best
    }
}
