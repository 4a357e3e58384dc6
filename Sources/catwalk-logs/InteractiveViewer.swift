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

/// Events handed from the follower and fetch tasks to the loop.
private final class Mailbox: Sendable {
    private let events = Mutex<[ViewerEvent]>([])

    func post(_ event: ViewerEvent) { events.withLock { $0.append(event) } }
    /// The events posted since the last call, runs of lines joined (see ``ViewerEvent/coalesced(_:)``).
    func take() -> [ViewerEvent] {
        let taken = events.withLock { events in defer { events.removeAll(keepingCapacity: true) }; return events }
        return ViewerEvent.coalesced(taken)
    }
}

/// The terminal viewer's loop: it drains events into the state (``ViewerState/apply(_:)``),
/// reads keys into the reducer, and paints. The follower (which owns the first fetch) runs
/// off the loop, so keys keep working during a slow fetch and a burst of lines; a burst is
/// painted at most ~30 times a second.
@MainActor
final class InteractiveViewer {
    private let feed: ViewerFeed
    private let offline: Bool
    private var state: ViewerState
    private let mailbox = Mailbox()
    private let frameLog: FrameLog?
    private let following: FollowOptions?
    /// The newest lines shown of the cache and of the first fetch (`-n`).
    private let backlogLimit: Int
    private var followTask: Task<Void, Never>?

    /// - Parameter view: the stream and text filter the viewer starts with, and the newest
    ///   lines it keeps (`-n`; all the window without it).
    init(feed: ViewerFeed, offline: Bool, view: LogView, following: FollowOptions?) {
        self.feed = feed
        self.offline = offline
        backlogLimit = view.newest
        self.following = following
        state = ViewerState(title: feed.title, utcOffsetSeconds: Self.localUTCOffset())
        state.fleet = FleetView(deployments: feed.tags)
        state.filter = view.stream.map { StreamFilter(rawValue: $0.rawValue) ?? .all } ?? .all
        state.lineFilter = view.filter
        state.scrollback = following?.scrollback ?? LogFollower.defaultScrollback
        state.diagnosesLater = true
        frameLog = ProcessEnvironment.current["CATWALK_LOGS_FRAME_LOG"].flatMap(FrameLog.init(path:))
    }

