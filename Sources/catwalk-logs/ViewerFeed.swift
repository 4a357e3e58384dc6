import LogClient
import LogViewer

/// What the viewer reads: one deployment, or several whose lines are keyed and merged.
enum ViewerFeed: Sendable {
    case one(LogSession)
    case several(Fleet)

    /// The header's title before any summary came.
    var title: DeploymentTitle {
        switch self {
        case .one(let session): return DeploymentTitle(id: session.query.deploymentID, source: session.sourceDescription)
        case .several(let fleet): return DeploymentTitle(id: "", source: fleet.members.first?.session.sourceDescription ?? "")
        }
    }

    /// The deployments' tags (none for one deployment).
    var tags: [DeploymentTag] {
        guard case .several(let fleet) = self else { return [] }
        return fleet.members.map(\.tag)
    }

    /// The newest `limit` cached lines, read with no network request (several: tagged and merged).
    func cached(newest limit: Int) async -> (CachedHistory, [CacheProblem]) {
        let (history, problems) = await cached()
        return (CachedHistory(items: history.items.newest(limit), updatedAt: history.updatedAt), problems)
    }

    /// The cached lines, read with no network request (several: tagged and merged).
    private func cached() async -> (CachedHistory, [CacheProblem]) {
        switch self {
        case .one(let session):
            return await session.fetcher.cached()
        case .several(let fleet):
            var histories: [[CachedItem]] = [], warnings: [CacheProblem] = [], updatedAt: LogTimestamp?
            for member in fleet.members {
                let (history, problems) = await member.session.fetcher.cached()
                histories.append(history.items.map { $0.tagged(member.tag) })
                warnings += problems
                updatedAt = [updatedAt, history.updatedAt].compactMap { $0 }.max()
            }
            return (CachedHistory(items: FleetMerge.merge(histories), updatedAt: updatedAt), warnings)
        }
    }

    /// Follows until cancelled, posting lines and notices; one deployment's failure ends
    /// following, several's only when every one has ended.
    func follow(options: FollowOptions, post: @escaping @Sendable (ViewerEvent) -> Void) async {
        switch self {
        case .one(let session):
            do throws(LogClientError) {
                try await session.follower(options: options)
                    .run(emit: { post(.lines($0)); return true }, notice: { post(.notice($0)) })
            } catch {
                post(.ended(error))
            }
        case .several(let fleet):
            let group = FleetFollower(members: fleet.members.map { member in
                FleetFollower.Member(tag: member.tag,
                                     follower: member.session.follower(options: options))
            })
            let failure = await group.run(emit: { post(.lines($0)); return true },
                                          notice: { post(.memberNotice($0, $1)) }, ended: { post(.memberEnded($0, $1)) })
            if let failure, !Task.isCancelled { post(.ended(failure)) }
        }
    }
}
