import ArgumentParser
import LogClient

/// Which lines to show, by text and by time, in every output (the viewer's `&` sets `--include`).
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only lines matching this regular expression (case-insensitive unless it has capitals).",
                               valueName: "regex"))
    var include: String?

    @Option(help: ArgumentHelp("No lines matching this regular expression.", valueName: "regex"))
    var exclude: String?

    @Option(help: ArgumentHelp("Only lines from this moment on: a duration back from now (30s, 10m, 2h, 1d) or RFC 3339.",
                               valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("Only lines up to this moment (RFC 3339, or a duration back from now).", valueName: "when"))
    var until: String?

    /// The filter, with durations counted back from `now`; valid once `validate()` passed.
    func lineFilter(now: LogTimestamp) -> LineFilter {
        LineFilter(include: include, exclude: exclude, since: since.flatMap { LogTimestamp(moment: $0, now: now) },
                   until: until.flatMap { LogTimestamp(moment: $0, now: now) }) ?? .none
    }

    func validate() throws {
        for (flag, pattern) in [("--include", include), ("--exclude", exclude)] {
            if let pattern, LineFilter(include: pattern, exclude: nil) == nil {
                throw ValidationError("\(flag) '\(pattern)' is not a valid regular expression.")
            }
        }
        let now = LogTimestamp.now()
        for (flag, moment) in [("--since", since), ("--until", until)] {
            if let moment, LogTimestamp(moment: moment, now: now) == nil {
                throw ValidationError("\(flag) '\(moment)' is neither a duration such as 10m or 2h nor an RFC 3339 time.")
            }
        }
        let window = lineFilter(now: now)
        if let since = window.since, let until = window.until, until < since {
            throw ValidationError("--until is before --since: the window holds no moment.")
        }
    }
}
