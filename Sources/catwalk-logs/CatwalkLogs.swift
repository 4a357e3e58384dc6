import ArgumentParser
import LogClient

/// `catwalk-logs <deployment-id>`: show a Catwalk deployment's container logs.
struct CatwalkLogs: AsyncParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show the container logs of a Catwalk deployment.",
        usage: "catwalk-logs [logs] [<options>] [<deployment> ...]",
        discussion: HelpText.discussion,
        version: CatwalkLogsVersion.current
    )

    @Argument(help: ArgumentHelp(
        "The deployment's id (a UUID, as in the dashboard's URL) or its name; several are shown together, "
            + "each line keyed; optional with --all, --machine or --file.",
        valueName: "deployment"))
    var deployments: [String] = []

    @OptionGroup(title: "Source")
    var connection: ConnectionOptions

    @OptionGroup(title: "Source")
    var request: RequestOptions

    @OptionGroup(title: "Fly")
    var fly: FlyOptions

    @Option(help: ArgumentHelp(
        "Read saved lines instead (what --json or --plain wrote, or raw text, gzip-compressed or not; - for standard input); -f follows a growing file.",
        valueName: "path"), completion: .file())
    var file: String?

    @Option(name: [.customShort("n"), .customLong("limit")],
            help: ArgumentHelp("How many of the newest lines to show (1-1000 of a deployment, any number of a --file; 0 with -f: only new lines; -n3 works too). The filters pick first, then the newest n of what matched: over a deployment's newest 1000, over the whole of a --file.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only lines from this stream: stdout or stderr (default: both).",
                               valueName: "stream"))
    var stream: LogStream?

    @OptionGroup(title: "Output")
    var output: OutputOptions

    @OptionGroup(title: "Filter")
    var filter: FilterOptions

    @Flag(help: "Name the likely cause of a failure instead of printing the lines (exit 1 when one is found).")
    var diagnose = false

    @OptionGroup(title: "Follow")
    var following: FollowOptions

    @OptionGroup(title: "Several deployments")
    var fleet: FleetOptions

    @OptionGroup(title: "Cache")
    var cache: CacheOptions

    /// The one deployment asked for, when only one is.
    var deploymentID: String? { deployments.count == 1 ? deployments[0] : nil }

    /// Whether several deployments are shown together (each line keyed).
    var readsSeveral: Bool { fleet.all || deployments.count > 1 }

    func validate() throws {
        if deployments.isEmpty, !fleet.all, fly.machine == nil, file == nil {
            throw ValidationError("Missing the deployment id (or --all, --machine with --source fly, or --file).")
        }
        try validateSeveral()
        if file != nil, deploymentID != nil || fly.machine != nil || cache.offline {
            throw ValidationError("--file reads saved lines: it takes no deployment id, --machine or --offline.")
        }
        if deploymentID == nil, fly.source == .backend {
            throw ValidationError("--source backend needs a deployment id.")
        }
        if following.follow, cache.offline || diagnose {
            throw ValidationError("--follow needs the network and prints lines: it cannot be combined with --offline or --diagnose.")
        }
        // -n 0 -f: only new lines, as kubectl's --tail=0 and tail -n 0 -f.
        // A saved file is not a window: any number of its lines can be shown.
        if let limit, !(1...(file == nil ? LogQuery.maximumLimit : Int.max)).contains(limit), !(limit == 0 && following.follow) {
            throw ValidationError(file == nil ? "--limit must be between 1 and \(LogQuery.maximumLimit) (0 only with -f), not \(limit)."
                                              : "--limit must be at least 1 (0 only with -f), not \(limit).")
        }
        if output.cursorFile != nil, diagnose || cache.offline || output.wantsViewer(environment: ProcessEnvironment.current) {
            throw ValidationError("--cursor-file is for printing lines (plain or JSON), not with --diagnose, --offline or the viewer.")
        }
        if following.follow, filter.until != nil {
            throw ValidationError("--until ends at a moment, so it cannot be followed: leave out -f or --until.")
        }
        if following.poll, !following.follow, !output.wantsViewer(environment: ProcessEnvironment.current) {
            throw ValidationError("--poll chooses how -f follows: add -f (the viewer always follows).")
        }
        if output.outputFile != nil, diagnose {
            throw ValidationError("--output saves lines, and --diagnose prints a finding instead: redirect its output.")
        }
    }

    /// What cannot be combined with several deployments.
    private func validateSeveral() throws {
        if fleet.all, !deployments.isEmpty {
            throw ValidationError("--all reads every deployment: give either --all or deployment ids, not both.")
        }
        guard readsSeveral else { return }
        if file != nil || fly.machine != nil {
            throw ValidationError("--file and --machine read one source: give one deployment with them, not several or --all.")
        }
        if output.cursorFile != nil {
            throw ValidationError("--cursor-file remembers one deployment's place: give one deployment with it.")
        }
    }

    /// What is requested and shown in `mode`, from the flags (durations counted back from now).
    func readPlan(_ mode: ReadPlan.Mode) -> ReadPlan {
        ReadPlan(limit: limit, stream: stream, filter: filter.lineFilter(now: .now()), hasCursor: output.cursorFile != nil,
                 mode: mode)
    }

    /// What the session is made of, from the flags.
    func sessionSettings(_ plan: ReadPlan) -> SessionSettings {
        SessionSettings(deploymentID: deploymentID, connection: connection, requestTimeout: request.timeout, fly: fly,
                        cache: cache, file: file, poll: following.poll, plan: plan)
    }

    func execute() async -> ExitStatus {
        if !diagnose, output.wantsViewer(environment: ProcessEnvironment.current) {
            return await runViewer()
        }
        Signals.installForOneShotFetch()
        guard !readsSeveral else { return await FleetRunner(command: self).run() }
        do throws(LogClientError) {
            return try await LogsCommandRunner(command: self).run()
        } catch {
            return fail(error)
        }
    }
}

extension CatwalkLogs {
    /// Opens the terminal viewer; errors that come before any screen (a bad id, an insecure
    /// URL) are reported like in plain mode.
    @MainActor
    private func runViewer() async -> ExitStatus {
        let environment = ProcessEnvironment.current
        let plan = readPlan(.viewer)
        let feed: ViewerFeed
        do throws(LogClientError) {
            let settings = sessionSettings(plan)
            if readsSeveral {
                feed = .several(try await Fleet.open(settings: settings, deployments: deployments, options: fleet,
                                                     environment: environment))
            } else {
                feed = .one(try await LogSession(settings: settings, environment: environment))
            }
        } catch {
            return fail(error)
        }
        let viewer = InteractiveViewer(feed: feed, offline: cache.offline, view: plan.view,
                                       following: cache.offline ? nil : following)
        let theme = Theme(usesColor: output.color.resolve(isTerminal: true, environment: environment))
        return viewer.run(on: { CursesTerminal(theme: theme) })
    }
}

extension LogStream: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}
