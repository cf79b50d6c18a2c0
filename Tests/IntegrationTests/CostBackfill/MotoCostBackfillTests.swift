import AWS
import BackfillCore
import BackfillTesting
import CostBackfill
import CostExplorerFake
import HTTP
import JSON
import LambdaRuntime
import Logging
import Testing
import Timekeeping

/// The real wiring (`CostBackfillFamily.make`: libcurl, SigV4, S3, DynamoDB job store) against moto with
/// signature checking, and Cost Explorer either as the loopback fake (pages, failures) or moto's queued results.
@Suite("cost-backfill against moto_server and the Cost Explorer fake")
struct MotoCostBackfillTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// The last `count` complete months by the real clock (these tests run the real wiring), newest first.
    static func lastMonths(_ count: Int) -> [String] {
        CostPeriod.periods(for: .backfill(months: count), today: SystemTimeSource().now.civil.date).map(\.key)
    }

    static func invoke(_ stack: CostStack, _ event: String, extra: [String: String] = [:]) async throws -> JSONValue {
        let handler = try CostBackfillFamily.make(
            HandlerSetup(variables: stack.environment.merging(extra) { $1 }, logger: logger))
        let context = LambdaContext(
            requestID: "moto-\(UInt32.random(in: 0...UInt32.max))", deadline: SystemTimeSource().now + .seconds(600),
            invokedFunctionARN: "arn:test", logger: logger)
        return try JSONParser.parse(try await handler.handle(Array(event.utf8), context: context))
    }

    @Test("13 months of 4 pages each; a re-run skips them and leaves every byte; force rewrites identical Parquet")
    func thirteenMonths() async throws {
        try await CostStack.with { stack in
            let result = try await Self.invoke(stack, #"{"backfill": true, "months": 13, "force": false}"#)
            #expect(result["statusCode"] == 200, "\(result.serialized())")
            let months = result.bodyList("succeeded")
            #expect(months.count == 13)
            #expect(months == months.sorted(by: >))  // newest first
            let usage = stack.fake.requests.filter { $0.operation == "GetCostAndUsage" && $0.groupBy.count == 2 }
            let usagePages = usage.filter { $0.groupBy[1] == "DIMENSION:USAGE_TYPE" }
            #expect(usagePages.count == 13 * 4)
            #expect(stack.fake.requests.filter { $0.operation == "GetCostCategories" }.count == 13)
            let first = try await stack.objects()
            #expect(first.count == 13 * 3 + 1)
            let index = try JSONParser.parse(try #require(first["cost/index.json"]))
            #expect(index["periods"]?.arrayValue?.compactMap(\.stringValue) == months.sorted())
            for month in months {
                let summary = try JSONParser.parse(try #require(first["cost/\(month)/summary.json"]))
                let lines = CostExplorerFakeData.lines(month)
                #expect(summary["totals"]?["net_amortized_cost"]?.doubleValue == lines.reduce(0) { $0 + $1.cost })
                let untagged = lines.filter { $0.workload.isEmpty }.reduce(0) { $0 + $1.cost }
                #expect(summary["tagging"]?["untagged_cost"]?.doubleValue == untagged)
                #expect(summary["cost_centres"]?.arrayValue?.first?["cost_centre"] != nil)
            }

            let requestsBefore = stack.fake.requests.count
            let again = try await Self.invoke(stack, #"{"backfill": true, "months": 13}"#)
            #expect(again.bodyList("skipped") == months)
            #expect(stack.fake.requests.count == requestsBefore)  // nothing asked of Cost Explorer
            #expect(try await stack.objects() == first)  // every byte, index.json included

            let forced = try await Self.invoke(stack, #"{"backfill": true, "months": 13, "force": true}"#)
            #expect(forced.bodyList("succeeded") == months)
            let rewritten = try await stack.objects()
            for (key, bytes) in first where key.hasSuffix(".parquet") { #expect(rewritten[key] == bytes, "\(key)") }
        }
    }

    @Test("a failing month gives 207 with the account id redacted; no-data months are skipped; index still written")
    func failuresAndGaps() async throws {
        let months = Self.lastMonths(6)
        var options = CostStack.defaultFakeOptions
        options.failingMonths = [months[3]]
        options.noDataMonths = [months[1]]
        options.emptyMonths = [months[4]]
        try await CostStack.with(fakeOptions: options) { stack in
            let result = try await Self.invoke(
                stack, #"{"backfill": true, "months": 6}"#, extra: ["COST_CONCURRENCY": "2"])
            #expect(result["statusCode"] == 207)
            let failed = try #require(result["body"]?["failed"]?.arrayValue?.first)
            #expect(failed["period"] == .string(months[3]))
            let error = failed["error"]?.stringValue ?? ""
            #expect(error.contains("AccessDeniedException") && !error.contains(CostExplorerFakeData.accountID))
            #expect(result.bodyList("skipped") == [months[1], months[4]])
            #expect(result.bodyList("succeeded") == [months[0], months[2], months[5]])
            let objects = try await stack.objects()
            let index = try JSONParser.parse(try #require(objects["cost/index.json"]))
            #expect(index["periods"]?.arrayValue?.count == 3)
            #expect(objects["cost/\(months[3])/summary.json"] == nil)
        }
    }

    @Test("Cost Explorer results queued in moto are written as the month's summary and Parquet")
    func motoCostExplorer() async throws {
        try await MotoServer.withServer { moto in
            let usage = """
                {"ResultsByTime":[{"TimePeriod":{"Start":"2025-10-01","End":"2025-11-01"},"Total":{},"Estimated":true,
                "Groups":[
                {"Keys":["App$chess","USE1-BoxUsage:t3.micro"],"Metrics":{"NetAmortizedCost":{"Amount":"12.5","Unit":"USD"},"UsageQuantity":{"Amount":"744","Unit":"Hrs"}}},
                {"Keys":["App$","USE1-TimedStorage-ByteHrs"],"Metrics":{"NetAmortizedCost":{"Amount":"2.5","Unit":"USD"},"UsageQuantity":{"Amount":"512","Unit":"GB-Mo"}}}]}]}
                """
            let centres = """
                {"ResultsByTime":[{"TimePeriod":{"Start":"2025-10-01","End":"2025-11-01"},"Total":{},"Estimated":true,
                "Groups":[{"Keys":["App$chess","Team$Games"],"Metrics":{"NetAmortizedCost":{"Amount":"12.5","Unit":"USD"}}},
                {"Keys":["App$","Team$"],"Metrics":{"NetAmortizedCost":{"Amount":"2.5","Unit":"USD"}}}]}]}
                """
            try await moto.configureMock(
                path: "/moto-api/static/ce/cost-and-usage-results", json: #"{"results":[\#(usage),\#(centres)]}"#)
            let fake = try CostExplorerFake()
            defer { fake.stop() }
            let stack = CostStack(moto: moto, fake: fake)
            try await stack.withClients { s3, dynamo in
                try await s3.createBucket(CostStack.bucket)
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition(name: CostStack.table))
            }
            // moto has no GetCostCategories: the category is configured, and Cost Explorer is moto itself.
            let result = try await Self.invoke(
                stack, #"{"backfill": true, "months": 1}"#,
                extra: ["AWS_ENDPOINT_URL_COST_EXPLORER": moto.endpoint, "COST_CATEGORY_NAME": "Team"])
            #expect(result["statusCode"] == 200, "\(result.serialized())")
            let month = Self.lastMonths(1)[0]  // moto answers the queued results whatever the dates asked
            let summary = try JSONParser.parse(try #require(try await stack.objects()["cost/\(month)/summary.json"]))
            #expect(summary["totals"]?["net_amortized_cost"] == 15.0)
            #expect(summary["estimated"] == true)
            #expect(summary["tagging"]?["coverage"] == 0.8333)
            #expect(summary["storage"]?["cost_per_tb_month"] == 5.0)  // 2.5 / 0.5 TB
            #expect(summary["cost_centres"]?.arrayValue?.first?["cost_centre"] == "Games")
            #expect(fake.requests.isEmpty)
        }
    }
}
