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
    /// New lines from the follower.
    case appended([CachedItem])
    case followNotice(FollowNotice)
    /// The follower stopped on a failure retrying cannot fix.
    case followEnded(LogClientError)
}

/// The terminal viewer: one loop that drains fetch results, reads keys, reduces and paints.
/// Fetches and the follower run off the loop, so keys keep working during a slow fetch and
/// a burst of lines; a burst is painted at most ~30 times a second.
@MainActor
final class InteractiveViewer {
    private let session: LogSession
    private let offline: Bool
    private var state: ViewerState
    private let mailbox = Mailbox()
    private let frameLog: FrameLog?

    private let following: FollowOptions?
    private var followTask: Task<Void, Never>?
    /// How the follower gets lines, for the header after a reconnect.
    private var followMode: FollowMode?
    /// Lines that came while paused (f), shown on resume.
    private var heldItems: [CachedItem] = []

    /// The shortest time between two frames painted because lines came.
    private static let frameInterval: Duration = .milliseconds(33)
    /// The shortest time between two diagnoses while lines stream in.
    private static let diagnosisInterval: Duration = .seconds(1)

    init(session: LogSession, offline: Bool, filter: LogStream?, following: FollowOptions?) {
        self.session = session
        self.offline = offline
        self.following = following
        state = ViewerState(title: DeploymentTitle(id: session.query.deploymentID, source: session.sourceDescription),
                            utcOffsetSeconds: Self.localUTCOffset())
        state.filter = filter.map { StreamFilter(rawValue: $0.rawValue) ?? .all } ?? .all
        frameLog = ProcessEnvironment.current["CATWALK_LOGS_FRAME_LOG"].flatMap(FrameLog.init(path:))
        state.isFollowing = following != nil
    }

