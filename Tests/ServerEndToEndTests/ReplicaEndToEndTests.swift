import Foundation
import Testing
import TestSupport

/// Several `catwalk-logd serve` on one database: leases share the deployments out, every Fly
/// line is stored once, a dead replica's deployments move, and a live stream on any replica
/// gets every line.
@Suite struct ReplicaEndToEndTests {
    /// Writes `lines` lines named `<prefix><n>` to each deployment's machine.
    private func write(_ stack: ServerStack, _ deployments: [(id: String, machine: String)], prefix: String, lines: ClosedRange<Int>) throws {
        for deployment in deployments {
            try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, lines.map { (stream: "stdout", message: "\(prefix)\($0)") })
        }
    }

    private func waitForAll(_ stack: ServerStack, _ deployments: [(id: String, machine: String)], count: Int, seconds: Double = 20) throws {
        for deployment in deployments { try stack.waitForStored(deployment.id, count: count, seconds: seconds) }
    }

    private func waitForShares(_ stack: ServerStack, _ shares: [Int], seconds: Double = 15) throws {
        do {
            try waitUntil("leases shared as \(shares)", seconds: seconds) {
                (try? stack.leasesByReplica().values.sorted()) == shares
            }
        } catch {
            Issue.record("leases: \((try? stack.leasesByReplica()) ?? [:])")
            throw error
        }
    }

    /// `catwalk-logs -f --plain` of `deployment` through `replica`.
    private func follow(_ deployment: String, on replica: LogdServer, of stack: ServerStack) async throws -> BackgroundClient {
        try BackgroundClient([deployment, "-f", "--plain", "--no-timestamps", "--no-cache"],
                             environment: stack.clientEnvironment(token: try await stack.token(), replica: replica),
                             filesNear: replica.logFile)
    }

    @Test func replicasStoreEveryLineOnceAndOneStartedLateTakesItsShare() async throws {
        let stack = try ServerStack()
        let second = try stack.startReplica()
        let deployments = try (0..<12).map { _ in try stack.createDeployment() }
        try write(stack, deployments, prefix: "a", lines: 1...20)
        try waitForAll(stack, deployments, count: 20)
        try waitForShares(stack, [6, 6])
        let third = try stack.startReplica()
        try waitForShares(stack, [4, 4, 4])
        for round in 0..<4 { try write(stack, deployments, prefix: "b\(round)-", lines: 1...5) }
        try waitForAll(stack, deployments, count: 40)
        let expected = (1...20).map { "a\($0)" } + (0..<4).flatMap { round in (1...5).map { "b\(round)-\($0)" } }
        for deployment in deployments { #expect(try stack.storedMessages(deployment.id) == expected) }
        withExtendedLifetime((second, third)) {}
    }

    @Test func aKilledReplicasDeploymentsMoveWithinFifteenSecondsLosingAndDoublingNothing() async throws {
        let stack = try ServerStack()
        let survivor = try stack.startReplica()
        let deployments = try (0..<6).map { _ in try stack.createDeployment() }
        try write(stack, deployments, prefix: "a", lines: 1...5)
        try waitForAll(stack, deployments, count: 5)
        try waitForShares(stack, [3, 3])
        stack.logd.crash()
        let killed = Date()
        try write(stack, deployments, prefix: "b", lines: 1...5)
        try waitForAll(stack, deployments, count: 10, seconds: 30)
        let takeover = Date().timeIntervalSince(killed)
        #expect(takeover < 15, "the killed replica's deployments were collected again after \(takeover) s")
        for deployment in deployments {
            #expect(try stack.storedMessages(deployment.id) == (1...5).map { "a\($0)" } + (1...5).map { "b\($0)" })
        }
        try waitForShares(stack, [6])
        withExtendedLifetime(survivor) {}
    }

    @Test func sigtermHandsTheLeasesOverWithoutWaitingForThemToRunOut() async throws {
        let stack = try ServerStack()
        let survivor = try stack.startReplica()
        let deployments = try (0..<4).map { _ in try stack.createDeployment() }
        try waitForShares(stack, [2, 2])
        let stopping = Date()
        stack.logd.stop()
        #expect(stack.logd.terminationStatus == 0)
        #expect(stack.logd.log.contains("leases released"), "\(stack.serviceLogTail)")
        // A lease lives 10 s: taken over well before that, it was released.
        try waitForShares(stack, [4], seconds: 8)
        let handover = Date().timeIntervalSince(stopping)
        #expect(handover < 8, "handed over after \(handover) s")
        try write(stack, deployments, prefix: "n", lines: 1...3)
        try waitForAll(stack, deployments, count: 3)
        withExtendedLifetime(survivor) {}
    }

    @Test func aStreamOnAReplicaThatDoesNotCollectGetsEveryLineOnceInOrder() async throws {
        let stack = try ServerStack()
        let reader = try stack.startReplica(collecting: false)
        let deployment = try stack.createDeployment()
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "starting")])
        try stack.waitForStored(deployment.id, count: 1)
        let follower = try await follow(deployment.id, on: reader, of: stack)
        try follower.waitUntil("the backlog") { $0.stdoutLines.contains { $0.hasSuffix("starting") } }
        try follower.waitUntilLive()
        let written = Date()
        for batch in 0..<3 {
            try stack.writeToFly(deployment: deployment.id, machine: deployment.machine,
                                 (1...50).map { (stream: "stdout", message: "m\(batch * 50 + $0)") })
        }
        try follower.waitUntil("150 lines", seconds: 15) { $0.stdoutLines.count >= 151 }
        #expect(Date().timeIntervalSince(written) < 5)
        let expected = ["starting"] + (1...150).map { "m\($0)" }
        let received = follower.stdoutLines
        #expect(received.count == expected.count, "\(received.suffix(5))")
        #expect(zip(received, expected).allSatisfy { $0.hasSuffix($1) }, "\(received.prefix(5))")
        #expect(!reader.log.contains("\"message\":\"collecting\""))
    }

    @Test func aFollowerOfAReplicaThatDiesReconnectsAndCatchesUpOnceInOrder() async throws {
        let stack = try ServerStack()
        let reader = try stack.startReplica(collecting: false)
        let deployment = try stack.createDeployment()
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "l0")])
        try stack.waitForStored(deployment.id, count: 1)
        let follower = try await follow(deployment.id, on: reader, of: stack)
        try follower.waitUntilLive()
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, (1...5).map { (stream: "stdout", message: "l\($0)") })
        try follower.waitUntil("l5") { $0.stdoutLines.last?.hasSuffix("l5") == true }
        // The follower's replica is killed; lines are stored meanwhile; a replica comes up where it was.
        try reader.restart(crashing: true)
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, (6...10).map { (stream: "stdout", message: "l\($0)") })
        try stack.waitForStored(deployment.id, count: 11)
        try follower.waitUntil("l10", seconds: 30) { $0.stdoutLines.last?.hasSuffix("l10") == true }
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "l11")])
        try follower.waitUntil("l11", seconds: 15) { $0.stdoutLines.last?.hasSuffix("l11") == true }
        let received = follower.stdoutLines
        #expect(received.count == 12 && zip(received, (0...11).map { "l\($0)" }).allSatisfy { $0.hasSuffix($1) },
                "\(received)\n\(follower.stderrLines)")
    }
}
