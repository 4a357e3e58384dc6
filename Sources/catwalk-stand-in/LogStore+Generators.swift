import SQLite

/// A line generator's job as the database keeps it: the lines it was asked for and how many
/// it has stored, recorded in the transaction that stores them.
struct GeneratorJob: Sendable, Equatable {
    var id: Int64
    var deploymentID: String
    var script: LineGenerator.Script
    /// Lines a second.
    var rate: Double
    /// Lines to store in all.
    var total: Int
    /// Lines stored so far (line numbers 1…stored).
    var stored: Int
}

/// The generators' jobs, so that a stand-in restarted on the same database carries on
/// generating where the last one stopped.
extension LogStore {
    static func createGeneratorSchema(in database: Database) throws {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS line_generators (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deployment_id TEXT NOT NULL,
                script TEXT NOT NULL,
                millilines_per_second INTEGER NOT NULL,
                total INTEGER NOT NULL,
                stored INTEGER NOT NULL DEFAULT 0
            );
            """)
    }

    /// Records a new job, none of it stored yet.
    func addGenerator(deploymentID: String, script: LineGenerator.Script, rate: Double, total: Int) throws -> GeneratorJob {
        let rows = try database.query("""
            INSERT INTO line_generators (deployment_id, script, millilines_per_second, total) VALUES (?1, ?2, ?3, ?4) RETURNING id
            """, [.text(deploymentID), .text(script.rawValue), .integer(Int64((rate * 1000).rounded())), .integer(Int64(total))])
        return GeneratorJob(id: rows.first?.first?.integer ?? 0, deploymentID: deploymentID, script: script, rate: rate,
                            total: total, stored: 0)
    }

    /// The jobs a stopped stand-in left unfinished.
    func unfinishedGenerators() throws -> [GeneratorJob] {
        try database.query("SELECT id, deployment_id, script, millilines_per_second, total, stored FROM line_generators WHERE stored < total")
            .compactMap { row in
                guard let script = row[2].text.flatMap(LineGenerator.Script.init(rawValue:)) else { return nil }
                return GeneratorJob(id: row[0].integer ?? 0, deploymentID: row[1].text ?? "", script: script,
                                    rate: Double(row[3].integer ?? 1000) / 1000, total: Int(row[4].integer ?? 0), stored: Int(row[5].integer ?? 0))
            }
    }

    /// Inside the transaction that stored a job's lines: how many it has stored now.
    func recordProgress(of job: Int64, stored: Int) throws {
        try database.query("UPDATE line_generators SET stored = ?2 WHERE id = ?1", [.integer(job), .integer(Int64(stored))])
    }
}
