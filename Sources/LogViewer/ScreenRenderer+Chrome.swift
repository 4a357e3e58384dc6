import LogClient
import LogText

/// The parts around the log pane: the header, the status line, the help and the screen of
/// a fatal error. Text that does not fit is cut with `…`, and header fields are dropped by
/// priority, never cut mid-word.
extension ScreenRenderer {
    // MARK: - Header

    /// One header field and how much it matters (0 first: the last to go).
    private struct Field {
        var text: String
        var priority: Int
    }

    static func header(_ state: ViewerState) -> [Span] {
        var fields = [Field(text: titleText(state), priority: 2), Field(text: freshnessText(state), priority: 0)]
        if state.newLinesBelow > 0, !state.isPinned { fields.append(Field(text: "↓ \(state.newLinesBelow) new lines", priority: 1)) }
        fields.append(Field(text: "filter: \(state.filter.rawValue)", priority: 1))
        if let include = state.lineFilter.include { fields.append(Field(text: "&\(include)", priority: 1)) }
        if let exclude = state.lineFilter.exclude { fields.append(Field(text: "!&\(exclude)", priority: 1)) }
        if let search = state.search {
            let position = search.current.map { "\($0 + 1)/\(search.matches.count)" } ?? "0/\(search.matches.count)"
            fields.append(Field(text: "/\(search.pattern) \(position)", priority: 1))
        }
        // While one stream is shown, its count is what says how much is shown: it stays as the filter does.
        fields += [Field(text: countsText(state), priority: state.filter == .all ? 3 : 1), Field(text: state.title.source, priority: 4)]
        return [Span(fitted(fields.map { field in Field(text: TerminalSanitizer.sanitize(field.text), priority: field.priority) },
                            width: state.size.columns), .header)]
    }

    /// The fields joined by ` │ `: the least important (priority 3 and up) dropped until they
    /// fit, then the title (priority 2) shortened with `…`, then the rest dropped; what still
    /// does not fit is cut with `…`.
    private static func fitted(_ fields: [Field], width: Int) -> String {
        var kept = fields
        func joined() -> String { " " + kept.map(\.text).joined(separator: " │ ") }
        func dropLeast(from priority: Int) {
            while DisplayWidth.of(joined()) > width,
                  let least = kept.indices.filter({ kept[$0].priority >= priority }).max(by: { kept[$0].priority < kept[$1].priority }) {
                kept.remove(at: least)
            }
        }
        dropLeast(from: 3)
        if let title = kept.firstIndex(where: { $0.priority == 2 }), DisplayWidth.of(joined()) > width {
            let room = width - (DisplayWidth.of(joined()) - DisplayWidth.of(kept[title].text))
            if room >= 12 { kept[title].text = kept[title].text.ellipsized(to: room) } else { kept.remove(at: title) }
        }
        dropLeast(from: 1)
        return joined().ellipsized(to: width)
    }

    /// The deployment's name, status and id; with several, how many and the one shown alone.
    private static func titleText(_ state: ViewerState) -> String {
        guard state.fleet.isActive else {
            let name = [state.title.name, state.title.status].compactMap { $0 }.joined(separator: " · ")
            return (name.isEmpty ? "" : name + " · ") + state.title.id
        }
        let count = "\(state.fleet.deployments.count) deployments"
        return state.fleet.shown.map { "\(count) · only \($0.key)" } ?? count
    }

    /// Lines per stream shown (only the filtered stream's while one is shown); with several
    /// deployments, lines per deployment.
    private static func countsText(_ state: ViewerState) -> String {
        guard state.fleet.isActive else {
            let stdout = "out \(state.items.count { $0.entry?.stream == .stdout })"
            let stderr = "err \(state.items.count { $0.entry?.stream == .stderr })"
            switch state.filter {
            case .all: return "\(stdout) · \(stderr)"
            case .stdout: return stdout
            case .stderr: return stderr
            }
        }
        var counts: [String: Int] = [:]
        for item in state.items { if let id = item.entry?.deployment?.id { counts[id, default: 0] += 1 } }
        return state.fleet.deployments.map { "\($0.key) \(counts[$0.id] ?? 0)" }.joined(separator: " · ")
    }

