// The table of failure families: signatures taken from the tools' real output.
// Order matters only as a tie-break: on the same line, an earlier rule wins. Lines reach the
// patterns without their platform prefixes (timestamps, level tags, build step counters).

extension DiagnosisRule {
    /// Every family, most specific first.
    /// (TLS comes first: its errors also read as network errors on the same line; a changed
    /// dependency API comes before Python's rules: a module a new major version removed is not
    /// a missing install.)
    public static let all: [DiagnosisRule] = systemRules + npmRules + nodeRules + apiRules + pythonRules + runtimeRules

    // MARK: - npm, pnpm, yarn

    static let npmRules: [DiagnosisRule] = [
        DiagnosisRule(.npmVersionNotFound, .cause,
                      summary: "npm has no version {version|matching the request} of package '{package|?}'",
                      hint: "check the version in the package spec (npm view <package> versions lists them)", [
            Signature(["no matching version found for"], #"No matching version found for (?<package>@?[^@\s]+)@(?<version>\S+?)\.?$"#),
            Signature(["etarget"], #"(?:ERR!|error) code ETARGET"#),
            Signature(["err_pnpm_no_matching_version"], #"ERR_PNPM_NO_MATCHING_VERSION\s+No matching version found for (?<package>@?[^@\s]+)@(?<version>\S+)"#),
            Signature(["couldn't find any versions for"], #"Couldn't find any versions for "(?<package>[^"]+)" that matches "(?<version>[^"]+)""#),
        ]),
        DiagnosisRule(.npmPackageNotFound, .cause,
                      summary: "npm package '{package|?}' does not exist on the registry",
                      hint: "check the package name and its @scope; a private package needs a registry token", [
            Signature(["is not in"], #"(?:404\s+|^)'(?<package>@?[^'@]+)(?:@[^']*)?' is not in (?:the npm|this) registry"#),
            Signature(["404 not found - get"], #"404 Not Found - GET https?://\S+?/(?<package>(?:@[^/\s%]+(?:%2[fF]|/))?[^/\s%@]+)(?:/-/\S+)? - Not found"#),
            Signature(["e404"], #"(?:ERR!|error) code E404"#),
            Signature(["err_pnpm_fetch_404"], #"ERR_PNPM_FETCH_404.*?/(?<package>(?:@[^/\s%]+(?:%2[fF]|/))?[^/\s%:]+): Not Found"#),
            Signature(["err_pnpm_fetch_404"], #"ERR_PNPM_FETCH_404"#),
            Signature(["is not in the npm registry, or you have no permission"],
                      #"(?<package>@?[\w.-]+(?:/[\w.-]+)?) is not in the npm registry, or you have no permission to fetch it"#),
            // yarn: the registry URL, then "Not found" or a failed tarball request.
            Signature([": not found", ": request failed"], #"https?://\S+?/(?<package>(?:@[^/\s%]+(?:%2[fF]|/))?[^/\s%:"]+)(?:/-/\S+?)?: (?:Not found|Request failed \\?"404 Not Found)"#),
            // bun and other clients: the registry's GET answered 404.
            Signature(["- 404"], #"GET https?://registry\.(?:npmjs\.org|yarnpkg\.com)/(?<package>(?:@[^/\s%]+(?:%2[fF]|/))?[^/\s%@]+) - 404\b"#),
            // The Catwalk backend's own package check (its deployment's error_message).
            Signature(["not found in npm or pypi"], #"Package '(?<package>[^']+)' not found in npm or PyPI registries"#),
        ]),
        DiagnosisRule(.npmDependencyConflict, .cause,
                      summary: "npm could not resolve the dependency tree (ERESOLVE){package| around '{package}'}",
                      hint: "pin compatible versions, or install with --legacy-peer-deps", [
            Signature(["eresolve"], #"ERESOLVE"#),
            Signature(["could not resolve dependency"], #"Could not resolve dependency:"#),
            Signature(["err_pnpm_peer_dep_issues"], #"ERR_PNPM_PEER_DEP_ISSUES"#),
            // pnpm's tree of unmet peers (strict-peer-dependencies fails the install on them).
            Signature(["missing peer"], #"✕ missing peer (?<package>@?[^@\s]+)@"#),
            Signature(["conflicting peer dependency"], #"Conflicting peer dependency: (?<package>@?[^@\s]+)"#),
        ]),
        DiagnosisRule(.npmNetwork, .cause,
                      summary: "npm could not reach the package registry ({reason|network error})",
                      hint: "check the network, proxy settings (npm config get proxy) and the registry URL", transient: true, [
            Signature(["code enotfound", "code etimedout", "code econnreset", "code econnrefused", "code eai_again", "code enetunreach",
                       "code esockettimedout"],
                      #"npm (?:ERR!|error) code (?<reason>ENOTFOUND|E?SOCKETTIMEDOUT|ETIMEDOUT|ECONNRESET|ECONNREFUSED|EAI_AGAIN|ENETUNREACH)"#),
            // Any tool (pnpm, yarn berry, a self-installer): a socket error naming the registry's host.
            Signature(["registry.npmjs", "registry.yarnpkg", "npmmirror"],
                      #"\b(?<reason>ENOTFOUND|EAI_AGAIN|E?SOCKETTIMEDOUT|ETIMEDOUT|ECONNRESET|ECONNREFUSED)\b.*?\bregistry\.(?:npmjs\.(?:org|com)|yarnpkg\.com|npmmirror\.com)"#),
            // yarn: a registry URL with the socket error after it.
            Signature(["etimedout", "sockettimedout", "econnreset", "enotfound", "eai_again", "econnrefused"],
                      #"https?://\S*(?:npmjs|yarnpkg|npmmirror)\S*: (?<reason>E?SOCKETTIMEDOUT|ETIMEDOUT|ECONNRESET|ENOTFOUND|EAI_AGAIN|ECONNREFUSED)"#),
            Signature(["trouble with your network connection"], #"There appears to be trouble with your network connection"#,
                      decisive: false),
            Signature(["network request to", "request to http"], #"(?:network )?request to https?://(?:registry\.|[^/\s]*npm)\S* failed, reason: (?<reason>.+)$"#),
            Signature(["err_pnpm_meta_fetch_fail"], #"ERR_PNPM_META_FETCH_FAIL.*?(?<reason>ETIMEDOUT|ENOTFOUND|ECONNRESET|EAI_AGAIN)?"#),
            Signature(["err! network", "error network"], #"npm (?:ERR!|error) network (?:This is a problem related to network connectivity|(?<reason>\w+))"#),
        ]),
    ]

    // MARK: - Node

    static let nodeRules: [DiagnosisRule] = [
        DiagnosisRule(.nodeVersionUnsupported, .cause,
                      summary: "the installed Node.js{current| {current}} is too old for this server{required| (it needs {required})}",
                      hint: "use a newer Node.js (the current LTS) in the image", [
            // Syntax newer than the runtime (?. ?? ??= { } … =>), quoted since Node 12, bare before.
            Signature(["syntaxerror: unexpected"],
                      #"SyntaxError: Unexpected (?:token '?(?:\?\.?|\.|\?\?=|\|\|=|&&=|\{|\}|\.\.\.|=>|with)'?|reserved word|string)\s*$"#),
            // npm with engine-strict (or npm ≤ 6) refuses the install.
            Signature(["code ebadengine"], #"(?:ERR!|error) code EBADENGINE"#),
            Signature(["unsupported engine for"],
                      #"Unsupported engine for \S+?: wanted: \{"node":"(?<required>[^"]+)"\} \(current: \{"node":"(?<current>[^"]+)""#),
            Signature(["notsup required"], #"notsup Required: \{"node":"(?<required>[^"]+)"\}"#),
            Signature(["notsup actual"], #"notsup Actual:.*"node":"(?<current>[^"]+)""#),
            // pnpm's engine check.
            Signature(["err_pnpm_unsupported_engine", "your node version is incompatible with"],
                      #"ERR_PNPM_UNSUPPORTED_ENGINE|Your Node version is incompatible with"#),
            Signature(["expected version:"], #"^\s*Expected version: (?<required>[<>=^~]*\s*\d[\d.]*)\s*$"#, decisive: false),
            Signature(["got: v"], #"^\s*Got: (?<current>v\d[\d.]*)\s*$"#, decisive: false),
            Signature(["the engine \"node\" is incompatible"], #"The engine "node" is incompatible with this module\. Expected version "(?<required>[^"]+)"\. Got "(?<current>[^"]+)""#),
            // Web globals Node gained in 18-22: the runtime is older than the code.
            Signature(["is not defined"], #"(?:ReferenceError|(?i:error) -?\d+): (?:fetch|ReadableStream|WritableStream|TransformStream|structuredClone|File|Headers|Request|Response|FormData|Blob|AbortSignal|TextDecoderStream|TextEncoderStream|CompressionStream|DecompressionStream|WebSocket|navigator|BroadcastChannel|CustomEvent) is not defined"#),
            Signature(["requires node", "node.js version"], #"(?i)(?:requires|needs) Node(?:\.js)?\s*(?:version\s*)?(?<required>[>=^~v]*\s*\d+(?:\.\d+)*\+?)"#),
            Signature(["replaceall is not a function", "at is not a function", "findlast is not a function"],
                      #"TypeError: \S*\.(?:replaceAll|at|findLast) is not a function"#),
            Signature(["bad option"], #"node: bad option: --"#),
            // The `node:` scheme for built-in modules arrived in Node 14.18 / 16.
            Signature(["cannot find module 'node:", "no such built-in module: node:"],
                      #"(?:Cannot find module|No such built-in module:) '?node:(?<module>\w+)"#,
                      summary: "the installed Node.js is too old for this server (it has no built-in 'node:{module}')"),
        ]),
        // npm prints EBADENGINE as a warning in many installs that work: it counts only
        // when something else failed too.
        DiagnosisRule(.nodeVersionUnsupported, .weak,
                      summary: "the installed Node.js{current| {current}} is too old for this server{required| (it needs {required})}",
                      hint: "use a newer Node.js (the current LTS) in the image", [
            Signature(["ebadengine"], #"EBADENGINE Unsupported engine"#),
            Signature(["required: {", "node:"], #"required: \{ (?:npm: '[^']*', )?node: '(?<required>[^']+)'"#),
            Signature(["current: {"], #"current: \{ node: '(?<current>v?[\d.]+)'"#),
        ]),
        DiagnosisRule(.nodeModuleNotFound, .cause,
                      summary: "Node cannot find module '{module|?}'",
                      hint: "the package or its build is incomplete: check its dependencies (or the SDK version it expects) and reinstall", [
            Signature(["cannot find module"], #"Cannot find module '(?<module>[^']+)'"#),
            Signature(["cannot find package"], #"Cannot find package '(?<module>[^']+)'"#),
            Signature(["err_module_not_found"], #"ERR_MODULE_NOT_FOUND"#),
        ]),
    ]

    // MARK: - Dependencies' APIs

    static let apiRules: [DiagnosisRule] = [
        DiagnosisRule(.dependencyApiMismatch, .cause,
                      summary: "a dependency's API changed under the server: {symbol|a symbol} is missing",
                      hint: "pin the dependency to the version the server was written for", [
            Signature(["is not a function", "is not a constructor"], #"TypeError: (?<symbol>[\w.$\[\]()]+) is not a (?:function|constructor)"#),
            Signature(["has no attribute"], #"AttributeError: .*has no attribute '(?<symbol>[^']+)'"#),
            Signature(["does not provide an export named"], #"does not provide an export named '(?<symbol>[^']+)'"#),
            Signature(["unexpected keyword argument"], #"got an unexpected keyword argument ['"]?(?<symbol>[^'"]+)['"]?"#),
            Signature(["err_package_path_not_exported"], #"ERR_PACKAGE_PATH_NOT_EXPORTED"#),
            Signature(["err_require_esm"], #"ERR_REQUIRE_ESM"#),
            Signature(["pydanticimporterror"], #"PydanticImportError: `(?<symbol>[^`]+)` has been (?:moved|removed)"#),
            // The MCP SDK 2.x removed mcp.server.fastmcp (FastMCP became MCPServer).
            Signature(["mcp.server.fastmcp"], #"No module named '(?<symbol>mcp\.server\.fastmcp)'"#,
                      summary: "a dependency's API changed under the server: MCP SDK 2.x removed {symbol} (pin mcp<2)"),
        ]),
    ]

    // MARK: - Python, pip, uv

    static let pythonRules: [DiagnosisRule] = [
        DiagnosisRule(.pythonVersionUnsupported, .cause,
                      summary: "the installed Python{current| {current}} is not one this server supports{required| (it needs {required})}",
                      hint: "use a Python version the package supports (uvx --python 3.12, or a newer image)",
                      explains: [.pipNoMatchingDistribution], [
            Signature(["requires a different python"], #"requires a different Python: (?<current>\S+) not in '(?<required>[^']+)'"#),
            Signature(["does not satisfy python"],
                      #"(?:current Python version \((?<current>[^)]+)\)|requested Python version \([^)]+\)) does not satisfy Python ?(?<required>[<>=!~][^\s,]+)"#),
            Signature(["incompatible with the project's python requirement"],
                      #"Python (?<current>[\d.]+), which is incompatible with the project's Python requirement: `?(?<required>[^`\s]+)"#),
            // uv wraps its sentence: the requirement is on the next line.
            Signature(["does not satisfy"], #"current Python version \((?<current>[^)]+)\) does not satisfy\s*$"#),
            Signature(["requires-python"], #"Requires-Python (?<required>[<>=!~][^\s;,]+)"#),
            // uv: a package with wheels for other Pythons only.
            Signature(["only has wheels with the following python abi tag"],
                      #"You're using \w+ (?<current>[\d.]+) \(`cp\d+`\), but `(?<package>[^`]+)`.*? only has wheels with the following Python ABI tags?: `(?<required>cp\d+)"#,
                      summary: "the installed Python {current} has no wheel of '{package}' (it has wheels for {required} only)"),
            Signature(["no interpreter found for python"], #"No interpreter found for Python (?<required>[\d.]+)"#),
            // poetry's solver: the project allows Pythons that a dependency does not.
            Signature(["is not compatible with some of the required packages python requirement"],
                      #"The current project's Python requirement \((?<current>[^)]+)\) is not compatible with some of the required packages Python requirement"#,
                      summary: "the project's Python range ({current}) includes versions a dependency does not support"),
            // The source line a traceback shows above its caret: `match` (3.10) read by an older Python.
            Signature(["match "], #"^ {4,}match [^:]{1,80}:\s*$"#,
                      summary: "the installed Python is older than 3.10 (the code uses the match statement)"),
            Signature(["unsupported operand type(s) for |"], #"TypeError: unsupported operand type\(s\) for \|: 'type' and '(?:type|NoneType)'"#),
            Signature(["object is not subscriptable"], #"TypeError: 'type' object is not subscriptable"#),
            Signature(["python", "requires"], #"(?i)(?:requires|needs) Python\s*(?<required>[>=]*\s*3\.\d+\+?)"#),
            // A Python older than 3.10 (the MCP SDK's floor) shown by `python --version` or `pip --version`:
            // not proof alone, but it explains a "no matching distribution" of a package that exists.
            Signature(["python 3."], #"^Python (?<current>3\.\d)\.\d+\s*$"#, decisive: false),
            Signature(["(python 3."], #"^pip \S+ from \S+ \(python (?<current>3\.\d)\)\s*$"#, decisive: false),
            // An interpreter's own path: `/usr/lib/python3.9/`, `Python.framework/Versions/3.9/`, `\Python39\`.
            Signature(["python3.", "versions/3.", "\\python3"],
                      #"(?:[/\\]python(?<current>3\.\d)[/\\]|Python\.framework/Versions/(?<current2>3\.\d)/|\\Python3(?<minor>\d)\\)"#,
                      decisive: false),
        ]),
        DiagnosisRule(.pipNoMatchingDistribution, .cause,
                      summary: "pip found no distribution of '{package|?}' that satisfies the requirement",
                      hint: "check the package name and version in the requirement (and that it supports this Python)", [
            Signature(["no matching distribution found for"], #"No matching distribution found for (?<package>\S+)"#),
            Signature(["could not find a version that satisfies"], #"Could not find a version that satisfies the requirement (?<package>\S+)"#),
            Signature(["was not found in the package registry"], #"Because (?<package>[^\s]+) was not found in the package registry"#),
            Signature(["there is no version of"], #"Because there is no version of (?<package>[^\s,]+)"#),
            Signature(["no solution found when resolving"], #"No solution found when resolving (?:[`\w-]+ )*dependencies"#,
                      decisive: false),
            // uv's (pubgrub's) account: the only release there is cannot satisfy the requirement.
            Signature(["because only", "is available and"], #"Because only (?<package>[\w.\[\]-]+?)(?:==|<=|>=|<|>)\S+ is available and"#),
            // conda, mamba and micromamba's solvers.
            Signature(["nothing provides requested"], #"nothing provides requested (?<package>\S+)"#,
                      summary: "conda found no package '{package}' in the configured channels"),
            Signature(["packagesnotfounderror"], #"PackagesNotFoundError: The following packages? (?:is|are) not available from current channels"#,
                      summary: "conda found no package of the request in the configured channels"),
        ]),
        DiagnosisRule(.pipNetwork, .cause,
                      summary: "pip could not reach the package index ({reason|network error})",
                      hint: "check the network, proxy settings and PIP_INDEX_URL", transient: true, [
            Signature(["retrying (retry(total="], #"Retrying \(Retry\(total=\d+.*?\)\) after(?: connection broken by '(?<reason>[A-Za-z]+Error))?"#),
            Signature(["could not fetch url"], #"Could not fetch URL \S+: connection error"#),
            // uv's error chain: the reason on a `├─▶` / `╰─▶` / `Caused by:` line.
            Signature(["operation timed out", "dns error", "client error (connect)", "are you offline", "failed to lookup address"],
                      #"(?:[├╰]─▶|[|`]->|[Cc]aused by:)\s*(?<reason>operation timed out|dns error|client error \(Connect\)|Could not connect, are you offline\?|failed to lookup address information)"#),
            Signature(["request failed after", "error sending request for url"],
                      #"Request failed after \d+ retries|error sending request for url"#, decisive: false),
            Signature(["pypi.org", "pythonhosted.org"], #"(?:(?<reason>\w+(?:Timeout|Connection)Error)\b.*?)?host='(?:pypi\.org|files\.pythonhosted\.org)'.*?(?<reason2>NewConnectionError|ReadTimeoutError|ConnectTimeoutError|Temporary failure in name resolution|Max retries exceeded|Read timed out)"#),
            Signature(["failed to fetch"], #"Failed to fetch: `https?://(?:pypi\.org|files\.pythonhosted\.org)"#),
            // uv: the index (or a mirror) refused the download.
            Signature(["http status client error", "http status server error"],
                      #"HTTP status (?:client|server) error \((?<reason>\d{3}[\w ]*)\) for url \(https?://[^)\s]*(?:pypi|/simple|pythonhosted|/packages/)"#),
            // conda and poetry say it their own way.
            Signature(["condahttperror: http 000"], #"CondaHTTPError: HTTP (?<reason>000 CONNECTION FAILED)"#,
                      summary: "conda could not reach its channel ({reason})"),
            Signature(["all attempts to connect to"], #"All attempts to connect to (?<host>[\w.-]+) failed"#,
                      summary: "poetry could not reach {host}"),
        ]),
        DiagnosisRule(.pythonModuleNotFound, .cause,
                      summary: "Python cannot import '{module|?}'",
                      hint: "install the missing package, or pin the version of the dependency that provides it", [
            // ModuleNotFoundError, Python 2's ImportError, any program's "failed: No module named 'x'",
            // and `python -m package` when the package is not installed.
            Signature(["no module named"],
                      #"(?:(?i:error|failed)\b[^:]*|python[\d.]*(?:\.exe)?): No module named '?(?<module>[\w.-]+)"#),
            Signature(["cannot import name"], #"ImportError: cannot import name '(?<name>[^']+)' from '(?<module>[^']+)'"#,
                      summary: "Python cannot import '{name}' from '{module}' (the installed version lacks it)"),
            // Before Python 3.8 the message did not name the module.
            Signature(["cannot import name"], #"ImportError: cannot import name '?(?<name>\w+)'?\s*$"#,
                      summary: "Python cannot import '{name}'"),
            Signature(["attempted relative import"], #"ImportError: attempted relative import"#),
            Signature(["partially initialized module"],
                      #"cannot import name '(?<name>[^']+)' from partially initialized module '(?<module>[^']+)'"#,
                      summary: "Python cannot import '{name}' from '{module}': a local file shadows the package (circular import)"),
        ]),
    ]

    /// The out-of-memory family's next step (also for an out-of-memory kill Fly reports).
    static let outOfMemoryHint = "give the machine more memory, or cap the server's usage (e.g. NODE_OPTIONS=--max-old-space-size)"

    /// The summary of an MCP server that never answered its client or went away.
    static let noAnswer = "the MCP server never answered or went away ({detail})"

    /// The programs that start MCP servers (and the bridges that do it for a client), as a regex alternation.
    static let launchers = "npx|npm|uvx|uv|node|pnpm|bunx|bun|python3?|pip3?|docker|deno|git|mcp-proxy|supergateway|mcp-remote"

    // MARK: - The system

    static let systemRules: [DiagnosisRule] = [
        DiagnosisRule(.tlsCertificateError, .cause,
                      summary: "a TLS certificate could not be verified ({reason|certificate error})",
                      hint: "a proxy or a missing CA bundle intercepts TLS: fix the CA certificates, or set NODE_EXTRA_CA_CERTS / SSL_CERT_FILE",
                      explains: [.pipNetwork, .npmNetwork, .upstreamServiceUnreachable, .unhandledException], [
            Signature(["unable_to_verify_leaf_signature", "self_signed_cert_in_chain", "unable_to_get_issuer_cert_locally",
                       "cert_has_expired", "depth_zero_self_signed_cert", "err_tls_cert_altname_invalid"],
                      #"(?<reason>UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|CERT_HAS_EXPIRED|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID)"#),
            Signature(["certificate verify failed", "certificate_verify_failed"], #"(?<reason>CERTIFICATE_VERIFY_FAILED|certificate verify failed)"#),
            Signature(["problem confirming the ssl certificate"], #"(?<reason>There was a problem confirming the ssl certificate)"#),
            // rustls (uv), Go and Java name the failure their own way.
            Signature(["invalid peer certificate"], #"invalid peer certificate: (?<reason>\w+)"#),
            Signature(["x509: certificate"], #"(?<reason>x509: certificate (?:signed by unknown authority|has expired|is not valid|is valid for)[^,;]*)"#),
            Signature(["pkix path building failed"], #"(?<reason>PKIX path building failed)"#),
            Signature(["unable to verify the first certificate", "self signed certificate", "self-signed certificate",
                       "unable to get local issuer certificate", "certificate has expired"],
                      #"(?i)(?<reason>unable to verify the first certificate|self[- ]signed certificate(?: in certificate chain)?|unable to get local issuer certificate|certificate has expired)"#),
        ]),
        DiagnosisRule(.diskFull, .cause,
                      summary: "the disk is full", hint: "free space or give the machine a larger volume", [
            Signature(["enospc", "no space left on device", "disk quota exceeded"], #"(?i)ENOSPC|No space left on device|Disk quota exceeded"#),
        ]),
        DiagnosisRule(.outOfMemory, .cause,
                      summary: "the process ran out of memory{detail| ({detail})}",
                      hint: outOfMemoryHint, [
            Signature(["javascript heap out of memory"], #"(?<detail>JavaScript heap out of memory)"#),
            Signature(["fatal error:"], #"FATAL ERROR: .*(?:Allocation failed|heap limit|Reached heap limit)"#),
            Signature(["last few gcs"], #"<--- Last few GCs --->"#),
            Signature(["out of memory: kill"], #"(?<detail>(?:Memory cgroup o|O)ut of memory: Kill(?:ed)? process \d+)"#),
            Signature(["oom"], #"(?<detail>oom-kill|OOMKilled|invoked oom-killer)"#),
            Signature(["memoryerror"], #"^\s*MemoryError\b"#),
            // Heroku's router: R14 warns, R15 kills.
            Signature(["memory quota vastly exceeded"], #"(?<detail>Error R15 \(Memory quota vastly exceeded\))"#),
            // The shell's report of a killed job ("line 1:   195 Killed   npm install"), alone or glued to a progress bar.
            Signature(["killed"], #"(?:^\s*|:\s+\d+\s+|\d)Killed(?:\s|$)"#),
            Signature(["sigkill", "signal 9"],
                      #"(?i)(?:exited with|killed by|terminated by|was sent|received|got) ['"(]?(?<detail>signal 9\b|SIGKILL)"#,
                      summary: "the process was killed by {detail} (most often the out-of-memory killer)"),
            Signature(["enomem", "cannot allocate memory"], #"(?<detail>ENOMEM|Cannot allocate memory)"#),
            // 137 is a SIGKILL: the OOM killer's most often, but a platform that says why it
            // killed the process (a boot timeout) explains it better.
            Signature(["137"], #"(?i:exit(?:ed)? (?:with )?(?:code|status)|code=exited, status=|returned a non-zero code)[:=]? ?137\b"#, decisive: false),
        ]),
        DiagnosisRule(.permissionDenied, .cause,
                      summary: "permission denied{path| on '{path}'}",
                      hint: "fix the file's ownership or mode, or run the server as a user that may write there", [
            Signature(["eacces", "eperm"], #"(?:EACCES|EPERM)(?:: (?:permission denied|operation not permitted), \w+ '(?<path>[^']+)')?"#),
            Signature(["permissionerror"], #"PermissionError: \[Errno 13\] Permission denied(?:: '(?<path>[^']+)')?"#),
            Signature(["permission denied"], #"[`'"](?<path>\.{0,2}/[^`'"]+)[`'"]:? [Pp]ermission denied"#),
            // A shell that may not run a file: `sh: 1: /app/start.sh: Permission denied`.
            Signature(["permission denied"], #"(?:^|: )(?<path>\.{0,2}/[^\s:'"`]+): [Pp]ermission denied\s*$"#),
            Signature(["os error 13"], #"[Pp]ermission denied \(os error 13\)"#),
            // C programs that print errno with its text (nginx: `open() "/var/log/nginx/error.log" failed (13: Permission denied)`).
            Signature(["(13: permission denied)"], #"(?:"(?<path>/[^"]+)"\s+)?failed \(13: Permission denied\)"#),
            // A server that writes beside its working directory, launched with / as that (Claude
            // Desktop, Cline): the root is not writable, so `mkdir '/logs'` fails.
            Signature(["enoent: no such file or directory, mkdir '/"], #"ENOENT: no such file or directory, mkdir '(?<path>/[^/']+)'"#,
                      summary: "cannot create '{path}' at the file system's root (the server's working directory is /: give it a writable one)"),
            Signature(["erofs", "read-only file system"], #"(?:EROFS|[Rr]ead-only file system)(?:,? \w+ '(?<path>[^']+)')?"#,
                      summary: "the file system is read-only{path| at '{path}'}"),
        ]),
        DiagnosisRule(.portInUse, .cause,
                      summary: "port {port|?} is already in use",
                      hint: "another process holds the port: stop it, or configure the server to use the port the proxy expects", [
            Signature(["eaddrinuse"], #"EADDRINUSE(?::? address already in use (?:\S*?:)?(?<port>\d+))?"#),
            Signature(["address already in use"], #"(?i)address already in use(?:.*?:(?<port>\d+))?"#),
            Signature(["already in use"], #"(?i)port (?<port>\d+) is (?:already )?in use"#),
            // asyncio's bind error (uvicorn), whatever the operating system's words after it.
            Signature(["error while attempting to bind"],
                      #"\[Errno (?:98|48)\] error while attempting to bind on address \('[^']*', (?<port>\d+)\)"#),
            // Windows: WSAEADDRINUSE, often with a localised message.
            Signature(["10048", "only one usage of each socket address"],
                      #"(?i)(?:\[(?:Errno|WinError) 10048\]|only one usage of each socket address)(?:.*?bind on address \('[^']*', (?<port>\d+)\))?"#),
        ]),
        DiagnosisRule(.uvxOrNpxCommandNotFound, .cause,
                      summary: "the launcher '{command|?}' is not installed or not on PATH",
                      hint: "install it in the image (npm for npx; uv for uvx) or use its full path", [
            Signature(["enoent"], #"spawn (?<command>\#(launchers))(?:\.cmd)? ENOENT"#),
            // GNU env quotes the program, BSD's (macOS) does not.
            Signature(["no such file or directory"], #"env: ['‘]?(?<command>[^'’:\s]+)['’]?: No such file or directory"#),
            Signature(["was not found", "command not found"],
                      #"(?:`(?<command>\#(launchers))` was not found|command not found\b.*\bcommand=(?<command2>\#(launchers))\b)"#),
            Signature([": not found", ": command not found"], #"(?:^|[\s:/])(?<command>npx|uvx|uv|pnpm|bunx|deno)(?:: command)?: not found"#),
            Signature(["is not recognized as an internal or external command"], #"'(?<command>[^']+)' is not recognized as an internal or external command"#),
            Signature(["executable file not found"], #"exec: "(?<command>[^"]+)": executable file not found in \$PATH"#),
            Signature(["failed to spawn"], #"Failed to spawn: `(?<command>[^`]+)`"#),
            Signature(["no such file or directory"],
                      #"(?i:spawn)[^'"`]{0,40}['"`](?<command>\#(launchers))['"`]: No such file or directory"#),
            Signature(["command not found"], #"(?<command>npx|uvx|uv|pnpm|bunx|node|python3?): command not found"#),
            // A launcher's own check: "npx not found. Please ensure Node.js and npm are … installed".
            Signature([" not found"], #"(?:^|\s)(?<command>npx|uvx|uv|pnpm|bunx|deno) (?:was )?not found\b"#),
            Signature(["no such file or directory"],
                      #"\[Errno 2\] No such file or directory: '(?<command>\#(launchers))'"#),
            Signature(["docker: unknown command", "is not a docker command"],
                      #"docker: (?:unknown command: (?<command>docker [\w-]+)|'(?<plugin>[\w-]+)' is not a docker command)"#,
                      summary: "the docker CLI has no '{command}{plugin|docker {plugin}}' plugin installed"),
        ]),
    ]

    // MARK: - At run time

    static let runtimeRules: [DiagnosisRule] = [
        DiagnosisRule(.missingCredential, .cause,
                      summary: "the required setting {variable|(an API key or token)} is not set",
                      hint: "set it as a secret of the deployment and deploy again", [
            // ("not found" and "missing" only after a setting's name: "404 Not Found" is everywhere.)
            Signature(["environment variable", "env var", "not set", "is required", "is missing", "must be set", "not defined",
                       "not provided", "is empty", "key not found", "token not found", "secret not found", "url not found",
                       "id not found", "key missing", "token missing", "secret missing", "url missing", "key required",
                       "token required"],
                      #"(?<variable>\b[A-Z][A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|URL|URI|ID|HOST|DSN|CREDENTIALS?)\b)(?:\s+environment variables?)?\s+(?:is\s+)?(?:not set|required|missing|must be set|not defined|is not provided|not provided|not found|is empty)"#),
            Signature(["missing", "required"], #"(?i)(?:missing|required) (?:required )?(?:environment variables?|env(?:ironment)? vars?|api key|credentials?)(?::\s*(?<variable>[A-Z][A-Z0-9_]+))?"#),
            Signature(["please set", "you must set", "must be provided"], #"(?i)(?:please set|you must set|must provide) (?:the )?(?:environment variable )?`?(?<variable>[A-Z][A-Z0-9_]{2,})"#),
            Signature(["keyerror"], #"KeyError: '(?<variable>[A-Z][A-Z0-9_ -]{1,}[A-Z0-9])'"#),
            // os.environ[...] raising: the KeyError comes from os.py, whatever the key looks like.
            Signature(["__getitem__"], #"File "[^"]*\bos\.py", line \d+, in __getitem__"#),
            Signature(["environment variable"], #"(?:by setting|set) the (?<variable>[A-Z][A-Z0-9_]{2,}) environment variable"#),
            // pydantic v2 and v1 settings: the field's name is on the line before.
            Signature(["field required [type=missing", "field required (type=value_error.missing)"],
                      #"(?i)Field required (?:\[type=missing|\(type=value_error\.missing\))"#),
            Signature(["api key", "api_key", "apikey"], #"(?i)(?:no|missing) (?:api[ _]?key|token) (?:provided|found|set|configured)"#),
            Signature(["missing api key", "missing an api key", "missing api_key"], #"(?i)missing (?:an? )?api[ _-]?key\b"#),
            Signature(["api key", "api_key", "api-key"],
                      #"(?i)\bapi[ _-]?key (?:is )?(?:not set|not found|not provided|not configured|missing|required)"#),
            Signature(["you must pass", "you must provide", "you must supply"],
                      #"(?i)you must (?:pass|provide|supply) (?:the |a |an |your )?(?:api[ _-]?key|token|credentials?|secret)"#),
            Signature(["invalid environment variables"], #"(?i)invalid environment variables"#),
            // "Missing OPENAI_API_KEY or OPENAI_ACCESS_TOKEN environment variable".
            Signature(["missing "], #"(?i:missing|no|unset|undefined) (?:required )?(?<variable>\b[A-Z][A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|DSN|CREDENTIALS?)\b)"#),
            // A service that got no credentials at all: "401 Missing authentication token".
            Signature(["missing authentication", "missing auth", "missing access token", "missing bearer", "missing api token"],
                      #"(?i)missing (?:authentication|auth|access|bearer|api) (?:token|key|header|credentials?)"#),
        ]),
        DiagnosisRule(.invalidCredential, .cause,
                      summary: "an upstream API rejected the credentials{status| ({status})}",
                      hint: "check that the key or token in the deployment's secrets is valid and has the needed scopes", [
            Signature(["invalid api key", "incorrect api key", "invalid_api_key", "invalid token", "invalid credentials",
                       "bad credentials", "authenticationerror", "invalid x-api-key", "unauthorized"],
                      #"(?i)(?<status>invalid[ _]api[ _]key|incorrect api key|invalid (?:access |auth |bearer )?token|invalid credentials|bad credentials|AuthenticationError|invalid x-api-key|401\W{1,3}Unauthorized|Unauthorized: )"#),
            Signature(["401", "403"], #"(?i)(?:status(?: ?code)?|http(?: error)?|error)\W{0,3}(?<status>40[13])\b"#),
            // OAuth tokens past their life (Google's refresh tokens of apps in testing mode, revoked grants).
            Signature(["no longer valid", "invalid_grant", "token has been expired or revoked"],
                      #"(?i)(?<status>(?:tokens?|credentials?) (?:are|is) no longer valid|invalid_grant|Token has been expired or revoked)"#),
            // A container registry that refused the stored login (`docker login` with an expired token).
            Signature(["error response from daemon"],
                      #"Error response from daemon: (?:Head|Get) "?https?://[^"\s]+"?: (?<status>denied|unauthorized)\b"#),
            // Slack's API answers a bad token with an error code, not a status.
            Signature(["invalid_auth", "not_authed", "token_revoked", "account_inactive"],
                      #"\b(?<status>invalid_auth|not_authed|token_revoked|account_inactive)\b"#),
        ]),
        DiagnosisRule(.stdioProtocolCorruption, .cause,
                      summary: "the MCP server wrote text that is not JSON-RPC to stdout, corrupting the protocol",
                      hint: "send logs to stderr (console.error / logging to sys.stderr), never stdout, in a stdio server", [
            // The client's JSON.parse on a line of text: any of V8's wordings, even hard-wrapped.
            Signature(["json at position", "is not valid json", "non-whitespace character after json"],
                      #"(?:JSON at position \d+|is not valid JSON|non-whitespace character after JSON)"#),
            Signature(["jsonparseexception: unrecognized token"], #"JsonParseException: Unrecognized token"#),
            Signature(["type=json_invalid"], #"Invalid JSON: .*\[type=json_invalid"#),
            Signature(["jsonrpc", "json-rpc"], #"(?i)(?:failed to parse|invalid|error parsing) JSON-?RPC message"#),
            Signature(["for jsonrpcmessage"], #"ValidationError: \d+ validation errors? for JSONRPCMessage"#),
        ]),
        DiagnosisRule(.healthcheckFailed, .consequence,
                      summary: "nothing answered on {address|the address the proxy expects}",
                      hint: "make the server listen on 0.0.0.0 and the configured port (not only 127.0.0.1)", transient: true, [
            Signature(["is your app listening on"], #"is your app listening on (?<address>[\d.]+:\d+)"#),
            // Heroku and Render: the web process never bound the port they gave it.
            Signature(["failed to bind to $port"], #"Web process failed to bind to (?<address>\$PORT) within \d+ seconds"#),
            Signature(["no open ports detected"], #"Port scan timeout reached, no open ports detected"#),
            // Docker's health status, from `docker inspect` or `docker ps`.
            Signature(["unhealthy"], #"(?:"Status":\s*"unhealthy"|Up .{1,40} \(unhealthy\)|^Status\s+unhealthy\s*$)"#),
            Signature(["failingstreak"], #""FailingStreak":\s*[1-9]"#),
            // Kubernetes' kubelet: the container did not answer its probe.
            Signature(["probe failed"], #"(?:Readiness|Liveness|Startup) probe failed"#),
            // fly-proxy before it added the question above.
            Signature(["instance refused connection"], #"instance refused connection"#),
            Signature(["health check", "healthcheck"], #"(?i)health ?checks?\b.*?(?:on port (?<address>\d+) )?(?:has |have |are |is )?(?:now )?(?:failed|failing|unhealthy)"#),
            Signature(["waiting for health", "become healthy"],
                      #"(?i)(?:(?:timeout reached|timed out) waiting for health ?checks?|timed out waiting for .{0,60}to become healthy|failed to become healthy)"#),
            Signature(["smoke check"], #"(?i)smoke checks? for \S+ failed"#),
            // flyctl after a deploy: nothing listens where fly-proxy connects.
            Signature(["listening on the expected address", "listening on the incorrect address"],
                      #"(?i)app is (?:not )?listening on the (?:expected|incorrect) address"#),
            Signature(["could not find a good candidate"], #"could not find a good candidate within \d+ attempts at load balancing"#),
        ]),
        DiagnosisRule(.upstreamServiceUnreachable, .consequence,
                      summary: "a service the server needs is unreachable{address| ({address})}",
                      hint: "check that the database, cache or API it uses is running and that its address is configured", transient: true,
                      explains: [.unhandledException], [
            // Node's ECONNREFUSED, Erlang's :econnrefused.
            Signature(["econnrefused"], #"(?i)\beconnrefused(?: (?<address>[\w.:\[\]-]+:\d+))?"#),
            Signature(["connection refused"], #"(?i)connection refused"#),
            // JDBC and others: "Connection to host:port refused".
            Signature(["refused"], #"Connection to (?<address>[\w.\[\]:-]+:\d+) refused"#),
            Signature(["couldn't connect to", "connect call failed"],
                      #"(?:Couldn't connect to (?:\w+ (?:at|on) )?(?<address>(?:https?://)?[\w.\[\]:-]+:\d+)|\[Errno 111\] Connect call failed)"#),
            Signature(["enotfound", "eai_again"], #"getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (?<address>[\w.-]+)"#),
            Signature(["could not connect to server", "connection to server at", "can't connect to", "cannot connect to",
                       "mongoserverselectionerror", "redis connection to", "operationalerror"],
                      #"(?i)(?:could not connect to server|connection to server at "?(?<address>[^"\s,]+)|can'?t connect to (?:MySQL|Postgres|database|Redis)|cannot connect to (?:MySQL|Postgres|database|Redis)|MongoServerSelectionError|Redis connection to (?<address2>\S+) failed|OperationalError)"#),
            // Python's HTTP clients (httpx, httpcore, aiohttp, requests) that found nothing listening.
            Signature(["connecterror", "clientconnectorerror", "connectionerror", "connectionrefusederror"],
                      #"^(?:httpx|httpcore|aiohttp\.client_exceptions|requests\.exceptions)\.(?:ConnectError|ClientConnectorError|ConnectionError)\b|^ConnectionRefusedError\b"#),
        ]),
        // A server or bridge launched with the wrong command line: a root cause of its own.
        DiagnosisRule(.mcpProxyError, .cause,
                      summary: "the MCP server or bridge was launched wrongly: {detail|bad arguments}",
                      hint: "check the command and arguments against the server's usage (a subcommand, a flag or the URL order)", [
            // The usage errors of argparse, click, yargs, commander, cobra and clap.
            Signature(["error: unrecognized arguments", "error: the following arguments are required", "error: argument",
                       "error: invalid choice"],
                      #"^[\w.-]+: error: (?<detail>unrecognized arguments: .+|the following arguments are required: .+|argument .+|invalid choice: .+)"#),
            Signature(["no such option", "no such command", "missing argument", "missing option", "got unexpected extra argument"],
                      #"^Error: (?<detail>No such option:? .+|No such command:? .+|Missing (?:argument|option) .+|Got unexpected extra arguments? .*)"#),
            Signature(["non-option arguments", "unknown argument", "missing required argument"],
                      #"(?<detail>Not enough non-option arguments: .+|Unknown arguments?: .+|Missing required arguments?: .+)"#),
            Signature(["error: unknown option", "error: missing required argument", "error: unknown command"],
                      #"error: (?<detail>unknown option '.+'|missing required argument '.+'|unknown command '.+')"#),
            Signature(["error: unknown flag", "error: unknown shorthand flag", "error: unknown command", "error: required flag"],
                      #"^Error: (?<detail>unknown (?:shorthand )?flag: .+|unknown command ".+" for ".+"|required flag\(s\) .+ not set)"#),
            Signature(["error: unexpected argument", "error: unrecognized subcommand", "required arguments were not provided"],
                      #"^error: (?<detail>unexpected argument '.+' found|unrecognized subcommand '.+'|the following required arguments were not provided:?)"#),
            // A placeholder or a mistyped program run by a shell.
            Signature(["sh: "],
                      // (Not in a Docker health probe's "Output": that is the check's own shell.)
                      #"^(?!\s*"Output":).*?(?:^|[\s/])(?:ba|z|da)?sh: (?:line \d+: |\d+: )?(?!(?:\#(launchers)):)(?:(?<detail>[\w./-]+: (?:command )?not found)|command not found: (?<detail2>[\w./-]+))"#),
            // A flag meant for the server given to the image's shell entrypoint (`docker run image --stdio`).
            Signature([": invalid option"], #"^(?:/(?:usr/)?bin/)?(?:ba|z|da)?sh: (?<detail>--?[\w-]+: invalid option)"#),
            // A placeholder or a mistyped program in the command (the launchers have their own family).
            Signature(["enoent"], #"(?<detail>spawn (?!(?:\#(launchers))(?:\.cmd)? )\S+ ENOENT)"#),
            Signature(["err_invalid_url", "invalid url"], #"(?<detail>ERR_INVALID_URL|TypeError: Invalid URL)"#),
            // An SSE client (supergateway, mcp-remote) pointed at a URL that does not serve SSE.
            Signature(["non-200 status code"], #"SSE error: (?<detail>Non-200 status code \(4\d\d\))"#),
            // The client speaks another transport than the server (Streamable HTTP against SSE or back).
            Signature(["unexpected content type"], #"(?<detail>Unexpected content type: \S+)"#),
            Signature(["http request:"], #"HTTP Request: (?:GET|POST) \S*/(?:mcp|sse)\S* "HTTP/\d(?:\.\d)? (?<detail>40[45] [\w ]+)""#),
            // (Not /sse: clients probe it on Streamable HTTP servers that work.)
            Signature(["/mcp"], #""(?:GET|POST) /mcp\b\S* HTTP/\d(?:\.\d)?" (?<detail>404 Not Found)"#),
        ]),
        DiagnosisRule(.mcpProxyError, .consequence,
                      summary: "mcp-proxy failed{detail|: {detail}}",
                      hint: "look at the server's own output above: mcp-proxy reports what the server did", [
            Signature(["mcp-proxy", "mcp_proxy"], #"(?i)mcp[-_]proxy.*?(?<detail>child process exited with code [1-9]\d*|error.*|exception.*|failed.*)$"#),
            Signature(["start the proxy", "start proxy"], #"(?i)(?<detail>(?:could not|failed to) start (?:the )?proxy)"#),
            // The MCP SDK's errors: the child never answered, or went away.
            Signature(["-32001", "-32000"], #"(?<detail>MCP error -3200[01]: (?:Request timed out|Connection closed))"#,
                      summary: noAnswer),
            Signature(["timed out"], #"(?i)(?<detail>(?:initiali[sz]\w*|handshake)\b.{0,60}\btimed out|timed out\b.{0,60}\b(?:initiali[sz]e|handshake))"#,
                      summary: noAnswer),
        ]),
        DiagnosisRule(.unhandledException, .consequence,
                      summary: "the server crashed with an unhandled {exception|exception}",
                      hint: "read the stack trace around the evidence line; the crash has no more specific cause here", [
            Signature(["traceback (most recent call last)"], #"^\s*Traceback \(most recent call last\):"#),
            Signature(["error", "exception"], #"^\s*(?:Uncaught |Unhandled )?(?<exception>(?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*)?(?:Error|Exception))(?: \[\w+\])?:\s"#),
            Signature(["unhandledpromiserejection", "unhandled rejection", "unhandledrejection"], #"(?i)(?<exception>UnhandledPromiseRejection\w*|unhandled ?rejection)"#),
            Signature(["panic:", "segmentation fault"], #"^(?:panic: |.*Segmentation fault)"#),
            // Node: an 'error' event nobody listens to, e.g. a write to a closed stdout.
            Signature(["write epipe"], #"\bwrite EPIPE\b"#, summary: "the server crashed writing to a closed pipe (EPIPE): its client went away"),
            Signature(["unhandled 'error' event"], #"Unhandled 'error' event"#,
                      summary: "the server crashed on an 'error' event nobody handled"),
            Signature(["worker"], #"(?i)\bworker\b.*\b(?:exited|died|crashed|failed to boot)\b"#),
        ]),
    ]
}
