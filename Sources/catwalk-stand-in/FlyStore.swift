import Foundation
import SQLite

/// A Fly machine of the emulated app.
struct FlyMachineRecord: Sendable, Equatable {
    var id: String
    var deploymentID: String
    var state: String
    var createdAtMicros: Int64
    /// How its process last exited (`nil`: it has not), shown as an `exit` event.
    var exit: Exit? = nil

    struct Exit: Sendable, Equatable {
        var code: Int
        var oomKilled: Bool
    }

    /// The machine state a deployment's status stands for.
    static func state(of status: String) -> String {
        switch status {
        case "running": return "started"
        case "failed", "stopped": return "stopped"
        default: return "created"
        }
    }
}

/// One line as Fly's logs API keeps it: nanoseconds, level, text.
struct FlyLine: Sendable, Equatable {
    var nanoseconds: Int64
    var level: String
    var message: String
}

/// The Fly half of the stand-in's storage: machines, and their lines kept by age (7 days,
/// Fly's retention) rather than by count. A line's nanosecond time is its microsecond time
/// plus its rank among the machine's lines of that microsecond, so lines stay distinct and
/// in order, as Fly's nanosecond timestamps are.
extension LogStore {
    /// Fly keeps logs about this long.
    static let flyRetentionNanoseconds: Int64 = 7 * 86_400 * 1_000_000_000

    static func createFlySchema(in database: Database) throws {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS fly_machines (
                id TEXT PRIMARY KEY,
                deployment_id TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                exit_code INTEGER,
                oom_killed INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS fly_logs (
                machine_id TEXT NOT NULL,
                ns INTEGER NOT NULL,
                level TEXT NOT NULL,
                message TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS idx_fly_logs_ns ON fly_logs (machine_id, ns);
            """)
    }

    /// Adds a machine (or updates its state, and its exit when one is given).
    func addMachine(_ machine: FlyMachineRecord) throws {
        try database.query("""
            INSERT INTO fly_machines (id, deployment_id, state, created_at, exit_code, oom_killed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(id) DO UPDATE SET state = ?3, exit_code = COALESCE(?5, exit_code),
                oom_killed = CASE WHEN ?5 IS NULL THEN oom_killed ELSE ?6 END
            """, [.text(machine.id), .text(machine.deploymentID), .text(machine.state), .integer(machine.createdAtMicros),
                  machine.exit.map { .integer(Int64($0.code)) } ?? .null, .integer(machine.exit?.oomKilled == true ? 1 : 0)])
    }

    /// Every machine, oldest first.
    func machines() throws -> [FlyMachineRecord] {
        try database.query("SELECT id, deployment_id, state, created_at, exit_code, oom_killed FROM fly_machines ORDER BY created_at, id")
            .map { row in
                FlyMachineRecord(id: row[0].text ?? "", deploymentID: row[1].text ?? "", state: row[2].text ?? "",
                                 createdAtMicros: row[3].integer ?? 0,
                                 exit: row[4].integer.map { .init(code: Int($0), oomKilled: row[5].integer == 1) })
            }
    }

    /// Stores lines in a machine's Fly log (inside the caller's transaction) and forgets lines
    /// older than the retention.
    func appendFlyLines(_ lines: [StoredLine], machine: String) throws {
        let insert = try database.prepare("INSERT INTO fly_logs (machine_id, ns, level, message) VALUES (?1, ?2, ?3, ?4)")
        for line in lines {
            let base = line.timestampMicros * 1000
            let rank = try database.query("SELECT COUNT(*) FROM fly_logs WHERE machine_id = ?1 AND ns BETWEEN ?2 AND ?3",
                                          [.text(machine), .integer(base), .integer(base + 999)]).first?.first?.integer ?? 0
            try insert.run([.text(machine), .integer(base + min(rank, 999)),
                            .text(line.stream == "stderr" ? "error" : "info"), .text(line.message)])
        }
        try database.query("DELETE FROM fly_logs WHERE machine_id = ?1 AND ns < ?2",
                           [.text(machine), .integer(Clock.nowMicros() * 1000 - Self.flyRetentionNanoseconds)])
    }

    /// Up to `limit` lines of `machines`, oldest first: those after `afterNanoseconds`, or
    /// (when it is `nil`) the newest since `sinceNanoseconds`.
    func flyLines(machines: [String], afterNanoseconds: Int64?, sinceNanoseconds: Int64, limit: Int) throws -> [(machine: String, line: FlyLine)] {
        guard !machines.isEmpty else { return [] }
        let list = machines.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
        let retained = Clock.nowMicros() * 1000 - Self.flyRetentionNanoseconds
        let rows: [[SQLiteValue]]
        if let after = afterNanoseconds {
            rows = try database.query("""
                SELECT machine_id, ns, level, message FROM fly_logs WHERE machine_id IN (\(list)) AND ns > ?1 AND ns >= ?2
                ORDER BY ns, rowid LIMIT ?3
                """, [.integer(after), .integer(retained), .integer(Int64(limit))])
        } else {
            rows = try database.query("""
                SELECT machine_id, ns, level, message FROM fly_logs WHERE machine_id IN (\(list)) AND ns >= ?1
                ORDER BY ns DESC, rowid DESC LIMIT ?2
                """, [.integer(max(sinceNanoseconds, retained)), .integer(Int64(limit))]).reversed()
        }
        return rows.map { row in
            (row[0].text ?? "", FlyLine(nanoseconds: row[1].integer ?? 0, level: row[2].text ?? "info", message: row[3].text ?? ""))
        }
    }
}
