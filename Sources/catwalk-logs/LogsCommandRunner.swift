#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient

/// Fetches a deployment's lines once (merged into the cache) and writes them in the
/// chosen format; shows the cached lines instead when offline or when the backend is down.
struct LogsCommandRunner {
    let command: CatwalkLogs
    private let environment = ProcessEnvironment.current

    init(command: CatwalkLogs) {
        self.command = command
    }

    /// Runs the command and returns the exit status; every failure has been reported.
    func run() async -> ExitStatus {
        let session: LogSession
        do {
            session = try await LogSession(command: command, environment: environment)
        } catch {
            return report(error)
        }
        if command.cache.offline {
            return await showOffline(session)
        }
        let query = command.following.follow ? session.followQuery : session.query
        let outcome: FetchOutcome
        do {
            outcome = try await session.fetcher.fetch(query)
        } catch {
            return fail(error)
        }
        outcome.warnings.forEach(StandardError.report)
        outcome.notices.forEach { StandardError.report($0.sentence) }
        if outcome.skippedCount > 0 {
            StandardError.report("warning: skipped \(outcome.skippedCount) malformed log \(outcome.skippedCount == 1 ? "entry" : "entries") in the response.")
        }
        let shown = outcome.items.newest(command.limit, stream: command.stream)
        if let failure = outcome.failure {
            return showFailure(failure, outcome: outcome, shown: shown)
        }
        if outcome.items.isEmpty, !command.following.follow {
            StandardError.report("no log lines yet for deployment \(session.query.deploymentID).")
        }
        guard command.following.follow else { return present(outcome.items, shown: shown, deployment: outcome.deployment) ?? .success }
        guard write(shown) else { return .success }   // the reader is gone already
        return await follow(session, backlog: outcome.items)
    }

    /// No source could give lines: the cached ones when there are some, else what the backend
    /// said of the deployment (its `error_message` is diagnosed when asked).
    private func showFailure(_ failure: LogClientError, outcome: FetchOutcome, shown: [CachedItem]) -> ExitStatus {
        if let cachedAt = outcome.cachedAt {
            let count = shown.filter { $0.entry != nil }.count
            StandardError.report("offline — showing \(count) cached \(count == 1 ? "line" : "lines") from \(ageDescription(of: cachedAt, now: .now())): \(failure.userMessage)")
            return present(outcome.items, shown: shown, deployment: outcome.deployment) ?? failure.exitStatus
        }
        if command.diagnose, let status = present([], shown: [], deployment: outcome.deployment) { return status }
        StandardError.report(failure.userMessage)
        return failure.exitStatus
    }

    /// Prints every new line as it is stored, until Ctrl-C (exit 130 through the signal
    /// handler) or until the reader closes the pipe (exit 0).
    private func follow(_ session: LogSession, backlog: [CachedItem]) async -> ExitStatus {
        let follower = session.follower(from: backlog, options: command.following)
        do {
            try await follower.run(emit: { items in write(items) }, notice: { StandardError.report($0.sentence) },
                                   isWanted: { OutputStream.standardOutput.readerIsPresent })
            return .success
        } catch {
            return fail(error)
        }
    }

    /// Writes the shown lines, or with `--diagnose` the findings of all lines (of the
    /// deployment's `error_message` when there are none). Returns the exit status a diagnosis
    /// decides (`nil` when it found nothing, or when not asked).
    private func present(_ items: [CachedItem], shown: [CachedItem], deployment: DeploymentSummary? = nil) -> ExitStatus? {
        guard command.diagnose else {
            write(shown)
            return nil
        }
        var read = items.filter { item in command.stream.map { item.entry?.stream == $0 } ?? true }
        if read.allSatisfy({ $0.entry == nil }), let statusItem = deployment?.errorMessageItem { read = [statusItem] }
        let input = DiagnosisInput(read)
        return DiagnosisOutput.write(input.diagnose(), lines: input.lines, json: command.output.json)
    }

    private func showOffline(_ session: LogSession) async -> ExitStatus {
        let (history, warnings) = await session.fetcher.cached()
        warnings.forEach(StandardError.report)
        guard history.lineCount > 0 else {
            StandardError.report("No cached lines for deployment \(session.query.deploymentID) from \(session.sourceDescription): run once without --offline while the backend is reachable.")
            return .notFound
        }
        return present(history.items, shown: history.items.newest(command.limit, stream: command.stream)) ?? .success
    }

    // MARK: - Output

    @discardableResult
    private func write(_ items: [CachedItem]) -> Bool {
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
        return stdout.write(text)   // false once the reader closed the pipe: output ends quietly
    }

    private func fail(_ error: LogClientError) -> ExitStatus {
        StandardError.report(error.userMessage)
        return error.exitStatus
    }

    /// Reports a failure to set up the session: a ``LogClientError`` with its code, or a
    /// token-file problem as a usage error.
    private func report(_ error: any Error) -> ExitStatus {
        if let error = error as? LogClientError { return fail(error) }
        StandardError.report("\(error)")
        return .usage
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
