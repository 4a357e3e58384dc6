import ArgumentParser
import LogClient
import Synchronization
import LogDiagnosis

/// `catwalk-logs wait <deployment>`: follows the deployment's lines (as `-f`) while watching its
/// status, until it is up and stays so for `--settle` (exit 0), fails or loops crashing (7,
/// after the diagnosis), or `--timeout` runs out (8). For CI scripts that just deployed.
struct WaitCommand: AsyncParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Follow a deployment until it is up (exit 0), fails (7) or --timeout runs out (8).",
        discussion: """
            Up: the status is running (Fly: started) for --settle seconds with no restart.
            A crash loop is told by the deployment's first line coming again 3 times.
            """
    )

    @Argument(help: ArgumentHelp("The deployment's id or name.", valueName: "deployment"))
    var deployment: String

    @OptionGroup(title: "Source")
    var connection: ConnectionOptions

    @OptionGroup(title: "Fly")
    var fly: FlyOptions

    @OptionGroup(title: "Cache")
    var cache: CacheOptions

    @Option(help: ArgumentHelp("Seconds the deployment must stay running.", valueName: "seconds"))
    var settle: Double = 10

    @Option(help: ArgumentHelp("Give up after this long: 90s, 10m, 1h.", valueName: "duration"))
    var timeout = "10m"

    @Option(help: ArgumentHelp("Seconds between two looks at the status (and polls, when polling).", valueName: "seconds"))
    var interval: Double = 2

    @Flag(help: "Print only the outcome and the diagnosis, not the lines.")
    var quiet = false

    @Flag(help: "Print one JSON object at the end: outcome, status, duration, restarts, finding.")
    var json = false

    @Flag(help: "Follow by polling the logs endpoint instead of the live WebSocket stream.")
    var poll = false

    @Option(help: ArgumentHelp("Give up on one request after this long: seconds, or 30s, 2m (--timeout is the whole wait).",
                               valueName: "duration"))
    var requestTimeout = "30"

    /// The format `--json` chose for the report at the end (else text).
    var format: OutputFormat { json ? .json : .text }
    /// Whether the lines are printed as they come (not with `--quiet` or `--json`).
    var printsLines: Bool { format == .text && !quiet }

    /// `--timeout` in seconds; valid once `validate()` passed.
    var timeoutSeconds: Double { DurationText.seconds(in: timeout) ?? 600 }

    func validate() throws {
        guard let seconds = DurationText.seconds(in: timeout), seconds > 0 else {
            throw ValidationError("--timeout '\(timeout)' is not a duration such as 90s, 10m or 1h.")
        }
        guard settle >= 0, interval >= 0.5 else { throw ValidationError("--settle must be 0 or more, --interval at least 0.5.") }
        if cache.offline { throw ValidationError("wait watches a live deployment: it cannot be --offline.") }
        if quiet, json { throw ValidationError("--quiet and --json both choose what is printed: pick one.") }
        try RequestTimeout.validate(requestTimeout, flag: "--request-timeout")
    }

    func execute() async -> ExitStatus {
        Signals.installForOneShotFetch()
        let environment = ProcessEnvironment.current
        let session: LogSession
        do {
            session = try await LogSession(settings: SessionSettings(
                deploymentID: deployment, connection: connection, requestTimeout: RequestTimeout.seconds(in: requestTimeout) ?? 30, fly: fly, cache: cache, file: nil,
                poll: poll, plan: .wholeWindow), environment: environment)
        } catch {
            return fail(error)
        }
        let watching = Watching(settle: settle)
        let end = await watch(session, watching)
        // The lines stored until the end, for the diagnosis: the status can beat the follower to it.
        let isUp = if case .outcome(.running) = end { true } else { false }
        let final = isUp ? nil : try? await session.fetcher.fetch(session.followQuery)
        // A deployment that had failed before the wait began decides before any line is printed:
        // its lines come first all the same, as when it fails during the wait.
        if printsLines, let final { write(Self.unprinted(final.items, printed: watching.lines)) }
        let lines = final.map { $0.items.contains { $0.entry != nil } ? $0.items : ($0.deployment?.errorMessageItem).map { [$0] } ?? [] }
        return report(end, watching: watching, lines: lines ?? watching.lines, deployment: session.query.deploymentID)
    }

    // MARK: - Watching

    /// How the wait ended: an outcome, or a failure that following cannot get past.
    private enum End: Sendable {
        case outcome(SettleWatch.Outcome)
        case failure(LogClientError)
    }

    /// The follower, the status checks and the timer, until the first of them decides.
    private func watch(_ session: LogSession, _ watching: Watching) async -> End {
        await withTaskGroup(of: End?.self) { group in
            group.addTask { await self.follow(session, watching) }
            group.addTask { await self.checkStatus(session, watching) }
            group.addTask {
                try? await Task.sleep(for: .seconds(self.timeoutSeconds))
                return Task.isCancelled ? nil : .outcome(.timedOut(status: watching.status))
            }
            var end: End?
            while end == nil, let next = await group.next() { end = next }
            group.cancelAll()
            return end ?? .outcome(.timedOut(status: watching.status))
        }
    }

    private func follow(_ session: LogSession, _ watching: Watching) async -> End? {
        let follower = LogFollower(fetcher: session.fetcher, query: session.followQuery, interval: .seconds(interval),
                                   backlogLimit: LogQuery.maximumLimit, sourceName: session.sourceDescription)
        do throws(LogClientError) {
            try await follower.run(emit: { items in
                if printsLines { write(items) }
                return watching.observe(lines: items)
            }, notice: { if printsLines { StandardError.report($0.sentence) } })
            return watching.outcome.map(End.outcome)
        } catch {
            return .failure(error)
        }
    }

    /// The lines of a CI log: plain, without colour.
    private static let lineFormatter = PlainFormatter(theme: Theme(usesColor: false))

    /// Prints `items` as plain lines.
    private func write(_ items: [CachedItem]) {
        var text = ""
        for item in items { Self.lineFormatter.append(item, to: &text) }
        OutputStream.standardOutput.write(text)
    }

    /// The lines of `final` after the last one `printed` (all of them when none was printed).
    static func unprinted(_ final: [CachedItem], printed: [CachedItem]) -> [CachedItem] {
        guard let last = printed.last(where: { $0.entry != nil }) else { return final.filter { $0.entry != nil } }
        guard let index = final.lastIndex(of: last) else { return [] }
        return final[(index + 1)...].filter { $0.entry != nil }
    }

    private func checkStatus(_ session: LogSession, _ watching: Watching) async -> End? {
        while !Task.isCancelled {
            if let summary = await session.fetcher.deploymentSummary(), let outcome = watching.observe(status: summary.status) {
                return .outcome(outcome)
            }
            try? await Task.sleep(for: .seconds(interval))
        }
        return nil
    }

    // MARK: - The end

    private func report(_ end: End, watching: Watching, lines items: [CachedItem], deployment id: String) -> ExitStatus {
        guard case .outcome(let outcome) = end else {
            if case .failure(let error) = end { return fail(error) }
            return .waitTimedOut
        }
        let lines = DiagnosisInput(items.isEmpty ? watching.lines : items)
        let failed = outcome != .running
        let diagnosis = failed ? lines.diagnosis(failed: outcome.name == "failed" || outcome.name == "crash_loop")
            : Diagnosis(findings: [])
        switch format {
        case .json:
            OutputStream.standardOutput.write(WaitReport.json(outcome, deployment: id, status: watching.status,
                                                              seconds: watching.elapsed, restarts: watching.restarts,
                                                              diagnosis: diagnosis, lines: lines.lines))
        case .text:
            StandardError.report(WaitReport.sentence(outcome, deployment: id, seconds: watching.elapsed, settle: settle))
            if !diagnosis.isEmpty { OutputStream.standardOutput.write(DiagnosisReport.human(diagnosis, lines: lines.lines)) }
        }
        switch outcome {
        case .running: return .success
        case .failed, .crashLoop: return .waitFailed
        case .timedOut: return .waitTimedOut
        }
    }
}

