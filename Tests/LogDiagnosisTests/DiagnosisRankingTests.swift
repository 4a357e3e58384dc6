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

    /// A hint that needs a failure (an old Python on its own, a bare 137) counts when a decisive
    /// cause or a failed exit shows one, in whatever words (issue 27: features, not strings).
    @Test func aHintCountsWhenTheLogFailedInAnyWords() {
        #expect(first(["Python 3.9.25"]) == nil, "an old Python alone is no failure")
        #expect(first(["Python 3.9.25", "ERROR: No matching distribution found for jcodemunch-mcp"]) == "python_version_unsupported",
                "the Python explains the missing distribution")
        #expect(first(["pip 21.3.1 from /usr/lib/python3.9/site-packages/pip (python 3.9)",
                       "ERROR: No matching distribution found for vendoring"]) == "python_version_unsupported")
        #expect(first(["Python 3.12.1", "ERROR: No matching distribution found for x"]) == "pip_no_matching_distribution",
                "3.10 and later are no reason")
        #expect(first(["The command '/bin/sh -c pip3 install -r /tmp/requirements.txt' returned a non-zero code: 137"])
                == "out_of_memory")
    }

    /// The same cause in each tool's words.
    @Test(arguments: [
        ("2025-04-28 16:09:17.425 [warning] [server stderr] env: node: No such file or directory", "uvx_or_npx_command_not_found"),
        ("ERROR    npx not found. Please ensure Node.js and npm are properly installed", "uvx_or_npx_command_not_found"),
        ("err=`uvx` was not found. This MCP server needs uv (Python)", "uvx_or_npx_command_not_found"),
        ("error: GET https://registry.npmjs.org/@data-augmenter%2fa - 404", "npm_package_not_found"),
        ("│ └── ✕ missing peer @vue/compiler-sfc@\">= 3\"", "npm_dependency_conflict"),
        ("Error: Missing OPENAI_API_KEY or OPENAI_ACCESS_TOKEN environment variable", "missing_credential"),
        ("Error: 401 Missing authentication token. Provide an API key", "missing_credential"),
        ("Error: Failed to upload file: 401 (Unauthorized, {\"error\":\"unauthorized\"})", "invalid_credential"),
        ("TypeError: Server.run() got an unexpected keyword argument \"read_timeout_seconds\"", "dependency_api_mismatch"),
        ("ReferenceError: TransformStream is not defined", "node_version_unsupported"),
        ("nginx: [alert] could not open error log file: open() \"/var/log/nginx/error.log\" failed (13: Permission denied)", "permission_denied"),
        ("httpx.ConnectError: All connection attempts failed", "upstream_service_unreachable"),
        ("Couldn't connect to Ollama at http://127.0.0.1:11434", "upstream_service_unreachable"),
    ])
    func oneCauseInEachToolsWords(line: String, family: String) {
        #expect(first([line, "exited with code 1"]) == family, "\(line)")
    }
}
