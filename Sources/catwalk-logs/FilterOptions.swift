import ArgumentParser
import LogClient

/// Which lines to show by their text, in every output (the viewer's `&` sets `--include`).
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only lines matching this regular expression (case-insensitive unless it has capitals).",
                               valueName: "regex"))
    var include: String?

    @Option(help: ArgumentHelp("No lines matching this regular expression.", valueName: "regex"))
    var exclude: String?

    /// The filter; valid once `validate()` passed.
    var lineFilter: LineFilter { LineFilter(include: include, exclude: exclude) ?? .none }

    func validate() throws {
        for (flag, pattern) in [("--include", include), ("--exclude", exclude)] {
            if let pattern, LineFilter(include: pattern, exclude: nil) == nil {
                throw ValidationError("\(flag) '\(pattern)' is not a valid regular expression.")
            }
        }
    }
}
