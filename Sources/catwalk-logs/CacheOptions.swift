import ArgumentParser
import LogClient

/// Whether and how the local cache is used.
struct CacheOptions: ParsableArguments {
    @Flag(help: "Show cached lines only; make no network request.")
    var offline = false

    @Flag(help: "Neither read nor write the local cache.")
    var noCache = false

    func validate() throws {
        if offline && noCache {
            throw ValidationError("--offline reads the cache, so it cannot be combined with --no-cache.")
        }
    }

    /// The cache, or `nil` with one warning when it is turned off or cannot be used.
    func open(environment: [String: String]) -> LogCache? {
        guard !noCache else { return nil }
        do {
            let cache = try LogCache(directory: LogCache.defaultDirectory(environment: environment))
            cache.problems.forEach { StandardError.report($0.sentence) }
            return cache
        } catch {
            StandardError.report(error.sentence)
            return nil
        }
    }
}
