import AWS
import BackfillCore
import BackfillTesting
import FREDFake
import HTTP
import MacroGapFill
import Timekeeping

/// moto_server (the macro table, the jobs table and the scan bucket, signature checking on) plus the FRED fake,
/// and the environment that points `bootstrap`, `backfill` or the in-process wiring at them.
struct MacroStack: Sendable {
    static let macroTable = "MacroIndicators"
    static let jobsTable = "BackfillJobs"
    static let bucket = "macro-scans"
    static let keys = [FREDFake.makeKey(101), FREDFake.makeKey(102)]

    let moto: MotoServer
    let fake: FREDFake
    /// Keys given to the handler (the fake may know fewer).
    let keys: [String]

    /// Starts both, creates the tables and the bucket, runs `body`, stops both.
    static func with<Result>(
        keys: [String] = MacroStack.keys, fakeOptions: FREDFake.Options? = nil,
        _ body: (MacroStack) async throws -> Result
    ) async throws -> Result {
        let fake = try FREDFake(options: fakeOptions ?? FREDFake.Options(validKeys: Set(keys)))
        defer { fake.stop() }
        return try await MotoServer.withServer { moto in
            let stack = MacroStack(moto: moto, fake: fake, keys: keys)
            try await stack.withClients { s3, dynamo in
                try await s3.createBucket(bucket)
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition(name: jobsTable))
                try await dynamo.createTable(DynamoDBTableDefinition(name: macroTable, partitionKey: .init("date")))
            }
            return try await body(stack)
        }
    }

    /// What a function or the CLI needs in its environment.
    var environment: [String: String] {
        moto.environment.merging([
            "MACRO_TABLE": Self.macroTable, "FRED_API_URL": fake.baseURL, "FRED_API_KEYS": keys.joined(separator: ","),
            "SCAN_OUTPUT_BUCKET": Self.bucket, "JOBS_TABLE": Self.jobsTable, "BACKFILL_LEASE_SECONDS": "5",
            "PATH": "/usr/bin:/bin",
        ]) { $1 }
    }

    /// S3 and DynamoDB clients on a fresh transport for checks.
    func withClients<Result>(_ body: (S3Client, DynamoDBClient) async throws -> Result) async throws -> Result {
        try await CurlHTTPClient.withClient { http in
            let client = AWSClient(configuration: moto.configuration(), transport: http)
            return try await body(S3Client(client: client), DynamoDBClient(client: client))
        }
    }

    /// Puts complete items (every required field a number, and a `note` no fill may touch) on `days`.
    func seed(_ days: [CivilDate], lacking: [CivilDate: String] = [:]) async throws {
        try await withClients { _, dynamo in
            let writes: [DynamoDBClient.WriteRequest] = days.map { day in
                var item: DynamoDBItem = ["date": .string(day.iso8601), "note": "kept"]
                for field in MacroFieldMap.defaults.requiredFields where lacking[day] != field {
                    item[field] = .number(1.5)
                }
                return .put(item)
            }
            try await dynamo.batchWrite(table: Self.macroTable, writes)
        }
    }

    /// Every item of the macro table by date.
    func items() async throws -> [String: DynamoDBItem] {
        try await withClients { _, dynamo in
            var result: [String: DynamoDBItem] = [:]
            var query = DynamoDBQuery(table: Self.macroTable)
            repeat {
                let page = try await dynamo.scan(query, segment: 0, totalSegments: 1)
                for item in page.items { if let date = item["date"]?.stringValue { result[date] = item } }
                query.exclusiveStartKey = page.lastEvaluatedKey
            } while query.exclusiveStartKey != nil
            return result
        }
    }
}
