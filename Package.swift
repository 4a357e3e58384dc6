// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "catwalk-logs",
    // Built and tested on Linux (Debian 12) only: the C shims, Glibc calls and tests assume it,
    // so no other platform is claimed.
    products: [
        .executable(name: "catwalk-logs", targets: ["catwalk-logs"]),
        .executable(name: "catwalk-logd", targets: ["catwalk-logd"]),
        .executable(name: "catwalk-stand-in", targets: ["catwalk-stand-in"]),
        .library(name: "LogClient", targets: ["LogClient"]),
        .library(name: "LogServer", targets: ["LogServer"]),
        // For the fuzzing package in Tests/Fuzz: the parsers' properties.
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        // Named only for products the WebSocket client already brings.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // catwalk-logd, the server half.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: - C shims: only make the C APIs callable from Swift.
        // libcurl's headers, and a loader: the library itself is loaded on first use (shim.h).
        .target(name: "CCurl"),
        .systemLibrary(name: "CNcurses"),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // zlib, for saved files that are gzip-compressed (CI artifacts often are).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Libraries
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // Untrusted log text: made safe for a terminal, quoted for JSON, trimmed.
        .target(name: "LogText"),
        // Names the likely cause of a failure from a log's lines: plain text in, findings out,
        // no I/O (the client and catwalk-logd share it).
        .target(name: "LogDiagnosis", dependencies: ["LogText"]),
        .target(name: "LogClient", dependencies: ["CCurl", "CZlib", "SQLite", "LogText", "LogDiagnosis"]),
        .target(name: "LogViewer", dependencies: ["LogClient", "LogText", "LogDiagnosis"]),
        // The live stream over WebSocket, apart from LogClient: it alone brings SwiftNIO.
        .target(
            name: "LiveStream",
            dependencies: [
                "LogClient",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // The server half: storage in the backend's PostgreSQL, the Fly collector, the HTTP API and
        // the live stream, the diagnosis. It reuses LogClient's Fly reader and line model, and LogDiagnosis.
        .target(
            name: "LogServer",
            dependencies: [
                "LogClient",
                "LogText",
                "LogDiagnosis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),

        // MARK: - Executables
        .executableTarget(
            name: "catwalk-logs",
            dependencies: [
                "LogClient",
                "LogText",
                "LogDiagnosis",
                "LogViewer",
                "LiveStream",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "catwalk-logd",
            dependencies: [
                "LogServer",
                "LogText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "catwalk-stand-in",
            dependencies: [
                "SQLite",
                "LogClient",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .target(name: "FuzzTargets", dependencies: ["LogClient", "LogText", "LogDiagnosis", "LogViewer"],
                path: "Tests/FuzzTargets"),
        .testTarget(name: "LogClientTests", dependencies: ["LogClient", "LogText", "LogDiagnosis", "TestSupport"]),
        .testTarget(name: "LogDiagnosisTests", dependencies: ["LogDiagnosis"]),
        .testTarget(name: "LogViewerTests", dependencies: ["LogViewer", "LogClient", "LogDiagnosis"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzTargets"]),
        .testTarget(
            name: "LogServerTests",
            dependencies: ["LogServer", "LogClient", .product(name: "JWTKit", package: "jwt-kit")]
        ),
        // catwalk-logd against a real PostgreSQL (started by TestSupport's PostgresCluster) and
        // the stand-in's Fly emulator, read with catwalk-logs.
        .testTarget(
            name: "ServerEndToEndTests",
            dependencies: [
                "TestSupport", "LogClient", "catwalk-logd", "catwalk-logs", "catwalk-stand-in",
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport", "LogClient", "LogViewer", "catwalk-logs", "catwalk-stand-in"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
