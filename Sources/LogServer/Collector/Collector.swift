import FoundationEssentials
import LogClient
import Logging
import ServiceLifecycle

/// The collector's tuning.
public struct CollectorSettings: Sendable {
    /// How often the deployments table is read for new, changed and deleted deployments.
    public var discoveryInterval: Duration = .seconds(5)
    /// Deployments stepped at once: a machine whose requests hang holds one of these.
    public var concurrency = 8
    public var schedule = PollSchedule()

    public init() {}
}

/// Tails every deployment with a machine from Fly's logs API into `deployment_logs`, and hands
/// what it stored to the live streams. A ServiceLifecycle service: on graceful shutdown it
/// finishes the steps in flight (each one transaction) and stops.
public struct Collector: Service, CustomStringConvertible {
    /// What ServiceLifecycle's logs name it by (its fields hold the Fly token).
    public var description: String { "Collector" }

    let directory: DeploymentDirectory
    let tailer: DeploymentTailer
    let feed: LineFeed
    let metrics: ServerMetrics
    let settings: CollectorSettings
    let logger: Logger

    public init(directory: DeploymentDirectory, tailer: DeploymentTailer, feed: LineFeed, metrics: ServerMetrics,
                settings: CollectorSettings, logger: Logger) {
        self.directory = directory
        self.tailer = tailer
        self.feed = feed
        self.metrics = metrics
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let schedule = CollectionSchedule(policy: settings.schedule)
        let warnings = WarningGate()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await discover(into: schedule, warnings: warnings) }
                for _ in 0..<max(1, settings.concurrency) {
                    group.addTask { await work(from: schedule, warnings: warnings) }
                }
            }
        }
        logger.info("collector stopped")
    }

    private func discover(into schedule: CollectionSchedule, warnings: WarningGate) async {
        while !Task.isCancelled {
            do {
                let targets = try await directory.collectionTargets()
                await schedule.update(with: targets)
                let counts = await schedule.counts
                metrics.set(counts.tracked, for: .deploymentsTracked)
                metrics.set(counts.failing, for: .deploymentsFailing)
                if await warnings.clear("discovery") { logger.info("the database answers again") }
            } catch {
                if await warnings.raise("discovery") {
                    logger.error("cannot list deployments", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: settings.discoveryInterval)
        }
    }

    private func work(from schedule: CollectionSchedule, warnings: WarningGate) async {
        while !Task.isCancelled {
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
            metrics.add(outcome.requests, to: .flyRequests)
            metrics.add(outcome.stored.count, to: .linesStored)
            await feed.publish(outcome.stored, to: job.deployment)
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
            case .storage(let error):
                metrics.add(to: .storageErrors)
                // Every deployment waits for the same database: retry soon, each attempt bounded.
                await schedule.failed(job, pause: settings.schedule.firstBackoff)
                if await warnings.raise("storage") {
                    logger.warning("cannot store lines", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
            case .fly(let error):
                metrics.add(to: .flyErrors)
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
