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

        .target(name: "Timekeeping", swiftSettings: swiftSettings),
        .target(name: "JSON", swiftSettings: swiftSettings),
        .target(name: "Redaction", swiftSettings: swiftSettings),
        .target(name: "HTTP", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        .target(name: "AWSSigV4", dependencies: ["CCrypto"], swiftSettings: swiftSettings),
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
        .target(
            name: "BackfillCore",
            dependencies: ["AWS", "Formats", "JSON", "Timekeeping", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DiagnosticsHandler",
            dependencies: ["LambdaRuntime", "JSON", "Timekeeping", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CostBackfill",
            dependencies: [
                "AWS", "BackfillCore", "Formats", "JSON", "LambdaRuntime", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HandlerRegistry",
            dependencies: [
                "LambdaRuntime", "DiagnosticsHandler", "AWS", "BackfillCore", "CostBackfill", "HTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BackfillTesting",
            dependencies: [
                "HTTP", "LambdaRuntime", "AWS", "AWSSigV4", "JSON", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
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
            dependencies: [
                "HandlerRegistry", "LambdaRuntime", "AWSSigV4", "AWS", "BackfillCore", "CostBackfill", "CCompat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "backfill-bench",
            dependencies: [
                "HTTP", "AWSSigV4", "AWS", "Formats", "BackfillCore", "LambdaRuntime", "BackfillTesting",
                "CostBackfill", "Analytics",
            ],
            swiftSettings: swiftSettings
        ),
        // Runs a job against the DynamoDB store for the crash test (killed mid-partition, then re-run).
        .executableTarget(
            name: "chaos-runner",
            dependencies: [
                "BackfillCore", "AWS", "HTTP", "Timekeeping", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Local stand-ins for source APIs (the Cost Explorer fake) for `make demo`.
        .executableTarget(
            name: "fake-apis",
            dependencies: ["BackfillTesting"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lambda-emulator",
            dependencies: ["BackfillTesting"],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "RedactionTests", dependencies: ["Redaction"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .testTarget(name: "TimekeepingTests", dependencies: ["Timekeeping"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "BackfillTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: ["AWSSigV4"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSTests", dependencies: ["AWS", "AWSSigV4", "BackfillTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: ["LambdaRuntime", "BackfillTesting", "DiagnosticsHandler", "HandlerRegistry"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FormatsTests",
            dependencies: ["Formats", "JSON", "Timekeeping"],
            resources: [.copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackfillCoreTests",
            dependencies: ["BackfillCore", "BackfillTesting", "chaos-runner"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CostBackfillTests",
            dependencies: [
                "CostBackfill", "BackfillCore", "BackfillTesting", "AWS", "HTTP", "JSON", "Formats", "LambdaRuntime",
                "Timekeeping", "bootstrap", "backfill", "fake-apis", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "BackfillTesting", "LambdaRuntime", "CCompat", "AWS", "BackfillCore", "HTTP", "JSON", "Timekeeping",
                "HandlerRegistry",
                .product(name: "Logging", package: "swift-log"), "bootstrap", "backfill",
            ],
            swiftSettings: swiftSettings
        ),
        // Analytics (issue 10): export reading and daily aggregation; the handlers join it later.
        .target(
            name: "Analytics",
            dependencies: ["Formats", "JSON", "Timekeeping", "BackfillCore"],
            path: "Sources/Handlers/Analytics",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Analytics", "Formats", "JSON", "Timekeeping"],
            path: "Tests/AnalyticsTests",
            swiftSettings: swiftSettings
        ),
    ]
)