/// What the wait's tasks share: the watch, the lines seen (for the diagnosis), the clock.
private final class Watching: Sendable {
    private let state: Mutex<(watch: SettleWatch, lines: [CachedItem], outcome: SettleWatch.Outcome?)>
    private let started = ContinuousClock.now

    init(settle: Double) {
        state = Mutex((SettleWatch(settle: settle), [], nil))
    }

    var elapsed: Double { (ContinuousClock.now - started) / .seconds(1) }
    var status: String? { state.withLock { $0.watch.status } }
    var restarts: Int { state.withLock { $0.watch.restarts } }
    var lines: [CachedItem] { state.withLock { $0.lines } }
    var outcome: SettleWatch.Outcome? { state.withLock { $0.outcome } }

    /// Takes lines; returns whether following should go on (no outcome yet).
    func observe(lines items: [CachedItem]) -> Bool {
        let time = elapsed
        return state.withLock { state in
            state.lines += items
            if state.lines.count > LogFollower.defaultScrollback { state.lines.removeFirst(state.lines.count - LogFollower.defaultScrollback) }
            if let outcome = state.watch.observe(lines: items, at: time) { state.outcome = outcome }
            return state.outcome == nil
        }
    }

    /// Takes a status; returns the outcome when it decides one.
    func observe(status: String) -> SettleWatch.Outcome? {
        let time = elapsed
        return state.withLock { state in
            if let outcome = state.watch.observe(status: status, at: time) { state.outcome = outcome }
            return state.outcome
        }
    }
}
