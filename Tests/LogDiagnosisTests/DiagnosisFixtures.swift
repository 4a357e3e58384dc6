import LogDiagnosis

/// A labelled log: the family the diagnosis must name first, or `nil` for a healthy log.
struct DiagnosisFixture: Sendable, CustomTestStringConvertible {
    let id: String
    let category: String?
    let lines: [String]

    init(_ id: String, _ category: String?, _ lines: [String]) {
        self.id = id
        self.category = category
        self.lines = lines
    }

    var testDescription: String { id }
}

import Testing

/// Two or more differently shaped outputs per family, written after the tools' real messages.
let familyFixtures: [DiagnosisFixture] = [
    // npm_package_not_found
    DiagnosisFixture("npm-404-modern", "npm_package_not_found", [
        "npm error code E404",
        "npm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fweather-mcp - Not found",
        "npm error 404",
        "npm error 404  '@acme/weather-mcp@*' is not in this registry.",
    ]),
    DiagnosisFixture("npm-404-legacy-then-proxy-crash", "npm_package_not_found", [
        "Starting npm package: nonexistent-package",
        "npm ERR! code E404",
        "npm ERR! 404 Not Found - GET https://registry.npmjs.org/nonexistent-package - Not found",
        "npm ERR! 404  'nonexistent-package@latest' is not in the npm registry.",
        "mcp-proxy: child process exited with code 1",
        "Error: Connection closed",
        "    at Client._onclose (file:///app/node_modules/@modelcontextprotocol/sdk/dist/esm/shared/protocol.js:93:23)",
    ]),
    DiagnosisFixture("pnpm-404", "npm_package_not_found", [
        " ERR_PNPM_FETCH_404  GET https://registry.npmjs.org/mcp-server-nope: Not Found - 404",
        "This error happened while installing a direct dependency of /tmp/dlx-123",
    ]),
    // npm_version_not_found
    DiagnosisFixture("npm-etarget", "npm_version_not_found", [
        "npm ERR! code ETARGET",
        "npm ERR! notarget No matching version found for @modelcontextprotocol/server-filesystem@9.9.9.",
        "npm ERR! notarget In most cases you or one of your dependencies are requesting",
        "npm ERR! notarget a package version that doesn't exist.",
    ]),
    DiagnosisFixture("pnpm-no-matching-version", "npm_version_not_found", [
        " ERR_PNPM_NO_MATCHING_VERSION  No matching version found for zod@5.0.0",
        "The latest release of zod is \"3.23.8\".",
    ]),
    // npm_dependency_conflict
    DiagnosisFixture("npm-eresolve", "npm_dependency_conflict", [
        "npm ERR! code ERESOLVE",
        "npm ERR! ERESOLVE unable to resolve dependency tree",
        "npm ERR! Found: react@18.2.0",
        "npm ERR! Could not resolve dependency:",
        "npm ERR! peer react@\"^17.0.0\" from react-tooltip@4.2.21",
    ]),
    DiagnosisFixture("npm-eresolve-modern", "npm_dependency_conflict", [
        "npm error code ERESOLVE",
        "npm error ERESOLVE could not resolve",
        "npm error While resolving: @langchain/community@0.3.1",
        "npm error Conflicting peer dependency: @langchain/core@0.3.0",
    ]),
    // npm_network
    DiagnosisFixture("npm-etimedout", "npm_network", [
        "npm ERR! code ETIMEDOUT",
        "npm ERR! errno ETIMEDOUT",
        "npm ERR! network request to https://registry.npmjs.org/express failed, reason: connect ETIMEDOUT 104.16.3.35:443",
        "npm ERR! network This is a problem related to network connectivity.",
    ]),
    DiagnosisFixture("npm-eai-again", "npm_network", [
        "npm error code EAI_AGAIN",
        "npm error syscall getaddrinfo",
        "npm error errno EAI_AGAIN",
        "npm error request to https://registry.npmjs.org/@modelcontextprotocol%2fsdk failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org",
    ]),
    // node_module_not_found
    DiagnosisFixture("node-cjs-cannot-find-module", "node_module_not_found", [
        "node:internal/modules/cjs/loader:1228",
        "  throw err;",
        "  ^",
        "Error: Cannot find module 'dotenv'",
        "Require stack:",
        "- /app/dist/index.js",
        "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)",
        "  code: 'MODULE_NOT_FOUND',",
    ]),
    DiagnosisFixture("node-esm-cannot-find-package", "node_module_not_found", [
        "node:internal/errors:496",
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /app/build/index.js",
        "    at new NodeError (node:internal/errors:405:5)",
    ]),
    // node_version_unsupported
    DiagnosisFixture("node-nullish-coalescing", "node_version_unsupported", [
        "/app/node_modules/@modelcontextprotocol/sdk/dist/cjs/server/index.js:47",
        "        this._capabilities = options?.capabilities ?? {};",
        "                                                   ^",
        "SyntaxError: Unexpected token '?'",
        "    at wrapSafe (internal/modules/cjs/loader.js:915:16)",
    ]),
    DiagnosisFixture("node-fetch-not-defined", "node_version_unsupported", [
        "file:///app/dist/index.js:12",
        "const response = await fetch(url);",
        "ReferenceError: fetch is not defined",
        "    at main (file:///app/dist/index.js:12:24)",
    ]),
    DiagnosisFixture("node-ebadengine-then-crash", "node_version_unsupported", [
        "npm WARN EBADENGINE Unsupported engine {",
        "npm WARN EBADENGINE   package: 'undici@6.19.8',",
        "npm WARN EBADENGINE   required: { node: '>=18.17' },",
        "npm WARN EBADENGINE   current: { node: 'v16.20.2', npm: '8.19.4' }",
        "npm WARN EBADENGINE }",
        "TypeError: Cannot read properties of undefined (reading 'prototype')",
        "Error: process exited with code 1",
    ]),
    // port_in_use
    DiagnosisFixture("node-eaddrinuse", "port_in_use", [
        "node:events:497",
        "      throw er; // Unhandled 'error' event",
        "Error: listen EADDRINUSE: address already in use 0.0.0.0:8080",
        "    at Server.setupListenHandle [as _listen2] (node:net:1897:16)",
    ]),
    DiagnosisFixture("uvicorn-errno-98", "port_in_use", [
        "INFO:     Started server process [1]",
        "INFO:     Waiting for application startup.",
        "INFO:     Application startup complete.",
        "ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 8080): address already in use",
        "INFO:     Waiting for application shutdown.",
    ]),
    // missing_credential
    DiagnosisFixture("env-var-not-set", "missing_credential", [
        "Starting GitHub MCP server...",
        "Error: GITHUB_PERSONAL_ACCESS_TOKEN environment variable is required",
        "    at Object.<anonymous> (/app/dist/index.js:14:11)",
    ]),
    DiagnosisFixture("python-keyerror-env", "missing_credential", [
        "Traceback (most recent call last):",
        "  File \"/app/server.py\", line 8, in <module>",
        "    API_KEY = os.environ[\"BRAVE_API_KEY\"]",
        "  File \"/usr/local/lib/python3.12/os.py\", line 714, in __getitem__",
        "    raise KeyError(key) from None",
        "KeyError: 'BRAVE_API_KEY'",
    ]),
    DiagnosisFixture("missing-database-url-then-refused", "missing_credential", [
        "Warning: DATABASE_URL is not set, falling back to localhost",
        "Error: connect ECONNREFUSED 127.0.0.1:5432",
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
    ]),
    DiagnosisFixture("openai-sdk-key-unset", "missing_credential", [
        "openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable",
    ]),
    // invalid_credential
    DiagnosisFixture("openai-incorrect-key", "invalid_credential", [
        "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-abc***. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}",
    ]),
    DiagnosisFixture("github-bad-credentials", "invalid_credential", [
        "GitHub API error: 401 Unauthorized",
        "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}",
    ]),
    // python_module_not_found
    DiagnosisFixture("python-modulenotfound", "python_module_not_found", [
        "Traceback (most recent call last):",
        "  File \"/app/main.py\", line 3, in <module>",
        "    from mcp.server.fastmcp import FastMCP",
        "ModuleNotFoundError: No module named 'mcp'",
    ]),
    DiagnosisFixture("python-modulenotfound-dotted", "python_module_not_found", [
        "  File \"/root/.cache/uv/archive-v0/abc/lib/python3.11/site-packages/server/__init__.py\", line 2, in <module>",
        "ModuleNotFoundError: No module named 'google.generativeai'",
    ]),
    // pip_no_matching_distribution
    DiagnosisFixture("pip-no-matching", "pip_no_matching_distribution", [
        "Collecting mcp-server-nothing==1.0",
        "ERROR: Could not find a version that satisfies the requirement mcp-server-nothing==1.0 (from versions: none)",
        "ERROR: No matching distribution found for mcp-server-nothing==1.0",
    ]),
    DiagnosisFixture("uvx-not-in-registry", "pip_no_matching_distribution", [
        "  × No solution found when resolving tool dependencies:",
        "  ╰─▶ Because mcp-server-typo was not found in the package registry and you require mcp-server-typo, we can conclude that your requirements are unsatisfiable.",
    ]),
    // python_version_unsupported
    DiagnosisFixture("pip-requires-different-python", "python_version_unsupported", [
        "ERROR: Package 'mcp' requires a different Python: 3.9.18 not in '>=3.10'",
    ]),
    DiagnosisFixture("uv-python-does-not-satisfy", "python_version_unsupported", [
        "  × No solution found when resolving tool dependencies:",
        "  ╰─▶ Because the current Python version (3.9.6) does not satisfy Python>=3.10 and mcp-server-fetch==2025.1.14 depends on Python>=3.10, we can conclude that mcp-server-fetch==2025.1.14 cannot be used.",
    ]),
    // pip_network
    DiagnosisFixture("pip-retrying-newconnection", "pip_network", [
        "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/mcp/",
        "ERROR: Could not find a version that satisfies the requirement mcp (from versions: none)",
    ]),
    DiagnosisFixture("pip-read-timeout", "pip_network", [
        "pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.",
    ]),
    // uvx_or_npx_command_not_found
    DiagnosisFixture("spawn-uvx-enoent", "uvx_or_npx_command_not_found", [
        "Error: spawn uvx ENOENT",
        "    at ChildProcess._handle.onexit (node:internal/child_process:286:19)",
        "  errno: -2,",
        "  code: 'ENOENT',",
    ]),
    DiagnosisFixture("env-node-missing", "uvx_or_npx_command_not_found", [
        "/usr/bin/env: ‘node’: No such file or directory",
    ]),
    DiagnosisFixture("uvx-failed-to-spawn", "uvx_or_npx_command_not_found", [
        "Installed 42 packages in 310ms",
        "error: Failed to spawn: `mcp-server-git`",
        "  Caused by: No such file or directory (os error 2)",
    ]),
    DiagnosisFixture("sh-npx-not-found", "uvx_or_npx_command_not_found", [
        "/bin/sh: 1: npx: not found",
        "mcp-proxy: child process exited with code 127",
    ]),
    // permission_denied
    DiagnosisFixture("npm-eacces", "permission_denied", [
        "npm ERR! code EACCES",
        "npm ERR! syscall mkdir",
        "npm ERR! Error: EACCES: permission denied, mkdir '/root/.npm/_cacache'",
    ]),
    DiagnosisFixture("python-permissionerror", "permission_denied", [
        "PermissionError: [Errno 13] Permission denied: '/data/cache.db'",
    ]),
    // out_of_memory
    DiagnosisFixture("node-heap-oom", "out_of_memory", [
        "<--- Last few GCs --->",
        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
        " 1: 0xb7a940 node::Abort() [node]",
    ]),
    DiagnosisFixture("kernel-oom-killer", "out_of_memory", [
        "[  112.874512] Out of memory: Killed process 513 (node) total-vm:1405268kB, anon-rss:230716kB",
        "Main child exited with signal (with signal 'SIGKILL', core dumped? false)",
    ]),
    DiagnosisFixture("container-killed", "out_of_memory", [
        "Building embeddings index...",
        "Killed",
    ]),
    // tls_certificate_error
    DiagnosisFixture("npm-self-signed", "tls_certificate_error", [
        "npm ERR! code SELF_SIGNED_CERT_IN_CHAIN",
        "npm ERR! errno SELF_SIGNED_CERT_IN_CHAIN",
        "npm ERR! request to https://registry.npmjs.org/express failed, reason: self-signed certificate in certificate chain",
    ]),
    DiagnosisFixture("pip-ssl-behind-proxy", "tls_certificate_error", [
        "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:1129)'))': /simple/mcp/",
        "Could not fetch URL https://pypi.org/simple/mcp/: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: /simple/mcp/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')))",
    ]),
    DiagnosisFixture("python-ssl-verify", "tls_certificate_error", [
        "httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)",
    ]),
    // unhandled_exception
    DiagnosisFixture("python-valueerror", "unhandled_exception", [
        "Traceback (most recent call last):",
        "  File \"/app/server.py\", line 40, in <module>",
        "    main()",
        "ValueError: invalid literal for int() with base 10: 'abc'",
    ]),
    DiagnosisFixture("node-typeerror-read-properties", "unhandled_exception", [
        "file:///app/dist/tools.js:88",
        "TypeError: Cannot read properties of undefined (reading 'map')",
        "    at listTools (file:///app/dist/tools.js:88:31)",
    ]),
    // healthcheck_failed
    DiagnosisFixture("fly-refused-connection", "healthcheck_failed", [
        "2026-11-28T12:00:01Z app[e784e] iad [info] Server listening on 127.0.0.1:8080",
        "2026-11-28T12:00:03Z proxy[e784e] iad [error] instance refused connection. is your app listening on 0.0.0.0:8080? make sure it is not only listening on 127.0.0.1 (hint: look at your startup logs, servers often print the address they are listening on)",
    ]),
    DiagnosisFixture("fly-named-health-check", "healthcheck_failed", [
        "2026-11-28T12:00:12Z health[e784e] iad [warn] Health check 'servicecheck-00-http-8080' on port 8080 has failed",
    ]),
    DiagnosisFixture("fly-health-check-failing", "healthcheck_failed", [
        "2026-11-28T12:00:10Z health[e784e] iad [error] Health check on port 8080 has failed. Your app is not responding properly.",
    ]),
    // disk_full
    DiagnosisFixture("npm-enospc", "disk_full", [
        "npm ERR! code ENOSPC",
        "npm ERR! syscall write",
        "npm ERR! errno -28",
        "npm ERR! nospc ENOSPC: no space left on device, write",
    ]),
    DiagnosisFixture("python-no-space", "disk_full", [
        "OSError: [Errno 28] No space left on device: '/tmp/pip-unpack-x1y2'",
    ]),
    // mcp_proxy_error
    DiagnosisFixture("mcp-proxy-child-exit", "mcp_proxy_error", [
        "mcp-proxy listening on [::]:8080",
        "mcp-proxy: child process exited with code 1",
    ]),
    DiagnosisFixture("mcp-proxy-python-error", "mcp_proxy_error", [
        "INFO:mcp_proxy.sse_server:Serving on http://0.0.0.0:8080",
        "ERROR:mcp_proxy.proxy_server:Error connecting to the stdio server: Connection closed",
    ]),
    // stdio_protocol_corruption
    DiagnosisFixture("stdio-unexpected-token-json", "stdio_protocol_corruption", [
        "[info] Message from server: ...",
        "SyntaxError: Unexpected token 'S', \"Starting s\"... is not valid JSON",
    ]),
    DiagnosisFixture("python-client-jsonrpc-validation", "stdio_protocol_corruption", [
        "pydantic_core._pydantic_core.ValidationError: 1 validation error for JSONRPCMessage",
        "  Invalid JSON: expected value at line 1 column 1 [type=json_invalid, input_value='Loading model...', input_type=str]",
    ]),
    DiagnosisFixture("stdio-json-position", "stdio_protocol_corruption", [
        "Error: Unexpected token D in JSON at position 0",
    ]),
    // dependency_api_mismatch
    DiagnosisFixture("node-not-a-function-after-upgrade", "dependency_api_mismatch", [
        "TypeError: server.setRequestHandler is not a function",
        "    at main (file:///app/dist/index.js:30:10)",
    ]),
    DiagnosisFixture("python-has-no-attribute", "dependency_api_mismatch", [
        "AttributeError: module 'httpx' has no attribute 'AsyncHTTPTransport'",
    ]),
    DiagnosisFixture("esm-export-missing", "dependency_api_mismatch", [
        "SyntaxError: The requested module '@modelcontextprotocol/sdk/types.js' does not provide an export named 'ToolSchema'",
    ]),
    // upstream_service_unreachable
    DiagnosisFixture("postgres-refused", "upstream_service_unreachable", [
        "Error: connect ECONNREFUSED 10.0.0.5:5432",
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
    ]),
    DiagnosisFixture("psycopg-connection-failed", "upstream_service_unreachable", [
        "psycopg2.OperationalError: connection to server at \"db.internal\" (10.0.0.5), port 5432 failed: Connection refused",
    ]),
]

