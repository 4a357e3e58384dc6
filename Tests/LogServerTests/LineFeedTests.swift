import FoundationEssentials
import LogClient
import LogServer
import Synchronization
import Testing

/// The live streams' feed: announcements in, each stored line out once, in order.
@Suite struct LineFeedTests {
    /// A table of (seq, deployment, line) that the feed reads as it reads deployment_logs.
    final class Table: Sendable {
        private let rows = Mutex<[(seq: Int64, deployment: UUID, line: StoredLine)]>([])
        let failing = Mutex(false)
        let reads = Mutex(0)

        func store(_ deployment: UUID, _ messages: [String]) -> LineAnnouncement {
            rows.withLock { rows in
                let first = (rows.last?.seq ?? 0) + 1
                for (offset, message) in messages.enumerated() {
                    rows.append((first + Int64(offset), deployment, StoredLine(timestampMicros: 0, stream: .stdout, message: message)))
                }
                return LineAnnouncement(deployment: deployment, firstSeq: first, lastSeq: first + Int64(messages.count) - 1)
            }
        }

        func read(_ deployment: UUID, after: Int64, through: Int64?) throws(StorageError) -> (lines: [StoredLine], lastSeq: Int64?) {
            reads.withLock { $0 += 1 }
            if failing.withLock({ $0 }) { throw .unreachable("down") }
            let found = rows.withLock { $0.filter { $0.deployment == deployment && $0.seq > after && $0.seq <= (through ?? .max) } }
            return (found.map(\.line), found.last?.seq)
        }
    }

    private func feed(_ table: Table) -> LineFeed {
        LineFeed { deployment, after, through throws(StorageError) in try table.read(deployment, after: after, through: through) }
    }

    private func next(_ iterator: inout AsyncStream<[StoredLine]>.Iterator) async -> [String] {
        await iterator.next()?.map(\.message) ?? []
    }

    @Test func everySubscriberGetsEachAnnouncedLineOnceInOrder() async {
        let table = Table(), feed = feed(table)
        let deployment = UUID(), other = UUID()
        var first = await feed.subscribe(to: deployment).makeAsyncIterator()
        var second = await feed.subscribe(to: deployment).makeAsyncIterator()
        let a = table.store(deployment, ["a1", "a2"])
        _ = table.store(other, ["x1"])
        let b = table.store(deployment, ["b1"])
        await feed.announce(a)
        await feed.announce(b)
        await feed.announce(b)   // twice: nothing more
        #expect(await next(&first) == ["a1", "a2"])
        #expect(await next(&first) == ["b1"])
        #expect(await next(&second) == ["a1", "a2"])
        #expect(await next(&second) == ["b1"])
        let c = table.store(deployment, ["c1"])
        await feed.announce(c)
        #expect(await next(&first) == ["c1"])
    }

    @Test func linesMissedWhileTheDatabaseWasAwayComeWithTheNextAnnouncementOrTheCatchUp() async {
        let table = Table(), feed = feed(table)
        let deployment = UUID()
        var stream = await feed.subscribe(to: deployment).makeAsyncIterator()
        await feed.announce(table.store(deployment, ["a"]))
        #expect(await next(&stream) == ["a"])
        table.failing.withLock { $0 = true }
        await feed.announce(table.store(deployment, ["b"]))
        table.failing.withLock { $0 = false }
        await feed.announce(table.store(deployment, ["c"]))
        #expect(await next(&stream) == ["b", "c"])
        // Announcements lost altogether (the listener reconnected): the catch-up reads them.
        _ = table.store(deployment, ["d", "e"])
        await feed.catchUp()
        #expect(await next(&stream) == ["d", "e"])
    }

    @Test func announcementsOfDeploymentsNobodyFollowsReadNothing() async {
        let table = Table(), feed = feed(table)
        await feed.announce(table.store(UUID(), ["a"]))
        #expect(table.reads.withLock { $0 } == 0)
        let followed = UUID()
        let stream = await feed.subscribe(to: followed)
        await feed.announce(table.store(followed, ["b"]))
        #expect(table.reads.withLock { $0 } == 1)
        withExtendedLifetime(stream) {}
    }

    @Test func payloadsRoundTripAndForeignOnesAreIgnored() {
        let announcement = LineAnnouncement(deployment: UUID(), firstSeq: 7, lastSeq: 9)
        #expect(LineAnnouncement(payload: announcement.payload) == announcement)
        #expect(LineAnnouncement(payload: "hello") == nil)
        #expect(LineAnnouncement(payload: "\(UUID().uuidString) 9 7") == nil)
    }
}
