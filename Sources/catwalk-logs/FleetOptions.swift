import ArgumentParser
import LogClient

/// Reading several deployments together: `--all` and `--status` (several ids or names are
/// simply given as arguments).
struct FleetOptions: ParsableArguments {
    @Flag(help: "Every deployment the backend lists (with --source fly: every machine of the Fly app), keyed on each line.")
    var all = false

    @Option(help: ArgumentHelp(
        "With --all: only deployments with this status (running, failed, …; several separated by commas).",
        valueName: "status"))
    var status: String?

    /// The statuses asked for, lower-cased; empty for any.
    var statuses: [String] {
        (status ?? "").split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    func validate() throws {
        if status != nil, !all {
            throw ValidationError("--status picks among --all's deployments: add --all.")
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
