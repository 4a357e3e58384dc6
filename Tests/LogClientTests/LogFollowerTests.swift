import Synchronization
import Testing
@testable import LogClient

/// A live source double: each subscription plays the next script of events.
final class ScriptedLiveSource: LiveLineSource {
    private let scripts: Mutex<[[LiveStreamEvent]]>

    init(_ scripts: [[LiveStreamEvent]]) { self.scripts = Mutex(scripts) }

    func subscribe(to deploymentID: String) -> AsyncStream<LiveStreamEvent> {
        let events = scripts.withLock { $0.isEmpty ? [.closed(.unsupported(reason: "script over"))] : $0.removeFirst() }
        return AsyncStream { continuation in
            for event in events { continuation.yield(event) }
            continuation.finish()
        }
    }
}

/// What a follower passed on.
private final class Recorder: Sendable {
    private let state = Mutex<(lines: [String], notices: [FollowNotice])>(([], []))
    let wanted: Int

    init(wanted: Int) { self.wanted = wanted }

    var lines: [String] { state.withLock { $0.lines } }
    var notices: [FollowNotice] { state.withLock { $0.notices } }

    /// Records; asks for no more once `wanted` lines came.
    func emit(_ items: [CachedItem]) -> Bool {
        state.withLock { state in
            state.lines += items.map { $0.entry?.message ?? "(gap)" }
            return state.lines.count < wanted
        }
    }

    func notice(_ notice: FollowNotice) { state.withLock { $0.notices.append(notice) } }
}

@Suite struct LogFollowerTests {
    static let id = "3f2b9c1e-8d4a-4e7f-9b6a-2c1d0e5f7a8b"

