import LogClient
import LogDiagnosis

/// Plain, JSON and `--diagnose` output for several deployments at once: each fetched (or
/// followed) on its own, their lines merged by timestamp and keyed. What goes wrong with one
/// is said with its key, and the others are shown all the same.
struct FleetRunner {
    let command: CatwalkLogs
    private let environment = ProcessEnvironment.current

    init(command: CatwalkLogs) {
        self.command = command
    }

    /// Runs the command and returns the exit status: 1 when `--diagnose` found a cause in any
    /// deployment, else the code of the first deployment that could not be read, else 0.
    func run() async -> ExitStatus {
        let fleet: Fleet, writer: LineWriter
        let plan = command.readPlan(.output)
        do throws(LogClientError) {
            fleet = try await Fleet.open(settings: command.sessionSettings(plan), deployments: command.deployments,
                                         options: command.fleet, environment: environment)
            writer = try LineWriter(output: command.output, keyWidth: fleet.keyWidth, environment: environment)
        } catch {
            return StandardError.fail(error)
        }
        if command.following.follow { return await follow(fleet, writer: writer) }
        let reads = await read(fleet)
        let shown = FleetMerge.merge(reads.map { read in plan.view.shown(read.items).map { $0.tagged(read.tag) } })
        let failure = reads.compactMap(\.failure).first?.exitStatus
        guard command.diagnose else {
            writer.write(shown)
            writer.reportSaved(shown)
            return failure ?? .success
        }
        return diagnose(reads, view: plan.view) ?? failure ?? .success
    }

    /// What was read of one deployment.
    private struct Read {
        var tag: DeploymentTag
        var items: [CachedItem]
        /// Why its lines could not be fetched (cached ones may stand in).
        var failure: LogClientError?
        var deployment: DeploymentSummary?
    }

    /// Fetches every deployment at once (the cache only, with `--offline`); tells what each
    /// fetch had to say, keyed, in the fleet's order.
    private func read(_ fleet: Fleet) async -> [Read] {
        let offline = command.cache.offline
        let reads = await withTaskGroup(of: (Int, Read).self) { group in
            for (index, member) in fleet.members.enumerated() {
                group.addTask { (index, await Self.read(member, offline: offline)) }
            }
            var reads: [(Int, Read)] = []
            for await read in group { reads.append(read) }
            return reads.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return reads
    }

    private static func read(_ member: Fleet.Member, offline: Bool) async -> Read {
        let say = { (sentence: String) in StandardError.report("\(member.tag.key): \(sentence)") }
        let session = member.session
        if offline {
            let (history, warnings) = await session.fetcher.cached()
            warnings.forEach { say($0.sentence) }
            if history.lineCount == 0 { say("nothing cached from \(session.sourceDescription).") }
            return Read(tag: member.tag, items: history.items)
        }
        do throws(LogClientError) {
            let outcome = try await session.fetcher.fetch(session.query)
            outcome.warnings.forEach { say($0.sentence) }
            outcome.notices.forEach { say($0.sentence) }
            if let failure = outcome.failure, let cachedAt = outcome.cachedAt {
                say(FollowNotice.offline(cachedLines: outcome.items.count { $0.entry != nil }, cachedAt: cachedAt,
                                         reason: failure.userMessage).sentence)
            } else if let failure = outcome.failure {
                say(failure.userMessage)
            }
            return Read(tag: member.tag, items: outcome.items, failure: outcome.failure, deployment: outcome.deployment)
        } catch {
            say(error.userMessage)
            return Read(tag: member.tag, items: [], failure: error)
        }
    }

    /// One finding per deployment (its most likely cause), in the fleet's order. Returns 1
    /// when any deployment has a cause, else `nil`.
    private func diagnose(_ reads: [Read], view: LogView) -> ExitStatus? {
        var status: ExitStatus?
        var text = ""
        for read in reads {
            var lines = view.diagnosed(read.items)
            if lines.allSatisfy({ $0.entry == nil }), let statusItem = read.deployment?.errorMessageItem { lines = [statusItem] }
            let input = DiagnosisInput(lines)
            let diagnosis = input.diagnosis(of: read.deployment)
            if !diagnosis.findings.isEmpty { status = .diagnosed }
            text += DiagnosisReport.report(diagnosis, lines: input.lines, of: read.tag, as: command.output.format)
        }
        OutputStream.standardOutput.write(text)
        return status
    }

    /// Follows every deployment: the newest `-n` lines of each merged by timestamp, then new
    /// lines as they come, until Ctrl-C or the reader leaves. A drop of one is told with its
    /// key; one that cannot be followed (an unknown deployment) is told and left.
    private func follow(_ fleet: Fleet, writer: LineWriter) async -> ExitStatus {
        let group = FleetFollower(members: fleet.members.map { member in
            FleetFollower.Member(tag: member.tag,
                                 follower: member.session.follower(options: command.following))
        })
        let failure = await group.run(emit: { writer.write($0) },
                                      notice: { tag, notice in StandardError.report("\(tag.key): \(notice.sentence)") },
                                      ended: { tag, error in StandardError.report("\(tag.key): \(error.userMessage)") },
                                      isWanted: { writer.readerIsPresent })
        return failure?.exitStatus ?? .success
    }
}
