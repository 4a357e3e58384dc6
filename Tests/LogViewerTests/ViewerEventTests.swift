import LogClient
import LogDiagnosis
import Testing
@testable import LogViewer

/// The event → state mapping, without a terminal: what the loop hands ``ViewerState/apply(_:)``.
@Suite struct ViewerEventTests {
    private static let now = LogTimestamp(secondsSinceEpoch: 1_795_867_300)

    private func started() -> ViewerState {
        var state = ViewerState(title: DeploymentTitle(id: "dec0de00", source: "test"))
        state.now = Self.now
        state.resize(to: ScreenSize(columns: 80, rows: 12))
        state.restart()
        return state
    }

    @Test func theBacklogReplacesAndLaterLinesAppend() {
        var state = started()
        #expect(state.isFetching && state.freshness == .fetching)
        let backlogWaits = state.apply(.lines(Fixture.numbered(3)))
        #expect(!backlogWaits, "the backlog is painted at once")
        #expect(!state.isFetching && state.freshness == .fetched(at: Self.now))
        let newLinesWait = state.apply(.lines([Fixture.line(9, "new")]))
        #expect(newLinesWait, "new lines are painted at the frame rate")
        #expect(state.items.count == 4)
        state.restart()   // r: the next lines replace
        state.apply(.lines([Fixture.line(10, "fresh")]))
        #expect(state.items.map { $0.entry?.message } == ["fresh"])
    }

    @Test func theCachedLinesShowUntilTheBacklogComes() {
        var state = started()
        let waits = state.apply(.preview(CachedHistory(items: Fixture.numbered(2), updatedAt: Self.now)))
        #expect(!waits, "the cached lines are painted at once")
        #expect(state.items.count == 2 && state.isFetching && state.awaitsBacklog, "still fetching: the backlog replaces them")
        state.apply(.lines(Fixture.numbered(5)))
        #expect(state.items.count == 5)
        state.apply(.preview(CachedHistory(items: Fixture.numbered(1), updatedAt: Self.now)))
        #expect(state.items.count == 5, "a preview after the backlog is too old to show")
    }

    @Test func aBurstOfLinesIsAppliedOnce() {
        let events: [ViewerEvent] = [.lines([Fixture.line(1, "a")]), .lines([Fixture.line(2, "b")]),
                                     .notice(.reconnected(caughtUp: 0)), .lines([Fixture.line(3, "c")]), .lines([])]
        let joined = ViewerEvent.coalesced(events)
        #expect(joined.count == 3)
        guard case .lines(let first) = joined[0], case .notice = joined[1], case .lines(let last) = joined[2] else {
            Issue.record("order lost: \(joined)")
            return
        }
        #expect(first.map { $0.entry?.message } == ["a", "b"] && last.map { $0.entry?.message } == ["c"])
    }

    @Test func linesThatComeWhilePausedAreHeldUntilResumed() {
        var state = started()
        state.apply(.lines(Fixture.numbered(2)))
        _ = state.handle(.character("f"))
        state.apply(.lines([Fixture.line(9, "held")]))
        #expect(state.items.count == 2)
        _ = state.handle(.character("f"))
        state.releaseHeldLines()
        #expect(state.items.last?.entry?.message == "held")
    }

    @Test func offlineOnlyWhenNoServerAnswered() {
        var unreachable = started()
        unreachable.apply(.lines([]))
        unreachable.apply(.notice(.offline(cachedLines: 0, cachedAt: nil, reason: "Cannot connect")))
        #expect(unreachable.freshness == .offline(cachedAt: nil, reason: "Cannot connect"))
        #expect(unreachable.banners.first == "offline — nothing cached: Cannot connect")

        var rejected = started()
        rejected.apply(.ended(.tokenRejected(detail: "Token has expired. Please log in again.")))
        #expect(!rejected.isFollowing && !rejected.isFetching)
        guard case .unanswered(nil, let reason) = rejected.freshness else {
            Issue.record("a server that answered is not offline: \(rejected.freshness)")
            return
        }
        #expect(reason.contains("Token has expired"))
        #expect(!ScreenRenderer.render(rejected).text.contains("offline"))
    }

    @Test func aViewerThatBeganOfflineIsLiveOnceTheBackendAnswers() {
        var state = started()
        state.apply(.notice(.offline(cachedLines: 3, cachedAt: nil, reason: "Cannot connect")))
        state.apply(.lines([]))
        state.apply(.notice(.disconnected(reason: "Cannot connect", retryIn: .seconds(1))))
        #expect(state.banners.first?.hasPrefix("offline") == true)
        state.apply(.notice(.following(.live, source: "the backend", reason: nil)))
        #expect(state.freshness == .fetched(at: state.now))
        #expect(!state.banners.contains { $0.hasPrefix("offline") })
        #expect(!ScreenRenderer.render(state).text.contains("offline"))
    }

    @Test func theSourcesWordsReachTheHeaderAndStatusLine() {
        var state = started()
        let deployment = DeploymentSummary(id: "dec0de00", name: "npm-404", status: "failed",
                                           errorMessage: "Package 'x' not found in npm or PyPI registries.")
        state.apply(.notice(.source(.deploymentStatus(deployment))))
        state.apply(.notice(.source(.readingFallback(primary: "the backend", fallback: "Fly",
                                                      reason: .logsEndpointMissing(baseURL: "b", deployment: deployment)))))
        state.apply(.notice(.following(.polling(every: .seconds(2)), source: "Fly", reason: nil)))
        #expect(state.title.name == "npm-404" && state.title.status == "failed")
        #expect(state.message == "the backend has no logs endpoint — reading from Fly instead.")
        #expect(state.followMode == "polling 2s")
        #expect(state.banners.contains("✖ failed: Package 'x' not found in npm or PyPI registries."))
    }

    @Test func aFailedDeploymentWithNoKnownCauseStillPointsAtTheError() {
        var state = started()
        state.apply(.lines([Fixture.line(1, "starting the frobnicator"), Fixture.line(2, "frobnication failed", .stderr),
                            Fixture.line(3, "shutting down")]))
        #expect(state.banners.isEmpty, "nothing known looks wrong yet")
        state.apply(.summary(DeploymentSummary(id: "dec0de00", name: "x", status: "failed")))
        #expect(state.banners.first?.hasPrefix("⚠ failed, no known cause (line 2, d shows the likeliest error)") == true,
                "\(state.banners)")
        _ = state.handle(.character("d"))
        #expect(state.message == "no known cause (evidence underlined): " + UnexplainedFailure(evidence: [], failureLine: nil).hint)
    }

    @Test func aReconnectionClearsTheDisconnectedMessage() {
        var state = started()
        state.apply(.lines(Fixture.numbered(3)))
        state.apply(.notice(.following(.polling(every: .seconds(2)), source: "x", reason: "no live stream: 404")))
        state.apply(.notice(.disconnected(reason: "Cannot connect", retryIn: .seconds(1))))
        #expect(state.followMode == "disconnected" && state.message?.hasPrefix("disconnected:") == true)
        state.apply(.notice(.following(.live, source: "x", reason: nil)))
        #expect(state.followMode == "live")
        #expect(state.message == nil, "the header says live; the status line no longer says disconnected")
    }
}
