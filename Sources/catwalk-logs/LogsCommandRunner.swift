#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient

/// Fetches a deployment's lines once, merges them into the cache, and writes them in the
/// chosen format; shows the cached lines instead when offline or when the backend is down.
struct LogsCommandRunner {
    let command: CatwalkLogs
    private let environment = ProcessEnvironment.current

    init(command: CatwalkLogs) {
        self.command = command
    }

    /// Runs the command and returns the exit status; every failure has been reported.
    func run() async -> ExitStatus {
        guard let deploymentID = DeploymentID.normalized(command.deploymentID) else {
            return fail(LogClientError.invalidDeploymentID(command.deploymentID))
        }
        let cache = command.cache.open(environment: environment)
        if command.cache.offline {
            let key = CacheKey.catwalk(CatwalkEndpoint(baseURL: command.connection.baseURL(environment: environment),
                                                       token: nil), deploymentID: deploymentID)
            return showOffline(cache: cache, key: key)
        }

        let endpoint: CatwalkEndpoint
        do {
            endpoint = try command.connection.endpoint(environment: environment, warn: StandardError.write)
        } catch let error as LogClientError {
            return fail(error)
        } catch {
            StandardError.report("\(error)")
            return .usage
        }
        let key = CacheKey.catwalk(endpoint, deploymentID: deploymentID)
        let query = LogQuery(deploymentID: deploymentID, limit: command.limit, stream: command.stream)

        let logs: DecodedLogs
        do {
            logs = try await backend(endpoint).fetchLogs(query)
        } catch {
            return showCachedAfterFailure(error, cache: cache, key: key)
        }
        if logs.skippedCount > 0 {
            StandardError.report("warning: skipped \(logs.skippedCount) malformed log \(logs.skippedCount == 1 ? "entry" : "entries") in the response.")
        }
        if logs.entries.isEmpty {
            StandardError.report("no log lines yet for deployment \(deploymentID).")
        }
        let window = FetchedWindow(entries: logs.entries, isComplete: logs.entries.count + logs.skippedCount < query.limit)
        write(merged(window, into: cache, key: key, filtered: query.stream != nil).newest(query.limit))
        return .success
    }

    private func backend(_ endpoint: CatwalkEndpoint) -> CatwalkBackend {
        var configuration = CurlTransport.Configuration(userAgent: CatwalkLogsVersion.userAgent)
        configuration.totalTimeoutSeconds = command.connection.timeout
        return CatwalkBackend(endpoint: endpoint, transport: RetryingTransport(CurlTransport(configuration: configuration)))
    }

    /// The cached history with `window` merged in. A stream-filtered window is shown as it
    /// is and not cached: its gaps could not be told from the other stream's lines.
    private func merged(_ window: FetchedWindow, into cache: LogCache?, key: CacheKey, filtered: Bool) -> [CachedItem] {
        let fetched = window.entries.map(CachedItem.line)
        guard let cache, !filtered else { return fetched }
        do {
            return try cache.merge(window, for: key)
        } catch {
            StandardError.report("warning: \(error).")
            return fetched
        }
    }

    // MARK: - Cached lines instead of fresh ones

    private func showOffline(cache: LogCache?, key: CacheKey) -> ExitStatus {
        guard let history = cachedHistory(cache, key), history.lineCount > 0 else {
            StandardError.report("No cached lines for deployment \(key.deploymentID) from \(key.source.dropFirst("catwalk ".count)): run once without --offline while the backend is reachable.")
            return .notFound
        }
        write(history.items.newest(command.limit, stream: command.stream))
        return .success
    }

    /// When the backend is unreachable or failing, the cached lines go to stdout and the
    /// reason to stderr; the exit status stays that of the failure.
    private func showCachedAfterFailure(_ error: LogClientError, cache: LogCache?, key: CacheKey) -> ExitStatus {
        guard error.exitStatus == .unavailable, let history = cachedHistory(cache, key), history.lineCount > 0,
              let updatedAt = history.updatedAt
        else { return fail(error) }
        let shown = history.items.newest(command.limit, stream: command.stream)
        let count = shown.filter { $0.entry != nil }.count
        StandardError.report("offline — showing \(count) cached \(count == 1 ? "line" : "lines") from \(ageDescription(of: updatedAt, now: .now())): \(error.userMessage)")
        write(shown)
        return error.exitStatus
    }

    private func cachedHistory(_ cache: LogCache?, _ key: CacheKey) -> CachedHistory? {
        guard let cache else { return nil }
        do {
            return try cache.history(for: key)
        } catch {
            StandardError.report("warning: \(error).")
            return nil
        }
    }

    // MARK: - Output

    private func write(_ items: [CachedItem]) {
        let stdout = OutputStream.standardOutput
        var text = ""
        text.reserveCapacity(items.count * 120)
        if command.output.json {
            let formatter = JSONLineFormatter()
            for item in items { formatter.append(item, to: &text) }
        } else {
            let colored = command.output.color.resolve(isTerminal: stdout.isTerminal, environment: environment)
            let formatter = PlainFormatter(showsTimestamps: !command.output.noTimestamps, theme: ANSITheme(enabled: colored))
            for item in items { formatter.append(item, to: &text) }
        }
        stdout.write(text)   // a closed pipe ends output quietly: nothing more to say
    }

    private func fail(_ error: LogClientError) -> ExitStatus {
        StandardError.report(error.userMessage)
        return error.exitStatus
    }
}

/// The process environment as a dictionary, read without Foundation.
enum ProcessEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
