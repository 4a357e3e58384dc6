import Synchronization
import Testing
@testable import LogClient
import LogDiagnosis

/// Several deployments at once: keys, colours, the merge by timestamp, keyed output.
@Suite struct FleetTests {
    private func line(_ second: Int64, _ message: String, _ stream: LogStream = .stdout) -> CachedItem {
        .line(LogEntry(timestamp: LogTimestamp(secondsSinceEpoch: 1_795_867_200 + second), stream: stream, message: message))
    }

    private let tags = DeploymentTag.tags(for: [("aaaaaaaa-0000-4000-8000-000000000001", "alpha"),
                                                ("bbbbbbbb-0000-4000-8000-000000000002", "beta")])

    @Test func keysAreNamesUnlessSharedOrMissing() {
        let tags = DeploymentTag.tags(for: [("11111111-aaaa-4000-8000-000000000001", "web"),
                                            ("22222222-aaaa-4000-8000-000000000002", "web"),
                                            ("33333333-aaaa-4000-8000-000000000003", nil),
                                            ("44444444-aaaa-4000-8000-000000000004", "api\u{1B}[2J")])
        #expect(tags.map(\.key) == ["11111111", "22222222", "33333333", "api^[[2J"], "shared names give way to ids; escapes are sanitised")
        #expect(tags[0].name == "web" && tags[2].name == nil, "--json keeps the name even when the key cannot be it")
        #expect(Set(tags.map(\.color)).count == 4, "colours differ")
    }

    @Test func thePaletteNeverHoldsTheStderrColour() {
        let theme = Theme(usesColor: true)
        let stderrColor = theme.appearance(of: .stderrText).color
        for color in KeyColor.allCases {
            #expect(![31, 91].contains(color.ansiCode), "\(color) would read as stderr")
            #expect(theme.appearance(of: .key(color)).color != stderrColor)
        }
        #expect(Set(KeyColor.allCases.map(\.ansiCode)).count == KeyColor.allCases.count)
        #expect(KeyColor.at(10) == KeyColor.at(0), "the palette repeats after ten")
        #expect(Theme(usesColor: false).paint("web", as: .key(.green)) == "web", "no colour: the key alone")
    }

    @Test func theMergeIsByTimestampWithAStableOrderAtOneMoment() {
        let alpha = [line(1, "a1"), line(2, "same"), line(2, "same"), line(3, "a3")].map { $0.tagged(tags[0]) }
        let beta = [line(2, "same"), .gap, line(2, "b2"), line(4, "b4")].map { $0.tagged(tags[1]) }
        let merged = FleetMerge.merge([alpha, beta])
        let text = merged.map { item in item.entry.map { "\($0.deployment?.key ?? "?") \($0.message)" } ?? "gap" }
        #expect(text == ["alpha a1", "alpha same", "alpha same", "beta same", "gap", "beta b2", "alpha a3", "beta b4"],
                "identical lines at one moment are all kept; a gap stays before its deployment's next line")
        #expect(FleetMerge.merge([[line(1, "x"), .gap]]).count == 1, "a trailing gap has no line to stand before")
    }

    @Test func plainOutputKeysEachLineAndAlignsTheKeys() {
        var output = ""
        let formatter = PlainFormatter(showsTimestamps: false, theme: Theme(usesColor: false), keyWidth: 5)
        for item in [line(1, "up").tagged(tags[1]), line(2, "down", .stderr).tagged(tags[0])] {
            formatter.append(item, to: &output)
        }
        #expect(output == "beta  stdout up\nalpha stderr down\n")
        var coloured = ""
        PlainFormatter(showsTimestamps: false, theme: Theme(usesColor: true), keyWidth: 5).append(line(1, "up").tagged(tags[1]), to: &coloured)
        #expect(coloured.hasPrefix("\u{1B}[33mbeta\u{1B}[0m  stdout"), "the key in its colour, padded outside the colour")
    }

    @Test func jsonAddsTheDeploymentAndItsName() {
        var output = ""
        JSONLineFormatter().append(line(0, "hi").tagged(tags[0]), to: &output)
        let unnamed = DeploymentTag.tags(for: [("cccccccc-0000-4000-8000-000000000003", nil)])[0]
        JSONLineFormatter().append(line(0, "yo").tagged(unnamed), to: &output)
        #expect(output == """
            {"timestamp":"2026-11-28T12:00:00Z","stream":"stdout","message":"hi","deployment":"aaaaaaaa-0000-4000-8000-000000000001","name":"alpha"}
            {"timestamp":"2026-11-28T12:00:00Z","stream":"stdout","message":"yo","deployment":"cccccccc-0000-4000-8000-000000000003","name":null}

            """)
    }

    @Test func linesOfTwoDeploymentsAreNeverTheSameLine() {
        #expect(line(1, "same").tagged(tags[0]) != line(1, "same").tagged(tags[1]))
        #expect(line(1, "same").tagged(tags[0]) == line(1, "same").tagged(tags[0]))
    }

    @Test func theBacklogGateWaitsForEveryBacklogThenPassesBatchesThrough() {
        let emitted = Mutex<[[String]]>([])
        let gate = BacklogGate(count: 3) { items in
            emitted.withLock { $0.append(items.compactMap { $0.entry?.message }) }
            return true
        }
        #expect(gate.receive([line(2, "b")], from: 1))
        #expect(gate.receive([line(3, "b live")], from: 1), "a live batch before the release joins the backlog")
        #expect(gate.receive([line(1, "a")], from: 0))
        #expect(emitted.withLock { $0.isEmpty }, "held until the third deployment is heard from")
        gate.ended(2)
        #expect(gate.receive([line(9, "a live")], from: 0))
        #expect(emitted.withLock { $0 } == [["a", "b", "b live"], ["a live"]])
    }

    @Test func theBacklogGateCanBeReleasedWithoutASlowDeployment() {
        let emitted = Mutex<[[String]]>([])
        let gate = BacklogGate(count: 2) { items in
            emitted.withLock { $0.append(items.compactMap { $0.entry?.message }) }
            return true
        }
        _ = gate.receive([line(1, "fast")], from: 0)
        gate.release()
        _ = gate.receive([line(0, "slow")], from: 1)
        #expect(emitted.withLock { $0 } == [["fast"], ["slow"]])
    }

    @Test func aDiagnosisOfSeveralNamesEachDeploymentAndItsLikeliestCause() {
        let lines = ["npm ERR! code E404", "npm ERR! 404 Not Found - GET https://registry.npmjs.org/nope - Not found"]
        let diagnosis = DiagnosisEngine.diagnosis(of: lines)
        let human = DiagnosisReport.human(diagnosis, lines: lines, of: tags[0])
        #expect(human.hasPrefix("alpha: npm_package_not_found: "))
        #expect(!human.contains("also:"), "one finding per deployment")
        let json = DiagnosisReport.json(diagnosis, lines: lines, of: tags[0])
        #expect(json.hasPrefix("{\"deployment\":\"aaaaaaaa-0000-4000-8000-000000000001\",\"name\":\"alpha\",\"category\":\"npm_package_not_found\""))
        #expect(DiagnosisReport.json(Diagnosis(findings: []), lines: [], of: tags[0]).isEmpty, "JSON says nothing of a healthy one")
        #expect(DiagnosisReport.human(Diagnosis(findings: []), lines: [], of: tags[1]) == "beta: No failure found in the logs.\n")
    }
}
