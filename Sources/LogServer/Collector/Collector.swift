import FoundationEssentials
import LogClient
import Logging
import ServiceLifecycle

/// The collector's tuning.
public struct CollectorSettings: Sendable {
    /// How often the leases are renewed and the deployments table read for new, changed and
    /// deleted deployments (and sooner when another replica lets its leases go).
    public var discoveryInterval: Duration = .seconds(2)
    /// How long a lease holds unrenewed: a replica that dies is replaced within this and one
    /// ``discoveryInterval``.
    public var leaseLifetime: Duration = .seconds(10)
    /// Deployments stepped at once: a machine whose requests hang holds one of these.
    public var concurrency = 8
    public var schedule = PollSchedule()

    public init() {}
}

/// Tails the deployments this replica holds leases for (``DeploymentLeases``) from Fly's logs
/// API into `deployment_logs`; the live streams of every replica learn of the lines from the
/// database (``LineAnnouncement``). A ServiceLifecycle service: on graceful shutdown it takes no
/// new step, finishes the steps in flight (each one transaction), lets its leases go so another
/// replica takes over at once, and stops.
public struct Collector: Service, CustomStringConvertible {
    /// What ServiceLifecycle's logs name it by (its fields hold the Fly token).
    public var description: String { "Collector" }

    let leases: DeploymentLeases
    let tailer: DeploymentTailer
    let metrics: ServerMetrics
    let settings: CollectorSettings
    /// Fired when another replica let its leases go: renew now rather than at the next interval.
    let renewalSignal: RenewalSignal
    let logger: Logger

    public init(leases: DeploymentLeases, tailer: DeploymentTailer, metrics: ServerMetrics, settings: CollectorSettings,
                renewalSignal: RenewalSignal, logger: Logger) {
        self.leases = leases
        self.tailer = tailer
        self.metrics = metrics
        self.settings = settings
        self.renewalSignal = renewalSignal
        self.logger = logger
    }

    public func run() async throws {
        let schedule = CollectionSchedule(policy: settings.schedule)
        let warnings = WarningGate()
        await withDiscardingTaskGroup { group in
            group.addTask { await cancelWhenGracefulShutdown { await hold(into: schedule, warnings: warnings) } }
            for _ in 0..<max(1, settings.concurrency) {
                group.addTask { await work(from: schedule, warnings: warnings) }
            }
        }
        do {
            try await leases.releaseAll()
            logger.info("collector stopped; leases released")
        } catch {
            logger.warning("collector stopped; the leases run out by themselves", metadata: ["error": "\(error)"])
        }
    }

    /// Renews the leases every interval and hands what this replica holds to the schedule; a
    /// replica that cannot renew for a lease's lifetime lets everything go (another holds it now).
    private func hold(into schedule: CollectionSchedule, warnings: WarningGate) async {
        var lastRenewal = ContinuousClock.now
        while !Task.isCancelled {
            do {
                let holding = try await leases.renew()
                lastRenewal = .now
                await schedule.update(with: holding.targets)
                await record(schedule, replicas: holding.replicas)
                if await warnings.clear("discovery") { logger.info("the database answers again") }
            } catch {
                if await warnings.raise("discovery") {
                    logger.error("cannot renew the leases", metadata: ["error": "\(error)"])
                }
                metrics.databaseError()
                if ContinuousClock.now - lastRenewal > leases.lifetime {
                    await schedule.update(with: [])
                    await record(schedule, replicas: 0)
                }
            }
            await renewalSignal.wait(upTo: settings.discoveryInterval)
        }
    }

    private func record(_ schedule: CollectionSchedule, replicas: Int) async {
        let counts = await schedule.counts
        var state = ServerMetrics.CollectorState()
        state.deploymentsOwned = counts.tracked
        state.deploymentsBackingOff = counts.failing
        state.replicas = replicas
        state.lag = counts.lag
        metrics.record(state)
    }

    private func work(from schedule: CollectionSchedule, warnings: WarningGate) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            guard let job = await schedule.takeDue() else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            await step(job, schedule: schedule, warnings: warnings)
        }
    }

    private func step(_ job: CollectionSchedule.Job, schedule: CollectionSchedule, warnings: WarningGate) async {
        let metadata: Logger.Metadata = ["deployment": "\(job.deployment.uuidString.lowercased())", "machine": "\(job.machine)"]
        do throws(TailFailure) {
            let outcome = try await tailer.step(deployment: job.deployment, machine: job.machine, cursor: job.cursor)
            metrics.flyRequests(outcome.requests, status: "200")
            metrics.stored(outcome.stored.count)
            // A machine with no line yet counts from a minute before its backfill (its cursor's start).
            let age = LogTimestamp.now().nanosecondsSinceEpoch - outcome.cursor.nanoseconds
            await schedule.succeeded(job, cursor: outcome.cursor, newestLineAge: .nanoseconds(max(0, age)))
            if job.cursor?.machineID != job.machine {
                logger.info("backfilled", metadata: metadata.merging(["lines": "\(outcome.stored.count)"]) { $1 })
            }
            if await warnings.clear("storage") { logger.info("storing lines again") }
        } catch {
            switch error {
            case .storage(.deploymentGone):
                logger.debug("deployment deleted; no longer collected", metadata: metadata)
                await schedule.drop(job)
            case .storage(.superseded):
                // Its lease moved to another replica, or this one's cursor was stale: the next
                // renewal says whether it is still held, with the stored cursor.
                logger.debug("another replica collects it now", metadata: metadata)
                await schedule.drop(job)
            case .storage(let error):
                metrics.databaseError()
                // Every deployment waits for the same database: retry soon, each attempt bounded.
                await schedule.failed(job, pause: settings.schedule.firstBackoff)
                if await warnings.raise("storage") {
                    logger.warning("cannot store lines", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
            case .fly(let error):
                metrics.flyFailed(error)
                await flyFailed(job, error: error, metadata: metadata, schedule: schedule, warnings: warnings)
            }
        }
    }

    private func flyFailed(_ job: CollectionSchedule.Job, error: LogClientError, metadata: Logger.Metadata,
                           schedule: CollectionSchedule, warnings: WarningGate) async {
        switch error {
        case .fly(.notSignedIn), .fly(.tokenRejected):
            // One sentence for the operator, not one per deployment.
            await schedule.failed(job, pause: settings.schedule.maximumBackoff)
            if await warnings.raise("fly-token") {
                logger.error("Fly refused the token: give catwalk-logd a token that may read the app's logs (fly tokens create readonly)",
                             metadata: ["app": "\(tailer.logs.app)"])
            }
        case .fly(.rateLimited(let seconds)):
            let failures = await schedule.failed(job, retryAfter: seconds.map { .seconds($0) })
            if failures == 1 { logger.notice("Fly is rate limiting; backing off", metadata: metadata) }
        default:
            let failures = await schedule.failed(job)
            // The first failure and then every doubling of the pause: never a log line per poll.
            if failures.nonzeroBitCount == 1 {
                logger.warning("cannot read the machine's logs from Fly",
                               metadata: metadata.merging(["error": "\(error.userMessage)", "failures": "\(failures)"]) { $1 })
            }
        }
    }
}

/// Remembers which problems were already reported, so each is logged when it starts and when it ends.
actor WarningGate {
    private var raised = Set<String>()

    /// `true` when `key` was not raised before.
    func raise(_ key: String) -> Bool { raised.insert(key).inserted }

    /// `true` when `key` was raised.
    func clear(_ key: String) -> Bool { raised.remove(key) != nil }
}