    /// Runs until `q` or a signal; the terminal is restored on every way out. The cache is
    /// read (and the network asked) while `makeTerminal` takes the terminal over, so that the
    /// first frame most often has the lines already.
    func run(on makeTerminal: () -> some Terminal) -> ExitStatus {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { pendingSignal.store($0, ordering: .relaxed) }
        }
        start()
        fetchSummary()
        let terminal = makeTerminal()
        defer {
            followTask?.cancel()
            terminal.restore()
        }
        state.now = .now()
        state.resize(to: terminal.size)
        var pacing = Pacing()
        while true {
            let signalNumber = pendingSignal.load(ordering: .relaxed)
            if signalNumber != 0 { return .killed(by: signalNumber) }
            state.now = .now()
            for event in mailbox.take() {
                // Lines are painted at the frame rate; everything else at once.
                if state.apply(event) { pacing.linesArrived = true } else { pacing.needsPaint = true }
                frameLog?.markLinesReceived()
            }
            pacing.tick(&state)
            if pacing.isDue {
                let paint = { terminal.paint(ScreenRenderer.render(self.state)) }
                if let frameLog { frameLog.measureFrame(paint) } else { paint() }
                pacing.painted()
            }
            // While lines are due, wake often so they are painted as soon as they arrive; the
            // first screen of lines (the backlog) most often of all.
            let isBusy = state.isFetching || followTask != nil || pacing.linesArrived
            let wait: Int32 = state.isFetching && state.awaitsBacklog ? 2 : isBusy ? 10 : 40
            guard let input = terminal.read(waitingMilliseconds: wait) else { continue }
            // q leaves with the status of what ended following, as plain mode would (3 unknown deployment…).
            if handle(input, on: terminal) == .quit { return state.exitStatus }
            pacing.needsPaint = true
        }
    }

    /// Applies a key or a resize; returns the reducer's reaction.
    private func handle(_ input: TerminalInput, on terminal: some Terminal) -> Reaction {
        switch input {
        case .resize:
            state.resize(to: terminal.size)
            return .redraw
        case .key(let key):
            let reaction = state.handle(key)
            if reaction == .refetch { start() }
            if case .save(let path, let replacing) = reaction { save(to: path, replacing: replacing) }
            state.releaseHeldLines()
            return reaction
        }
    }

    /// Starts (or starts over) the follower: it fetches the window once and passes on the
    /// backlog, then new lines. With `--offline`, the cache is read instead.
    private func start() {
        state.restart()
        followTask?.cancel()
        followTask = nil
        let mailbox = self.mailbox, feed = self.feed, limit = backlogLimit
        guard let following, !offline else {
            state.isFollowing = false
            Task.detached {
                let (history, warnings) = await feed.cached(newest: limit)
                mailbox.post(.cached(history, warnings: warnings))
            }
            return
        }
        // The cached lines first, painted while the network is asked (the backlog replaces them).
        followTask = Task.detached {
            let (history, _) = await feed.cached(newest: limit)
            if !history.items.isEmpty { mailbox.post(.preview(history)) }
            await feed.follow(options: following, post: mailbox.post)
        }
    }

    /// The deployment's name and status for the header, once: as last seen (from the cache)
    /// at once, then from the backend (or Fly), except with `--offline`. (Several deployments
    /// are named by their keys.)
    private func fetchSummary() {
        guard case .one(let session) = feed else { return }
        let fetcher = session.fetcher, mailbox = self.mailbox, offline = self.offline
        Task.detached {
            if let remembered = await fetcher.cachedSummary() { mailbox.post(.summary(remembered)) }
            guard !offline, let summary = await fetcher.deploymentSummary() else { return }
            mailbox.post(.summary(summary))
        }
    }

    /// `S`: saves the lines shown at `path`, asking first when something is there already.
    private func save(to path: String, replacing: Bool) {
        guard replacing || !LineFile.exists(path) else {
            state.askToReplace(path)
            return
        }
        do throws(LogClientError) {
            let count = try LineFile.save(state.shownItems, to: path, replacing: replacing, showsTimestamps: true,
                                          keyWidth: state.layout.keyWidth)
            state.message = "saved \(count) \(count == 1 ? "line" : "lines") to \(path)"
        } catch {
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

/// When the loop paints: keys and notices at once, arriving lines at most every frame
/// interval; the spinner turns while fetching, and the diagnosis is redone at most once a
/// second while lines stream in.
@MainActor
private struct Pacing {
    var needsPaint = true
    var linesArrived = false
    private var lastPaint = ContinuousClock.now
    private var lastSpin = ContinuousClock.now
    /// Long ago: the first diagnosis waits for nothing but the first paint of its lines.
    private var lastDiagnosis = ContinuousClock.now - InteractiveViewerTiming.diagnosisInterval
    private var now = ContinuousClock.now

    mutating func tick(_ state: inout ViewerState) {
        now = .now
        // Lines are painted first, diagnosed after (between frames).
        if state.isDiagnosisStale, !isDue, now - lastDiagnosis >= InteractiveViewerTiming.diagnosisInterval {
            state.refreshDiagnosis()
            lastDiagnosis = now
            needsPaint = true
        }
        if state.isFetching, now - lastSpin > .milliseconds(100) {
            state.spinnerFrame += 1
            lastSpin = now
            needsPaint = true
        }
    }

    var isDue: Bool { needsPaint || (linesArrived && now - lastPaint >= InteractiveViewerTiming.frameInterval) }

    mutating func painted() {
        needsPaint = false
        linesArrived = false
        lastPaint = now
    }
}

/// The loop's timings.
private enum InteractiveViewerTiming {
    /// The shortest time between two frames painted because lines came.
    static let frameInterval: Duration = .milliseconds(33)
    /// The shortest time between two diagnoses while lines stream in.
    static let diagnosisInterval: Duration = .seconds(1)
}