    /// Runs until `q` or a signal; the terminal is restored on every way out.
    func run(colors: Bool) -> ExitStatus {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { pendingSignal.store($0, ordering: .relaxed) }
        }
        let terminal = CursesTerminal(colors: colors)
        defer {
            followTask?.cancel()
            terminal.restore()
        }
        state.resize(to: terminal.size)
        startFetch()
        var needsPaint = true
        var linesArrived = false
        var lastPaint = ContinuousClock.now
        var lastSpin = ContinuousClock.now
        var lastDiagnosis = ContinuousClock.now
        while true {
            if pendingSignal.load(ordering: .relaxed) != 0 { return .interrupted }
            for event in mailbox.take() {
                // Lines are painted at the frame rate; everything else at once.
                if receive(event) { linesArrived = true } else { needsPaint = true }
                frameLog?.markLinesReceived()
            }
            let now = ContinuousClock.now
            if state.isDiagnosisStale, now - lastDiagnosis >= Self.diagnosisInterval {
                state.refreshDiagnosis()
                lastDiagnosis = now
                needsPaint = true
            }
            if state.isFetching, now - lastSpin > .milliseconds(100) {
                state.spinnerFrame += 1
                lastSpin = now
                needsPaint = true
            }
            // Keys paint at once; arriving lines at most every frame interval.
            if needsPaint || (linesArrived && now - lastPaint >= Self.frameInterval) {
                let paint = { terminal.paint(ScreenRenderer.render(self.state)) }
                if let frameLog { frameLog.measureFrame(paint) } else { paint() }
                needsPaint = false
                linesArrived = false
                lastPaint = now
            }
            // While lines are due, wake often so they are painted as soon as they arrive.
            let isBusy = state.isFetching || followTask != nil || linesArrived
            switch terminal.read(waitingMilliseconds: isBusy ? 10 : 40) {
            case nil:
                continue
            case .resize:
                state.resize(to: terminal.size)
                needsPaint = true
            case .key(let key):
                let wasPaused = state.isPaused
                switch state.handle(key) {
                case .quit: return .success
                case .refetch: startFetch(); needsPaint = true
                case .redraw: needsPaint = true
                case .none: break
                }
                if wasPaused, !state.isPaused {
                    state.appendItems(heldItems, keepingLines: scrollback)
                    heldItems = []
                }
            }
        }
    }

    private var scrollback: Int { following?.scrollback ?? LogFollower.defaultScrollback }

    /// Fetches the lines once (a refresh starts over: the follower too).
    private func startFetch() {
        let isFirst = state.freshness == .fetching && !state.isFetching
        state.isFetching = true
        followTask?.cancel()
        followTask = nil
        let query = following == nil ? session.query : session.followQuery
        let fetcher = session.fetcher, mailbox = self.mailbox, offline = self.offline
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

    /// Follows from the lines on screen: new lines, notices and a fatal end come by the mailbox.
    private func startFollowing() {
        guard let following, followTask == nil else { return }
        let follower = session.follower(from: state.items, options: following)
        let mailbox = self.mailbox
        followTask = Task.detached {
            do throws(LogClientError) {
                try await follower.run(emit: { items in mailbox.post(.appended(items)); return true },
                                       notice: { mailbox.post(.followNotice($0)) })
            } catch {
                mailbox.post(.followEnded(error))
            }
        }
    }

    /// Applies one event; returns whether it brought lines (painted at the frame rate).
    private func receive(_ event: FetchEvent) -> Bool {
        switch event {
        case .summary(let summary):
            state.title.adopt(summary)
        case .appended(let items):
            guard !state.isPaused else {
                // Trimmed a tenth of the scrollback at a time, not copied on every batch.
                heldItems += items
                if heldItems.count > scrollback + scrollback / 10 { heldItems.removeFirst(heldItems.count - scrollback) }
                return true
            }
            state.appendItems(items, keepingLines: scrollback)
            state.freshness = .fetched(at: .now())
            return true
        case .followNotice(let notice):
            switch notice {
            case .following(let mode, _, let reason):
                followMode = mode
                state.followMode = mode.label
                // The header says the mode; the status line only why it is not the live stream.
                guard reason != nil else { return false }
            case .disconnected:
                state.followMode = "disconnected"
            case .reconnected:
                state.followMode = followMode?.label
                state.freshness = .fetched(at: .now())
            case .skipped:
                break
            }
            state.message = notice.sentence
        case .followEnded(let error):
            followTask = nil
            state.isFollowing = false
            state.message = error.userMessage
        case .cached(let history, let warnings):
            state.isFetching = false
            state.freshness = .offline(cachedAt: history.updatedAt, reason: "--offline: no network requests")
            state.setItems(history.items)
            state.message = warnings.first
        case .fetched(.success(let outcome)):
            state.isFetching = false
            if let failure = outcome.failure {
                state.freshness = Self.freshness(after: failure, cachedAt: outcome.cachedAt)
            } else {
                state.freshness = .fetched(at: .now())
            }
            if let deployment = outcome.deployment { state.title.adopt(deployment) }
            state.setItems(outcome.items)
            state.message = outcome.notices.last?.sentence ?? outcome.warnings.first
                ?? (outcome.skippedCount > 0 ? "skipped \(outcome.skippedCount) malformed entries" : nil)
            if outcome.failure?.isWorthRetrying ?? true { startFollowing() } else { state.isFollowing = false }
        case .fetched(.failure(let error)):
            state.isFetching = false
            // The viewer never dies because a fetch failed: the sentence goes to the status line.
            if state.freshness == .fetching { state.freshness = Self.freshness(after: error, cachedAt: nil) }
            state.message = error.userMessage
            // Unreachable now is worth following (it retries); a bad token or id is not.
            if error.isWorthRetrying { startFollowing() } else { state.isFollowing = false }
        }
        return false
    }

    /// How fresh the lines are after a failure: offline only when no server answered.
    private static func freshness(after failure: LogClientError, cachedAt: LogTimestamp?) -> Freshness {
        failure.isUnreachable ? .offline(cachedAt: cachedAt, reason: failure.userMessage)
            : .unanswered(cachedAt: cachedAt, reason: failure.userMessage)
    }

    /// Seconds east of UTC of the local time zone, now.
    private static func localUTCOffset() -> Int64 {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Int64(parts.tm_gmtoff)
    }
}
