#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient
import LogViewer
import Synchronization

/// The signal that asked the viewer to stop (SIGINT, SIGTERM, SIGHUP), or 0. A handler may
/// only store to an atomic; the loop reads it and restores the terminal itself.
private let pendingSignal = Atomic<Int32>(0)

/// Results handed from fetch tasks to the loop.
private final class Mailbox: Sendable {
    private let events = Mutex<[FetchEvent]>([])

    func post(_ event: FetchEvent) { events.withLock { $0.append(event) } }
    func take() -> [FetchEvent] { events.withLock { events in defer { events.removeAll() }; return events } }
}

private enum FetchEvent: Sendable {
    case fetched(Result<FetchOutcome, LogClientError>)
    case cached(CachedHistory, warnings: [String])
    case summary(DeploymentSummary)
}

/// The terminal viewer: one loop that drains fetch results, reads keys, reduces and paints.
/// Fetches run off the loop, so keys keep working during a slow fetch.
@MainActor
final class InteractiveViewer {
    private let session: LogSession
    private let offline: Bool
    private var state: ViewerState
    private let mailbox = Mailbox()
    private let frameLog: FrameLog?

    private let followInterval: Duration?

    init(session: LogSession, offline: Bool, filter: LogStream?, followInterval: Duration?) {
        self.session = session
        self.offline = offline
        self.followInterval = followInterval
        state = ViewerState(title: DeploymentTitle(id: session.query.deploymentID, source: session.sourceDescription),
                            utcOffsetSeconds: Self.localUTCOffset())
        state.filter = filter.map { StreamFilter(rawValue: $0.rawValue) ?? .all } ?? .all
        frameLog = ProcessEnvironment.current["CATWALK_LOGS_FRAME_LOG"].flatMap(FrameLog.init(path:))
        state.isFollowing = followInterval != nil
    }

    /// Runs until `q` or a signal; the terminal is restored on every way out.
    func run(colors: Bool) -> ExitStatus {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { pendingSignal.store($0, ordering: .relaxed) }
        }
        let terminal = CursesTerminal(colors: colors)
        defer { terminal.restore() }
        state.resize(to: terminal.size)
        startFetch()
        var needsPaint = true
        var lastSpin = ContinuousClock.now
        var lastFetch = ContinuousClock.now
        while true {
            // Live follow: poll again once the interval has passed, unless paused (f).
            if let followInterval, !state.isFetching, !state.isPaused, ContinuousClock.now - lastFetch >= followInterval {
                startFetch()
                lastFetch = .now
            }
            if pendingSignal.load(ordering: .relaxed) != 0 { return .interrupted }
            for event in mailbox.take() {
                receive(event)
                frameLog?.markLinesReceived()
                needsPaint = true
            }
            if state.isFetching, ContinuousClock.now - lastSpin > .milliseconds(100) {
                state.spinnerFrame += 1
                lastSpin = .now
                needsPaint = true
            }
            if needsPaint {
                let paint = { terminal.paint(ScreenRenderer.render(self.state)) }
                if let frameLog { frameLog.measureFrame(paint) } else { paint() }
                needsPaint = false
            }
            // While a fetch is out, wake often so its lines are painted as soon as they arrive.
            switch terminal.read(waitingMilliseconds: state.isFetching ? 4 : 40) {
            case nil:
                continue
            case .resize:
                state.resize(to: terminal.size)
                needsPaint = true
            case .key(let key):
                switch state.handle(key) {
                case .quit: return .success
                case .refetch: startFetch(); lastFetch = .now; needsPaint = true
                case .redraw: needsPaint = true
                case .none: break
                }
            }
        }
    }

    private func startFetch() {
        let isFirst = state.freshness == .fetching && !state.isFetching
        state.isFetching = true
        let fetcher = session.fetcher, query = session.query, mailbox = self.mailbox, offline = self.offline
        Task.detached {
            if offline {
                let (history, warnings) = await fetcher.cached()
                mailbox.post(.cached(history, warnings: warnings))
                return
            }
            do throws(LogClientError) {
                mailbox.post(.fetched(.success(try await fetcher.fetch(query))))
            } catch {
                mailbox.post(.fetched(.failure(error)))
            }
            // The name and status for the header, once, after the lines are on screen.
            if isFirst, let summary = await fetcher.deploymentSummary() {
                mailbox.post(.summary(summary))
            }
        }
    }

    private func receive(_ event: FetchEvent) {
        if case .summary(let summary) = event {
            state.title.name = summary.name
            state.title.status = summary.status
            return
        }
        state.isFetching = false
        switch event {
        case .summary: break
        case .cached(let history, let warnings):
            state.freshness = .offline(cachedAt: history.updatedAt, reason: "--offline: no network requests")
            state.setItems(history.items)
            state.message = warnings.first
        case .fetched(.success(let outcome)):
            if let failure = outcome.failure {
                state.freshness = .offline(cachedAt: outcome.cachedAt, reason: failure.userMessage)
            } else {
                state.freshness = .fetched(at: .now())
            }
            state.setItems(outcome.items)
            state.message = outcome.notice ?? outcome.warnings.first
                ?? (outcome.skippedCount > 0 ? "skipped \(outcome.skippedCount) malformed entries" : nil)
        case .fetched(.failure(let error)):
            // The viewer never dies because a fetch failed: the sentence goes to the status line.
            if state.freshness == .fetching { state.freshness = .offline(cachedAt: nil, reason: error.userMessage) }
            state.message = error.userMessage
        }
    }

    /// Seconds east of UTC of the local time zone, now.
    private static func localUTCOffset() -> Int64 {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Int64(parts.tm_gmtoff)
    }
}
