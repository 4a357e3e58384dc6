import LogClient

/// What is typed in the status line: a search (`/`), a `&` filter, a file name to save to
/// (`S`), and whether to replace a file that exists.
extension ViewerState {
    func isAnswerYes(_ key: Key) -> Bool { key == .character("y") || key == .character("Y") }

    /// Takes a key while a prompt is open: Enter submits, Esc (or Backspace on nothing) closes,
    /// Ctrl-U clears; other control keys are not typed.
    mutating func handlePromptInput(_ key: Key) -> Reaction {
        guard var prompt else { return .none }
        if case .confirmReplace(let path) = prompt.purpose {
            self.prompt = nil
            if isAnswerYes(key) { return .save(path: path, replacing: true) }
            message = "not saved: \(path) is left as it was"
            return .redraw
        }
        switch key {
        case .escape:
            self.prompt = nil
        case .enter:
            self.prompt = nil
            return submit(prompt)
        case .backspace:
            if prompt.text.isEmpty { self.prompt = nil } else { prompt.text.removeLast(); self.prompt = prompt }
        case .character("\u{15}"):
            // Ctrl-U clears what was typed, as in a shell (and so the offered file name).
            prompt.text = ""
            self.prompt = prompt
        case .character(let character) where !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }):
            prompt.text.append(character)
            self.prompt = prompt
        default:
            return .none
        }
        return .redraw
    }

    private mutating func submit(_ prompt: Prompt) -> Reaction {
        switch prompt.purpose {
        case .search: startSearch(prompt.text)
        case .textFilter: filterLines(matching: prompt.text)
        case .saveAs:
            guard !prompt.text.isEmpty else {
                message = "not saved: no file name"
                return .redraw
            }
            return .save(path: prompt.text, replacing: false)
        case .confirmReplace: break
        }
        return .redraw
    }

    /// `&`: only lines matching `pattern` (empty: all lines), keeping the reader's place.
    private mutating func filterLines(matching pattern: String) {
        guard let filter = lineFilter.with(include: pattern) else {
            message = "not a valid regular expression: \(pattern)"
            return
        }
        keepPosition { $0.lineFilter = filter; $0.relayout() }
        message = filter.include.map { "showing only lines matching \($0)" } ?? "showing all lines"
    }

    // MARK: - Saving

    /// What `S` saves: the lines shown (stream filter, `&` and the deployment picked applied).
    public var shownItems: [CachedItem] { layout.visibleItems }

    /// The file `S` offers: in the current directory, named after what is shown and when,
    /// e.g. `catwalk-logs-npm-404-20261130-014500.log`.
    var defaultSavePath: String {
        let subject = fleet.shown?.key ?? (fleet.isActive ? "\(fleet.deployments.count)-deployments"
            : title.name ?? String(title.id.prefix(DeploymentTag.idPrefixLength)))
        let safe = String(subject.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" })
        let digits = now.rfc3339Milliseconds.prefix(19).filter(\.isNumber)   // 2026-11-30T01:45:00 → 20261130014500
        return "catwalk-logs-\(safe)-\(digits.prefix(8))-\(digits.dropFirst(8)).log"
    }

    /// The file to save to exists: asks whether to replace it.
    public mutating func askToReplace(_ path: String) {
        prompt = Prompt(.confirmReplace(path: path))
    }

    // MARK: - Several deployments

    /// `Tab`: all deployments, then each alone, then all again.
    mutating func cycleDeployment() {
        guard fleet.isActive else {
            message = "one deployment is shown: Tab picks among several (catwalk-logs ID1 ID2, or --all)"
            return
        }
        fleet.shown = fleet.next
        keepPosition { $0.relayout() }
        diagnose()
        message = fleet.shown.map { "showing only \($0.key) (Tab: next)" } ?? "showing every deployment"
    }
}
