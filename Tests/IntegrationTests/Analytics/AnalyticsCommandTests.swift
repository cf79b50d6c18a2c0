import AWS
import Analytics
import BackfillCore
import BackfillTesting
import Foundation
import JSON
import Logging
import Testing
import Timekeeping

/// `backfill analytics` as a user runs it (the CLI as a subprocess) against moto with signature checking and the
/// hand-written export: the result JSON on stdout, the per-day table and progress on stderr, the analytics table
/// equal to what the handler writes; `--dry-run` starts and writes nothing.
@Suite("backfill analytics against moto", .serialized)
struct AnalyticsCommandTests {
    static let metrics = ["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined"]

    static func run(_ arguments: [String], _ stack: AnalyticsStack) throws -> (Int32?, String, String) {
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/backfill", arguments: arguments,
            environment: stack.environment)
        let code = process.waitForExit(timeoutSeconds: 300)
        if code == nil { process.stop() }
        return (code, process.standardOutput, process.standardError)
    }

    /// The per-day table's lines on stderr (`date  app  users games parties joins`), by `date|app`.
    static func printedTable(_ stderr: String) -> [String: [Int64]] {
        var rows: [String: [Int64]] = [:]
        for line in stderr.split(separator: "\n") {
            let cells = line.split(separator: " ")
            guard cells.count == 6, CivilDate(iso8601: String(cells[0])) != nil else { continue }
            rows["\(cells[0])|\(cells[1])"] = cells[2...].compactMap { Int64($0) }
        }
        return rows
    }

    /// The four metrics of each row with any activity, by `date|app`.
    static func activeRows(_ rows: [String: DynamoDBItem]) -> [String: [Int64]] {
        rows.mapValues { item in metrics.map { AnalyticsMotoTests.number(item, $0) ?? -1 } }
            .filter { $0.value.contains { $0 != 0 } }
    }

    @Test("a backfill exits 0 with the result on stdout and the per-day table on stderr; the table is the handler's")
    func backfill() async throws {
        let (cli, printed) = try await AnalyticsStack.with { stack in
            let (code, stdout, stderr) = try Self.run(
                ["analytics", "--start", "2025-01-17", "--poll-seconds", "1"], stack)
            #expect(code == 0, "\(stderr)")
            let result = try JSONParser.parse(stdout)
            #expect(result["statusCode"] == 200)
            #expect(result["body"]?["items"] == 3_000)
            #expect(result["body"]?["mode"] == "backfill")
            #expect(stderr.contains("export started: "))
            #expect(stderr.contains("export COMPLETED"))
            let rows = try await AnalyticsMotoTests.table(stack)
            #expect((result["body"]?["table_items_written"]?.intValue).map(Int.init) == rows.count)
            return (rows, Self.printedTable(stderr))
        }
        #expect(!printed.isEmpty)
        #expect(printed == Self.activeRows(cli))

        let handler = try await AnalyticsStack.with { stack in
            let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            let aggregate = try AnalyticsFamily.makeAggregate(
                HandlerSetup(variables: stack.environment, logger: logger))
            let result = try await aggregate.run(
                AnalyticsRequest(mode: .backfill(start: CivilDateParse.date("2025-01-17"))), owner: "test",
                deadline: .none, logger: logger)
            #expect(result["statusCode"] == 200)
            return try await AnalyticsMotoTests.table(stack)
        }
        #expect(cli.count == handler.count)
        for (key, item) in handler {
            for name in Self.metrics + ["export_arn"] {
                #expect(cli[key]?[name] == item[name], "\(key) \(name)")
            }
        }
    }

    @Test("--dry-run exits 0 with the estimate on stdout and starts no export and writes no row")
    func dryRun() async throws {
        try await AnalyticsStack.with { stack in
            let keys = { () async throws -> [String] in
                try await stack.withClients { s3, _ in
                    try await s3.listAllObjects(bucket: AnalyticsStack.bucket, prefix: "exports").map(\.key)
                }
            }
            let before = try await keys()
            let first = Date()
            let (code, stdout, stderr) = try Self.run(["analytics", "--start", "2025-01-17", "--dry-run"], stack)
            let last = Date()
            #expect(code == 0, "\(stderr)")
            let estimate = try JSONParser.parse(stdout)
            #expect(estimate["message"] == "dry_run")
            #expect(estimate["table"] == .string(AnalyticsStack.mainTable))
            #expect(estimate["price_per_gb_usd"] == 0.10)
            let start = CivilDateParse.date("2025-01-17").daysSince1970
            // start … yesterday: as many days as from start to today.
            let days = Set([first, last].map { Int64(Int($0.timeIntervalSince1970) / 86_400 - start) })
            #expect(days.contains(estimate["days"]?.intValue ?? -1), "\(estimate)")
            #expect(try await keys() == before)
            #expect(try await AnalyticsMotoTests.table(stack).isEmpty)
        }
    }

    @Test("an impossible start date exits 1 with the tool's error on stderr and nothing on stdout")
    func badDate() async throws {
        try await AnalyticsStack.with(fullItems: 10) { stack in
            let (code, stdout, stderr) = try Self.run(["analytics", "--start", "2025-02-30"], stack)
            #expect(code == 1)
            #expect(stdout.isEmpty)
            #expect(stderr.contains("InvalidEvent: Invalid backfillStartDate format"))
        }
    }
}
