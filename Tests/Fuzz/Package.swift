// swift-tools-version:6.0
import PackageDescription

// The fuzzing build: one libFuzzer executable over the main package's parsers. Built only by
// `make fuzz` (scripts/fuzz.sh), with -sanitize=fuzzer,address, in its own scratch path.
let package = Package(
    name: "catwalk-fuzz",
    dependencies: [
        .package(name: "catwalk-logs", path: "../.."),
    ],
    targets: [
        // Declares libFuzzer's driver, which -sanitize=fuzzer links in.
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "catwalk-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "FuzzTargets", package: "catwalk-logs")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
