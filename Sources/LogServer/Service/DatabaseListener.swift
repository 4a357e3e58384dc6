import Logging
import PostgresNIO
import ServiceLifecycle

/// `LISTEN`s, on a connection of its own, for what other replicas (and this one) announce:
/// new lines (``LineAnnouncement``), handed to the live streams' ``LineFeed``, and leases let
/// go (``DeploymentLeases/releasedChannel``), which wake the collector's renewal. When the
/// connection drops (the database restarted) it reconnects with a growing pause, and the feed
/// catches up on what was stored meanwhile. Stops on graceful shutdown.
struct DatabaseListener: Service, CustomStringConvertible {
    var description: String { "DatabaseListener" }

    let database: DatabaseURL
    let feed: LineFeed
    let renewalSignal: RenewalSignal
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await listen() }
    }

    private func listen() async {
        var pause: Duration = .milliseconds(250)
        var reported = false
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(),
                                                                      id: 1, logger: logger)
                if reported { logger.info("listening to the database again") }
                reported = false
                pause = .milliseconds(250)
                defer { Task { try? await connection.close() } }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await connection.listen(on: LineAnnouncement.channel) { notifications in
                            // Listening now: what was stored while not listening is read first.
                            await feed.catchUp()
                            for try await notification in notifications {
                                if let announcement = LineAnnouncement(payload: notification.payload) {
                                    await feed.announce(announcement)
                                }
                            }
                        }
                    }
                    group.addTask {
                        try await connection.listen(on: DeploymentLeases.releasedChannel) { notifications in
                            for try await _ in notifications { renewalSignal.fire() }
                        }
                    }
                    // Either ends only with the connection.
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                if Task.isCancelled { return }
                if !reported {
                    logger.warning("not listening to the database; live streams wait", metadata: ["error": "\(StorageError(error))"])
                    reported = true
                }
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }
}
