import AWS
import BackfillCore
import BackfillTesting
import Foundation
import HTTP
import JSON

/// moto_server (signature checking) with what the analytics handlers need: the main table with PITR, the
/// export bucket holding two hand-written exports in the real layout (`gen_export.py`: a full one of 3,000
/// items and an incremental one), the analytics table and the jobs table; and the environment pointing both
/// handlers at them.
struct AnalyticsStack: Sendable {
    static let bucket = "exports"
    static let mainTable = "main"
    static let analyticsTable = "Analytics"
    static let jobsTable = "BackfillJobs"

    let moto: MotoServer

    /// Starts moto, creates everything, uploads the exports, runs `body`, stops moto.
    static func with<Result>(
        fullItems: Int = 3_000, motoEnvironment: [String: String] = [:],
        _ body: (AnalyticsStack) async throws -> Result
    ) async throws -> Result {
        try await MotoServer.withServer(environment: motoEnvironment) { moto in
            let stack = AnalyticsStack(moto: moto)
            try await stack.withClients { s3, dynamo in
                try await s3.createBucket(bucket)
                try await dynamo.createTable(.init(name: mainTable, partitionKey: .init("modelId")))
                try await dynamo.updateContinuousBackups(table: mainTable, pointInTimeRecovery: true)
                try await dynamo.createTable(
                    .init(name: analyticsTable, partitionKey: .init("date"), sortKey: .init("app")))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition(name: jobsTable))
                try await stack.upload(s3, items: fullItems, files: 3, seed: 1, incremental: false)
                try await stack.upload(s3, items: 1_000, files: 2, seed: 2, incremental: true)
            }
            return try await body(stack)
        }
    }

    /// What a function or the CLI needs in its environment.
    var environment: [String: String] {
        moto.environment.merging([
            "TABLE_NAME": Self.mainTable, "EXPORT_BUCKET": Self.bucket, "EXPORT_PREFIX": "exports",
            "ANALYTICS_TABLE": Self.analyticsTable, "JOBS_TABLE": Self.jobsTable, "PATH": "/usr/bin:/bin",
        ]) { $1 }
    }

    /// S3 and DynamoDB clients on a fresh transport.
    func withClients<Result>(_ body: (S3Client, DynamoDBClient) async throws -> Result) async throws -> Result {
        try await CurlHTTPClient.withClient { http in
            let client = AWSClient(configuration: moto.configuration(), transport: http)
            return try await body(S3Client(client: client), DynamoDBClient(client: client))
        }
    }

    /// Writes a `gen_export.py` export and uploads it under `exports/`.
    func upload(_ s3: S3Client, items: Int, files: Int, seed: Int, incremental: Bool) async throws {
        let directory = NSTemporaryDirectory() + "analytics-stack-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var arguments = [directory, String(items), String(files), String(seed)]
        if incremental { arguments.append("--incremental") }
        try Self.python("gen_export.py", arguments)
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            try await s3.putObject(bucket: Self.bucket, key: "exports/" + relative, body: bytes)
        }
    }

    /// `../shared/bench/` beside the repository.
    static let benchDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/bench").standardizedFileURL.path

    /// Runs a reference script; throws when it fails.
    @discardableResult
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", benchDirectory + "/" + script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw AWSError(.invalidRequest, "\(script) failed with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