/// Healthy starts full of alarming-looking noise: no finding may come out of these.
let noiseFixtures: [DiagnosisFixture] = [
    DiagnosisFixture("npm-warn-deprecated", nil, [
        "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.",
        "npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported",
        "added 120 packages in 6s",
        "MCP server running on stdio",
    ]),
    DiagnosisFixture("json-with-error-words", nil, [
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"get_error\",\"description\":\"Returns the last Error: ECONNREFUSED seen\"}]}}",
        "Server started and connected successfully",
    ]),
    DiagnosisFixture("probe-404s-and-fly-chatter", nil, [
        "2026-11-28T12:00:00Z runner[e784e] iad [info] Pulling container image registry.fly.io/catwalk-live-mcp-servers:deployment-01",
        "2026-11-28T12:00:01Z app[e784e] iad [info] INFO Starting init (commit: 1e2a3b4)...",
        "2026-11-28T12:00:02Z app[e784e] iad [info] mcp-proxy listening on [::]:8080",
        "INFO:     127.0.0.1:51234 - \"GET /favicon.ico HTTP/1.1\" 404 Not Found",
        "INFO:     127.0.0.1:51235 - \"GET /robots.txt HTTP/1.1\" 404 Not Found",
        "2026-11-28T12:30:00Z app[e784e] iad [info] INFO Sending signal SIGINT to main child process w/ PID 313",
        "2026-11-28T12:30:01Z app[e784e] iad [info] INFO Main child exited normally with code: 0",
    ]),
    DiagnosisFixture("retry-that-succeeded", nil, [
        "npm ERR! code ECONNRESET",
        "npm ERR! network request to https://registry.npmjs.org/zod failed, reason: socket hang up",
        "retrying install (attempt 2 of 3)",
        "added 87 packages, and audited 88 packages in 9s",
        "Server listening on 0.0.0.0:8080",
    ]),
    DiagnosisFixture("python-deprecation-warnings", nil, [
        "/app/.venv/lib/python3.12/site-packages/pydantic/_internal/_config.py:295: PydanticDeprecatedSince20: Support for class-based `config` is deprecated",
        "  warnings.warn(DEPRECATION_MESSAGE, DeprecationWarning)",
        "INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)",
    ]),
    DiagnosisFixture("ebadengine-but-fine", nil, [
        "npm WARN EBADENGINE Unsupported engine {",
        "npm WARN EBADENGINE   package: 'undici@6.19.8',",
        "npm WARN EBADENGINE   required: { node: '>=18.17' },",
        "npm WARN EBADENGINE   current: { node: 'v18.16.0', npm: '9.5.1' }",
        "npm WARN EBADENGINE }",
        "added 93 packages in 4s",
        "Weather MCP Server running on stdio",
    ]),
    DiagnosisFixture("ticktick-success", nil, [
        "Starting npm package: @alexarevalo.ai/mcp-server-ticktick",
        "Installing packages...",
        "npm warn deprecated node-domexception@1.0.0: Use your platform's native DOMException instead",
        "added 93 packages, and audited 94 packages in 4s",
        "found 0 vulnerabilities",
        "TickTick MCP Server running on stdio",
        "mcp-proxy listening on [::]:8080",
    ]),
]
