import Testing
@testable import LogDiagnosis

/// A failure no family explains still points at the lines to read.
@Suite struct DiagnosisUnexplainedTests {
    static let crash = [
        "weather-mcp 1.2.0 starting",
        "loading the tool registry",
        "registry: invalid tool \"forecast\" (no handler)",
        "  /app/registry.go:88 +0x1f",
        "giving up: cannot build the tool list",
        "",
        "Main child exited normally with code: 1",
    ]

    @Test func aFailedLogWithNoKnownCauseGivesItsLikelyErrorLines() throws {
        let diagnosis = DiagnosisEngine.diagnosis(of: Self.crash)
        #expect(diagnosis.findings.isEmpty)
        let unexplained = try #require(diagnosis.unexplained)
        #expect(unexplained.category == nil)
        #expect(unexplained.summary == "no known cause")
        #expect(unexplained.evidence == [4, 2, 6])                 // nearest the end first; no frame; the bare exit last
        #expect(unexplained.failureLine == 6)
        #expect(diagnosis.firstEvidence == 4)
    }

    @Test func anExceptionOutranksItsFramesAndSourceLines() {
        let lines = ["Traceback (most recent call last):", "  File \"/app/server.py\", line 9, in main",
                     "    raise QuotaError(\"quota table is empty\")", "app.QuotaError: quota table is empty",
                     "    at Object.<anonymous> (/app/index.js:3:9)", "^^^^^^^^^^"]
        #expect(FailureEvidence.likelyErrorLines(in: lines, count: 3) == [3])
    }

    @Test func aBareExitIsEvidenceWhenNothingSaysMore() throws {
        let unexplained = try #require(DiagnosisEngine.diagnosis(of: ["starting", "exit code 1"], failed: true).unexplained)
        #expect(unexplained.evidence == [1])
        #expect(FailureEvidence.likelyErrorLines(in: ["exited with code 0", "process exited with code 0"], count: 3).isEmpty)
    }

    @Test func theMachinesExitIsAFactBesideTheLines() throws {
        let lines = ["starting weather-mcp", "loading the forecast model"]
        let killed = DiagnosisEngine.diagnosis(of: lines, exit: MachineExit(exitCode: 137, oomKilled: true))
        #expect(killed.findings.map(\.category) == ["out_of_memory"])
        #expect(killed.findings.first?.summary == "the machine was killed for running out of memory: exit code 137 (SIGKILL)")
        let withLine = DiagnosisEngine.diagnosis(of: lines + ["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"],
                                                 exit: MachineExit(exitCode: 137, oomKilled: true))
        #expect(withLine.findings.count == 1 && withLine.findings.first?.evidence == [2], "one finding, with the line as evidence")
        let crashed = try #require(DiagnosisEngine.diagnosis(of: lines, exit: MachineExit(exitCode: 3)).unexplained)
        #expect(crashed.hint.hasPrefix("the machine ended with exit code 3; no known failure shape matched"))
        #expect(DiagnosisEngine.diagnosis(of: lines, exit: MachineExit(exitCode: 0)).isEmpty, "a clean exit says nothing is wrong")
        let known = DiagnosisEngine.diagnosis(of: ["npm error 404  'ghost-mcp@*' is not in this registry."], exit: MachineExit(exitCode: 1))
        #expect(known.findings.first?.category == "npm_package_not_found" && known.unexplained == nil)
    }

    @Test func npmBoilerplateIsNotTheError() throws {
        let lines = ["npm ERR! cb() never called!", "", "npm ERR! This is an error with npm itself. Please report this error at:",
                     "npm ERR!     <https://npm.community>", "npm ERR! A complete log of this run can be found in:",
                     "npm ERR!     /root/.npm/_logs/2017-10-21T11_50_49_408Z-debug.log"]
        let unexplained = try #require(DiagnosisEngine.diagnosis(of: lines).unexplained)
        #expect(unexplained.evidence.contains(0))
        #expect(!unexplained.evidence.contains(4) && !unexplained.evidence.contains(5))
    }

    @Test func aHealthyLogIsUnexplainedOnlyWhenTheCallerSaysItFailed() {
        let healthy = ["INFO:     Started server process [1]", "INFO:     Uvicorn running on http://0.0.0.0:8000"]
        #expect(DiagnosisEngine.diagnosis(of: healthy).isEmpty)
        #expect(DiagnosisEngine.diagnosis(of: ["server exited with code 0"]).isEmpty)
        let failed = DiagnosisEngine.diagnosis(of: healthy, failed: true)
        #expect(failed.unexplained == UnexplainedFailure(evidence: [], failureLine: nil))
    }

    @Test func aKnownCauseLeavesNothingUnexplained() {
        let diagnosis = DiagnosisEngine.diagnosis(of: ["npm error code E404", "npm error 404  'ghost-mcp@*' is not in this registry.",
                                                       "exited with code 1"], failed: true)
        #expect(diagnosis.findings.first?.category == "npm_package_not_found")
        #expect(diagnosis.unexplained == nil)
    }

    @Test func theReportsSayNoKnownCause() throws {
        let diagnosis = DiagnosisEngine.diagnosis(of: Self.crash)
        let human = DiagnosisReport.human(diagnosis, lines: Self.crash)
        #expect(human.hasPrefix("no known cause (line 5)\n  hint: "))
        #expect(human.hasSuffix("  5: giving up: cannot build the tool list\n  3: registry: invalid tool \"forecast\" (no handler)\n  7: Main child exited normally with code: 1\n"))
        let json = DiagnosisReport.json(diagnosis, lines: Self.crash)
        #expect(json.hasPrefix(#"{"category":null,"summary":"no known cause","hint":""#))
        #expect(json.contains(#"{"line":5,"message":"giving up: cannot build the tool list"}"#))
        #expect(json.hasSuffix("]}\n") && json.split(separator: "\n").count == 1)
        #expect(DiagnosisReport.human(Diagnosis(findings: []), lines: []) == "No failure found in the logs.\n")
    }
}
