/// The form of everything catwalk-logs writes to a pipe or a file: log lines, diagnoses and
/// wait reports alike. The command line resolves it once from its flags.
public enum OutputFormat: Sendable, Equatable {
    /// For people: `TIMESTAMP STREAM MESSAGE` lines and sentences.
    case text
    /// For scripts: one JSON object per line (NDJSON).
    case json
}
