// swift-tools-version:6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode, strict concurrency, the house's upcoming features,
/// and warnings treated as errors.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "backfill-engine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bootstrap", targets: ["bootstrap"]),
        .executable(name: "backfill", targets: ["backfill"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries present on provided.al2023, wrapped by small C shims (curl's setopt is variadic,
        // zlib's init functions are macros).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // Keeps the release binary within Amazon Linux 2023's glibc (2.34).
        .target(name: "CCompat", linkerSettings: [.linkedLibrary("m")]),

        // Foundations: civil time and clocks, ordered JSON, the one secret redactor.
        .target(name: "Timekeeping", swiftSettings: swiftSettings),
        .target(name: "JSON", swiftSettings: swiftSettings),
        .target(name: "Redaction", swiftSettings: swiftSettings),
        // Transport and AWS.
        .target(name: "HTTP", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        .target(name: "AWSSigV4", dependencies: ["CCrypto", "Timekeeping"], swiftSettings: swiftSettings),
        .target(
            name: "AWS",
            dependencies: ["HTTP", "AWSSigV4", "JSON", "Timekeeping", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LambdaRuntime",
            dependencies: ["JSON", "Redaction", "Timekeeping", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(name: "Formats", dependencies: ["CZlib", "JSON", "Timekeeping"], swiftSettings: swiftSettings),
        // What every handler family builds on: partitions, tracker, runner, rate-limited calls, object store,
        // reports, progress events, handler-family registration.
        .target(
            name: "BackfillCore",
            dependencies: [
                "AWS", "Formats", "HTTP", "JSON", "LambdaRuntime", "Redaction", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Handler families: one folder and one target each under Sources/Handlers/.
        .target(
            name: "DiagnosticsHandler",
            dependencies: [
                "BackfillCore", "LambdaRuntime", "JSON", "Timekeeping", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Handlers/Diagnostics",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CostBackfill",
            dependencies: [
                "AWS", "BackfillCore", "Formats", "JSON", "LambdaRuntime", "Redaction", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Handlers/CostBackfill",
            swiftSettings: swiftSettings
        ),
        // The one table of handler families (name, builder, environment, docs), shared by bootstrap and backfill.
        .target(
            name: "HandlerRegistry",
            dependencies: [
                "AWS", "BackfillCore", "CostBackfill", "DiagnosticsHandler", "HTTP", "LambdaRuntime",
                .product(name: "Logging", package: "swift-log"), "MacroGapFill", "TenantBackfill", "Analytics",
            ],
            swiftSettings: swiftSettings
        ),

        // A seedable generator shared by the property tests (no dependencies).
        .target(name: "SeededRandom", swiftSettings: swiftSettings),
        // Test support: Runtime API emulator, moto launcher, loopback server, in-memory doubles, clocks, logs.
        .target(
            name: "BackfillTesting",
            dependencies: [
                "HTTP", "LambdaRuntime", "AWS", "AWSSigV4", "BackfillCore", "JSON", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Local stand-ins of source APIs, one folder each under Sources/Fakes/ (tests and `make demo`).
        .target(
            name: "CostExplorerFake",
            dependencies: ["BackfillTesting", "HTTP", "JSON"],
            path: "Sources/Fakes/CostExplorer",
            swiftSettings: swiftSettings
        ),

        // The CLI's commands (a library, so tests call them without a process).
        .target(
            name: "BackfillCLI",
            dependencies: [
                "AWS", "AWSSigV4", "BackfillCore", "CostBackfill", "HandlerRegistry", "HTTP", "JSON", "LambdaRuntime",
                "Timekeeping", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), "MacroGapFill", "TenantBackfill", "Analytics",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bootstrap",
            dependencies: ["HandlerRegistry", "LambdaRuntime", "CCompat"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "backfill",
            dependencies: ["BackfillCLI", "CCompat"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "backfill-bench",
            dependencies: [
                "HTTP", "AWSSigV4", "AWS", "Formats", "BackfillCore", "LambdaRuntime", "BackfillTesting",
                "CostBackfill", "CostExplorerFake", "JSON", "Timekeeping",
                .product(name: "Logging", package: "swift-log"), "MacroGapFill", "FREDFake", "FREDConnector",
                "TenantBackfill", "ConnectWiseFake",
                "ConnectWiseConnector", "SourceConnector", "Analytics",
            ],
            swiftSettings: swiftSettings
        ),
        // Runs a job against the DynamoDB store for the crash test (killed mid-partition, then re-run).
        .executableTarget(
            name: "chaos-runner",
            dependencies: [
                "BackfillCore", "AWS", "HTTP", "JSON", "Timekeeping", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Local stand-ins for source APIs for `make demo` and manual runs.
        .executableTarget(
            name: "fake-apis",
            dependencies: ["CostExplorerFake", "FREDFake", "ConnectWiseFake", "ServiceNowFake"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lambda-emulator",
            dependencies: ["BackfillTesting"],
            swiftSettings: swiftSettings
        ),

        // Unit tests: libraries only, in-memory doubles, no servers, no timing.
        .testTarget(name: "RedactionTests", dependencies: ["Redaction"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "SeededRandom"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TimekeepingTests", dependencies: ["Timekeeping", "BackfillTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "BackfillTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: ["AWSSigV4", "Timekeeping", "SeededRandom"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSTests",
            dependencies: ["AWS", "AWSSigV4", "BackfillTesting", "HTTP", "JSON", "Timekeeping"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: [
                "LambdaRuntime", "BackfillTesting", "DiagnosticsHandler", "HandlerRegistry", "JSON", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FormatsTests",
            dependencies: ["Formats", "JSON", "Timekeeping", "SeededRandom"],
            resources: [.copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackfillCoreTests",
            dependencies: [
                "BackfillCore", "BackfillTesting", "AWS", "HTTP", "JSON", "Redaction", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CostBackfillTests",
            dependencies: [
                "CostBackfill", "CostExplorerFake", "BackfillCore", "BackfillTesting", "AWS", "HTTP", "JSON", "Formats",
                "LambdaRuntime",
                "Timekeeping", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackfillCLITests",
            dependencies: ["BackfillCLI", "AWSSigV4", "BackfillCore", "BackfillTesting", "JSON", "Timekeeping"],
            swiftSettings: swiftSettings
        ),
        // Integration tests: real processes (bootstrap, backfill, chaos-runner), moto_server, loopback fakes,
        // timing against enforcing fakes.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "BackfillTesting", "LambdaRuntime", "CCompat", "AWS", "AWSSigV4", "BackfillCore", "HTTP", "JSON",
                "Timekeeping", "HandlerRegistry", "CostBackfill", "CostExplorerFake", "Formats", "DiagnosticsHandler",
                .product(name: "Logging", package: "swift-log"), "bootstrap", "backfill", "chaos-runner", "fake-apis",
                "MacroGapFill", "FREDFake", "FREDConnector", "Redaction",
                "TenantBackfill", "ConnectWiseFake", "ServiceNowFake",
                "Analytics",
            ],
            swiftSettings: swiftSettings
        ),

        // Tenant backfill building blocks: source connectors, their loopback fakes, the chunk pieces.
        .target(
            name: "SourceConnector",
            dependencies: ["HTTP", "JSON", "Timekeeping"],
            path: "Sources/Connectors/Common",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConnectWiseConnector",
            dependencies: ["SourceConnector", "HTTP", "JSON", "Timekeeping"],
            path: "Sources/Connectors/ConnectWise",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceNowConnector",
            dependencies: ["SourceConnector", "HTTP", "JSON", "Timekeeping"],
            path: "Sources/Connectors/ServiceNow",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConnectWiseFake",
            dependencies: ["BackfillTesting", "SourceConnector", "HTTP", "JSON", "Timekeeping"],
            path: "Sources/Fakes/ConnectWise",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceNowFake",
            dependencies: ["BackfillTesting", "SourceConnector", "HTTP", "JSON", "Timekeeping"],
            path: "Sources/Fakes/ServiceNow",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TenantBackfill",
            dependencies: [
                "BackfillCore", "Formats", "JSON", "Timekeeping", "CCrypto", "SourceConnector", "ConnectWiseConnector",
                "ServiceNowConnector", "AWS", "HTTP", "LambdaRuntime", "Redaction",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Handlers/TenantBackfill",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TenantConnectorTests",
            dependencies: [
                "SourceConnector", "ConnectWiseConnector", "ServiceNowConnector", "ConnectWiseFake", "ServiceNowFake",
                "BackfillTesting", "HTTP", "JSON", "Timekeeping",
            ],
            path: "Tests/TenantConnectorTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TenantBackfillTests",
            dependencies: [
                "TenantBackfill", "Formats", "JSON", "Timekeeping", "ConnectWiseConnector", "ConnectWiseFake",
                "ServiceNowConnector", "ServiceNowFake", "SourceConnector", "HTTP", "BackfillTesting", "BackfillCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TenantBackfillTests",
            swiftSettings: swiftSettings
        ),
        // Macro gap-fill building blocks: the FRED client, its loopback stand-in, and the gap-fill logic.
        .target(
            name: "FREDConnector",
            dependencies: ["HTTP", "JSON", "Timekeeping"],
            path: "Sources/Connectors/FRED",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FREDFake",
            dependencies: ["BackfillTesting", "HTTP", "JSON", "Timekeeping"],
            path: "Sources/Fakes/FRED",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MacroGapFill",
            dependencies: [
                "AWS", "BackfillCore", "FREDConnector", "HTTP", "JSON", "LambdaRuntime", "Redaction", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Handlers/MacroGapFill",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FREDConnectorTests",
            dependencies: ["FREDConnector", "FREDFake", "BackfillTesting", "HTTP", "JSON", "Timekeeping"],
            path: "Tests/FREDConnectorTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MacroGapFillTests",
            dependencies: [
                "MacroGapFill", "FREDConnector", "FREDFake", "AWS", "BackfillCore", "BackfillTesting", "HTTP", "JSON",
                "Timekeeping", "LambdaRuntime", "Redaction", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/MacroGapFillTests",
            swiftSettings: swiftSettings
        ),
        // Analytics (issue 10): export reading and daily aggregation; the handlers join it later.
        .target(
            name: "Analytics",
            dependencies: [
                "Formats", "JSON", "Timekeeping", "BackfillCore", "AWS", "HTTP", "LambdaRuntime",
                .product(name: "Logging", package: "swift-log"), "CZlib",
            ],
            path: "Sources/Handlers/Analytics",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: [
                "Analytics", "Formats", "JSON", "Timekeeping", "BackfillCore", "BackfillTesting", "AWS", "HTTP",
                "SeededRandom",
                .product(name: "Logging", package: "swift-log"),
                "LambdaRuntime",
            ],
            path: "Tests/AnalyticsTests",
            swiftSettings: swiftSettings
        ),
    ]
)
