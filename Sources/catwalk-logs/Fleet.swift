import LogClient

/// Several deployments read together (`catwalk-logs ID1 ID2 …`, `--all`): one session each,
/// with its own sources, cache key and follower, and a tag (key and colour) for its lines.
struct Fleet {
    /// One deployment of the fleet.
    struct Member {
        let tag: DeploymentTag
        let session: LogSession
    }

    /// The deployments, in the order given (or listed by name for `--all`).
    let members: [Member]

    /// The widest key, for aligned plain output.
    var keyWidth: Int { members.map(\.tag.key.count).max() ?? 0 }

    /// Finds the deployments and opens a session for each; one factory serves them all (one
    /// token, one endpoint).
    /// - Throws: a name that is unknown or shared, a listing that failed, an empty `--all`.
    static func open(settings: SessionSettings, deployments: [String], options: FleetOptions,
                     environment: [String: String]) async throws(LogClientError) -> Fleet {
        let factory = SourceFactory(settings: settings, environment: environment)
        let directory = FleetDirectory(settings: settings, factory: factory)
        let targets = options.all ? try await directory.everyTarget(statuses: options.statuses)
            : try await directory.targets(named: deployments)
        let tags = DeploymentTag.tags(for: targets.map { ($0.tagID, $0.name) })
        var members: [Member] = []
        for (target, tag) in zip(targets, tags) {
            var memberSettings = settings
            memberSettings.deploymentID = target.deploymentID
            memberSettings.fly.machine = target.machine
            if target.machine != nil { memberSettings.fly.source = .fly }
            members.append(Member(tag: tag, session: try await LogSession(settings: memberSettings, factory: factory)))
        }
        return Fleet(members: members)
    }
}

/// One deployment to read, as the command line or a listing gave it.
struct FleetTarget: Equatable {
    var deploymentID: String?
    /// The Fly machine, when the Fly app's machines were listed.
    var machine: String?
    var name: String?

    /// What the tag calls it: the deployment's id, else the machine's.
    var tagID: String { deploymentID ?? machine ?? "" }
}

/// Finds what a fleet reads: deployments named on the command line (their names from the
/// backend's list, or the cache's when offline or unreachable), or every deployment listed.
struct FleetDirectory {
    let settings: SessionSettings
    let factory: SourceFactory

    /// The deployments named (ids or names), each once, in the order given.
    func targets(named arguments: [String]) async throws(LogClientError) -> [FleetTarget] {
        let listed = await knownDeployments()
        var targets: [FleetTarget] = []
        for argument in arguments {
            var id = DeploymentID.normalized(argument) ?? ""
            if id.isEmpty { id = try DeploymentNames.resolve(argument, among: listed) }
            guard !targets.contains(where: { $0.deploymentID == id }) else { continue }
            let name = listed.first { $0.id.lowercased() == id }?.name
            targets.append(FleetTarget(deploymentID: id, machine: nil, name: name))
        }
        return targets
    }

    /// Every deployment the backend lists (the cache remembers, offline), or with
    /// `--source fly` every machine of the Fly app, with one of `statuses` (any when empty),
    /// ordered by name.
    func everyTarget(statuses: [String]) async throws(LogClientError) -> [FleetTarget] {
        let admits = { (status: String) in statuses.isEmpty || statuses.contains { Self.sameStatus($0, status) } }
        let targets: [FleetTarget], place: String
        if settings.fly.source == .fly {
            // Named as the dashboard names the deployment when the cache remembers it, else as Fly names the machine.
            let names = Dictionary(remembered().map { ($0.id.lowercased(), $0.name) }) { first, _ in first }
            targets = try await factory.machines().filter { admits($0.state) }.map { machine in
                let id = machine.deploymentID.flatMap(DeploymentID.normalized)
                return FleetTarget(deploymentID: id, machine: machine.id,
                                   name: id.flatMap { names[$0] } ?? (machine.name.isEmpty ? nil : machine.name))
            }
            place = "Fly app \(factory.fly.app)"
        } else {
            let listed = factory.offline ? remembered() : remember(try await factory.deployments())
            targets = listed.filter { admits($0.status) }.map { FleetTarget(deploymentID: $0.id.lowercased(), name: $0.name) }
            place = factory.offline ? "the cache (--offline)" : "the backend at \(settings.connection.baseURL(environment: factory.environment))"
        }
        guard !targets.isEmpty else { throw .noDeploymentsListed(statuses: statuses, place: place) }
        return targets.sorted { ($0.name ?? "~", $0.tagID) < ($1.name ?? "~", $1.tagID) }
    }

    /// A status asked for and one listed agree: alike ignoring case, and `running` is what
    /// Fly calls `started`.
    static func sameStatus(_ wanted: String, _ listed: String) -> Bool {
        let normal = { (status: String) in status.lowercased() == "started" ? "running" : status.lowercased() }
        return normal(wanted) == normal(listed)
    }

    /// The backend's list, for names; the cache's when offline, reading Fly, or unreachable.
    private func knownDeployments() async -> [DeploymentSummary] {
        guard !factory.offline, settings.fly.source != .fly, let listed = try? await factory.deployments() else {
            return remembered()
        }
        return remember(listed)
    }

    /// Keeps the names and statuses listed in the cache (for `--offline`, and Fly's keys), and returns them.
    private func remember(_ listed: [DeploymentSummary]) -> [DeploymentSummary] {
        let cache = settings.cache.open(environment: factory.environment)
        listed.forEach { cache?.rememberTitle($0) }
        return listed
    }

    /// The deployments the cache remembers.
    private func remembered() -> [DeploymentSummary] {
        settings.cache.open(environment: factory.environment)?.titles() ?? []
    }
}
