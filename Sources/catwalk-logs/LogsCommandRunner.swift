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
    /// What is requested and shown.
    private let plan: ReadPlan
    /// Where the lines go, in which format.
    private let writer: LineWriter
    private var view: LogView { plan.view }

    /// - Throws: an `--output` file that cannot be created.
    init(command: CatwalkLogs) throws(LogClientError) {
        self.command = command
        plan = command.readPlan(.output)
        writer = try LineWriter(output: command.output, environment: environment)
    }

    /// Runs the command and returns the exit status; every failure has been reported.
    func run() async -> ExitStatus {
        // A saved file is read as tail and grep read it, not as a window of the newest 1000.
        if let path = command.file, command.output.cursorFile == nil, !command.following.follow, !command.diagnose {
            return printSaved(path)
        }
        let session: LogSession, cursor: CursorKeeper?
        do {
            cursor = try command.output.cursorFile.map { path throws(LogClientError) in try CursorKeeper(path: path) }
            session = try await LogSession(settings: command.sessionSettings(plan), environment: environment)
        } catch {
            return StandardError.fail(error)
        }
        if command.cache.offline {
            return await showOffline(session)
        }
        if command.following.follow {
            return await follow(session, cursor: cursor)
        }
        let outcome: FetchOutcome
        do {
            outcome = try await session.fetcher.fetch(session.query)
        } catch {
            return StandardError.fail(error)
        }
        outcome.warnings.forEach { StandardError.report($0.sentence) }
        outcome.notices.forEach { StandardError.report($0.sentence) }
        if outcome.skippedCount > 0 {
            StandardError.report(FollowNotice.skipped(outcome.skippedCount).sentence)
        }
        let candidates = view.matching(outcome.items)
        let shown = view.newest(of: outcome.failure == nil ? cursor?.unseen(candidates) ?? candidates : candidates)
        if let failure = outcome.failure {
            return showFailure(failure, outcome: outcome, shown: shown)
        }
        if outcome.items.isEmpty {
            StandardError.report("no log lines yet for deployment \(session.query.deploymentID).")
        }
        // A diagnosis weighs what the source knows of the deployment: its status, its machine's exit.
        var deployment = outcome.deployment
        if command.diagnose, deployment == nil { deployment = await session.fetcher.deploymentSummary() }
        let status = present(outcome.items, shown: shown, deployment: deployment) ?? .success
        do throws(LogClientError) { try cursor?.printed(shown) } catch { return StandardError.fail(error) }
        if !command.diagnose { writer.reportSaved(shown) }
        return status
    }

    /// Prints the newest lines of a saved file that the view shows (filters see the whole file).
    private func printSaved(_ path: String) -> ExitStatus {
        let entries: [LogEntry]
        do {
            entries = try SavedFileSelection.newest(of: path, view: view)
        } catch {
            return StandardError.fail(error)
        }
        let name = path == "-" ? "standard input" : path
        if entries.isEmpty {
            StandardError.report(view.filter.isEmpty && view.stream == nil ? "no log lines in \(name)." : "no line of \(name) matches.")
        }
        // Written a thousand lines at a time (a file may give millions), until the reader leaves.
        let items = entries.map(CachedItem.line)
        for start in stride(from: 0, to: items.count, by: 1000) {
            guard writer.write(Array(items[start..<min(start + 1000, items.count)])) else { return .success }
        }
        writer.reportSaved(items)
        return .success
    }

    /// No source could give lines: the cached ones when there are some, else what the backend
    /// said of the deployment (its `error_message` is diagnosed when asked).
    private func showFailure(_ failure: LogClientError, outcome: FetchOutcome, shown: [CachedItem]) -> ExitStatus {
        if let cachedAt = outcome.cachedAt {
            StandardError.report(FollowNotice.offline(cachedLines: shown.count { $0.entry != nil }, cachedAt: cachedAt,
                                                      reason: failure.userMessage).sentence)
            return present(outcome.items, shown: shown, deployment: outcome.deployment) ?? failure.exitStatus
        }
        if command.diagnose, let status = present([], shown: [], deployment: outcome.deployment) { return status }
        StandardError.report(failure.userMessage)
        return failure.exitStatus
    }

    /// Prints the newest `-n` lines, then every new line as it is stored, until Ctrl-C (exit
    /// 130 through the signal handler) or until the reader closes the pipe (exit 0). An
    /// unreachable source is retried (its cached lines shown meanwhile); a rejected token or
    /// an unknown deployment ends it with its exit code.
    private func follow(_ session: LogSession, cursor: CursorKeeper?) async -> ExitStatus {
        let follower = session.follower(options: command.following)
        let emit: @Sendable ([CachedItem]) -> Bool = { items in
            let shown = cursor?.unseen(items) ?? items
            guard writer.write(shown) else { return false }
            do throws(LogClientError) { try cursor?.printed(shown) } catch { StandardError.report(error.userMessage) }
            return true
        }
        do throws(LogClientError) {
            try await follower.run(emit: emit, notice: { StandardError.report($0.sentence) },
                                   isWanted: { writer.readerIsPresent })
            return .success
        } catch {
            return StandardError.fail(error)
        }
    }

    /// Writes the shown lines, or with `--diagnose` the findings of all lines (of the
    /// deployment's `error_message` when there are none). Returns the exit status a diagnosis
    /// decides (`nil` when it found nothing, or when not asked).
    private func present(_ items: [CachedItem], shown: [CachedItem], deployment: DeploymentSummary? = nil) -> ExitStatus? {
        guard command.diagnose else {
            writer.write(shown)
            return nil
        }
        var read = view.diagnosed(items)
        if read.allSatisfy({ $0.entry == nil }), let statusItem = deployment?.errorMessageItem { read = [statusItem] }
        guard read.contains(where: { $0.entry != nil }) else {
            StandardError.report("no log lines to diagnose yet for deployment \(command.deploymentID ?? "?").")
            return nil
        }
        let input = DiagnosisInput(read)
        return DiagnosisOutput.write(input.diagnosis(of: deployment), lines: input.lines,
                                     format: command.output.format)
    }

    private func showOffline(_ session: LogSession) async -> ExitStatus {
        let (history, warnings) = await session.fetcher.cached()
        warnings.forEach { StandardError.report($0.sentence) }
        guard history.lineCount > 0 else {
            StandardError.report("No cached lines for deployment \(session.query.deploymentID) from \(session.sourceDescription): run once without --offline while the backend is reachable.")
            return .notFound
        }
        let shown = view.shown(history.items)
        return present(history.items, shown: shown) ?? .success
    }
}
