/// The failure families the diagnosis can name, in the order of ``DiagnosisRule/all``. A raw
/// value is the family's stable name: `--diagnose --json` prints it as `category`, scripts
/// match on it, and the corpus files live in a folder of that name.
public enum DiagnosisFamily: String, Sendable, CaseIterable {
    case npmVersionNotFound = "npm_version_not_found"
    case npmPackageNotFound = "npm_package_not_found"
    case npmDependencyConflict = "npm_dependency_conflict"
    case npmNetwork = "npm_network"
    case nodeVersionUnsupported = "node_version_unsupported"
    case nodeModuleNotFound = "node_module_not_found"
    case dependencyApiMismatch = "dependency_api_mismatch"
    case pythonVersionUnsupported = "python_version_unsupported"
    case pipNoMatchingDistribution = "pip_no_matching_distribution"
    case pipNetwork = "pip_network"
    case pythonModuleNotFound = "python_module_not_found"
    case tlsCertificateError = "tls_certificate_error"
    case diskFull = "disk_full"
    case outOfMemory = "out_of_memory"
    case permissionDenied = "permission_denied"
    case portInUse = "port_in_use"
    case uvxOrNpxCommandNotFound = "uvx_or_npx_command_not_found"
    case missingCredential = "missing_credential"
    case invalidCredential = "invalid_credential"
    case stdioProtocolCorruption = "stdio_protocol_corruption"
    case healthcheckFailed = "healthcheck_failed"
    case upstreamServiceUnreachable = "upstream_service_unreachable"
    case mcpProxyError = "mcp_proxy_error"
    case unhandledException = "unhandled_exception"
}
