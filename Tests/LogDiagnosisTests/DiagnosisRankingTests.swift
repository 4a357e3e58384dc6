import Testing
import LogDiagnosis

/// How findings rank and what does not count as a failure.
@Suite struct DiagnosisRankingTests {
    private func first(_ lines: [String]) -> String? {
        DiagnosisEngine.diagnose(lines).first?.category
    }

    @Test func structuredLinesAtInfoLevelAreNotFailures() {
        #expect(first([#"{"level":"info","msg":"Redis connection to cache:6379 failed, retrying","error":null}"#]) == nil)
        #expect(first([#"{"level":"info","msg":"database ready","error":null}"#, #"{"level":"info","msg":"listening"}"#]) == nil)
        #expect(first([#"{"level":"error","msg":"connect ECONNREFUSED 10.0.0.2:5432"}"#]) == "upstream_service_unreachable")
        // A decisive cause still counts when the app logs it at info level.
        #expect(first([#"{"level":"info","message":"Failed to start MCP server: spawn npx ENOENT"}"#])
                == "uvx_or_npx_command_not_found")
    }

    @Test func aSpecificCauseOutranksTheGenericOneWhateverTheOrder() {
        #expect(first(["ERROR: No matching distribution found for mcp-server-x",
                       "ERROR: Ignored the following versions that require a different python version: 1.0 Requires-Python >=3.11"])
                == "python_version_unsupported")
        #expect(first(["  ├─▶ error sending request for url (https://pypi.org/simple/x/)", "  ├─▶ operation timed out",
                       "  ╰─▶ invalid peer certificate: UnknownIssuer"]) == "tls_certificate_error")
        #expect(first(["(node:29) UnhandledPromiseRejectionWarning: oops",
                       "(node:29) UnhandledPromiseRejectionWarning: Error: connect ECONNREFUSED 172.25.0.2:5432"])
                == "upstream_service_unreachable")
    }

    @Test func aFullDiskOutranksNpmsCallbackSymptom() {
        #expect(first(["npm WARN tar ENOSPC: no space left on device, write", "npm ERR! cb() never called!"]) == "disk_full")
    }

    @Test func aQuestionAboutListeningIsNotASuccess() {
        #expect(first(["instance refused connection. is your app listening on 0.0.0.0:8080? make sure it is not only listening on 127.0.0.1"])
                == "healthcheck_failed")
    }

    @Test func aGenericLineAloneNeedsAFailureSomewhere() {
        #expect(first(["info There appears to be trouble with your network connection. Retrying..."]) == nil)
        #expect(first(["info There appears to be trouble with your network connection. Retrying...",
                       "error An unexpected error occurred: \"https://registry.yarnpkg.com/x: ESOCKETTIMEDOUT\"."]) == "npm_network")
    }
}