    static func freshnessText(_ state: ViewerState) -> String {
        if state.isFetching, !(state.isFollowing && state.freshness != .fetching) {
            let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")[state.spinnerFrame % 10]
            return "\(spinner) " + (state.freshness == .fetching ? "fetching…" : "refreshing…")
        }
        switch state.freshness {
        case .fetching: return "fetching…"
        case .fetched(let at):
            let time = at.timeOfDay(offsetSeconds: state.utcOffsetSeconds).prefix(8)
            guard state.isFollowing else { return "fetched " + time }
            return (state.isPaused ? "paused" : state.followMode ?? "following") + " · " + time
        case .offline(let cachedAt, _):
            return "offline" + (cachedAt.map { " — cached " + ageDescription(of: $0, now: state.now) } ?? "")
        case .unanswered(let cachedAt, _):
            return cachedAt.map { "cached " + ageDescription(of: $0, now: state.now) } ?? "no lines"
        }
    }

    // MARK: - Status line

    /// Key hints, most useful first; `? help` is always shown.
    private static let hints = ["q quit", "↑↓ PgUp PgDn scroll", "s filter", "/ search", "& only matching", "n N next",
                                "e stderr", "r refresh"]

    /// The status line: the search prompt, a message (wrapped onto up to three rows, so
    /// that it can be read whole), or key hints and where the view is.
    static func statusRows(_ state: ViewerState) -> [[Span]] {
        let width = state.size.columns
        if let prompt = state.prompt {
            return [[Span((TerminalSanitizer.sanitize(prompt.label + prompt.text) + "█").ellipsized(to: width),
                          .status)]]
        }
        if let message = state.message {
            return state.statusLines(for: message).map { [Span($0, .status)] }
        }
        let position = state.positionText
        var shown = hints
        func line() -> String { " " + (shown + ["? help"]).joined(separator: "  ") }
        while !shown.isEmpty, DisplayWidth.of(line()) + DisplayWidth.of(position) + 2 > width { shown.removeLast() }
        let left = line()
        let gap = max(1, width - DisplayWidth.of(left) - DisplayWidth.of(position) - 1)
        return [[Span((left + String(repeating: " ", count: gap) + position).ellipsized(to: width), .status)]]
    }

    // MARK: - Help and fatal errors

    /// The help pane: the rows of ``helpRows(width:)`` from ``ViewerState/helpTop`` on.
    static func help(_ state: ViewerState) -> [[Span]] {
        let all = helpRows(width: state.size.columns)
        let top = min(state.helpTop, max(0, all.count - state.paneHeight))
        let rows = Array(all.dropFirst(top).prefix(state.paneHeight))
        return rows + Array(repeating: [], count: state.paneHeight - rows.count)
    }

    /// Every row of the help at `width` columns: each key and what it does, the text wrapped
    /// at spaces under its own column, so that nothing is cut in a narrow terminal.
    static func helpRows(width: Int) -> [[Span]] {
        let labelWidth = 14
        var rows: [[Span]] = "Keys (q, Esc or ? closes this help; ↑↓ scroll it)".wordWrapped(toWidth: width - 2)
            .map { [Span(" " + $0, .notice)] } + [[]]
        for binding in KeyBindings.all {
            let lines = binding.help.wordWrapped(toWidth: max(8, width - labelWidth - 1))
            for (index, line) in lines.enumerated() {
                let label = index == 0 ? "  " + binding.label : ""
                rows.append([Span(label.padding(to: labelWidth), .tag), Span(line, .plain)])
            }
        }
        return rows
    }

    /// The whole screen for a failure that leaves nothing to show (an unknown deployment, a
    /// rejected token): the sentence in full, and how to leave.
    static func fatalScreen(_ error: LogClientError, state: ViewerState) -> [[Span]] {
        let width = state.size.columns
        var rows: [[Span]] = [[]]
        for line in TerminalSanitizer.sanitize(error.userMessage).wordWrapped(toWidth: width - 2) {
            rows.append([Span(" " + line, .notice)])
        }
        rows += [[], [Span(" Press q to leave (exit status \(error.exitStatus.rawValue)).", .plain)]]
        rows = Array(rows.prefix(state.size.rows - 1))
        return rows + Array(repeating: [], count: max(0, state.size.rows - 1 - rows.count))
    }
}

extension String {
    /// The text cut to `width` columns, ending in `…` when it was cut.
    func ellipsized(to width: Int) -> String {
        guard DisplayWidth.of(self) > width else { return self }
        guard width > 1 else { return String(clipped(width: width)) }
        return String(clipped(width: width - 1)) + "…"
    }

    /// Lines of at most `width` columns, broken at spaces where there are any.
    func wordWrapped(toWidth width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayWidth.of(candidate) <= width || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        lines.append(line)
        return lines.flatMap { $0.wrapped(toWidth: max(1, width)).map(String.init) }
    }
}
