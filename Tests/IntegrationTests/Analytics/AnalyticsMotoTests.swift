import AWS
import Analytics
import BackfillCore
import BackfillTesting
import Foundation
import JSON
import LambdaRuntime
import Logging
import Testing
import Timekeeping

/// Both analytics handlers on moto with signature checking: the hand-written export aggregated exactly as
/// `agg_python.py --out`, written to the analytics table; moto's own (manifest-less) export started by
/// `analytics-export` and aggregated by ARN; a re-run leaves identical items.
@Suite("analytics on moto", .serialized)
struct AnalyticsMotoTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func table(_ stack: AnalyticsStack) async throws -> [String: DynamoDBItem] {
        try await stack.withClients { _, dynamo in
            var rows: [String: DynamoDBItem] = [:]
            for item in try await dynamo.parallelScan(
                DynamoDBQuery(table: AnalyticsStack.analyticsTable, consistentRead: true), totalSegments: 1)
            {
                rows["\(item["date"]?.stringValue ?? "")|\(item["app"]?.stringValue ?? "")"] = item
            }
            return rows
        }
    }

    static func number(_ item: DynamoDBItem?, _ name: String) -> Int64? {
        guard case .number(let text)? = item?[name] else { return nil }
        return Int64(text)
    }

    @Test(
        "a backfill of the hand-written export equals agg_python.py --out in the analytics table; a re-run is identical"
    )
    func backfillMatchesPython() async throws {
        try await AnalyticsStack.with { stack in
            let handler = try AnalyticsFamily.makeAggregate(
                HandlerSetup(variables: stack.environment, logger: Self.logger))
            let request = AnalyticsRequest(mode: .backfill(start: CivilDateParse.date("2025-01-01")))
            let result = try await handler.run(request, owner: "test", deadline: .none, logger: Self.logger)
            #expect(result["statusCode"] == 200)
            #expect(result["body"]?["items"] == 3_000)
            let rows = try await Self.table(stack)
            #expect((result["body"]?["table_items_written"]?.intValue).map(Int.init) == rows.count)
            let python = try Self.pythonAggregates(items: 3_000, files: 3, seed: 1)
            #expect(!python.isEmpty)
            for (key, metrics) in python {
                let row = rows[key]
                #expect(Self.number(row, "ActiveUsers") == metrics["ActiveUsers"], "\(key)")
                #expect(Self.number(row, "GamesPlayed") == metrics["GamesPlayed"], "\(key)")
                #expect(Self.number(row, "PartiesCreated") == metrics["PartiesCreated"], "\(key)")
                #expect(Self.number(row, "PartiesJoined") == metrics["PartiesJoined"], "\(key)")
            }
            // Re-running (a new job: the first one finished) overwrites with the same metrics.
            _ = try await handler.run(request, owner: "test-2", deadline: .none, logger: Self.logger)
            let again = try await Self.table(stack)
            #expect(again.count == rows.count)
            for (key, item) in rows {
                for name in ["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined", "export_arn"] {
                    #expect(again[key]?[name] == item[name], "\(key) \(name)")
                }
            }
        }
    }

    @Test(
        "analytics-export starts moto's export; the status action reports it; an ARN of moto's form falls back to the newest export"
    )
    func motoExport() async throws {
        try await AnalyticsStack.with { stack in
            try await stack.withClients { _, dynamo in
                for index in 0..<20 {
                    try await dynamo.putItem(
                        table: AnalyticsStack.mainTable,
                        item: [
                            "modelId": .string("session-bubbly-\(index)"), "userId": .string("user-\(index % 7)"),
                            "createdAt": .string("2025-06-01T10:00:00Z"), "gamesPlayed": .number("2"),
                        ])
                }
            }
            let setup = HandlerSetup(variables: stack.environment, logger: Self.logger)
            let export = try AnalyticsFamily.makeExport(setup)
            let started = try await export.start(
                AnalyticsRequest(mode: .backfill(start: CivilDateParse.date("2025-01-01"))), logger: Self.logger)
            let arn = try #require(started["exportArn"]?.stringValue)
            #expect(started["exportType"] == "FULL_EXPORT")
            #expect(started["s3Prefix"] == "exports")
            let status = try await export.status(arn)
            #expect(status["exportArn"]?.stringValue == arn)
            let state = status["status"]?.stringValue ?? ""
            #expect(!state.isEmpty)

            // moto writes its data to `exports/AWSDynamoDB/{random}/data/{random}.gz` with an ARN of another form
            // (moto-quirks.md): the aggregator then takes the newest full export, the hand-written one.
            let keys = try await stack.withClients { s3, _ in
                try await s3.listAllObjects(bucket: AnalyticsStack.bucket, prefix: "exports").map(\.key)
            }
            #expect(
                keys.contains { $0.hasPrefix("exports/AWSDynamoDB/") && $0.hasSuffix(".gz") && $0.contains("/data/") })
            let aggregate = try AnalyticsFamily.makeAggregate(setup)
            let result = try await aggregate.run(
                AnalyticsRequest(mode: .backfill(start: CivilDateParse.date("2025-01-01")), exportArn: arn),
                owner: "test", deadline: .none, logger: Self.logger)
            #expect(result["statusCode"] == 200)
            #expect(result["body"]?["items"] == 3_000)
        }
    }

    /// `agg_python.py --out` of the export `gen_export.py` writes with these arguments (deterministic by seed).
    static func pythonAggregates(items: Int, files: Int, seed: Int) throws -> [String: [String: Int64]] {
        let directory = NSTemporaryDirectory() + "analytics-python-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let folder = try AnalyticsStack.python(
            "gen_export.py", [directory, String(items), String(files), String(seed)]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let out = directory + "/out.json"
        try AnalyticsStack.python("agg_python.py", [folder, "--out", out])
        let parsed = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        var result: [String: [String: Int64]] = [:]
        for (key, value) in parsed.objectValue ?? [:] {
            var metrics: [String: Int64] = [:]
            for (name, number) in value.objectValue ?? [:] { metrics[name] = number.intValue }
            result[key] = metrics
        }
        return result
    }
}

enum CivilDateParse {
    static func date(_ text: String) -> CivilDate {
        CivilDate(iso8601: text) ?? CivilDate(year: 1970, month: 1, day: 1)
    }
}