    private func entry(_ second: Int, _ message: String) -> LogEntry {
        LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: Int64(second) * 1_000_000_000), stream: .stdout, message: message)
    }

    /// A GET answer holding these lines.
    private func logs(_ lines: [(Int, String)]) -> Result<HTTPResponse, TransportFailure> {
        let objects = lines.map { second, message in
            "{\"timestamp\": \"2026-11-28T12:00:\(second < 10 ? "0" : "")\(second)+00:00\", \"stream\": \"stdout\", \"message\": \"\(message)\"}"
        }
        return .success(HTTPResponse(status: 200, headers: ["content-type": "application/json"],
                                     body: Array("{\"logs\": [\(objects.joined(separator: ","))]}".utf8)))
    }

    private func live(_ lines: [(Int, String)]) -> LiveStreamEvent {
        .lines(DecodedLogs(entries: lines.map { second, message in
            LogEntry(timestamp: LogTimestamp(parsing: "2026-11-28T12:00:\(second < 10 ? "0" : "")\(second)+00:00")!,
                     stream: .stdout, message: message)
        }))
    }

    private func follower(_ transport: ScriptedTransport, live: (any LiveLineSource)?, backlogLimit: Int) -> LogFollower {
        let backend = CatwalkBackend(endpoint: CatwalkEndpoint(baseURL: "https://catwalk.example", token: "t"), transport: transport)
        let fetcher = LogFetcher(sources: [CatwalkLogSource(backend: backend, deploymentID: Self.id, live: live)], cache: nil)
        return LogFollower(fetcher: fetcher, query: LogQuery(deploymentID: Self.id, limit: 1000),
                           interval: .milliseconds(10), backlogLimit: backlogLimit, sourceName: "the test")
    }

    @Test func subscribesThenMergesTheBacklogAndSurvivesADrop() async throws {
        let source = ScriptedLiveSource([
            // "c" was stored between subscribing and the GET: it comes both ways.
            [.opened, live([(3, "c"), (4, "d"), (4, "d")]), .closed(.dropped(reason: "reset", opened: true))],
            [.opened, live([(6, "f")]), .closed(.unsupported(reason: "gone"))],
        ])
        let transport = ScriptedTransport([
            logs([(1, "a"), (2, "b"), (3, "c")]),
            logs([(1, "a"), (2, "b"), (3, "c"), (4, "d"), (4, "d"), (5, "e")]),   // after the drop: "e" was missed
        ])
        let recorder = Recorder(wanted: 6)
        try await follower(transport, live: source, backlogLimit: 2)
            .run(emit: recorder.emit, notice: recorder.notice)
        // The backlog is the first window's newest 2; "c", which came both ways, once.
        #expect(recorder.lines == ["b", "c", "d", "d", "e", "f"])
        #expect(transport.requests.count == 2, "one GET per subscription: the follower owns the first fetch")
        let notices = recorder.notices
        #expect(notices.first == .following(.live, source: "the test", reason: nil))
        #expect(notices.contains { if case .disconnected(let reason, _) = $0 { reason == "reset" } else { false } })
        #expect(notices.contains(.reconnected(caughtUp: 1)))
    }

    @Test func fallsBackToPollingWhenTheStreamIsMissing() async throws {
        let source = ScriptedLiveSource([[.closed(.unsupported(reason: "404"))]])
        let transport = ScriptedTransport([logs([(1, "a"), (2, "b")]), logs([(1, "a"), (2, "b"), (3, "c")])])
        let recorder = Recorder(wanted: 2)
        try await follower(transport, live: source, backlogLimit: 1).run(emit: recorder.emit, notice: recorder.notice)
        #expect(recorder.lines == ["b", "c"])
        #expect(recorder.notices.first == .following(.polling(every: .milliseconds(10)), source: "the test",
                                                     reason: "no live stream: 404"))
    }

    @Test func aRejectedStreamEndsWithTheErrorTheLogsEndpointGives() async {
        let source = ScriptedLiveSource([[.opened, .closed(.rejected(code: 1008))]])
        let transport = ScriptedTransport([
            logs([(1, "a")]),
            .success(HTTPResponse(status: 401, headers: ["content-type": "application/json"],
                                  body: Array("{\"detail\": \"Could not validate credentials\"}".utf8))),
        ])
        let recorder = Recorder(wanted: 10)
        await #expect(throws: LogClientError.tokenRejected(detail: "Could not validate credentials")) {
            try await follower(transport, live: source, backlogLimit: 10).run(emit: recorder.emit, notice: recorder.notice)
        }
        #expect(recorder.lines == ["a"])
    }

    @Test func aStreamThatDoesNotOpenAtFirstDoesNotHoldUpTheBacklog() async throws {
        let refused = LiveStreamEvent.closed(.dropped(reason: "connection refused", opened: false))
        let source = ScriptedLiveSource([[refused]])
        let transport = ScriptedTransport([logs([(1, "a"), (2, "b")])])
        let recorder = Recorder(wanted: 1)
        try await follower(transport, live: source, backlogLimit: 1).run(emit: recorder.emit, notice: recorder.notice)
        #expect(recorder.lines == ["b"])
        #expect(!recorder.notices.contains { if case .disconnected = $0 { true } else { false } })
    }

    @Test func aStreamThatNeverOpensGivesWayToPolling() async throws {
        let refused = LiveStreamEvent.closed(.dropped(reason: "connection refused", opened: false))
        let source = ScriptedLiveSource([[.opened, .closed(.dropped(reason: "reset", opened: true))], [refused], [refused], [refused]])
        // After the third refusal, one GET: the answer that shows the logs endpoint works is the first poll.
        let transport = ScriptedTransport([logs([(1, "a")]), logs([(1, "a"), (2, "b")])])
        let recorder = Recorder(wanted: 2)
        try await follower(transport, live: source, backlogLimit: 1).run(emit: recorder.emit, notice: recorder.notice)
        #expect(recorder.lines == ["a", "b"])
        #expect(recorder.notices.filter { if case .disconnected = $0 { true } else { false } }.count == 3)
        #expect(Array(recorder.notices.suffix(2)) == [
            .following(.polling(every: .milliseconds(10)), source: "the test",
                       reason: "the live stream keeps failing: connection refused"),
            .reconnected(caughtUp: 1),
        ])
    }

    /// A stream that opens, then fails before its first message (a frame over the size limit),
    /// counts as failing even though it opened: the third in a row gives way to polling.
    @Test func aStreamThatOpensButFailsAtOnceGivesWayToPolling() async throws {
        let broken: [LiveStreamEvent] = [.opened, .closed(.dropped(reason: "a frame too large", opened: false))]
        let source = ScriptedLiveSource([broken, broken, broken])
        let transport = ScriptedTransport([logs([(1, "a")]), logs([(1, "a")]), logs([(1, "a")]), logs([(1, "a"), (2, "b")])])
        let recorder = Recorder(wanted: 2)
        try await follower(transport, live: source, backlogLimit: 1).run(emit: recorder.emit, notice: recorder.notice)
        #expect(recorder.lines == ["a", "b"])
        #expect(recorder.notices.contains(.following(.polling(every: .milliseconds(10)), source: "the test",
                                                     reason: "the live stream keeps failing: a frame too large")))
    }

    @Test func theBacklogComesFirstEvenWhenEmpty() async throws {
        let transport = ScriptedTransport([logs([]), logs([(1, "a")])])
        let batches = Mutex<[[String]]>([])
        try await follower(transport, live: nil, backlogLimit: 5).run(emit: { items in
            batches.withLock { $0.append(items.map { $0.entry?.message ?? "(gap)" }) ; return $0.count < 2 }
        }, notice: { _ in })
        #expect(batches.withLock { $0 } == [[], ["a"]], "an empty backlog is passed on, so a viewer stops fetching")
    }

    @Test func noticesReadAsSentences() {
        #expect(FollowNotice.disconnected(reason: "the server closed the stream.", retryIn: .seconds(4)).sentence
                == "disconnected: the server closed the stream; retrying in 4 s.")
        #expect(FollowNotice.reconnected(caughtUp: 37).sentence == "reconnected, 37 lines caught up.")
        #expect(FollowNotice.following(.polling(every: .milliseconds(500)), source: "X", reason: nil).sentence
                == "following X by polling every 0.5 s; Ctrl-C stops.")
        #expect(FollowMode.polling(every: .seconds(2)).label == "polling 2s")
    }
}
