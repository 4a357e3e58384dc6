import Testing
@testable import LogDiagnosis

/// What the diagnosis reads of a line: platform prefixes removed, JSON lines opened.
@Suite struct DiagnosisMessageTests {
    @Test(arguments: [
        ("2023-04-22T13:49:03.056 health[e9e149ac] xxx [error] Health check on port 6161 has failed.",
         "Health check on port 6161 has failed."),
        ("2023-12-02T22:26:57Z app[5683d496c42468] sjc [info][    4.310534] reboot: Restarting system", "reboot: Restarting system"),
        ("#13 33.81 error jest@29.3.1: The engine \"node\" is incompatible", "error jest@29.3.1: The engine \"node\" is incompatible"),
        ("121.9   × Failed to download `lxml==5.3.0`", "× Failed to download `lxml==5.3.0`"),
        ("Step 5/6 : RUN yarn install", "RUN yarn install"),
        ("Jul  9 14:12:23 ip-10-0-0-204 node: TypeError: Cannot read property 'x' of undefined",
         "TypeError: Cannot read property 'x' of undefined"),
        ("Nov 30 04:12:23 web-1 catwalk[812]: Error: boom", "Error: boom"),
        ("Jul 9 is when the mcp server: failed", "Jul 9 is when the mcp server: failed"),
        ("node1_1  | SyntaxError: Unexpected token }", "SyntaxError: Unexpected token }"),
        ("##[error]Process completed with exit code 1.", "Process completed with exit code 1."),
        ("2024-07-26 07:04:19,065 - __main__ - INFO - Starting bot", "- __main__ - INFO - Starting bot"),
        ("[2021-09-03 12:36:46,914: ERROR/MainProcess] Process 'ForkPoolWorker-31' exited", "Process 'ForkPoolWorker-31' exited"),
        ("2025-09-02 17:45:27.183 [warning] [server stderr] Not enough non-option arguments",
         "Not enough non-option arguments"),
        ("INFO:     Uvicorn running on http://0.0.0.0:8001", "Uvicorn running on http://0.0.0.0:8001"),
        ("ERROR:    [Errno 10048] error while attempting to bind", "[Errno 10048] error while attempting to bind"),
        ("WARN[0000] /srv/docker-compose.yml: the attribute `version` is obsolete", "/srv/docker-compose.yml: the attribute `version` is obsolete"),
        ("remote: /tmp/buildpacks/dependencies.sh: line 1:   195 Killed", "/tmp/buildpacks/dependencies.sh: line 1:   195 Killed"),
        ("    at Module._compile (node:internal/modules/cjs/loader:1256:14)", "    at Module._compile (node:internal/modules/cjs/loader:1256:14)"),
        ("FATAL ERROR: Reached heap limit Allocation failed", "FATAL ERROR: Reached heap limit Allocation failed"),
        ("Error: listen EADDRINUSE: address already in use :::8080", "Error: listen EADDRINUSE: address already in use :::8080"),
    ])
    func platformPrefixesAreRemoved(line: String, message: String) {
        #expect(LogMessage(line).text == message[...])
    }

    @Test func aJSONLineGivesItsMessageAndError() {
        let error = LogMessage(#"{"level":"error","msg":"db down","err":{"type":"Error","message":"connect ECONNREFUSED 10.0.0.2:5432"}}"#)
        #expect(error.text == "db down Error: connect ECONNREFUSED 10.0.0.2:5432")
        #expect(!error.isRoutine)
        let info = LogMessage(#"{"level":"info","msg":"connected to the cache","error":null,"pid":7}"#)
        #expect(info.text == "connected to the cache")
        #expect(info.isRoutine)
        #expect(LogMessage(#"{"level":30,"msg":"ready"}"#).isRoutine)
        #expect(!LogMessage(#"{"level":50,"msg":"crashed"}"#).isRoutine)
        #expect(LogMessage(#"{"level":"info","message":"\u001b[36m[s]\u001b[0m Started \"a\""}"#).text == "\u{1B}[36m[s]\u{1B}[0m Started \"a\"")
    }

    @Test func aLineThatIsNotWholeJSONIsReadAsText() {
        let truncated = #"{"level":"error","msg":"connect ECONNREFUSED 10.0.0.2:54"#
        #expect(LogMessage(truncated).text == truncated[...])
        #expect(!LogMessage(truncated).isRoutine)
    }
}
