import SQLite

extension LogCache {
    // MARK: - Machines

    /// Remembers the Fly machine a deployment runs on, so Fly can stand in for the backend later.
    public func rememberMachine(_ machineID: String, for key: CacheKey) throws(CacheProblem) {
        do {
            try database.query("""
                INSERT INTO deployment_machines (source, deployment_id, machine_id) VALUES (?1, ?2, ?3)
                ON CONFLICT (source, deployment_id) DO UPDATE SET machine_id = ?3
                """, [.text(key.source), .text(key.deploymentID), .text(machineID)])
        } catch { throw unavailable(error) }
    }

    /// The machine remembered for a deployment, if any.
    public func machine(for key: CacheKey) -> String? {
        try? database.query("SELECT machine_id FROM deployment_machines WHERE source = ?1 AND deployment_id = ?2",
                            [.text(key.source), .text(key.deploymentID)]).first?.first?.text
    }

    // MARK: - Titles

    /// Remembers a deployment's name and status, for the offline viewer's header and for
    /// names given instead of ids when the backend cannot be asked.
    public func rememberTitle(_ summary: DeploymentSummary) {
        _ = try? database.query("""
            INSERT INTO deployment_titles (deployment_id, name, status, error_message) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (deployment_id) DO UPDATE SET name = ?2, status = ?3, error_message = ?4
            """, [.text(summary.id.lowercased()), .text(summary.name), .text(summary.status),
                  summary.errorMessage.map { .text($0) } ?? .null])
    }

    /// Every remembered deployment title.
    public func titles() -> [DeploymentSummary] {
        let rows = (try? database.query("SELECT deployment_id, name, status, error_message FROM deployment_titles")) ?? []
        return rows.map { row in
            DeploymentSummary(id: row[0].text ?? "", name: row[1].text ?? "", status: row[2].text ?? "", errorMessage: row[3].text)
        }
    }

    /// The cache key holding the most recently updated lines of a deployment, from any source.
    public func freshestKey(forDeployment deploymentID: String) -> CacheKey? {
        let row = try? database.query("""
            SELECT source FROM cached_deployments WHERE deployment_id = ?1 ORDER BY updated_at DESC LIMIT 1
            """, [.text(deploymentID)]).first
        return row?.first?.text.map { CacheKey(source: $0, deploymentID: deploymentID) }
    }

    // MARK: - Housekeeping

    /// One summary per cached deployment, most recently updated first.
    public func summaries() throws(CacheProblem) -> [CacheSummary] {
        do {
            return try database.query("""
                SELECT d.source, d.deployment_id, d.updated_at,
                       COUNT(l.timestamp), MAX(l.timestamp), COALESCE(SUM(LENGTH(CAST(l.message AS BLOB))), 0)
                FROM cached_deployments d LEFT JOIN deployment_logs l
                  ON l.source = d.source AND l.deployment_id = d.deployment_id
                GROUP BY d.source, d.deployment_id ORDER BY d.updated_at DESC
                """).map { row in
                CacheSummary(key: CacheKey(source: row[0].text ?? "", deploymentID: row[1].text ?? ""),
                             lineCount: Int(row[3].integer ?? 0),
                             newestLine: row[4].integer.map(LogTimestamp.init(nanosecondsSinceEpoch:)),
                             updatedAt: LogTimestamp(nanosecondsSinceEpoch: row[2].integer ?? 0),
                             messageBytes: Int(row[5].integer ?? 0))
            }
        } catch { throw unavailable(error) }
    }

    /// Forgets one deployment's lines (every source), or everything when `deploymentID` is `nil`.
    /// Returns how many deployments were forgotten.
    @discardableResult
    public func clear(deploymentID: String?) throws(CacheProblem) -> Int {
        do {
            let condition = deploymentID == nil ? "" : " WHERE deployment_id = ?1"
            let bindings: [SQLiteValue] = deploymentID.map { [.text($0)] } ?? []
            let count = try database.query("SELECT COUNT(*) FROM cached_deployments" + condition, bindings)
            try database.query("DELETE FROM cached_deployments" + condition, bindings)
            try database.query("DELETE FROM deployment_machines" + condition, bindings)
            // A deployment's name stays known (for names given instead of ids) unless everything goes.
            if deploymentID == nil { try database.query("DELETE FROM deployment_titles") }
            return Int(count.first?.first?.integer ?? 0)
        } catch { throw unavailable(error) }
    }
}
