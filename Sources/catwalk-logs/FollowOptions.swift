import ArgumentParser
import LogClient

/// How new lines are followed: `-f` in plain and JSON output, always in the viewer.
struct FollowOptions: ParsableArguments {
    @Flag(name: [.customShort("f"), .customLong("follow")],
          help: "Keep printing new lines as they are stored, until Ctrl-C (the viewer always follows; f pauses it).")
    var follow = false

    @Flag(help: "Follow by polling the logs endpoint instead of the live WebSocket stream.")
    var poll = false

    @Option(help: ArgumentHelp("Seconds between polls when polling (at least 0.5).", valueName: "seconds"))
    var interval: Double = 2

    @Option(help: ArgumentHelp("Lines the viewer keeps while following (at least 1000).", valueName: "n"))
    var scrollback = LogFollower.defaultScrollback

    /// The time between polls.
    var pollInterval: Duration { .seconds(interval) }

    func validate() throws {
        guard interval >= 0.5 else {
            throw ValidationError("--interval must be at least 0.5 seconds, not \(interval).")
        }
        guard scrollback >= LogQuery.maximumLimit else {
            throw ValidationError("--scrollback must be at least \(LogQuery.maximumLimit) lines, not \(scrollback).")
        }
    }
}
