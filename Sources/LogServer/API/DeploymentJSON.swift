import LogClient

extension DeploymentRecord {
    /// The backend's `DeploymentResponse` (backend/app/schemas/deployment.py) in its field order,
    /// without `access_token` (the MCP endpoint's secret) and with `machine_id`, so the CLI can
    /// show names and status. `created_at`/`updated_at` are naive UTC as the backend writes them.
    func json(connectionBase: String) -> String {
        JSONText.object([
            ("name", JSONText.string(name)),
            ("schedule_config", scheduleConfigJSON),
            ("status", JSONText.string(status)),
            ("id", JSONText.string(id.uuidString.lowercased())),
            ("created_at", JSONText.string(Self.naive(createdAtMicros))),
            ("updated_at", JSONText.string(Self.naive(updatedAtMicros))),
            ("connection_url", JSONText.string("\(connectionBase)/api/mcp/\(id.uuidString.lowercased())")),
            ("error_message", JSONText.string(errorMessage)),
            ("machine_id", JSONText.string(machineID)),
        ])
    }

    private static func naive(_ micros: Int64) -> String {
        LogTimestamp(nanosecondsSinceEpoch: micros * 1000).pythonISOFormat(withOffset: false)
    }
}
