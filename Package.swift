// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "catwalk-logs",
    // Built and tested on Linux (Debian 12) only: the C shims, Glibc calls and tests assume it,
    // so no other platform is claimed.
    products: [
        .executable(name: "catwalk-logs", targets: ["catwalk-logs"]),
        .executable(name: "catwalk-stand-in", targets: ["catwalk-stand-in"]),
        .library(name: "LogClient", targets: ["LogClient"]),
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

        // MARK: - Libraries
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "LogClient", dependencies: ["CCurl", "SQLite"]),
        .target(name: "LogViewer", dependencies: ["LogClient"]),
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

        // MARK: - Executables
        .executableTarget(
            name: "catwalk-logs",
            dependencies: [
                "LogClient",
                "LogViewer",
                "LiveStream",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        .target(name: "FuzzTargets", dependencies: ["LogClient", "LogViewer"], path: "Tests/FuzzTargets"),
        .testTarget(name: "LogClientTests", dependencies: ["LogClient", "TestSupport"]),
        .testTarget(name: "LogViewerTests", dependencies: ["LogViewer", "LogClient"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzTargets"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport", "LogClient", "LogViewer", "catwalk-logs", "catwalk-stand-in"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
