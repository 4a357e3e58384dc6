import Testing
@testable import LogDiagnosis

@Suite struct DiagnosisTests {
    @Test(arguments: familyFixtures + sampleFixtures.filter { $0.category != nil })
    func namesTheRootCauseFirst(fixture: DiagnosisFixture) {
        let findings = DiagnosisEngine.diagnose(fixture.lines)
        #expect(findings.first?.category == fixture.category,
                "got \(findings.map(\.category)) — \(findings.first?.summary ?? "")")
        if let first = findings.first {
            #expect(!first.evidence.isEmpty && first.evidence.allSatisfy(fixture.lines.indices.contains))
        }
    }

    @Test(arguments: noiseFixtures + sampleFixtures.filter { $0.category == nil })
    func noiseIsNotAFailure(fixture: DiagnosisFixture) {
        let findings = DiagnosisEngine.diagnose(fixture.lines)
        #expect(findings.isEmpty, "false alarm: \(findings.map { "\($0.category): \($0.summary)" })")
    }

    /// The names scripts match on (`category` in `--diagnose --json`): renaming one breaks them.
    @Test func everyFamilyOfTheInterfaceHasARuleAndTwoFixtures() {
        let families = ["npm_package_not_found", "npm_version_not_found", "npm_dependency_conflict", "npm_network",
                        "node_module_not_found", "node_version_unsupported", "port_in_use", "missing_credential",
                        "invalid_credential", "python_module_not_found", "pip_no_matching_distribution",
                        "python_version_unsupported", "pip_network", "uvx_or_npx_command_not_found", "permission_denied",
                        "out_of_memory", "tls_certificate_error", "unhandled_exception", "healthcheck_failed", "disk_full",
                        "mcp_proxy_error", "stdio_protocol_corruption", "dependency_api_mismatch",
                        "upstream_service_unreachable"]
        #expect(Set(DiagnosisFamily.allCases.map(\.rawValue)) == Set(families))
        #expect(Set(DiagnosisRule.all.map(\.family)) == Set(DiagnosisFamily.allCases), "a family without a rule")
        for family in families {
            #expect(familyFixtures.filter { $0.category == family }.count >= 2, "\(family) needs two fixtures")
        }
    }

    // MARK: - Specifics and ordering

    @Test func namedGroupsAreReadFromThePatternAndLookbehindsAreNot() {
        #expect(LazyRegex.groupNames(in: #"found for (?<package>@?[^@\s]+)@(?<version_2>\S+)"#) == ["package", "version_2"])
        #expect(LazyRegex.groupNames(in: #"(?<!npm )ERR(?<=R)(?<code>E\d+)"#) == ["code"])
        #expect(LazyRegex.groupNames(in: "no groups (here)").isEmpty)
        // The same names as a regex over the pattern finds, for every rule's every pattern.
        let patterns = DiagnosisRule.all.flatMap { $0.signatures.map(\.pattern) }
        #expect(patterns.count > 100)
        for pattern in patterns {
            let byRegex = pattern.matches(of: /\(\?<(\w+)>/).map { String($0.output.1) }
            #expect(LazyRegex.groupNames(in: pattern) == byRegex, "\(pattern)")
        }
    }

    @Test func fillsInTheSpecifics() {
        let npm = DiagnosisEngine.diagnose(familyFixtures.first { $0.id == "npm-404-modern" }!.lines).first
        #expect(npm?.summary == "npm package '@acme/weather-mcp' does not exist on the registry")
        #expect(npm?.evidence.first == 0)
        let credential = DiagnosisEngine.diagnose(familyFixtures.first { $0.id == "env-var-not-set" }!.lines).first
        #expect(credential?.summary == "the required setting GITHUB_PERSONAL_ACCESS_TOKEN is not set")
        let port = DiagnosisEngine.diagnose(familyFixtures.first { $0.id == "node-eaddrinuse" }!.lines).first
        #expect(port?.summary == "port 8080 is already in use")
        let version = DiagnosisEngine.diagnose(familyFixtures.first { $0.id == "node-ebadengine-then-crash" }!.lines).first
        #expect(version?.summary == "the installed Node.js v16.20.2 is too old for this server (it needs >=18.17)")
        let pydantic = DiagnosisEngine.diagnose(sampleFixtures.first { $0.id == "f-cred-pydantic-settings-api-id" }!.lines).first
        #expect(pydantic?.summary == "the required setting API_ID is not set")
    }

    @Test func aCauseOutranksTheCrashItCauses() {
        let findings = DiagnosisEngine.diagnose(familyFixtures.first { $0.id == "npm-404-legacy-then-proxy-crash" }!.lines)
        #expect(findings.map(\.category).prefix(1) == ["npm_package_not_found"])
        #expect(findings.map(\.category).contains("mcp_proxy_error"))
        #expect(findings.map(\.category).contains("unhandled_exception"))
    }

    @Test func aMissingCredentialOutranksTheRefusedConnectionItCauses() {
        let findings = DiagnosisEngine.diagnose(familyFixtures.first { $0.id == "missing-database-url-then-refused" }!.lines)
        #expect(findings.map(\.category).prefix(2) == ["missing_credential", "upstream_service_unreachable"])
    }

    @Test func theEarliestDecisiveEvidenceWinsBetweenCauses() {
        let findings = DiagnosisEngine.diagnose([
            "ModuleNotFoundError: No module named 'requests'",
            "Error: listen EADDRINUSE: address already in use :::8080",
        ])
        #expect(findings.map(\.category).prefix(2) == ["python_module_not_found", "port_in_use"])
    }

    @Test func aRetryThatSucceededIsNotAFailureButALaterFailureIs() {
        let recovered = ["npm ERR! code ETIMEDOUT", "added 10 packages in 2s"]
        #expect(DiagnosisEngine.diagnose(recovered).isEmpty)
        let failedAgain = ["added 10 packages in 2s", "npm ERR! code ETIMEDOUT"]
        #expect(DiagnosisEngine.diagnose(failedAgain).first?.category == "npm_network")
    }

    @Test func anEmptyLogHasNoFinding() {
        #expect(DiagnosisEngine.diagnose([]).isEmpty)
    }

    @Test func aNewShapeIsARowNotAnEngineChange() {
        let rule = DiagnosisRule(.outOfMemory, .cause, summary: "no GPU memory left on {device|?}", hint: "use a bigger GPU", [
            Signature(["cuda"], #"CUDA out of memory on (?<device>\w+)"#),
        ])
        let findings = DiagnosisEngine.diagnose(["RuntimeError: CUDA out of memory on cuda0"], rules: [rule])
        #expect(findings == [Finding(family: .outOfMemory, summary: "no GPU memory left on cuda0", hint: "use a bigger GPU",
                                     evidence: [0])])
    }

    /// A pattern that does not compile would never match and say nothing (the engine cannot
    /// stop a diagnosis for it): this is where it is caught.
    @Test func everyPatternCompiles() {
        for rule in DiagnosisRule.all {
            for signature in rule.signatures {
                #expect(throws: Never.self, "\(rule.family.rawValue): \(signature.pattern)") {
                    _ = try Regex(signature.pattern)
                }
                #expect(!signature.keywords.isEmpty && signature.keywords.allSatisfy { $0 == $0.lowercased() },
                        "\(rule.family.rawValue): keywords must be lower-case literals: \(signature.keywords)")
            }
        }
    }
}
