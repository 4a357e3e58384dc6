import Foundation
import Testing
import TestSupport

/// Following under chaos: while the stand-in stores lines at 200 a second, it drops the live
/// stream at random moments and restarts on the same database. Every stored line comes out
/// exactly once and in order, and every drop is announced. `make test` runs a short plan;
/// `make chaos` the full one (CHAOS_DROPS=100, CHAOS_RESTARTS=3, CHAOS_SECONDS=60).
@Suite(.serialized) struct ChaosEndToEndTests {
    /// How much chaos: from the environment, else the short plan.
    struct Plan {
        var drops: Int, restarts: Int, seconds: Int
        let rate = 200
        var total: Int { rate * seconds }

        static let current: Plan = {
            let environment = ProcessInfo.processInfo.environment
            func value(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
            return Plan(drops: value("CHAOS_DROPS", 10), restarts: value("CHAOS_RESTARTS", 1), seconds: value("CHAOS_SECONDS", 6))
        }()
    }

    let server: StandInServer
    let database: String
    let deployment = "c4a05000-0000-4000-8000-000000000001"

    init() throws {
        database = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-\(UUID().uuidString).sqlite3").path
        server = try StandInServer(arguments: ["--no-scenarios", "--database", database])
        try server.ingest(deployment, ["name": "chaos", "logs": [Any]()])
    }

    /// Drops the live stream at a random moment of each connection until `drops` drops closed
    /// one; `restarts` times, evenly spread, restarts the server instead. Returns the drops.
    private func playChaos(drops: Int, restarts: Int, seed: UInt64) throws -> Int {
        var random = SeededGenerator(state: seed)
        var restartsDue = (0..<restarts).map { ($0 + 1) * drops / (restarts + 1) }
        var dropped = 0
        while dropped < drops {
            try waitUntil("a live connection", seconds: 60) { (try? server.statistic("stream_connections")) ?? 0 > 0 }
            usleep(UInt32.random(in: 20_000...500_000, using: &random))
            if let due = restartsDue.first, dropped >= due {
                restartsDue.removeFirst()
                try server.restart()
            } else {
                dropped += try server.dropStreams()
            }
        }
        return dropped
    }

    private func removeDatabase() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    }

    /// Lines expected but missing, and lines printed more often than stored.
    private func lostAndDoubled(_ printed: [String], expected: [String]) -> (lost: Int, doubled: Int) {
        var balance: [String: Int] = [:]
        for line in expected { balance[line, default: 0] += 1 }
        for line in printed { balance[line, default: 0] -= 1 }
        return (balance.values.filter { $0 > 0 }.reduce(0, +), -balance.values.filter { $0 < 0 }.reduce(0, +))
    }

    @Test func followSurvivesDropsAndRestartsLosingAndDoublingNothing() throws {
        let plan = Plan.current, started = Date()
        defer { removeDatabase() }
        let client = try BackgroundClient([deployment, "-f", "--no-timestamps"], environment: server.clientEnvironment,
                                          filesNear: server.cacheHome)
        try client.waitUntilLive()
        try server.generate(deployment, rate: plan.rate, seconds: Double(plan.seconds))
        let dropped = try playChaos(drops: plan.drops, restarts: plan.restarts, seed: 16)
        let expected = StandInServer.generatedLines(plan.total)
        try waitUntil("every stored line", seconds: Double(plan.seconds) + 90) { client.stdoutLines.count >= expected.count }
        usleep(1_000_000)   // nothing may come after the last line
        let printed = client.stdoutLines
        let (lost, doubled) = lostAndDoubled(printed, expected: expected)
        print("chaos: \(dropped)/\(plan.drops) drops and \(plan.restarts) restarts survived; \(expected.count) lines, "
              + "\(lost) lost, \(doubled) doubled, in \(Int(Date().timeIntervalSince(started))) s")
        #expect(lost == 0 && doubled == 0)
        #expect(printed == expected, "first difference at \(String(describing: zip(printed, expected).enumerated().first { $0.element.0 != $0.element.1 }))")
        let notices = client.stderrLines
        #expect(notices.count { $0.contains("disconnected: the server closed the live stream (code 1001") } == dropped,
                "every drop is announced once")
        #expect(notices.count { $0.contains("disconnected: ") } >= dropped + plan.restarts)
        let stored = try server.runClient([deployment, "-n", "1000", "--no-timestamps", "--no-cache"])
        #expect(stored.stdoutLines == Array(expected.suffix(1000)), "the store holds what the generator promised")
    }

    @Test func theViewerShowsTheStoresNewestLinesAfterDrops() throws {
        let plan = Plan.current, lines = 50 * max(plan.seconds / 2, 3)
        defer { removeDatabase() }
        let terminal = try TmuxSession([ProcessRunner.product("catwalk-logs"), deployment],
                                       environment: server.clientEnvironment, columns: 160, rows: 24)
        try terminal.waitUntil("live following") { $0.split(separator: "\n").first?.contains("│ live · ") == true }
        try server.generate(deployment, rate: 50, seconds: Double(lines / 50))
        _ = try playChaos(drops: max(plan.drops / 10, 3), restarts: 0, seed: 61)
        // The header counts every line the viewer holds: none lost, none doubled.
        let expected = StandInServer.generatedLines(lines)
        let counts = "out \(expected.count { $0.hasPrefix("stdout") }) · err \(expected.count { $0.hasPrefix("stderr") })"
        let screen = try terminal.waitUntil("every line counted in the header", seconds: 60) { $0.contains(counts) }
        let shown = screen.split(separator: "\n").compactMap { row in
            row.firstMatch(of: #/\[(stdout|stderr)\] (.*)$/#).map { "\($0.1) \($0.2)" }
        }
        let stored = try server.runClient([deployment, "-n", String(shown.count), "--no-timestamps", "--no-cache"])
        #expect(shown.count >= 10)
        #expect(shown == stored.stdoutLines, "the screen's last lines are the store's newest")
    }
}
