import FoundationEssentials
@testable import LogServer
import Testing

/// Which deployment the collector's workers step next.
@Suite struct CollectionScheduleTests {
    private func targets(_ count: Int) -> [CollectionTarget] {
        (0..<count).map { _ in CollectionTarget(deployment: UUID(), machineID: "m", status: "running", cursor: nil) }
    }

    private func cursor() -> FlyCursor { FlyCursor(machineID: "m", nanoseconds: 1, boundaryLines: 0) }

    @Test func idleDeploymentsShareTheBudgetHoweverManyThereAre() async throws {
        var policy = PollSchedule()
        policy.idlePollsPerSecond = 5
        policy.dormant = .zero   // due again at once: only the budget holds them back
        let schedule = CollectionSchedule(policy: policy)
        await schedule.update(with: targets(1000))
        // Backfills are not budgeted: every new deployment is taken at once.
        var backfilled = 0
        while let job = await schedule.takeDue() {
            await schedule.succeeded(job, cursor: cursor(), newestLineAge: nil)
            backfilled += 1
            if backfilled > 1000 { break }
        }
        #expect(backfilled >= 1000)
        // Now all are idle: half a second lets about 5 × 0.5 more (and the bucket's one second).
        try await Task.sleep(for: .milliseconds(500))
        var polled = 0
        while let job = await schedule.takeDue() {
            await schedule.succeeded(job, cursor: cursor(), newestLineAge: nil)
            polled += 1
        }
        #expect((1...8).contains(polled), "\(polled) idle polls in half a second with a budget of 5 per second")
    }

    @Test func aWritingDeploymentGoesBeforeIdleOnesAndItsLagIsReported() async throws {
        var policy = PollSchedule()
        policy.dormant = .zero
        policy.active = .zero
        let schedule = CollectionSchedule(policy: policy)
        let all = targets(3)
        await schedule.update(with: all)
        for _ in all {
            let job = try #require(await schedule.takeDue())
            // The first is writing, the others quiet.
            await schedule.succeeded(job, cursor: cursor(), newestLineAge: job.deployment == all[0].deployment ? .seconds(1) : nil)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await schedule.counts.lag >= .milliseconds(50))
        #expect(await schedule.takeDue()?.deployment == all[0].deployment)
        #expect(await schedule.counts.lag == .zero, "the only busy one is in flight")
    }
}
